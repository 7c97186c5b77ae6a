import Decimal from 'decimal.js';
import type { LoanApplicantKind, LoanOffer, LoanProductVersion } from '@zhengqi/contracts/loans';

/** What the pricing decision returns: its limit and rate range before the version's caps. */
export type PricingDecisionOutput = { limitFen: number | null; rateMin: number | null; rateMax: number | null };

function clamp(x: Decimal, lo: Decimal, hi: Decimal): Decimal {
  return Decimal.min(Decimal.max(x, lo), hi);
}

/**
 * The offer after the version's caps: the limit never above the kind's maximum, both rates within
 * [floor, cap] and min ≤ max. The pricing table is the bank's configurable example, so it is never
 * trusted to respect the policy on its own. No offer when the table matched no row or the version
 * does not lend to the kind.
 */
export function capOffer(version: LoanProductVersion, kind: LoanApplicantKind, raw: PricingDecisionOutput): LoanOffer | undefined {
  const cap = version.maxLimitFen[kind];
  if (cap === undefined || raw.limitFen === null || raw.rateMin === null || raw.rateMax === null || !(raw.limitFen > 0)) {
    return undefined;
  }
  const ceiling = new Decimal(version.rateCap);
  const floor = version.rateFloor === null ? new Decimal(0) : new Decimal(version.rateFloor);
  const rate = (x: number) => clamp(new Decimal(String(x)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), floor, ceiling);
  const max = rate(raw.rateMax);
  const min = Decimal.min(rate(raw.rateMin), max);
  return { maxLimitFen: Math.min(Math.floor(raw.limitFen), cap), rateRange: { min: min.toFixed(2), max: max.toFixed(2) } };
}
