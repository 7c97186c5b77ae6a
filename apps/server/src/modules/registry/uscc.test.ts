import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { USCC_ALPHABET, makeUscc, usccCheckChar, validateUscc } from './uscc';

// Published codes, each confirmed by computing its check character (not guessed).
const REAL_CODES: readonly (readonly [string, string])[] = [
  ['华为技术有限公司', '914403001922038216'],
  ['腾讯科技（深圳）有限公司', '9144030071526726XG'],
  ['深圳市腾讯计算机系统有限公司', '91440300708461136T'],
  ['阿里巴巴（中国）网络技术有限公司', '91330100716105852F'],
  ['小米通讯技术有限公司', '91110108558521630L'],
  ['比亚迪股份有限公司', '91440300192317458F'],
  ['华东师范大学 (public institution, department 1)', '12100000425006133D'],
];
const STANDARD_EXAMPLE = '91350100M000100Y43';
// Letters in positions 9–18 exercise letter substitutions too.
const TYPO_SUBJECTS = [STANDARD_EXAMPLE, '914403001922038216', '9144030071526726XG', '12100000425006133D'];

const alphabetChar = fc.constantFrom(...USCC_ALPHABET.split(''));
const alphabetString = (length: number) => fc.array(alphabetChar, { minLength: length, maxLength: length }).map((cs) => cs.join(''));
const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));

function substitutions(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    for (const c of USCC_ALPHABET) {
      if (c !== code[i]) {
        out.push(code.slice(0, i) + c + code.slice(i + 1));
      }
    }
  }
  return out;
}

describe('usccCheckChar', () => {
  it("computes the standard's worked example: 91350100M000100Y4 → S = 1640 → '3'", () => {
    // Weights written out from the standard's table, independent of the implementation's 3^i mod 31.
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const s = [...'91350100M000100Y4'].reduce((sum, c, i) => sum + USCC_ALPHABET.indexOf(c) * (weights[i] ?? 0), 0);
    expect(s).toBe(1640);
    expect((31 - (s % 31)) % 31).toBe(3);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it.each(REAL_CODES)('gives the published check character of %s', (_name, code) => {
    expect(usccCheckChar(code.slice(0, 17))).toBe(code.slice(17));
  });

  it.each([
    ['16 characters', '91350100M000100Y'],
    ['18 characters', STANDARD_EXAMPLE],
    ['a letter outside the alphabet', '91350100M000100O4'],
    ['lower case', '91350100m000100y4'],
    ['a space', '91350100M000100 4'],
  ])('throws RangeError on %s', (_label, bad) => {
    expect(() => usccCheckChar(bad)).toThrow(RangeError);
  });
});

describe('validateUscc', () => {
  it("accepts the standard's example with its check '3'", () => {
    expect(validateUscc(STANDARD_EXAMPLE)).toEqual({
      valid: true,
      formOk: true,
      checkOk: true,
      expectedCheck: '3',
      kind: 'enterprise',
      registeringDepartment: '9',
      registeringRegion: '350100',
      orgCodeCheckOk: true,
    });
  });

  it.each(REAL_CODES)('accepts the published code of %s', (_name, code) => {
    const result = validateUscc(code);
    expect(result.valid).toBe(true);
    expect(result.orgCodeCheckOk).toBe(true);
  });

  it('reads kind, department and region from the code', () => {
    expect(validateUscc('914403001922038216')).toMatchObject({ kind: 'enterprise', registeringDepartment: '9', registeringRegion: '440300' });
    expect(validateUscc('12100000425006133D')).toMatchObject({ kind: 'other', registeringDepartment: '1', registeringRegion: '100000' });
    expect(validateUscc(makeUscc('92', '371502', 'L1234567'))).toMatchObject({ valid: true, kind: 'individual_business' });
    expect(validateUscc(makeUscc('93', '371521', 'MA3C0001'))).toMatchObject({ valid: true, kind: 'farmers_cooperative' });
    expect(validateUscc(makeUscc('9Y', '371502', '00000001'))).toMatchObject({ valid: true, kind: 'other' });
    expect(validateUscc(makeUscc('51', '371502', '50000001'))).toMatchObject({ valid: true, kind: 'other', registeringDepartment: '5' });
  });

  it('accepts a retired registering region (茌平县 371523) without checking it', () => {
    expect(validateUscc(makeUscc('91', '371523', 'MA3C1234'))).toMatchObject({ valid: true, registeringRegion: '371523' });
    expect(validateUscc(makeUscc('91', '999999', 'MA3C1234')).valid).toBe(true);
  });

  it('reports a wrong check character as checkOk false with the expected character', () => {
    expect(validateUscc('914403001922038217')).toMatchObject({ valid: false, formOk: true, checkOk: false, expectedCheck: '6' });
  });

  it('keeps a code valid when only the inner GB 11714 check fails (early pilot codes)', () => {
    const first16 = '9144030019220382';
    const wrongInner = `${first16}2`;
    const code = wrongInner + usccCheckChar(wrongInner);
    expect(validateUscc(code)).toMatchObject({ valid: true, checkOk: true, orgCodeCheckOk: false });
  });

  it('trims and upper-cases its input', () => {
    expect(validateUscc(' 9144030071526726xg\n').valid).toBe(true);
    expect(validateUscc('91350100m000100y43').valid).toBe(true);
  });

  it.each(TYPO_SUBJECTS)('catches every single-character substitution of %s', (code) => {
    const typos = substitutions(code);
    expect(typos).toHaveLength(18 * 30);
    for (const typo of typos) {
      const result = validateUscc(typo);
      expect(result.valid, typo).toBe(false);
      // Where the typo keeps the form, it is the check character (not luck in the form) that catches it.
      if (result.formOk) {
        expect(result.checkOk, typo).toBe(false);
      }
    }
  });

  it('catches every substitution in any valid code (property)', () => {
    fc.assert(
      fc.property(alphabetString(2), digits(6), alphabetString(8), fc.nat(17), fc.nat(29), (prefix, region, body, pos, shift) => {
        const code = makeUscc(prefix, region, body);
        const at = USCC_ALPHABET.indexOf(code.charAt(pos));
        const replacement = USCC_ALPHABET.charAt((at + 1 + shift) % 31);
        return !validateUscc(code.slice(0, pos) + replacement + code.slice(pos + 1)).valid;
      }),
    );
  });

  it('catches every adjacent transposition within the first 17 characters', () => {
    for (const code of TYPO_SUBJECTS) {
      for (let i = 0; i < 16; i++) {
        if (code[i] !== code[i + 1]) {
          const swapped = code.slice(0, i) + code.charAt(i + 1) + code.charAt(i) + code.slice(i + 2);
          expect(validateUscc(swapped).valid, swapped).toBe(false);
        }
      }
    }
  });

  it.each([
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y433'],
    ['empty', ''],
    ['an inner space', '91350100 M000100Y43'],
    ['a dash', '91350100-M000100Y4'],
    ['a letter in the region (position 3)', '91A50100M000100Y43'],
    ['a letter in the region (position 8)', '9135010BM000100Y43'],
    ['a full-width digit', '９1350100M000100Y43'],
  ])('rejects a wrong form: %s', (_label, bad) => {
    expect(validateUscc(bad)).toEqual({ valid: false, formOk: false, checkOk: false });
  });

  it.each(['I', 'O', 'S', 'V', 'Z', 'i', 'o', 's', 'v', 'z'])('rejects the excluded letter %s in every letter position', (letter) => {
    for (const pos of [0, 1, 8, 12, 16, 17]) {
      const bad = STANDARD_EXAMPLE.slice(0, pos) + letter + STANDARD_EXAMPLE.slice(pos + 1);
      expect(validateUscc(bad).formOk, bad).toBe(false);
    }
  });
});

describe('makeUscc', () => {
  it("rebuilds the standard's example, including the inner check '4'", () => {
    expect(makeUscc('91', '350100', 'M000100Y')).toBe(STANDARD_EXAMPLE);
  });

  it('rebuilds published codes from their parts', () => {
    for (const [, code] of REAL_CODES) {
      expect(makeUscc(code.slice(0, 2), code.slice(2, 8), code.slice(8, 16))).toBe(code);
    }
  });

  it('always produces a code that validates, inner check included (property)', () => {
    fc.assert(
      fc.property(alphabetString(2), digits(6), alphabetString(8), (prefix, region, body) => {
        const result = validateUscc(makeUscc(prefix, region, body));
        return result.valid && result.orgCodeCheckOk === true && result.registeringRegion === region;
      }),
    );
  });

  it.each([
    ['a short prefix', '9', '371502', 'MA3C1234'],
    ['an excluded letter in the prefix', '9I', '371502', 'MA3C1234'],
    ['a letter in the region', '91', '37150A', 'MA3C1234'],
    ['a 5-digit region', '91', '37150', 'MA3C1234'],
    ['a 7-character body', '91', '371502', 'MA3C123'],
    ['an excluded letter in the body', '91', '371502', 'MA3C123O'],
    ['a lower-case body', '91', '371502', 'ma3c1234'],
  ])('throws RangeError on %s', (_label, prefix, region, body) => {
    expect(() => makeUscc(prefix, region, body)).toThrow(RangeError);
  });
});
