import type { EligibilityFacts } from '@zhengqi/contracts/loans';
import { addMonthsToMonth } from './month-arithmetic';

/** Month-end headcounts of `value` for every month from `from` to `to` ('YYYY-MM'), inclusive. */
export function flatHeadcount(from: string, to: string, value: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let m = from; m <= to; m = addMonthsToMonth(m, 1)) {
    out[m] = value;
  }
  return out;
}

/** A small enterprise that meets every criterion of both versions, applying in 2024 or 2025. */
export function makeFacts(over: Partial<EligibilityFacts> = {}): EligibilityFacts {
  return {
    kind: 'enterprise',
    foundedOn: '2019-04-01',
    sizeClass: 'small',
    headcount: flatHeadcount('2019-04', '2026-12', 20),
    wageArrearsMonths: [],
    socialInsuranceArrearsMonths: [],
    categories: [1],
    goodCredit: true,
    ...over,
  };
}
