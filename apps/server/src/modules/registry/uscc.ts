/** The 31 characters of GB 32100-2015, in value order (0–30): no I, O, S, V, Z. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** What the first two characters say the registrant is. */
export type UsccKind = 'enterprise' | 'individual_business' | 'farmers_cooperative' | 'other';

/** Outcome of validateUscc; the parts after formOk are present only when the form is right. */
export type UsccResult = {
  valid: boolean;
  formOk: boolean;
  checkOk: boolean;
  expectedCheck?: string;
  kind?: UsccKind;
  registeringDepartment?: string;
  registeringRegion?: string;
  orgCodeCheckOk?: boolean;
};

const USCC_FORM = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const ALPHABET_RE = /^[0-9A-HJ-NPQRTUWXY]*$/;
// W[i] = 3^i mod 31, i = 0..16.
const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) {
    w = (w * 3) % 31;
  }
  return w;
});
const ORG_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th (check) character for the first 17 characters of a code; throws RangeError on a bad length or character. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17 || !ALPHABET_RE.test(first17)) {
    throw new RangeError(`usccCheckChar: expected 17 characters from ${USCC_ALPHABET}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

// GB 11714 values the body over the full Latin alphabet (A=10 … Z=35), not over the USCC alphabet.
function orgCodeValue(c: string): number {
  return /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
}

function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += orgCodeValue(body8.charAt(i)) * (ORG_CODE_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  if (check === 10) {
    return 'X';
  }
  return check === 11 ? '0' : String(check);
}

function kindOf(department: string, category: string): UsccKind {
  if (department !== '9') {
    return 'other';
  }
  switch (category) {
    case '1':
      return 'enterprise';
    case '2':
      return 'individual_business';
    case '3':
      return 'farmers_cooperative';
    default:
      return 'other';
  }
}

/** Validates a unified social credit code (GB 32100-2015) after trimming and upper-casing; a failed check is reported, not thrown. */
export function validateUscc(input: string): UsccResult {
  const code = input.trim().toUpperCase();
  if (!USCC_FORM.test(code)) {
    return { valid: false, formOk: false, checkOk: false };
  }
  const expectedCheck = usccCheckChar(code.slice(0, 17));
  const checkOk = code.charAt(17) === expectedCheck;
  const department = code.charAt(0);
  return {
    valid: checkOk,
    formOk: true,
    checkOk,
    expectedCheck,
    kind: kindOf(department, code.charAt(1)),
    registeringDepartment: department,
    // The office's region at registration: it may be a retired code, so it is never checked against today's list.
    registeringRegion: code.slice(2, 8),
    // Informational: some lawful early codes fail the inner check, so it never decides validity.
    orgCodeCheckOk: orgCodeCheckChar(code.slice(8, 16)) === code.charAt(16),
  };
}

/** Builds a valid synthetic code from a 2-char prefix, a 6-digit region and an 8-char organisation body (both checks computed). */
export function makeUscc(prefix2: string, region6: string, orgBody8: string): string {
  if (prefix2.length !== 2 || !ALPHABET_RE.test(prefix2)) {
    throw new RangeError(`makeUscc: prefix must be 2 characters from ${USCC_ALPHABET}`);
  }
  if (!/^\d{6}$/.test(region6)) {
    throw new RangeError('makeUscc: region must be 6 digits');
  }
  if (orgBody8.length !== 8 || !ALPHABET_RE.test(orgBody8)) {
    throw new RangeError(`makeUscc: organisation body must be 8 characters from ${USCC_ALPHABET}`);
  }
  const first17 = prefix2 + region6 + orgBody8 + orgCodeCheckChar(orgBody8);
  return first17 + usccCheckChar(first17);
}
