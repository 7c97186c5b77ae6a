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
