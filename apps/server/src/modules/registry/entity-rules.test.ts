import { describe, expect, it } from 'vitest';
import type { EntityCreateBody } from '@zhengqi/contracts/entities';
import { checkEntityInput, checkUsccForSave } from './entity-rules';
import { makeUscc } from './uscc';

const valid = makeUscc('91', '371526', 'MA3C0001');
const wrongCheck = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');

describe('USCC on save', () => {
  it('a valid code saves without a reason', () => {
    expect(checkUsccForSave(valid, { overrideReason: undefined, canOverride: false }).issues).toEqual([]);
  });
  it('a wrong form is rejected even with the override permission', () => {
    const r = checkUsccForSave('91371526MA3C0001', { overrideReason: 'pilot', canOverride: true });
    expect(r.issues.map((i) => i.code)).toEqual(['USCC_FORM_INVALID']);
  });
  it('a wrong check character needs a reason and names the expected character', () => {
    const r = checkUsccForSave(wrongCheck, { overrideReason: undefined, canOverride: true });
    expect(r.issues[0]?.code).toBe('USCC_CHECK_MISMATCH');
    expect(r.issues[0]?.messageEn).toContain(`should be ${valid.slice(-1)}`);
  });
  it('a reason without the permission is refused', () => {
    const r = checkUsccForSave(wrongCheck, { overrideReason: 'early pilot code', canOverride: false });
    expect(r.issues[0]?.code).toBe('USCC_OVERRIDE_FORBIDDEN');
  });
  it('a reason with the permission is accepted', () => {
    expect(checkUsccForSave(wrongCheck, { overrideReason: 'early pilot code', canOverride: true }).issues).toEqual([]);
  });
});

describe('entity input', () => {
  const base: EntityCreateBody = {
    uscc: valid, name: '高唐测试有限公司', kind: 'enterprise', foundedOn: '2020-05-01', regionCode: '371526',
    industrySection: 'C', sizeClass: 'small', tags: [],
  };
  const opts = { canOverride: false, regionExists: (c: string) => c !== '999999', regionInJurisdiction: (c: string) => c === '371526', today: '2026-11-28' };
  it('passes a sound record', () => {
    expect(checkEntityInput(base, opts)).toEqual([]);
  });
  it('flags a region outside the jurisdiction, an unknown region and a future founding date', () => {
    expect(checkEntityInput({ ...base, regionCode: '371502' }, opts).map((i) => i.code)).toEqual(['OUT_OF_JURISDICTION']);
    expect(checkEntityInput({ ...base, regionCode: '999999' }, opts).map((i) => i.code)).toEqual(['REGION_UNKNOWN']);
    expect(checkEntityInput({ ...base, foundedOn: '2026-12-01' }, opts).map((i) => i.field)).toEqual(['foundedOn']);
  });
  it('flags a month reported twice', () => {
    const r = checkEntityInput({ ...base, headcounts: [{ month: '2026-01', pensionContributors: 10 }, { month: '2026-01', pensionContributors: 11 }] }, opts);
    expect(r.map((i) => i.field)).toEqual(['headcounts']);
  });
});
