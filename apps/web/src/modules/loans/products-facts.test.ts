import { describe, expect, it } from 'vitest';
import { HEADCOUNT_MONTHS, addMonths, arrearsWindowOf, factsOf, headcountMonthsOf, presetFacts } from './products-facts';

describe('the test panel’s months', () => {
  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -14, '2025-01'],
  ])('%s plus %i months is %s', (m, k, want) => {
    expect(addMonths(m, k)).toBe(want);
  });

  it('asks for the 13 month ends up to the month before the application, oldest first', () => {
    const months = headcountMonthsOf('2026-01-15');
    expect(months).toHaveLength(HEADCOUNT_MONTHS);
    expect(months[0]).toBe('2024-12');
    expect(months.at(-1)).toBe('2025-12');
    expect(arrearsWindowOf('2026-01-15')).toEqual(['2025-12', '2025-11', '2025-10', '2025-09', '2025-08', '2025-07', '2025-06', '2025-05', '2025-04', '2025-03', '2025-02', '2025-01']);
  });
});

describe('sample facts', () => {
  it('leave out months without a figure and arrears outside the last 12 months', () => {
    const s = { ...presetFacts('textile', '2026-11-27'), wageArrearsMonths: ['2026-10', '2025-10'], headcounts: [null, ...Array<number>(12).fill(50)] };
    const facts = factsOf(s);
    expect(Object.keys(facts.headcount)).toHaveLength(12);
    expect(facts.headcount['2025-10']).toBeUndefined();
    expect(facts.headcount['2026-10']).toBe(50);
    expect(facts.wageArrearsMonths).toEqual(['2026-10']);
  });

  it('an individual business 8 months old has figures only since its founding month', () => {
    const s = presetFacts('individual', '2026-11-27');
    expect(s.foundedOn).toBe('2026-03-27');
    const facts = factsOf(s);
    expect(Object.keys(facts.headcount).sort()).toEqual(['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
  });

  it('the month is shortened, not overflowed, when the day does not exist eight months earlier', () => {
    expect(presetFacts('individual', '2026-10-31').foundedOn).toBe('2026-02-28');
  });

  it('headcount fell 10 % against twelve months earlier and the last year end', () => {
    const facts = factsOf(presetFacts('fell10', '2026-11-27'));
    expect(facts.headcount['2025-10']).toBe(200);
    expect(facts.headcount['2025-12']).toBe(200);
    expect(facts.headcount['2026-10']).toBe(180);
  });

  it('the textile firm grows and has no arrears', () => {
    const facts = factsOf(presetFacts('textile', '2026-11-27'));
    expect(facts.headcount['2025-10']).toBe(112);
    expect(facts.headcount['2026-10']).toBe(120);
    expect(facts.wageArrearsMonths).toEqual([]);
    expect(facts.socialInsuranceArrearsMonths).toEqual([]);
  });
});
