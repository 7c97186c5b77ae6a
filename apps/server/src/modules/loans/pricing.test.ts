import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import type { LoanProductVersion } from '@zhengqi/contracts/loans';
import { LoanDecisionEngine } from './decision-engine';
import type { EligibilityIndicators } from './facts';
import { capOffer } from './pricing';
import { STABLE_EMPLOYMENT_VERSIONS } from './product-versions';

const [V2023, V2025] = STABLE_EMPLOYMENT_VERSIONS as [LoanProductVersion, LoanProductVersion];
const engine = new LoanDecisionEngine();
afterAll(() => engine.dispose());

describe('capOffer', () => {
  it.each([
    ['within the caps', V2025, 'enterprise', { limitFen: 1_000_000_000, rateMin: 3.5, rateMax: 3.85 }, { maxLimitFen: 1_000_000_000, rateRange: { min: '3.50', max: '3.85' } }],
    ['limit above the kind’s cap', V2025, 'individual_business', { limitFen: 5_000_000_000, rateMin: 3.2, rateMax: 3.6 }, { maxLimitFen: 1_000_000_000, rateRange: { min: '3.20', max: '3.60' } }],
    ['rates outside [floor, cap]', V2025, 'enterprise', { limitFen: 100, rateMin: 1.5, rateMax: 6 }, { maxLimitFen: 100, rateRange: { min: '2.90', max: '4.00' } }],
    ['no floor in 2023', V2023, 'enterprise', { limitFen: 100, rateMin: 1.5, rateMax: 6 }, { maxLimitFen: 100, rateRange: { min: '1.50', max: '4.00' } }],
    ['min above max', V2025, 'enterprise', { limitFen: 100, rateMin: 3.9, rateMax: 3.1 }, { maxLimitFen: 100, rateRange: { min: '3.10', max: '3.10' } }],
    ['rounded half-up to 2 decimals', V2025, 'enterprise', { limitFen: 100.7, rateMin: 3.705, rateMax: 3.7149 }, { maxLimitFen: 100, rateRange: { min: '3.71', max: '3.71' } }],
  ] as const)('%s', (_name, version, kind, raw, expected) => {
    expect(capOffer(version, kind, raw)).toEqual(expected);
  });

  it('no offer without a matching tier, a positive limit, or a cap for the kind', () => {
    expect(capOffer(V2025, 'enterprise', { limitFen: null, rateMin: null, rateMax: null })).toBeUndefined();
    expect(capOffer(V2025, 'enterprise', { limitFen: 0, rateMin: 3, rateMax: 3 })).toBeUndefined();
    expect(capOffer(V2023, 'individual_business', { limitFen: 100, rateMin: 3, rateMax: 3 })).toBeUndefined();
  });
});

/** A pricing table gone wild: every tier lends a fortune at rates from 0.5 % to 9 %. */
function generous(version: LoanProductVersion): LoanProductVersion {
  const v = structuredClone(version);
  const tier = v.pricingDecision.nodes.find((n) => n.id === 'tier')?.content as { rules: Record<string, string>[] };
  for (const row of tier.rules) {
    Object.assign(row, { 'out-limit': '999999999999999', 'out-rate-min': '0.5', 'out-rate-max': '9' });
  }
  return v;
}

const eligibleIndicators = fc
  .record({
    kind: fc.constantFrom('enterprise' as const, 'individual_business' as const),
    headcountNow: fc.integer({ min: 10, max: 100_000 }),
    jobsAdded: fc.integer({ min: 0, max: 1_000 }),
  })
  .map(
    ({ kind, headcountNow, jobsAdded }): EligibilityIndicators => ({
      kind,
      sizeClass: 'small',
      monthsOperating: 60,
      referenceMonth: '2025-05',
      headcountNow,
      headcountNowMonth: '2025-05',
      headcountYearAgo: Math.max(0, headcountNow - jobsAdded),
      headcountYearAgoMonth: '2024-05',
      lastYearEndHeadcount: headcountNow,
      lastYearEndMonth: '2024-12',
      headcountDecline: 0,
      jobsAdded,
      wageArrearsMonths: 0,
      socialInsuranceArrearsMonths: 0,
      goodCredit: true,
      categories: [1],
    }),
  );

describe('offers never exceed the version’s caps (property, through zen-engine)', () => {
  it.each([
    ['2023 as shipped', V2023],
    ['2025 as shipped', V2025],
    ['2023 with a generous table', generous(V2023)],
    ['2025 with a generous table', generous(V2025)],
  ])('%s', async (_name, version) => {
    await fc.assert(
      fc.asyncProperty(eligibleIndicators, async (ind) => {
        const r = await engine.evaluateIndicators(version, ind);
        const cap = version.maxLimitFen[ind.kind];
        if (cap === undefined) {
          expect(r.eligible).toBe(false);
          return;
        }
        expect(r.eligible).toBe(true);
        const offer = r.offer;
        expect(offer).toBeDefined();
        if (offer === undefined) {
          return;
        }
        expect(offer.maxLimitFen).toBeLessThanOrEqual(cap);
        const [min, max] = [new Decimal(offer.rateRange.min), new Decimal(offer.rateRange.max)];
        expect(max.lte(version.rateCap)).toBe(true);
        expect(min.lte(max)).toBe(true);
        expect(min.gte(version.rateFloor ?? '0')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('more jobs never mean a smaller limit or a higher rate (shipped tables)', async () => {
    for (const version of [V2023, V2025]) {
      await fc.assert(
        fc.asyncProperty(eligibleIndicators, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 100 }), async (ind, moreHeadcount, moreJobs) => {
          const bigger = { ...ind, headcountNow: (ind.headcountNow ?? 0) + moreHeadcount, jobsAdded: ind.jobsAdded + moreJobs };
          const [a, b] = [await engine.evaluateIndicators(version, ind), await engine.evaluateIndicators(version, bigger)];
          if (a.offer === undefined || b.offer === undefined) {
            expect(a.offer).toEqual(b.offer);
            return;
          }
          expect(b.offer.maxLimitFen).toBeGreaterThanOrEqual(a.offer.maxLimitFen);
          expect(new Decimal(b.offer.rateRange.min).lte(a.offer.rateRange.min)).toBe(true);
          expect(new Decimal(b.offer.rateRange.max).lte(a.offer.rateRange.max)).toBe(true);
        }),
        { numRuns: 100 },
      );
    }
  });
});
