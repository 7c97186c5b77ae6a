/** Outcome of validateNationalId; birthDate and regionCode are present only when the form is right. */
export type NationalIdResult = { valid: boolean; formOk: boolean; checkOk: boolean; birthDate?: string; regionCode?: string };

const ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// Indexed by S mod 11.
const ID_CHECK_CHARS = '10X98765432';
const MIN_BIRTH = '19000101';
const MAX_BIRTH = '21001231';

/** The 18th (check) character for 17 digits of a GB 11643 citizen ID; throws RangeError otherwise. */
export function nationalIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('nationalIdCheckChar: expected 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  }
  return ID_CHECK_CHARS.charAt(sum % 11);
}

// A real calendar date within the accepted range; a pure function cannot know "today", so the range is fixed.
function isBirthDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd) || yyyymmdd < MIN_BIRTH || yyyymmdd > MAX_BIRTH) {
    return false;
  }
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Validates an 18-character citizen ID (GB 11643): form, real birth date in 1900–2100, and check character; lower-case x accepted. */
export function validateNationalId(input: string): NationalIdResult {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { valid: false, formOk: false, checkOk: false };
  }
  // The check is computed whenever it can be, so a caller can tell a bad date from a typo.
  const checkOk = nationalIdCheckChar(id.slice(0, 17)) === id.charAt(17);
  const birth = id.slice(6, 14);
  if (!isBirthDate(birth)) {
    return { valid: false, formOk: false, checkOk };
  }
  return {
    valid: checkOk,
    formOk: true,
    checkOk,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    regionCode: id.slice(0, 6),
  };
}

/** Builds a valid synthetic citizen ID from a 6-digit region, an 8-digit birth date and a 3-digit sequence. */
export function makeNationalId(region6: string, birth8: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6)) {
    throw new RangeError('makeNationalId: region must be 6 digits');
  }
  if (!isBirthDate(birth8)) {
    throw new RangeError('makeNationalId: birth date must be a real date YYYYMMDD in 1900..2100');
  }
  if (!/^\d{3}$/.test(seq3)) {
    throw new RangeError('makeNationalId: sequence must be 3 digits');
  }
  const first17 = region6 + birth8 + seq3;
  return first17 + nationalIdCheckChar(first17);
}

/** Normalizes a mainland mobile ('13800138000') or landline ('0635-8888888') number; null when it is neither. */
export function normalizePhone(input: string): string | null {
  // NFKC folds full-width digits and brackets; separators people type are dropped.
  let digits = input.normalize('NFKC').replace(/[\s\-()]/g, '');
  let international = false;
  if (digits.startsWith('+86')) {
    digits = digits.slice(3);
    international = true;
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4);
    international = true;
  }
  if (/^1[3-9]\d{9}$/.test(digits)) {
    return digits;
  }
  // Dialled from abroad a landline drops its trunk '0': +86 635 8888888.
  if (international && !digits.startsWith('0')) {
    digits = `0${digits}`;
  }
  // Area codes are prefix-free: 010 and 02x have three digits, every other (03x–09x) has four.
  // Local numbers are 7–8 digits and never start with 0 or 1.
  const landline = /^(0(?:10|2\d)|0[3-9]\d{2})([2-9]\d{6,7})$/.exec(digits);
  if (landline) {
    return `${landline[1] ?? ''}-${landline[2] ?? ''}`;
  }
  return null;
}
