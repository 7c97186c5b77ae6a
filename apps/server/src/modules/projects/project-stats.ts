import { isOverdue, type ProblemFacts } from './problem-flow';

/** A civil date in Asia/Shanghai, 'YYYY-MM-DD'. */
type IsoDate = string;

const MAX_DECIMALS = 20;

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new RangeError(`decimals must be an integer 0–${MAX_DECIMALS}, got ${String(decimals)}`);
  }
}

// q / 10^decimals as the nearest double (parsing a decimal string rounds correctly, dividing may not).
function scaledToNumber(q: bigint, decimals: number): number {
  return Number(`${q.toString()}e-${decimals}`);
}

/**
 * Rounds half away from zero on the number's shortest decimal form — the digits a person typed
 * (as decimal.js does): 0.15 → 0.2 and 2.55 → 2.6, where toFixed, reading the binary value
 * just below the half, gives 0.1 and 2.5.
 */
export function roundHalfUp(value: number, decimals = 1): number {
  assertDecimals(decimals);
  if (!Number.isFinite(value)) {
    return value;
  }
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) {
    throw new RangeError(`roundHalfUp: cannot read ${String(value)}`);
  }
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = match;
  const digits = BigInt(whole + fraction);
  // value = digits · 10^(-scale)
  const scale = fraction.length - Number(exponent);
  if (scale <= decimals) {
    return value;
  }
  const divisor = 10n ** BigInt(scale - decimals);
  let q = digits / divisor;
  if ((digits % divisor) * 2n >= divisor) {
    q += 1n;
  }
  const rounded = scaledToNumber(q, decimals);
  return sign === '-' && rounded !== 0 ? -rounded : rounded;
}

function toBigInt(value: bigint | number, what: string): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer, got ${String(value)}`);
  }
  return BigInt(value);
}

/** part ÷ whole as a percentage, rounded half-up exactly (integer arithmetic); null when whole is 0. */
export function percent(part: bigint | number, whole: bigint | number, decimals = 1): number | null {
  assertDecimals(decimals);
  const p = toBigInt(part, 'percent: part');
  const w = toBigInt(whole, 'percent: whole');
  if (w === 0n) {
    return null;
  }
  const negative = p < 0n !== w < 0n && p !== 0n;
  const num = (p < 0n ? -p : p) * 100n * 10n ** BigInt(decimals);
  const den = w < 0n ? -w : w;
  const q = (num * 2n + den) / (den * 2n);
  const result = scaledToNumber(q, decimals);
  return negative && result !== 0 ? -result : result;
}

/** 开工率: projects started ÷ projects planned to start this year, in percent; null when none were planned. */
export function startRate(started: number, plannedToStart: number, decimals = 1): number | null {
  return percent(started, plannedToStart, decimals);
}

/** Annual investment completion rate: completed this year ÷ annual plan (both in fen), in percent; null without a plan. */
export function planCompletionRate(completedFen: bigint | number, annualPlanFen: bigint | number, decimals = 1): number | null {
  return percent(completedFen, annualPlanFen, decimals);
}

/**
 * Time progress (时间进度) of `year` on `today`, in percent: elapsed months ÷ 12, where elapsed
 * months are the whole months completed before today's month — the months the monthly progress
 * reports cover. 2026-07-15 → 6/12 = 50.0; any day of January → 0; a past year → 100; a future year → 0.
 */
export function timeProgress(today: IsoDate, year: number = Number(today.slice(0, 4)), decimals = 1): number {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(today);
  if (!match) {
    throw new RangeError(`timeProgress: not a YYYY-MM-DD date: ${today}`);
  }
  const todayYear = Number(match[1]);
  const month = Number(match[2]);
  const elapsed = year < todayYear ? 12 : year > todayYear ? 0 : month - 1;
  return percent(elapsed, 12, decimals) ?? 0;
}

export type InvestmentPace = { completionRate: number | null; timeProgress: number; gap: number | null; behind: boolean };

/** Completion rate against time progress; `gap` in percentage points (negative = behind schedule). */
export function investmentPace(completedFen: bigint | number, annualPlanFen: bigint | number, today: IsoDate, year?: number): InvestmentPace {
  const completionRate = planCompletionRate(completedFen, annualPlanFen);
  const time = timeProgress(today, year);
  const gap = completionRate === null ? null : roundHalfUp(completionRate - time, 1);
  return { completionRate, timeProgress: time, gap, behind: gap !== null && gap < 0 };
}

// ---------------------------------------------------------------------------------------------
// Unit rates for bulletins.

export type UnitProblem = Pick<ProblemFacts, 'state' | 'unitId' | 'deadline' | 'assignedOn' | 'feedbackOn' | 'closedOn' | 'reopenings'> & {
  unitName: string;
};

export type UnitRates = {
  unitId: string;
  unitName: string;
  /** Problems currently assigned to the unit (any state but collected). */
  problems: number;
  closed: number;
  closedOnTime: number;
  /** 按期办结率: closed with the last feedback on or before the deadline ÷ closed; null when none closed. */
  onTimeClosureRate: number | null;
  overdue: number;
  /** Working days from the (latest) assignment to closure, averaged over closed problems. */
  avgWorkingDaysToClose: number | null;
  reopened: number;
  /** Problems reopened at least once ÷ problems ever fed back. */
  reopeningRate: number | null;
  /** Satisfied confirmations ÷ all confirmations (each reopening is one unsatisfied confirmation). */
  satisfactionRate: number | null;
};

type Tally = {
  unitName: string;
  problems: number;
  closed: number;
  onTime: number;
  overdue: number;
  closeDays: number;
  reopened: number;
  fedBack: number;
  satisfied: number;
  unsatisfied: number;
};

const CONFIRMED_SATISFIED: ReadonlySet<ProblemFacts['state']> = new Set(['awaiting_closure', 'closed']);
const FED_BACK: ReadonlySet<ProblemFacts['state']> = new Set(['feedback_submitted', 'awaiting_closure', 'closed']);

/** Per-unit rates over the given problems (the caller picks the period and region); problems without a unit are skipped. */
export function unitRates(
  problems: readonly UnitProblem[],
  opts: { today: IsoDate; calendar: { workingDaysBetween(from: IsoDate, to: IsoDate): number } },
): UnitRates[] {
  const tallies = new Map<string, Tally>();
  for (const p of problems) {
    if (p.unitId === null) {
      continue;
    }
    const t = tallies.get(p.unitId) ?? {
      unitName: p.unitName,
      problems: 0,
      closed: 0,
      onTime: 0,
      overdue: 0,
      closeDays: 0,
      reopened: 0,
      fedBack: 0,
      satisfied: 0,
      unsatisfied: 0,
    };
    t.problems += 1;
    if (p.state === 'closed') {
      t.closed += 1;
      if (p.feedbackOn !== null && p.deadline !== null && p.feedbackOn <= p.deadline) {
        t.onTime += 1;
      }
      if (p.assignedOn !== null && p.closedOn !== null) {
        t.closeDays += opts.calendar.workingDaysBetween(p.assignedOn, p.closedOn);
      }
    }
    if (isOverdue(p, opts.today)) {
      t.overdue += 1;
    }
    if (p.reopenings > 0) {
      t.reopened += 1;
    }
    if (p.reopenings > 0 || FED_BACK.has(p.state)) {
      t.fedBack += 1;
    }
    if (CONFIRMED_SATISFIED.has(p.state)) {
      t.satisfied += 1;
    }
    t.unsatisfied += p.reopenings;
    tallies.set(p.unitId, t);
  }
  return [...tallies].map(([unitId, t]) => ({
    unitId,
    unitName: t.unitName,
    problems: t.problems,
    closed: t.closed,
    closedOnTime: t.onTime,
    onTimeClosureRate: percent(t.onTime, t.closed),
    overdue: t.overdue,
    avgWorkingDaysToClose: t.closed === 0 ? null : roundHalfUp(t.closeDays / t.closed, 1),
    reopened: t.reopened,
    reopeningRate: percent(t.reopened, t.fedBack),
    satisfactionRate: percent(t.satisfied, t.satisfied + t.unsatisfied),
  }));
}

const nameCollator = new Intl.Collator('zh-CN');

/**
 * Bulletin order: on-time closure rate (as printed, one decimal) descending with "no closed
 * problems" last, then overdue count ascending, then unit name (pinyin), then id — so a tie the
 * reader can see is broken by the next column they can see, and the order never depends on input order.
 */
export function rankUnits(rates: readonly UnitRates[]): Array<UnitRates & { rank: number }> {
  const sorted = [...rates].sort((a, b) => {
    const ra = a.onTimeClosureRate ?? -1;
    const rb = b.onTimeClosureRate ?? -1;
    if (ra !== rb) {
      return rb - ra;
    }
    if (a.overdue !== b.overdue) {
      return a.overdue - b.overdue;
    }
    const byName = nameCollator.compare(a.unitName, b.unitName);
    if (byName !== 0) {
      return byName;
    }
    return a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0;
  });
  return sorted.map((r, i) => ({ ...r, rank: i + 1 }));
}
