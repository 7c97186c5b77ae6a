import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateUnaryExpressionSync } from '@gorules/zen-engine';
import { ELIGIBILITY_CRITERIA, type EligibilityFacts, type LoanCategory, type LoanProductVersion } from '@zhengqi/contracts/loans';
import { LoanDecisionEngine } from './decision-engine';
import { REGISTRY_SOURCES } from './eligibility';
import { compileFastDecision, unaryTest, type FastDecision } from './fast-decision';
import { deriveIndicators } from './facts';
import { addMonthsToMonth } from './month-arithmetic';
import { STABLE_EMPLOYMENT_VERSIONS, selectVersion } from './product-versions';
import { evaluateFast, fastDecisionOf } from './screen';
import { makeFacts } from './test-factories';

const engine = new LoanDecisionEngine();
afterAll(() => engine.dispose());
const [V2023, V2025] = STABLE_EMPLOYMENT_VERSIONS as [LoanProductVersion, LoanProductVersion];

function fastOf(version: LoanProductVersion): FastDecision {
  const fast = compileFastDecision(version);
  if (fast === null) {
    throw new Error('expected a fast path');
  }
  return fast;
}

const isoDay = (min: string, max: string) => fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** Random facts that crowd the thresholds: headcounts near 10, falls near 5.5 %, firms near 6 and 12 months old. */
const factsArb: fc.Arbitrary<{ facts: EligibilityFacts; date: string }> = fc
  .record({
    date: isoDay('2023-01-01', '2026-12-31'),
    kind: fc.constantFrom('enterprise' as const, 'individual_business' as const),
    ageMonths: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(5, 6, 11, 12, 13)),
    ageDays: fc.integer({ min: -3, max: 3 }),
    sizeClass: fc.constantFrom('large' as const, 'medium' as const, 'small' as const, 'micro' as const, 'small' as const, 'micro' as const),
    base: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constantFrom(9, 10, 11, 1000)),
    steps: fc.array(fc.integer({ min: -60, max: 40 }), { minLength: 0, maxLength: 30 }),
    gaps: fc.oneof(fc.constant<number[]>([]), fc.array(fc.integer({ min: 0, max: 29 }), { maxLength: 3 })),
    wage: fc.oneof(fc.constant<number[]>([]), fc.array(fc.integer({ min: 0, max: 16 }), { maxLength: 2 })),
    social: fc.oneof(fc.constant<number[]>([]), fc.array(fc.integer({ min: 0, max: 16 }), { maxLength: 2 })),
    categories: fc.subarray<LoanCategory>([1, 2, 3, 4]),
    goodCredit: fc.integer({ min: 0, max: 9 }).map((x) => x > 0),
    healthy: fc.boolean(),
  })
  // half of the firms are healthy apart from their age, kind and headcount level, so both outcomes are common
  .map((r) =>
    r.healthy
      ? {
          ...r,
          ageMonths: r.ageMonths + 6,
          base: Math.max(r.base, 10),
          sizeClass: 'small' as const,
          categories: [1 as const, ...r.categories],
          goodCredit: true,
          gaps: [] as number[],
          wage: [] as number[],
          social: [] as number[],
          steps: r.steps.map((x) => Math.min(x, 3)),
        }
      : r,
  )
  .map((r) => {
    const founded = new Date(Date.parse(`${r.date}T00:00:00Z`));
    founded.setUTCMonth(founded.getUTCMonth() - r.ageMonths);
    founded.setUTCDate(founded.getUTCDate() + r.ageDays);
    const foundedOn = founded.toISOString().slice(0, 10);
    const appMonth = r.date.slice(0, 7);
    const headcount: Record<string, number> = {};
    let value = r.base;
    for (let k = 29; k >= 0; k--) {
      const m = addMonthsToMonth(appMonth, -k);
      if (m >= foundedOn.slice(0, 7) && !r.gaps.includes(k)) {
        headcount[m] = value;
      }
      // mostly small moves around the base, so declines land near the 5.5 % tolerance
      value = Math.max(0, value + Math.round(((r.steps[k] ?? 0) * Math.max(r.base, 1)) / 1000));
    }
    const arrears = (ks: number[]) => ks.map((k) => addMonthsToMonth(appMonth, -k));
    const facts: EligibilityFacts = {
      kind: r.kind,
      foundedOn,
      sizeClass: r.sizeClass,
      headcount,
      wageArrearsMonths: arrears(r.wage),
      socialInsuranceArrearsMonths: arrears(r.social),
      categories: r.categories,
      goodCredit: r.goodCredit,
    };
    return { facts, date: r.date };
  });

describe('the fast path agrees with zen-engine', () => {
  it('on random facts and dates, criterion by criterion and offer by offer (property)', async () => {
    let eligible = 0;
    await fc.assert(
      fc.asyncProperty(factsArb, async ({ facts, date }) => {
        const version = selectVersion(STABLE_EMPLOYMENT_VERSIONS, date);
        const viaEngine = await engine.evaluateEligibility(version, facts, date, REGISTRY_SOURCES);
        const viaFast = evaluateFast(version, fastOf(version), deriveIndicators(facts, date), REGISTRY_SOURCES);
        expect(viaFast).toEqual(viaEngine);
        eligible += viaEngine.eligible ? 1 : 0;
      }),
      { numRuns: 400 },
    );
    // the generator must reach both outcomes, or the agreement says little
    expect(eligible).toBeGreaterThan(40);
  });

  it('on the raw decisions, whatever the indicators', async () => {
    for (const version of [V2023, V2025]) {
      const fast = fastOf(version);
      await fc.assert(
        fc.asyncProperty(factsArb, async ({ facts, date }) => {
          const ind = deriveIndicators(facts, date);
          const raw = await engine.decide(version, ind);
          expect(fast.eligibility(ind)).toEqual(raw.eligibility);
          expect(fast.pricing(ind)).toEqual(raw.pricing);
        }),
        { numRuns: 150 },
      );
    }
  });

  it('follows an administrator’s edit of the thresholds and tiers', async () => {
    const draft = structuredClone(V2025);
    const thresholds = draft.eligibilityDecision.nodes.find((n) => n.id === 'thresholds')?.content as { rules: Record<string, string>[] };
    for (const row of thresholds.rules) {
      Object.assign(row, { 'out-minPensionContributors': '25', 'out-headcountDeclineTolerance': '0.1', 'out-sizeClasses': '["micro", "small", "medium"]' });
    }
    const tier = draft.pricingDecision.nodes.find((n) => n.id === 'tier')?.content as { rules: Record<string, string>[] };
    tier.rules = [{ _id: 'one', 'in-kind': '"enterprise", "individual_business"', 'in-headcount': '(0..100000]', 'out-limit': '123400', 'out-rate-min': '3.333', 'out-rate-max': '3.9' }];
    const fast = fastOf(draft);
    const facts = makeFacts({ sizeClass: 'medium', headcount: { '2024-05': 30, '2024-12': 30, '2025-05': 28 } });
    const viaEngine = await engine.evaluateEligibility(draft, facts, '2025-06-15');
    expect(viaEngine).toMatchObject({ eligible: true, offer: { maxLimitFen: 123_400, rateRange: { min: '3.33', max: '3.90' } } });
    expect(evaluateFast(draft, fast, deriveIndicators(facts, '2025-06-15'))).toEqual(viaEngine);
  });
});

describe('unary cells', () => {
  const cells = ['', '[10..49]', '(10..49]', '[10..49)', '(10..49)', '>= 300', '> 300', '<= 9', '< 10', '10, 20', '"enterprise"', '"enterprise", "individual_business"', 'true', 'false', '[0.5..1.5], > 99'];
  const values = fc.oneof(fc.integer({ min: -5, max: 400 }), fc.constantFrom(9, 10, 20, 49, 50, 300, 0.5, 1.5, 9.5), fc.constantFrom('enterprise', 'individual_business', 'x'), fc.boolean());

  it('mean what they mean to zen-engine (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cells), values, (cell, value) => {
        const test = unaryTest(cell);
        expect(test).not.toBeNull();
        let zen: boolean;
        try {
          zen = cell === '' ? true : evaluateUnaryExpressionSync(cell, { $: value });
        } catch {
          zen = false; // a cell that errors skips the row, as a false test does
        }
        expect(test?.(value)).toBe(zen);
      }),
      { numRuns: 500 },
    );
  });

  it.each(['len($) > 2', ']10..20[', 'enterprise', '$ > 3 and $ < 5', 'not("a")'])('%s is left to the engine', (cell) => {
    expect(unaryTest(cell)).toBeNull();
  });
});

describe('a reshaped graph has no fast path', () => {
  it.each([
    [
      'another expression',
      (v: LoanProductVersion) => {
        const node = v.eligibilityDecision.nodes.find((n) => n.id === 'criteria')?.content as { expressions: { value: string }[] };
        (node.expressions[1] as { value: string }).value = 'monthsOperating > rule.minMonthsOperating';
      },
      true,
    ],
    [
      'a cell beyond unary tests',
      (v: LoanProductVersion) => {
        const node = v.pricingDecision.nodes.find((n) => n.id === 'tier')?.content as { rules: Record<string, string>[] };
        (node.rules[0] as Record<string, string>)['in-headcount'] = 'headcountNow > 3 and jobsAdded > 2';
      },
      true,
    ],
    [
      'an output that is not a literal',
      (v: LoanProductVersion) => {
        const node = v.eligibilityDecision.nodes.find((n) => n.id === 'thresholds')?.content as { rules: Record<string, string>[] };
        (node.rules[0] as Record<string, string>)['out-minMonthsOperating'] = 'headcountNow / 2';
      },
      true,
    ],
    [
      'a collect table',
      (v: LoanProductVersion) => {
        const node = v.pricingDecision.nodes.find((n) => n.id === 'newJobs')?.content as { hitPolicy: string };
        node.hitPolicy = 'collect';
      },
      false, // the offer expression no longer fits: the engine reports LOAN_DECISION_FAILED
    ],
    [
      'a branch',
      (v: LoanProductVersion) => {
        v.eligibilityDecision.edges.push({ id: 'extra', sourceId: 'request', targetId: 'criteria', type: 'edge' });
      },
      true,
    ],
  ] as const)('%s', async (_name, reshape, stillEvaluates) => {
    const v = structuredClone(V2023);
    reshape(v);
    expect(compileFastDecision(v)).toBeNull();
    expect(fastDecisionOf(v)).toBeNull();
    // screening falls back to the engine (screenJurisdiction's mode 'auto')
    const viaEngine = engine.evaluateIndicators(v, deriveIndicators(makeFacts(), '2024-06-15'));
    if (stillEvaluates) {
      expect((await viaEngine).criteria.map((c) => c.code)).toEqual([...ELIGIBILITY_CRITERIA]);
    } else {
      await expect(viaEngine).rejects.toMatchObject({ code: 'LOAN_DECISION_FAILED' });
    }
  });
});

describe('fastDecisionOf', () => {
  it('compiles a version once', () => {
    expect(fastDecisionOf(V2023)).toBe(fastDecisionOf(V2023));
    expect(fastDecisionOf(V2023)).not.toBe(fastDecisionOf(V2025));
  });
});
