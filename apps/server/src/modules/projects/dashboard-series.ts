import type { DashboardMonth } from '@zhengqi/contracts/project-dashboard';
import { bulletinProblemSections, type BulletinProblemRow } from './bulletin-content';
import { planCompletionRate, timeProgress } from './project-stats';

/** A civil date in Asia/Shanghai, 'YYYY-MM-DD'. */
type IsoDate = string;

type Calendar = { workingDaysBetween(from: IsoDate, to: IsoDate): number };

function yearOf(today: IsoDate): number {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(today);
  if (!match) {
    throw new RangeError(`not a YYYY-MM-DD date: ${today}`);
  }
  return Number(match[1]);
}

/** 'YYYY-MM' of month `m` (1–12) of `year`. */
function monthKey(year: number, m: number): string {
  return `${year}-${String(m).padStart(2, '0')}`;
}

/** The months of `year` the dashboard shows on `today`: all twelve of a past year, January to today's month of this year, none of a future year. */
export function dashboardMonths(year: number, today: IsoDate): string[] {
  const todayYear = yearOf(today);
  const last = year < todayYear ? 12 : year > todayYear ? 0 : Number(today.slice(5, 7));
  return Array.from({ length: last }, (_, i) => monthKey(year, i + 1));
}

/**
 * The monthly series: per month the investment completed, the cumulative total from January as a
 * percentage of the annual plan, and the time progress at the month's end (month ÷ 12) — the value
 * project-stats' `timeProgress` gives on the first day of the next month, so the statistics' headline
 * figures on any day equal the point of the last whole month. Reports outside the shown months are ignored.
 */
export function monthlySeries(opts: {
  year: number;
  today: IsoDate;
  annualPlanFen: number;
  completed: ReadonlyArray<{ month: string; completedFen: number }>;
}): DashboardMonth[] {
  const byMonth = new Map<string, number>();
  for (const c of opts.completed) {
    byMonth.set(c.month, (byMonth.get(c.month) ?? 0) + c.completedFen);
  }
  const current = opts.today.slice(0, 7);
  let cumulativeFen = 0;
  return dashboardMonths(opts.year, opts.today).map((month, i) => {
    const completedFen = byMonth.get(month) ?? 0;
    cumulativeFen += completedFen;
    const nextMonthStart = i === 11 ? `${opts.year + 1}-01-01` : `${monthKey(opts.year, i + 2)}-01`;
    return {
      month,
      completedFen,
      cumulativeFen,
      planFen: opts.annualPlanFen,
      completionRate: planCompletionRate(cumulativeFen, opts.annualPlanFen),
      timeProgress: timeProgress(nextMonthStart, opts.year),
      partial: month === current,
    };
  });
}

/**
 * The period the unit ranking covers: the whole year, with figures as of its last day or today,
 * whichever comes first (as a bulletin for that period takes them); null for a future year.
 */
export function rankingPeriod(year: number, today: IsoDate): { from: IsoDate; to: IsoDate; asOf: IsoDate } | null {
  if (year > yearOf(today)) {
    return null;
  }
  const to = `${year}-12-31`;
  return { from: `${year}-01-01`, to, asOf: to < today ? to : today };
}

/** Responsible units ranked exactly as the supervision bulletin ranks them, over the problems active in the period. */
export function unitRanking(rows: readonly BulletinProblemRow[], asOf: IsoDate, calendar: Calendar) {
  return bulletinProblemSections(rows, asOf, calendar).units;
}
