import Decimal from 'decimal.js';
import type { DayCount, Instalment, RepaymentMethod, SchedulePreview } from '@zhengqi/contracts/loans';
import { addMonthsClamped, daysBetween } from './month-arithmetic';

// Repayment schedules (DOMAIN.md "Repayment schedules"). Money is integer fen, each amount rounded
// half-up on its own; the last instalment takes whatever principal is left, so principal sums to
// the amount exactly. Rates are percent strings, computed with decimal.js, never floats.

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type ScheduleInput = {
  principalFen: number;
  /** Percent per year, e.g. "3.85". */
  annualRate: string;
  months: number;
  method: RepaymentMethod;
  /** Disbursement date; instalment k falls due k months later on the same day, clamped to the month's end. */
  startDate: string;
  /**
   * '30/360': each month's interest is outstanding × annual ÷ 12. 'ACT/360': outstanding × annual ×
   * actual days ÷ 360. No default here: the preview route defaults to PREVIEW_DEFAULT_DAY_COUNT
   * (30/360, comparable with textbook figures); a disbursed loan passes its product's day count.
   */
  dayCount: DayCount;
};

type Amortization = {
  principalFen: number;
  annualRate: string;
  months: number;
  method: RepaymentMethod;
  dayCount: DayCount;
  /** Due dates are anchor + (elapsed + j) months, so a recomputed rest keeps the original day of the month. */
  anchorDate: string;
  elapsedMonths: number;
};

function fen(x: Decimal): number {
  return x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

function checkInput(principalFen: number, annualRate: string, months: number): Decimal {
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) {
    throw new RangeError(`principal must be a positive integer of fen, got ${principalFen}`);
  }
  if (!Number.isInteger(months) || months < 1 || months > 600) {
    throw new RangeError(`months must be an integer from 1, got ${months}`);
  }
  const annual = new D(annualRate);
  if (!annual.isFinite() || annual.isNegative()) {
    throw new RangeError(`the annual rate must be a non-negative percentage, got ${annualRate}`);
  }
  return annual.div(100);
}

function amortize(a: Amortization): SchedulePreview {
  const annual = checkInput(a.principalFen, a.annualRate, a.months);
  const monthly = annual.div(12);
  const n = a.months;
  const dueDate = (j: number) => addMonthsClamped(a.anchorDate, a.elapsedMonths + j);
  const interestFor = (outstanding: number, j: number, periodMonths = 1): number => {
    if (a.dayCount === '30/360') {
      return fen(monthly.times(outstanding).times(periodMonths));
    }
    const days = daysBetween(dueDate(j - periodMonths), dueDate(j));
    return fen(annual.times(outstanding).times(days).div(360));
  };

  const instalments: Instalment[] = [];
  let outstanding = a.principalFen;
  const push = (j: number, principalFen: number, interestFen: number) => {
    outstanding -= principalFen;
    instalments.push({
      n: a.elapsedMonths + j,
      dueDate: dueDate(j),
      principalFen,
      interestFen,
      totalFen: principalFen + interestFen,
      remainingFen: outstanding,
    });
  };

  switch (a.method) {
    case 'bullet': {
      // 到期一次还本付息: one instalment (numbered 1) at maturity, simple interest over the whole term.
      const interestFen = interestFor(outstanding, n, n);
      instalments.push({ n: 1, dueDate: dueDate(n), principalFen: outstanding, interestFen, totalFen: outstanding + interestFen, remainingFen: 0 });
      break;
    }
    case 'interest_only': {
      for (let j = 1; j <= n; j++) {
        push(j, j === n ? outstanding : 0, interestFor(outstanding, j));
      }
      break;
    }
    case 'equal_principal': {
      const base = fen(new D(a.principalFen).div(n));
      for (let j = 1; j <= n; j++) {
        const interest = interestFor(outstanding, j);
        push(j, j === n ? outstanding : Math.min(base, outstanding), interest);
      }
      break;
    }
    case 'equal_instalment': {
      // A = P·r·(1+r)^n / ((1+r)^n − 1) with r = annual ÷ 12, rounded once to the fen; each month's
      // principal is A minus that month's interest (30/360 or ACT/360), never below 0 nor above what is owed.
      const growth = monthly.plus(1).pow(n);
      const payment = monthly.isZero()
        ? fen(new D(a.principalFen).div(n))
        : fen(monthly.times(a.principalFen).times(growth).div(growth.minus(1)));
      for (let j = 1; j <= n; j++) {
        const interest = interestFor(outstanding, j);
        const principal = j === n ? outstanding : Math.min(Math.max(payment - interest, 0), outstanding);
        push(j, principal, interest);
      }
      break;
    }
  }
  return { instalments, totalInterestFen: instalments.reduce((s, i) => s + i.interestFen, 0) };
}

/** The repayment schedule of a new loan: one instalment a month (one at maturity for `bullet`). */
export function buildSchedule(input: ScheduleInput): SchedulePreview {
  return amortize({ ...input, anchorDate: input.startDate, elapsedMonths: 0 });
}

export type PrepaymentRecompute = {
  /** Principal still owed after the prepayment. */
  remainingPrincipalFen: number;
  /** Instalments left in the original term. */
  remainingMonths: number;
  annualRate: string;
  method: RepaymentMethod;
  dayCount: DayCount;
  /** The loan's original start date: due dates stay on its day of the month. */
  startDate: string;
  /** Months from the start to the prepayment's instalment date (= instalments already due, for the monthly methods). */
  elapsedMonths: number;
};

/**
 * The rest of a schedule after a partial prepayment at an instalment date, keeping the term and
 * lowering the instalments (月供减少、期限不变). Numbering continues at elapsedMonths + 1. Interest
 * accrued since the last due date is the caller's to charge at the prepayment (accruedInterestFen).
 * A bullet loan keeps its maturity; its remaining interest runs from the prepayment's instalment date.
 */
export function recomputeAfterPrepayment(p: PrepaymentRecompute): SchedulePreview {
  if (p.remainingPrincipalFen === 0) {
    return { instalments: [], totalInterestFen: 0 };
  }
  return amortize({
    principalFen: p.remainingPrincipalFen,
    annualRate: p.annualRate,
    months: p.remainingMonths,
    method: p.method,
    dayCount: p.dayCount,
    anchorDate: p.startDate,
    elapsedMonths: p.elapsedMonths,
  });
}

/** Simple interest on `principalFen` from `from` to `to`, actual days ÷ 360 (broken periods, 人民币 day count). */
export function accruedInterestFen(principalFen: number, annualRate: string, from: string, to: string): number {
  const days = Math.max(0, daysBetween(from, to));
  return fen(new D(annualRate).div(100).times(principalFen).times(days).div(360));
}

/** One instalment with what has been paid against it. */
export type InstalmentBalance = {
  n: number;
  dueDate: string;
  principalFen: number;
  interestFen: number;
  principalPaidFen: number;
  interestPaidFen: number;
};

export type Allocation = { n: number; interestFen: number; principalFen: number };

export type RepaymentResult = {
  balances: InstalmentBalance[];
  /** What the payment settled, per instalment, in instalment order. */
  allocations: Allocation[];
  /** What was left after the overdue instalments and the next one: a prepayment, or to refund. */
  excessFen: number;
};

/** The schedule as balances with nothing paid yet. */
export function openBalances(schedule: Pick<SchedulePreview, 'instalments'>): InstalmentBalance[] {
  return schedule.instalments.map((i) => ({
    n: i.n,
    dueDate: i.dueDate,
    principalFen: i.principalFen,
    interestFen: i.interestFen,
    principalPaidFen: 0,
    interestPaidFen: 0,
  }));
}

function owed(b: InstalmentBalance): number {
  return b.principalFen - b.principalPaidFen + b.interestFen - b.interestPaidFen;
}

/**
 * Records a repayment, interest first then principal (先息后本): first the interest of every instalment
 * due on or before `paidOn`, oldest first, then their principal, then the next instalment not yet due
 * (its interest, then its principal). Anything beyond is returned as `excessFen`.
 */
export function applyRepayment(balances: readonly InstalmentBalance[], amountFen: number, paidOn: string): RepaymentResult {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new RangeError(`a repayment must be a non-negative integer of fen, got ${amountFen}`);
  }
  const next = balances.map((b) => ({ ...b })).sort((x, y) => x.n - y.n);
  const allocated = new Map<number, Allocation>();
  let left = amountFen;
  const take = (b: InstalmentBalance, part: 'interest' | 'principal') => {
    const due = part === 'interest' ? b.interestFen - b.interestPaidFen : b.principalFen - b.principalPaidFen;
    const paid = Math.min(due, left);
    if (paid <= 0) {
      return;
    }
    left -= paid;
    const a = allocated.get(b.n) ?? { n: b.n, interestFen: 0, principalFen: 0 };
    if (part === 'interest') {
      b.interestPaidFen += paid;
      a.interestFen += paid;
    } else {
      b.principalPaidFen += paid;
      a.principalFen += paid;
    }
    allocated.set(b.n, a);
  };

  const overdue = next.filter((b) => b.dueDate <= paidOn && owed(b) > 0);
  for (const b of overdue) {
    take(b, 'interest');
  }
  for (const b of overdue) {
    take(b, 'principal');
  }
  const upcoming = next.find((b) => b.dueDate > paidOn && owed(b) > 0);
  if (upcoming !== undefined) {
    take(upcoming, 'interest');
    take(upcoming, 'principal');
  }
  return { balances: next, allocations: [...allocated.values()].sort((x, y) => x.n - y.n), excessFen: left };
}

export type Payment = { paidOn: string; amountFen: number };

/**
 * Days past due on `today`: days since the due date of the oldest instalment still not fully paid,
 * counting the payments made up to `today` (in date order, allocated as applyRepayment does). 0 when
 * nothing is overdue; an instalment is overdue from the day after its due date.
 */
export function daysPastDue(schedule: Pick<SchedulePreview, 'instalments'>, payments: readonly Payment[], today: string): number {
  let balances = openBalances(schedule);
  const inOrder = payments.filter((p) => p.paidOn <= today).sort((x, y) => (x.paidOn < y.paidOn ? -1 : x.paidOn > y.paidOn ? 1 : 0));
  for (const p of inOrder) {
    balances = applyRepayment(balances, p.amountFen, p.paidOn).balances;
  }
  const oldest = balances.find((b) => b.dueDate < today && owed(b) > 0);
  return oldest === undefined ? 0 : daysBetween(oldest.dueDate, today);
}

/** One stored line of a loan's schedule (any disbursement): what falls due and what has been paid against it. */
export type LoanLine = {
  disbursementId: string;
  n: number;
  dueDate: string;
  principalFen: number;
  interestFen: number;
  paidPrincipalFen: number;
  paidInterestFen: number;
};

/** What a recomputation after a prepayment needs to know about the loan. */
export type LoanTerms = {
  annualRate: string;
  method: RepaymentMethod;
  dayCount: DayCount;
  termMonths: number;
  /** In the order a prepayment goes to them: the oldest disbursement first. */
  disbursements: ReadonlyArray<{ id: string; disbursedOn: string }>;
};

export type RepaymentSplit = {
  /** Every line after the repayment, in the order given; a prepayment changes the amounts of the lines still to come. */
  lines: LoanLine[];
  interestFen: number;
  principalFen: number;
  /** Of `principalFen`, what was paid ahead of the due and next instalments. */
  prepaidFen: number;
  /** What is left after every principal owed: more than the loan owes. */
  excessFen: number;
};

/** Indices of `lines` oldest due first (ties in their given order): a loan's several schedules read as one. */
function dueOrder(lines: readonly LoanLine[]): number[] {
  return lines.map((_, k) => k).sort((a, b) => {
    const x = lines[a]?.dueDate ?? '';
    const y = lines[b]?.dueDate ?? '';
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

const untouched = (l: LoanLine) => l.paidPrincipalFen === 0 && l.paidInterestFen === 0;

/**
 * A prepayment of `amountFen` on one disbursement's lines whose interest has not started to run
 * (nothing paid on them, their period starting on or after `paidOn`): the rest is recomputed on
 * the lower principal, keeping the term and the day of the month (recomputeAfterPrepayment). The
 * prepaid principal is recorded as paid on the first of those lines, so the lines still sum to the
 * amount disbursed. The period under way keeps its instalment: its interest ran on the balance
 * before the prepayment. Returns the principal taken.
 */
function prepayMonthly(lines: LoanLine[], terms: LoanTerms, d: { id: string; disbursedOn: string }, amountFen: number, paidOn: string): number {
  const periodStart = (l: LoanLine) => (l.n === 1 ? d.disbursedOn : addMonthsClamped(d.disbursedOn, l.n - 1));
  const rest = lines.filter((l) => l.disbursementId === d.id && untouched(l) && periodStart(l) >= paidOn).sort((a, b) => a.n - b.n);
  const first = rest[0];
  if (first === undefined || amountFen <= 0) {
    return 0;
  }
  const owedFen = rest.reduce((s, l) => s + l.principalFen, 0);
  const taken = Math.min(owedFen, amountFen);
  const leftFen = owedFen - taken;
  if (leftFen === 0) {
    for (const l of rest) {
      l.interestFen = 0;
      l.paidPrincipalFen = l.principalFen;
    }
    return taken;
  }
  const recomputed = recomputeAfterPrepayment({ remainingPrincipalFen: leftFen, remainingMonths: rest.length, annualRate: terms.annualRate, method: terms.method, dayCount: terms.dayCount, startDate: d.disbursedOn, elapsedMonths: first.n - 1 }).instalments;
  for (const [k, l] of rest.entries()) {
    const r = recomputed[k];
    if (r === undefined) {
      throw new Error(`recomputed schedule of ${String(recomputed.length)} lines for ${String(rest.length)}`);
    }
    l.principalFen = r.principalFen;
    l.interestFen = r.interestFen;
  }
  first.principalFen += taken;
  first.paidPrincipalFen = taken;
  return taken;
}

/**
 * A prepayment on a bullet loan (到期一次还本付息), whose one period runs from the disbursement to
 * maturity with simple interest: the prepaid principal bears interest up to `paidOn` only, the rest
 * to maturity as before. Returns the principal taken.
 */
function prepayBullet(lines: LoanLine[], terms: LoanTerms, d: { id: string; disbursedOn: string }, amountFen: number, paidOn: string): number {
  const line = lines.find((l) => l.disbursementId === d.id && l.dueDate > paidOn && l.paidInterestFen === 0);
  const owedFen = line === undefined ? 0 : line.principalFen - line.paidPrincipalFen;
  const taken = Math.min(owedFen, amountFen);
  if (line === undefined || taken <= 0) {
    return 0;
  }
  const toMaturity = (principalFen: number) => (principalFen === 0 ? 0 : buildSchedule({ principalFen, annualRate: terms.annualRate, months: terms.termMonths, method: 'bullet', startDate: d.disbursedOn, dayCount: terms.dayCount }).totalInterestFen);
  line.interestFen = Math.max(0, line.interestFen - toMaturity(owedFen) + toMaturity(owedFen - taken) + accruedInterestFen(taken, terms.annualRate, d.disbursedOn, paidOn));
  line.paidPrincipalFen += taken;
  return taken;
}

/**
 * A repayment across every line of a loan, all disbursements together, oldest due first: interest
 * then principal of what is due and of the next instalment (applyRepayment); anything beyond
 * prepays principal, oldest disbursement first, and the rest of its schedule is recomputed (月供减少、
 * 期限不变); then principal and interest of a period under way. Only what exceeds everything owed is
 * left as `excessFen`. The one rule the service and the demo seed apply.
 */
export function allocateRepayment(lines: readonly LoanLine[], terms: LoanTerms, amountFen: number, paidOn: string): RepaymentSplit {
  const order = dueOrder(lines);
  // A bullet's one instalment is the whole loan: it is not paid "in advance" before maturity, a
  // payment before then is a prepayment.
  const payable = terms.method === 'bullet' ? order.filter((k) => (lines[k] as LoanLine).dueDate <= paidOn) : order;
  const balances: InstalmentBalance[] = payable.map((k, i) => {
    const l = lines[k] as LoanLine;
    return { n: i + 1, dueDate: l.dueDate, principalFen: l.principalFen, interestFen: l.interestFen, principalPaidFen: l.paidPrincipalFen, interestPaidFen: l.paidInterestFen };
  });
  const res = applyRepayment(balances, amountFen, paidOn);
  const next = lines.map((l) => ({ ...l }));
  for (const [i, k] of payable.entries()) {
    const b = res.balances[i] as InstalmentBalance;
    const l = next[k] as LoanLine;
    l.paidPrincipalFen = b.principalPaidFen;
    l.paidInterestFen = b.interestPaidFen;
  }
  let extra = res.excessFen;
  let prepaidFen = 0;
  for (const d of terms.disbursements) {
    const taken = terms.method === 'bullet' ? prepayBullet(next, terms, d, extra, paidOn) : prepayMonthly(next, terms, d, extra, paidOn);
    extra -= taken;
    prepaidFen += taken;
  }
  // Principal still owed on lines in a period under way or partly paid earlier (a second
  // disbursement's next line): last first; their interest stays owed until its due date.
  for (const k of order.toReversed()) {
    const l = next[k] as LoanLine;
    const take = Math.min(l.principalFen - l.paidPrincipalFen, extra);
    if (take > 0) {
      l.paidPrincipalFen += take;
      extra -= take;
      prepaidFen += take;
    }
  }
  // Then any interest still owed (a period under way, a bullet's interest to `paidOn`): oldest first.
  for (const k of order) {
    const l = next[k] as LoanLine;
    const take = Math.min(l.interestFen - l.paidInterestFen, extra);
    if (take > 0) {
      l.paidInterestFen += take;
      extra -= take;
    }
  }
  let interestFen = 0;
  let principalFen = 0;
  for (const [k, l] of next.entries()) {
    const before = lines[k] as LoanLine;
    interestFen += l.paidInterestFen - before.paidInterestFen;
    principalFen += l.paidPrincipalFen - before.paidPrincipalFen;
  }
  return { lines: next, interestFen, principalFen, prepaidFen, excessFen: extra };
}

/**
 * Days past due on `today` from the stored lines (every repayment already allocated to them):
 * days since the due date of the oldest line still owing; 0 when none is overdue.
 */
export function loanDaysPastDue(lines: readonly LoanLine[], today: string): number {
  const oldest = dueOrder(lines)
    .map((k) => lines[k] as LoanLine)
    .find((l) => l.dueDate < today && l.principalFen - l.paidPrincipalFen + l.interestFen - l.paidInterestFen > 0);
  return oldest === undefined ? 0 : daysBetween(oldest.dueDate, today);
}

/** What settles the loan if paid on `on`: everything due, the period under way, and the principal ahead without its interest to come. */
export function payoffFen(lines: readonly LoanLine[], terms: LoanTerms, on: string): number {
  const ceiling = lines.reduce((s, l) => s + l.principalFen - l.paidPrincipalFen + l.interestFen - l.paidInterestFen, 0);
  return ceiling - allocateRepayment(lines, terms, ceiling, on).excessFen;
}
