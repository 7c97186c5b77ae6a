import type { BulletinContent } from '@zhengqi/contracts/supervision';
import type { ProblemFacts } from './problem-flow';
import { daysOverdue, isOverdue } from './problem-flow';
import { percent, rankUnits, unitRates, type UnitProblem } from './project-stats';

/** Region abbreviations for bulletin numbers (督导通报编号); another region uses its code. */
export const BULLETIN_PREFIXES: Readonly<Record<string, string>> = {
  '371500': 'LC',
  '371502': 'DCF',
  '371503': 'CP',
  '371521': 'YG',
  '371522': 'SX',
  '371524': 'DE',
  '371525': 'GX',
  '371526': 'GT',
  '371581': 'LQ',
};

/** `DCF-DB-2026-001`: region abbreviation, DB (督办), year, serial within the region and year. */
export function bulletinNumber(regionCode: string, year: number, serial: number): string {
  return `${BULLETIN_PREFIXES[regionCode] ?? regionCode}-DB-${year}-${String(serial).padStart(3, '0')}`;
}

/** A problem as the bulletin reads it. */
export type BulletinProblemRow = UnitProblem &
  Pick<ProblemFacts, 'severity'> & { id: string; number: string; title: string; projectName: string };

type Calendar = { workingDaysBetween(from: string, to: string): number };

/**
 * The bulletin's problem sections from the problems active in the period: units ranked by on-time
 * closure rate, the problems overdue on `asOf` (most days overdue first) and the reopened ones.
 */
export function bulletinProblemSections(rows: readonly BulletinProblemRow[], asOf: string, calendar: Calendar): Pick<BulletinContent, 'totals' | 'units' | 'overdue' | 'reopened'> {
  const units = rankUnits(unitRates(rows, { today: asOf, calendar })).map((u) => ({
    rank: u.rank, unitId: u.unitId, unitName: u.unitName, problems: u.problems, closed: u.closed, closedOnTime: u.closedOnTime,
    onTimeClosureRate: u.onTimeClosureRate, overdue: u.overdue, reopened: u.reopened, avgWorkingDaysToClose: u.avgWorkingDaysToClose,
  }));
  const item = (p: BulletinProblemRow) => ({
    id: p.id, number: p.number, title: p.title, projectName: p.projectName, unitName: p.unitId === null ? null : p.unitName, severity: p.severity,
    state: p.state, deadline: p.deadline, daysOverdue: daysOverdue(p, asOf, calendar), reopenings: p.reopenings,
  });
  const byNumber = (a: { number: string }, b: { number: string }) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
  const overdue = rows.filter((p) => isOverdue(p, asOf)).map(item).sort((a, b) => b.daysOverdue - a.daysOverdue || byNumber(a, b));
  const reopened = rows.filter((p) => p.reopenings > 0).map(item).sort((a, b) => b.reopenings - a.reopenings || byNumber(a, b));
  const closed = units.reduce((s, u) => s + u.closed, 0);
  const closedOnTime = units.reduce((s, u) => s + u.closedOnTime, 0);
  return {
    totals: { problems: rows.length, closed, closedOnTime, onTimeClosureRate: percent(closedOnTime, closed), overdue: overdue.length, reopened: reopened.length },
    units,
    overdue,
    reopened,
  };
}

/** Integer fen as 亿元 with two decimals (153.74 for 15 374 000 000 000 fen). */
export function fenToYi(fen: number): string {
  const cents = Math.round(fen / 100_000_000); // 1 亿元 = 10^10 fen; keep hundredths
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A percentage as printed, or 「—」 when there is no base. */
export function pct(v: number | null): string {
  return v === null ? '—' : `${v.toFixed(1)}%`;
}
