import type { EligibilityFacts, LoanApplicantKind, LoanCategory } from '@zhengqi/contracts/loans';
import { addMonthsToMonth, fullMonthsBetween, monthOf } from './month-arithmetic';

/**
 * The numbers the eligibility and pricing decisions read, derived from the facts and the application
 * date. Plain JSON: this is the input of the JDM graphs and what a decision stores as its snapshot.
 */
export type EligibilityIndicators = {
  kind: LoanApplicantKind;
  sizeClass: EligibilityFacts['sizeClass'];
  /** Whole months from founding to the application date (founded 2024-03-15 → 12 on 2025-03-15). */
  monthsOperating: number;
  /** The month before the application month: the latest month-end that has passed. */
  referenceMonth: string;
  /** Pension contributors at the reference month's end (or the latest month on record before it). */
  headcountNow: number | null;
  headcountNowMonth: string | null;
  /** The baseline 12 months earlier; for a firm younger than that, its first month on record. */
  headcountYearAgo: number | null;
  headcountYearAgoMonth: string | null;
  /** At the end of the year before the application; null when there is no figure (not needed for a firm founded since). */
  lastYearEndHeadcount: number | null;
  lastYearEndMonth: string | null;
  /**
   * The larger fall against the baseline and the last year-end, as a fraction of the earlier figure:
   * 0.032 = fell 3.2 %, negative = grew. Null when a figure the rule needs is missing.
   */
  headcountDecline: number | null;
  /** Net new pension contributors over the year (now − baseline, not below 0): the pricing table's "new jobs". */
  jobsAdded: number;
  /** Months with wages in arrears among the 12 months before the application month. */
  wageArrearsMonths: number;
  socialInsuranceArrearsMonths: number;
  goodCredit: boolean;
  /** Certified categories, ascending, without repeats. */
  categories: LoanCategory[];
};

/** The largest headcount the decisions accept: zen-engine aborts the process on numbers beyond u64, so inputs stay bounded. */
const MAX_HEADCOUNT = 10_000_000;

type Lookup = { value: number; month: string } | null;

function headcountLookup(headcount: Record<string, number>) {
  const months = Object.keys(headcount).sort();
  for (const m of months) {
    const v = headcount[m];
    if (v === undefined || !Number.isInteger(v) || v < 0 || v > MAX_HEADCOUNT) {
      throw new RangeError(`headcount of ${m} must be an integer from 0 to ${MAX_HEADCOUNT}`);
    }
  }
  const entry = (i: number): Lookup => {
    const m = months[i];
    return m === undefined ? null : { value: headcount[m] ?? 0, month: m };
  };
  return {
    /** The figure at the latest month-end on or before `month` (a headcount stays until it changes). */
    atOrBefore: (month: string): Lookup => {
      let i = months.length - 1;
      while (i >= 0 && (months[i] ?? '') > month) {
        i--;
      }
      return entry(i);
    },
    /** The first figure after `after` up to `until`. */
    firstBetween: (after: string, until: string): Lookup => {
      const i = months.findIndex((m) => m > after);
      return i >= 0 && (months[i] ?? '') <= until ? entry(i) : null;
    },
  };
}

function decline(base: number, now: number): number {
  return base === 0 ? 0 : (base - now) / base;
}

function arrearsWithin(months: readonly string[], from: string, to: string): number {
  const inWindow = months.filter((m) => m >= from && m <= to);
  return inWindow.length <= 1 ? inWindow.length : new Set(inWindow).size;
}

/** Derives the decision inputs from the facts as of `date` (the application date, YYYY-MM-DD). */
export function deriveIndicators(facts: EligibilityFacts, date: string): EligibilityIndicators {
  const lookup = headcountLookup(facts.headcount);
  const referenceMonth = addMonthsToMonth(monthOf(date), -1);
  const foundedMonth = monthOf(facts.foundedOn);

  const now = lookup.atOrBefore(referenceMonth);
  // A firm founded in or after the baseline month, with no figure for it, is measured from its first
  // month on record; one with no figure at the last year-end, founded since, skips that comparison.
  // An older firm with a figure missing gets no decline at all: missing data never passes.
  const baselineMonth = addMonthsToMonth(referenceMonth, -12);
  const yearAgo = lookup.atOrBefore(baselineMonth) ?? (foundedMonth >= baselineMonth ? lookup.firstBetween(baselineMonth, referenceMonth) : null);
  const yearEndMonth = `${Number(date.slice(0, 4)) - 1}-12`;
  const yearEnd = lookup.atOrBefore(yearEndMonth);
  const yearEndNotNeeded = yearEnd === null && foundedMonth >= yearEndMonth;

  let headcountDecline: number | null = null;
  if (now !== null && yearAgo !== null && (yearEnd !== null || yearEndNotNeeded)) {
    const falls = [decline(yearAgo.value, now.value)];
    if (yearEnd !== null) {
      falls.push(decline(yearEnd.value, now.value));
    }
    headcountDecline = Math.max(...falls);
  }

  const windowStart = addMonthsToMonth(referenceMonth, -11);
  return {
    kind: facts.kind,
    sizeClass: facts.sizeClass,
    monthsOperating: fullMonthsBetween(facts.foundedOn, date),
    referenceMonth,
    headcountNow: now?.value ?? null,
    headcountNowMonth: now?.month ?? null,
    headcountYearAgo: yearAgo?.value ?? null,
    headcountYearAgoMonth: yearAgo?.month ?? null,
    lastYearEndHeadcount: yearEnd?.value ?? null,
    lastYearEndMonth: yearEnd?.month ?? null,
    headcountDecline,
    jobsAdded: now !== null && yearAgo !== null ? Math.max(0, now.value - yearAgo.value) : 0,
    wageArrearsMonths: arrearsWithin(facts.wageArrearsMonths, windowStart, referenceMonth),
    socialInsuranceArrearsMonths: arrearsWithin(facts.socialInsuranceArrearsMonths, windowStart, referenceMonth),
    goodCredit: facts.goodCredit,
    categories: [...new Set(facts.categories)].sort((a, b) => a - b),
  };
}
