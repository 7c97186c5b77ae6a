import { afterAll, describe, expect, it } from 'vitest';
import type { EligibilityCriterionCode, EligibilityFacts, EligibilityResult, LoanProductVersion } from '@zhengqi/contracts/loans';
import { DomainError } from '../../platform/errors/domain-error';
import { LoanDecisionEngine } from './decision-engine';
import { REGISTRY_SOURCES } from './eligibility';
import { STABLE_EMPLOYMENT_VERSIONS, selectVersion } from './product-versions';
import { flatHeadcount, makeFacts } from './test-factories';

const engine = new LoanDecisionEngine();
afterAll(() => engine.dispose());

const [V2023, V2025] = STABLE_EMPLOYMENT_VERSIONS as [LoanProductVersion, LoanProductVersion];
const CNY = 100;

/** Judged by the version in force on `date`, as an application would be. */
async function judge(facts: EligibilityFacts, date: string): Promise<EligibilityResult> {
  return engine.evaluateEligibility(selectVersion(STABLE_EMPLOYMENT_VERSIONS, date), facts, date);
}

function passed(r: EligibilityResult, code: EligibilityCriterionCode): boolean | undefined {
  return r.criteria.find((c) => c.code === code)?.passed;
}

// 2023 version: applications on 2024-06-15 (reference month 2024-05, baseline 2023-05, year-end 2023-12).
// 2025 version: applications on 2025-06-15 (reference month 2025-05, baseline 2024-05, year-end 2024-12).
const D2023 = '2024-06-15';
const D2025 = '2025-06-15';

describe('the explained result', () => {
  it('lists every criterion with what was seen, what is required and where it came from', async () => {
    const r = await engine.evaluateEligibility(V2023, makeFacts(), D2023, REGISTRY_SOURCES);
    expect(r).toEqual({
      eligible: true,
      productVersion: '2023',
      criteria: [
        { code: 'entity_kind', passed: true, seen: 'enterprise', required: ['enterprise'], source: 'registry.entity' },
        { code: 'operating_period', passed: true, seen: 62, required: 12, source: 'registry.entity' },
        { code: 'pension_contributors', passed: true, seen: 20, required: 10, source: 'registry.headcount' },
        { code: 'headcount_stable', passed: true, seen: 0, required: 0, source: 'registry.headcount' },
        { code: 'wages_on_time', passed: true, seen: 0, required: 0, source: 'registry.wages' },
        { code: 'social_insurance_on_time', passed: true, seen: 0, required: 0, source: 'registry.social_insurance' },
        { code: 'good_credit', passed: true, seen: true, required: true, source: 'bank.credit' },
        { code: 'small_micro', passed: true, seen: 'small', required: ['small', 'micro'], source: 'registry.entity' },
        { code: 'category', passed: true, seen: [1], required: [1, 2, 3, 4], source: 'hr.certification' },
      ],
      offer: { maxLimitFen: 5_000_000 * CNY, rateRange: { min: '3.90', max: '4.00' } },
    });
  });

  it('one label for every criterion when the caller passed the facts itself; no offer when ineligible', async () => {
    const r = await engine.evaluateEligibility(V2025, makeFacts({ goodCredit: false }), D2025, 'facts');
    expect(r.eligible).toBe(false);
    expect(r.offer).toBeUndefined();
    expect(new Set(r.criteria.map((c) => c.source))).toEqual(new Set(['facts']));
    expect(r.criteria.filter((c) => !c.passed).map((c) => c.code)).toEqual(['good_credit']);
  });
});

describe('each criterion at its boundary', () => {
  it.each([
    ['2023-06-15', true], // exactly 12 months
    ['2023-06-16', false], // 11 months and 30 days
  ])('operating since %s on 2024-06-15: %s', async (foundedOn, ok) => {
    const r = await judge(makeFacts({ foundedOn }), D2023);
    expect(passed(r, 'operating_period')).toBe(ok);
    expect(r.criteria.find((c) => c.code === 'operating_period')?.seen).toBe(ok ? 12 : 11);
  });

  it.each([
    ['2023-01-31', '2024-01-31', true],
    ['2023-01-31', '2024-01-30', false],
  ])('founded %s, applying %s (month ends): %s', async (foundedOn, date, ok) => {
    expect(passed(await judge(makeFacts({ foundedOn }), date), 'operating_period')).toBe(ok);
  });

  it.each([
    [10, true],
    [9, false],
  ])('%d pension contributors: %s', async (count, ok) => {
    const r = await judge(makeFacts({ headcount: flatHeadcount('2019-04', '2026-12', count) }), D2023);
    expect(passed(r, 'pension_contributors')).toBe(ok);
    expect(r.eligible).toBe(ok);
  });

  it.each([
    ['equal headcount', {}, true],
    ['one fewer than a year ago', { '2024-05': 19 }, false],
    ['above a year ago but below the year-end', { '2023-05': 18, '2023-12': 21 }, false],
    ['grew', { '2024-05': 25 }, true],
  ])('2023 headcount, %s: %s', async (_name, changes, ok) => {
    const headcount = { ...flatHeadcount('2019-04', '2026-12', 20), ...changes };
    expect(passed(await judge(makeFacts({ headcount }), D2023), 'headcount_stable')).toBe(ok);
  });

  it.each([
    [946, true], // fell 5.4 %
    [945, false], // fell exactly 5.5 %: the fall must be less than the control target
    [1000, true],
  ])('2025 headcount 1000 → %d: %s', async (now, ok) => {
    const headcount = { ...flatHeadcount('2019-04', '2026-12', 1000), '2025-05': now };
    const r = await judge(makeFacts({ headcount }), D2025);
    expect(passed(r, 'headcount_stable')).toBe(ok);
    expect(r.criteria.find((c) => c.code === 'headcount_stable')).toMatchObject({ seen: (1000 - now) / 1000, required: 0.055 });
  });

  it('the same 0.1 % fall fails in 2023 and passes in 2025', async () => {
    const headcount = { ...flatHeadcount('2019-04', '2026-12', 1000), '2024-05': 999, '2025-05': 999 };
    expect(passed(await judge(makeFacts({ headcount }), D2023), 'headcount_stable')).toBe(false);
    expect(passed(await judge(makeFacts({ headcount: { ...flatHeadcount('2019-04', '2026-12', 1000), '2025-05': 999 } }), D2025), 'headcount_stable')).toBe(true);
  });

  it.each([
    [['2023-05'], true], // 13 months before: outside the window
    [['2023-06'], false], // 12 months before the application month
    [['2024-05'], false],
    [['2024-06'], true], // the application month is not yet due
  ])('wages in arrears in %j: %s', async (months, ok) => {
    expect(passed(await judge(makeFacts({ wageArrearsMonths: months }), D2023), 'wages_on_time')).toBe(ok);
    expect(passed(await judge(makeFacts({ socialInsuranceArrearsMonths: months }), D2023), 'social_insurance_on_time')).toBe(ok);
  });

  it.each([
    ['small', true],
    ['micro', true],
    ['medium', false],
    ['large', false],
  ] as const)('size %s: %s', async (sizeClass, ok) => {
    expect(passed(await judge(makeFacts({ sizeClass }), D2023), 'small_micro')).toBe(ok);
  });

  it('needs good credit and one of the four categories', async () => {
    expect(passed(await judge(makeFacts({ goodCredit: false }), D2023), 'good_credit')).toBe(false);
    expect(passed(await judge(makeFacts({ categories: [] }), D2023), 'category')).toBe(false);
    expect(passed(await judge(makeFacts({ categories: [4] }), D2023), 'category')).toBe(true);
  });

  it('a headcount history with gaps fails rather than passing silently', async () => {
    const r = await judge(makeFacts({ headcount: {} }), D2023);
    expect(r.criteria.filter((c) => !c.passed).map((c) => [c.code, c.seen])).toEqual([
      ['pension_contributors', null],
      ['headcount_stable', null],
    ]);
  });
});

describe('individual businesses', () => {
  const owner = (foundedOn: string) => makeFacts({ kind: 'individual_business', foundedOn, sizeClass: 'micro', headcount: flatHeadcount('2023-01', '2026-12', 60) });

  it('are not lent to under 2023, whatever their facts', async () => {
    const r = await judge(owner('2019-01-01'), D2023);
    expect(r.eligible).toBe(false);
    expect(r.criteria.filter((c) => !c.passed).map((c) => c.code)).toEqual(['entity_kind']);
    expect(r.criteria[0]).toMatchObject({ seen: 'individual_business', required: ['enterprise'] });
  });

  it('under 2025 qualify after exactly 6 months, with a limit of at most 10 million CNY', async () => {
    const r = await judge(owner('2024-12-15'), D2025);
    expect(r.eligible).toBe(true);
    expect(r.criteria.find((c) => c.code === 'operating_period')).toMatchObject({ seen: 6, required: 6 });
    expect(r.offer?.maxLimitFen).toBe(10_000_000 * CNY);
    expect((await judge(owner('2024-12-16'), D2025)).eligible).toBe(false);
  });
});

describe('the same firm under each version', () => {
  it('a larger firm gets a higher limit and a lower rate under 2025, never beyond the caps', async () => {
    // 320 pension contributors a year ago and at the year-end, 380 at the end of February 2025
    const facts = makeFacts({ headcount: { ...flatHeadcount('2019-04', '2026-12', 320), ...flatHeadcount('2025-02', '2026-12', 380) } });
    const a = await judge(facts, '2025-03-05');
    const b = await judge(facts, '2025-03-06');
    expect(a.productVersion).toBe('2023');
    expect(b.productVersion).toBe('2025');
    // 2023: ≥ 300 → 30 M, 3.65–3.85; 60 new jobs → 0.20 off
    expect(a.offer).toEqual({ maxLimitFen: 30_000_000 * CNY, rateRange: { min: '3.45', max: '3.65' } });
    // 2025: ≥ 300 → 50 M, 2.90–3.20; 0.20 off, held at the 2.90 floor
    expect(b.offer).toEqual({ maxLimitFen: 50_000_000 * CNY, rateRange: { min: '2.90', max: '3.00' } });
  });
});

describe('LoanDecisionEngine', () => {
  it('compiles a version once and recompiles an edited draft of the same version', async () => {
    expect(engine.compile(V2025)).toBe(engine.compile(V2025));
    const draft = structuredClone(V2025);
    const table = draft.eligibilityDecision.nodes.find((n) => n.id === 'thresholds')?.content as { rules: Record<string, string>[] };
    for (const row of table.rules) {
      row['out-minMonthsOperating'] = '24';
    }
    const facts = makeFacts({ foundedOn: '2023-06-16' });
    expect((await engine.evaluateEligibility(V2025, facts, D2025)).eligible).toBe(true);
    const edited = await engine.evaluateEligibility(draft, facts, D2025);
    expect(edited.criteria.find((c) => c.code === 'operating_period')).toMatchObject({ passed: false, seen: 23, required: 24 });
    expect(edited.eligible).toBe(false);
  });

  it('a graph that cannot be evaluated is a LOAN_DECISION_FAILED, not a crash', async () => {
    const broken = structuredClone(V2023);
    const table = broken.eligibilityDecision.nodes.find((n) => n.id === 'thresholds')?.content as { rules: unknown[] };
    table.rules = table.rules.slice(0, 1); // no row for individual businesses any more
    const attempt = engine.evaluateEligibility(broken, makeFacts({ kind: 'individual_business' }), D2023);
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'LOAN_DECISION_FAILED' });

    const disconnected = structuredClone(V2023);
    disconnected.pricingDecision.edges = [];
    await expect(engine.evaluateEligibility(disconnected, makeFacts(), D2023)).rejects.toMatchObject({ code: 'LOAN_DECISION_FAILED' });

    const unknownNode = structuredClone(V2023);
    unknownNode.eligibilityDecision.nodes[1] = { ...(unknownNode.eligibilityDecision.nodes[1] as LoanProductVersion['eligibilityDecision']['nodes'][number]), type: 'nonsenseNode' };
    expect(() => engine.compile(unknownNode)).toThrow(DomainError);
  });
});
