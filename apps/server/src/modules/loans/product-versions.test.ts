import { describe, expect, it } from 'vitest';
import type { LoanProductVersion } from '@zhengqi/contracts/loans';
import { DomainError } from '../../platform/errors/domain-error';
import { compileFastDecision } from './fast-decision';
import { STABLE_EMPLOYMENT_VERSIONS, selectVersion } from './product-versions';

const [V2023, V2025] = STABLE_EMPLOYMENT_VERSIONS as [LoanProductVersion, LoanProductVersion];

describe('selectVersion', () => {
  it.each([
    ['2023-01-01', '2023'],
    ['2025-03-05', '2023'],
    ['2025-03-06', '2025'],
    ['2030-12-31', '2025'],
  ])('on %s the version in force is %s', (date, version) => {
    expect(selectVersion(STABLE_EMPLOYMENT_VERSIONS, date).version).toBe(version);
    expect(selectVersion([...STABLE_EMPLOYMENT_VERSIONS].reverse(), date).version).toBe(version);
  });

  it('before the first version there is none', () => {
    expect(() => selectVersion(STABLE_EMPLOYMENT_VERSIONS, '2022-12-31')).toThrow(DomainError);
    try {
      selectVersion(STABLE_EMPLOYMENT_VERSIONS, '2022-12-31');
    } catch (e) {
      expect(e).toMatchObject({ code: 'LOAN_PRODUCT_NOT_IN_FORCE', opts: { field: 'date', detail: 'stable-employment on 2022-12-31' } });
    }
  });

  it('honours an end date (inclusive) when no later version follows', () => {
    const ended = [{ ...V2023, effectiveTo: '2024-12-31' }];
    expect(selectVersion(ended, '2024-12-31').version).toBe('2023');
    expect(() => selectVersion(ended, '2025-01-01')).toThrow(DomainError);
    expect(() => selectVersion([], '2025-01-01')).toThrow(DomainError);
  });
});

type Table = { rules: Record<string, string>[] };
const thresholds = (v: LoanProductVersion) => v.eligibilityDecision.nodes.find((n) => n.id === 'thresholds')?.content as Table;

describe('the shipped versions', () => {
  it('carry the programme terms', () => {
    for (const v of [V2023, V2025]) {
      expect(v).toMatchObject({
        productCode: 'stable-employment',
        bank: { code: 'BOC', name: '中国银行聊城分行' },
        termsMonths: [12, 24, 36],
        dayCount: 'ACT/360',
        certificationRequired: true,
        rateCap: '4.00',
      });
    }
    expect(V2023).toMatchObject({ policyBasis: '人社厅函〔2022〕164号', maxLimitFen: { enterprise: 3_000_000_000 }, rateFloor: null });
    expect(V2025).toMatchObject({ policyBasis: '人社厅函〔2025〕25号', effectiveFrom: '2025-03-06', maxLimitFen: { enterprise: 5_000_000_000, individual_business: 1_000_000_000 }, rateFloor: '2.90' });
  });

  it('lend, in the eligibility table, to exactly the kinds that have a limit cap', () => {
    for (const v of [V2023, V2025]) {
      const allowed = thresholds(v)
        .rules.filter((r) => r['out-kindAllowed'] === 'true')
        .map((r) => JSON.parse(r['in-kind'] ?? '""') as string);
      expect(allowed.sort()).toEqual(Object.keys(v.maxLimitFen).sort());
    }
  });

  it('keep the 2025 headcount tolerance (5.5 %) and the 6 months for individual businesses as table data', () => {
    const rows = thresholds(V2025).rules;
    expect(rows.map((r) => r['out-headcountDeclineTolerance'])).toEqual(['0.055', '0.055', '0.055']);
    expect(rows.find((r) => r['in-kind'] === '"individual_business"')?.['out-minMonthsOperating']).toBe('6');
    expect(thresholds(V2023).rules.map((r) => r['out-headcountDeclineTolerance'])).toEqual(['0', '0']);
  });

  it('are in the shape the screening fast path understands', () => {
    expect(compileFastDecision(V2023)).not.toBeNull();
    expect(compileFastDecision(V2025)).not.toBeNull();
  });
});
