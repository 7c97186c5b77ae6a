import { describe, expect, it } from 'vitest';
import { deriveIndicators } from './facts';
import { flatHeadcount, makeFacts } from './test-factories';

// Application on 2024-06-15: reference month 2024-05, year-ago baseline 2023-05, last year-end 2023-12,
// arrears window 2023-06 … 2024-05.
const DATE = '2024-06-15';

describe('deriveIndicators', () => {
  it('reads the month before the application month, 12 months earlier and the last year-end', () => {
    const headcount = { ...flatHeadcount('2023-01', '2024-06', 50), '2023-05': 40, '2023-12': 60, '2024-05': 57, '2024-06': 99 };
    const i = deriveIndicators(makeFacts({ headcount }), DATE);
    expect(i).toMatchObject({
      referenceMonth: '2024-05',
      headcountNow: 57,
      headcountNowMonth: '2024-05',
      headcountYearAgo: 40,
      headcountYearAgoMonth: '2023-05',
      lastYearEndHeadcount: 60,
      lastYearEndMonth: '2023-12',
      jobsAdded: 17,
    });
    // the larger fall: against the year-end, (60 − 57) / 60
    expect(i.headcountDecline).toBeCloseTo(0.05, 12);
  });

  it('a headcount stays until it changes: the latest month on record counts', () => {
    const i = deriveIndicators(makeFacts({ foundedOn: '2020-01-01', headcount: { '2022-01': 30, '2024-02': 33 } }), DATE);
    expect(i).toMatchObject({ headcountNow: 33, headcountNowMonth: '2024-02', headcountYearAgo: 30, headcountYearAgoMonth: '2022-01', lastYearEndHeadcount: 30 });
    expect(i.headcountDecline).toBeCloseTo(-0.1, 12);
  });

  it('a firm younger than a year is measured from its first month on record, without a year-end', () => {
    const i = deriveIndicators(makeFacts({ kind: 'individual_business', foundedOn: '2023-12-10', headcount: { '2024-01': 12, '2024-05': 12 } }), DATE);
    expect(i).toMatchObject({ monthsOperating: 6, headcountYearAgo: 12, headcountYearAgoMonth: '2024-01', lastYearEndHeadcount: null, headcountDecline: 0 });
    const newer = deriveIndicators(makeFacts({ kind: 'individual_business', foundedOn: '2024-01-05', headcount: { '2024-01': 12, '2024-05': 11 } }), DATE);
    expect(newer).toMatchObject({ lastYearEndHeadcount: null, headcountYearAgoMonth: '2024-01' });
    expect(newer.headcountDecline).toBeCloseTo(1 / 12, 12);
  });

  it('missing figures for an older firm do not pass silently: the decline is unknown', () => {
    expect(deriveIndicators(makeFacts({ foundedOn: '2019-01-01', headcount: flatHeadcount('2024-01', '2024-05', 20) }), DATE).headcountDecline).toBeNull();
    expect(deriveIndicators(makeFacts({ headcount: {} }), DATE)).toMatchObject({ headcountNow: null, headcountDecline: null, jobsAdded: 0 });
  });

  it('counts arrears months in the 12 months before the application month, once each', () => {
    const i = deriveIndicators(
      makeFacts({ wageArrearsMonths: ['2023-05', '2023-06', '2024-05', '2024-05', '2024-06'], socialInsuranceArrearsMonths: ['2023-05', '2024-06'] }),
      DATE,
    );
    expect(i.wageArrearsMonths).toBe(2); // 2023-06 and 2024-05; 2023-05 is too old, 2024-06 not yet due
    expect(i.socialInsuranceArrearsMonths).toBe(0);
  });

  it('categories come back sorted without repeats; a zero baseline is no fall', () => {
    const i = deriveIndicators(makeFacts({ categories: [4, 1, 4], headcount: { ...flatHeadcount('2019-04', '2024-05', 0), '2024-05': 3 } }), DATE);
    expect(i.categories).toEqual([1, 4]);
    expect(i.headcountDecline).toBe(0);
  });

  it('refuses a headcount zen-engine could not take', () => {
    expect(() => deriveIndicators(makeFacts({ headcount: { '2024-05': 1e21 } }), DATE)).toThrow(RangeError);
  });
});
