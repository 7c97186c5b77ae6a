import type { EligibilityFacts, LoanApplicantKind, LoanCategory } from '@zhengqi/contracts/loans';

// The sample facts of the product test panel: a whole application described by hand (no registry
// record), with the monthly headcounts the headcount rule reads. Months are relative to the
// application date, so a preset stays meaningful whatever date the tester picks.

/** How many month-end headcounts the panel asks for: the reference month and the twelve before it. */
export const HEADCOUNT_MONTHS = 13;

export type SampleFacts = {
  date: string;
  kind: LoanApplicantKind;
  foundedOn: string;
  sizeClass: EligibilityFacts['sizeClass'];
  /** Oldest first; the last one is the reference month (the month before the application month). null: no figure. */
  headcounts: Array<number | null>;
  wageArrearsMonths: string[];
  socialInsuranceArrearsMonths: string[];
  categories: LoanCategory[];
  goodCredit: boolean;
};

export const PRESETS = ['textile', 'individual', 'fell10'] as const;
export type Preset = (typeof PRESETS)[number];

/** 'YYYY-MM' plus k months (k may be negative). */
export function addMonths(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' moved by k months, the day kept within the month. */
function addMonthsToDate(date: string, k: number): string {
  const month = addMonths(date.slice(0, 7), k);
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${String(Math.min(Number(date.slice(8, 10)), last)).padStart(2, '0')}`;
}

/** The months of `headcounts`, oldest first, for an application date. */
export function headcountMonthsOf(date: string): string[] {
  const reference = addMonths(date.slice(0, 7), -1);
  return Array.from({ length: HEADCOUNT_MONTHS }, (_, i) => addMonths(reference, i - (HEADCOUNT_MONTHS - 1)));
}

/** The twelve months the arrears rules read, newest first. */
export function arrearsWindowOf(date: string): string[] {
  return headcountMonthsOf(date).slice(1).reverse();
}

/** The facts the API takes: months without a figure are left out; arrears outside the window are dropped. */
export function factsOf(s: SampleFacts): EligibilityFacts {
  const months = headcountMonthsOf(s.date);
  const headcount: Record<string, number> = {};
  s.headcounts.forEach((v, i) => {
    const m = months[i];
    if (v !== null && m !== undefined) {
      headcount[m] = v;
    }
  });
  const window = new Set(arrearsWindowOf(s.date));
  return {
    kind: s.kind,
    foundedOn: s.foundedOn,
    sizeClass: s.sizeClass,
    headcount,
    wageArrearsMonths: s.wageArrearsMonths.filter((m) => window.has(m)),
    socialInsuranceArrearsMonths: s.socialInsuranceArrearsMonths.filter((m) => window.has(m)),
    categories: s.categories,
    goodCredit: s.goodCredit,
  };
}

/** A series from `from` to `to` over the 13 months, in whole people. */
function ramp(from: number, to: number): number[] {
  return Array.from({ length: HEADCOUNT_MONTHS }, (_, i) => Math.round(from + ((to - from) * i) / (HEADCOUNT_MONTHS - 1)));
}

/**
 * The one-click samples, for an application date:
 * - textile: a small textile firm growing from 112 to 120 contributors, no arrears, category 1 —
 *   eligible under the strict 2023 rule as well as the 2025 one;
 * - individual: an individual business founded 8 months before the date with 12 contributors —
 *   eligible only where individual businesses of 6+ months are (2025);
 * - fell10: an established small firm whose contributors fell from 200 to 180 (10 %) in the last
 *   half year — beyond the 2025 tolerance of 5.5 %.
 */
export function presetFacts(preset: Preset, date: string): SampleFacts {
  const base = { date, wageArrearsMonths: [], socialInsuranceArrearsMonths: [], goodCredit: true };
  switch (preset) {
    case 'textile':
      return { ...base, kind: 'enterprise', foundedOn: '2016-05-18', sizeClass: 'small', headcounts: ramp(112, 120), categories: [1] };
    case 'individual': {
      const foundedOn = addMonthsToDate(date, -8);
      const months = headcountMonthsOf(date);
      return {
        ...base,
        kind: 'individual_business',
        foundedOn,
        sizeClass: 'micro',
        headcounts: months.map((m) => (m >= foundedOn.slice(0, 7) ? 12 : null)),
        categories: [2],
      };
    }
    case 'fell10':
      return { ...base, kind: 'enterprise', foundedOn: '2012-09-03', sizeClass: 'small', headcounts: [...Array<number>(7).fill(200), 196, 192, 188, 185, 182, 180], categories: [3] };
  }
}
