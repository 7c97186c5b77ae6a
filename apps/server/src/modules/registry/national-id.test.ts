import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { makeNationalId, nationalIdCheckChar, normalizePhone, validateNationalId } from './national-id';

// GB 11643-1999's own example, then synthetic IDs whose check characters were computed from the
// weights in DOMAIN.md (e.g. 37150219800101123 → S = 222, 222 mod 11 = 2 → 'X').
const STANDARD_EXAMPLE = '11010519491231002X';
const VALID_IDS = [STANDARD_EXAMPLE, '37150219800101123X', '371521200002290452', '130534199912317774', '11010219840406970X'];

const regionArb = fc.stringMatching(/^[1-8]\d{5}$/);
const birthArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
const seqArb = fc.stringMatching(/^\d{3}$/);

describe('nationalIdCheckChar', () => {
  it('maps S mod 11 through 1 0 X 9 8 7 6 5 4 3 2', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    expect([...'37150219800101123'].reduce((sum, d, i) => sum + Number(d) * (weights[i] ?? 0), 0)).toBe(222);
    expect(nationalIdCheckChar('11010519491231002')).toBe('X');
    expect(nationalIdCheckChar('37150219800101123')).toBe('X');
    expect(nationalIdCheckChar('37152120000229045')).toBe('2');
    expect(nationalIdCheckChar('44052418800101001')).toBe('4');
    // All zeros: S = 0 → '1'.
    expect(nationalIdCheckChar('00000000000000000')).toBe('1');
    // Only position 8 (weight 1) set to 1: S = 1 → '0'.
    expect(nationalIdCheckChar('00000001000000000')).toBe('0');
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100X', '1101051949123100a', ''])('throws RangeError on %j', (bad) => {
    expect(() => nationalIdCheckChar(bad)).toThrow(RangeError);
  });
});

describe('validateNationalId', () => {
  it("accepts the standard's example and reads birth date and region", () => {
    expect(validateNationalId(STANDARD_EXAMPLE)).toEqual({
      valid: true,
      formOk: true,
      checkOk: true,
      birthDate: '1949-12-31',
      regionCode: '110105',
    });
  });

  it.each(VALID_IDS)('accepts %s', (id) => {
    expect(validateNationalId(id).valid).toBe(true);
  });

  it('accepts a lower-case x and surrounding whitespace', () => {
    expect(validateNationalId('11010519491231002x')).toMatchObject({ valid: true, birthDate: '1949-12-31' });
    expect(validateNationalId(' 37150219800101123x\n').valid).toBe(true);
  });

  it('reports a wrong check character with checkOk false but a readable birth date', () => {
    expect(validateNationalId('371502198001011234')).toEqual({
      valid: false,
      formOk: true,
      checkOk: false,
      birthDate: '1980-01-01',
      regionCode: '371502',
    });
  });

  it.each(VALID_IDS)('catches every single-character substitution of %s', (id) => {
    let count = 0;
    for (let i = 0; i < 18; i++) {
      for (const c of '0123456789X') {
        if (c === id[i]) {
          continue;
        }
        const typo = id.slice(0, i) + c + id.slice(i + 1);
        count++;
        const result = validateNationalId(typo);
        expect(result.valid, typo).toBe(false);
        // A digit typo in the first 17 always breaks the mod-11 check, even where the date stays real.
        if (i < 17 && c !== 'X') {
          expect(result.checkOk, typo).toBe(false);
        }
      }
    }
    expect(count).toBe(18 * 10);
  });

  it.each([
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['the old 15-digit form', '110105491231002'],
    ['X before the end', '1101051949123100X2'],
    ['an inner space', '110105 19491231002X'],
    ['a letter other than X', '11010519491231002Y'],
    ['empty', ''],
  ])('rejects a wrong form: %s', (_label, bad) => {
    expect(validateNationalId(bad)).toEqual({ valid: false, formOk: false, checkOk: false });
  });

  it.each([
    ['month 13', '371502', '19801301'],
    ['day 0', '371502', '19800100'],
    ['30 February', '371502', '19800230'],
    ['29 February in a common year', '371502', '19000229'],
    ['before 1900', '371502', '18991231'],
    ['after 2100', '371502', '21010101'],
  ])('rejects an impossible birth date (%s) even with a correct check', (_label, region, birth) => {
    const first17 = `${region}${birth}123`;
    const id = first17 + nationalIdCheckChar(first17);
    expect(validateNationalId(id)).toEqual({ valid: false, formOk: false, checkOk: true });
  });

  it("rejects the standard's 1880 example: a real date, but outside 1900–2100", () => {
    expect(validateNationalId('440524188001010014')).toEqual({ valid: false, formOk: false, checkOk: true });
  });

  it('accepts 29 February in a leap year and the range ends', () => {
    expect(validateNationalId(makeNationalId('371502', '20000229', '001')).birthDate).toBe('2000-02-29');
    expect(validateNationalId(makeNationalId('371502', '19000101', '001')).valid).toBe(true);
    expect(validateNationalId(makeNationalId('371502', '21001231', '001')).valid).toBe(true);
  });
});

describe('makeNationalId', () => {
  it('builds the expected IDs', () => {
    expect(makeNationalId('110105', '19491231', '002')).toBe(STANDARD_EXAMPLE);
    expect(makeNationalId('371502', '19800101', '123')).toBe('37150219800101123X');
  });

  it('always builds an ID that validates with its parts (property)', () => {
    fc.assert(
      fc.property(regionArb, birthArb, seqArb, (region, birth, seq) => {
        const result = validateNationalId(makeNationalId(region, birth, seq));
        return result.valid && result.regionCode === region && result.birthDate?.replace(/-/g, '') === birth;
      }),
    );
  });

  it('catches any single substitution in any built ID (property)', () => {
    fc.assert(
      fc.property(regionArb, birthArb, seqArb, fc.nat(17), fc.constantFrom(...'0123456789X'), (region, birth, seq, pos, c) => {
        const id = makeNationalId(region, birth, seq);
        fc.pre(id[pos] !== c);
        return !validateNationalId(id.slice(0, pos) + c + id.slice(pos + 1)).valid;
      }),
    );
  });

  it.each([
    ['a 5-digit region', '37150', '19800101', '123'],
    ['a non-digit region', '37150A', '19800101', '123'],
    ['an impossible date', '371502', '19800231', '123'],
    ['a dashed date', '371502', '1980-01-01', '123'],
    ['a 2-digit sequence', '371502', '19800101', '12'],
  ])('throws RangeError on %s', (_label, region, birth, seq) => {
    expect(() => makeNationalId(region, birth, seq)).toThrow(RangeError);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086 199 1234 5678', '19912345678'],
    ['１３８００１３８０００', '13800138000'],
    ['0635-8888888', '0635-8888888'],
    ['06358888888', '0635-8888888'],
    ['(0635) 8888888', '0635-8888888'],
    ['0635-88888888', '0635-88888888'],
    ['010-62345678', '010-62345678'],
    ['02162345678', '021-62345678'],
    ['+86 635 8888888', '0635-8888888'],
    ['+86-10-62345678', '010-62345678'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['a mobile with a 2nd digit of 2', '12800138000'],
    ['a 10-digit mobile', '1380013800'],
    ['a 12-digit mobile', '138001380001'],
    ['a landline without area code', '8888888'],
    ['a local number starting with 0', '0635-0888888'],
    ['a local number starting with 1', '0635-1888888'],
    ['a local number too short', '0635-888888'],
    ['a local number too long', '0635-888888888'],
    ['an unassigned 01x area code', '011-62345678'],
    ['letters', '138abcd8000'],
    ['an extension', '0635-8888888-123'],
    ['a foreign number', '+1 202 555 0100'],
  ])('rejects %s', (_label, input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('is idempotent on its own output (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^0[3-9]\d{2}-[2-9]\d{6,7}$/)), (phone) => {
        const once = normalizePhone(phone);
        return once === phone && normalizePhone(once) === once;
      }),
    );
  });
});
