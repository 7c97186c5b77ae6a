// Masking stays independent of modules/registry (platform must not import modules), so it
// recognizes phone shapes itself instead of calling normalizePhone.

type Masker = (value: string) => string;

const ID_FIELDS = ['nationalId', 'idNumber', 'idCardNumber', 'idCardNo', 'idNo', 'citizenId', 'identityNumber'] as const;
const PHONE_FIELDS = ['phone', 'mobile', 'mobilePhone', 'phoneNumber', 'telephone', 'tel', 'landline', 'contactPhone'] as const;

/** Field names whose values maskPii masks; names of 5+ characters also match as a suffix (contactPhone, applicantNationalId). */
export const PII_FIELDS: readonly string[] = [...ID_FIELDS, ...PHONE_FIELDS];

/** Shows the first 6 and last 4 characters of an ID number and stars the rest, keeping the length. */
export function maskNationalId(id: string): string {
  const value = id.trim();
  // Below 15 characters (the old ID length) showing 10 would reveal most of it: star it all.
  if (value.length < 15) {
    return '*'.repeat(value.length);
  }
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/** Masks a phone number: mobile '138****5678'; landline keeps the area code and last 2 ('0635-*****88'). */
export function maskPhone(phone: string): string {
  // '*' counts as a digit so that masking an already-masked number changes nothing.
  let compact = phone.normalize('NFKC').replace(/[\s\-()]/g, '');
  if (compact.startsWith('+86')) {
    compact = compact.slice(3);
  } else if (compact.startsWith('0086')) {
    compact = compact.slice(4);
  }
  if (/^1[\d*]{10}$/.test(compact)) {
    return `${compact.slice(0, 3)}****${compact.slice(7)}`;
  }
  const landline = /^(0(?:10|2\d)|0[3-9]\d{2})([\d*]{5,8})$/.exec(compact);
  if (landline) {
    const local = landline[2] ?? '';
    return `${landline[1] ?? ''}-${'*'.repeat(local.length - 2)}${local.slice(-2)}`;
  }
  // Unknown shape: keep only the last 2 characters, and only when that reveals little.
  const value = phone.trim();
  return value.length >= 7 ? '*'.repeat(value.length - 2) + value.slice(-2) : '*'.repeat(value.length);
}

function normalizeFieldName(name: string): string {
  return name.replace(/[_-]/g, '').toLowerCase();
}

const MASKERS: readonly (readonly [string, Masker])[] = [
  ...ID_FIELDS.map((f) => [normalizeFieldName(f), maskNationalId] as const),
  ...PHONE_FIELDS.map((f) => [normalizeFieldName(f), maskPhone] as const),
];

// Matches camelCase, snake_case (national_id from SQL rows) and kebab-case alike.
function maskerFor(key: string): Masker | null {
  const name = normalizeFieldName(key);
  for (const [field, masker] of MASKERS) {
    if (name === field || (field.length >= 5 && name.endsWith(field))) {
      return masker;
    }
  }
  return null;
}

function maskLeaf(value: unknown, masker: Masker | null): unknown {
  if (masker === null) {
    return value;
  }
  if (typeof value === 'string') {
    return masker(value);
  }
  // A phone or ID stored as a number is still PII; it comes back as a masked string.
  if (typeof value === 'number' || typeof value === 'bigint') {
    return masker(String(value));
  }
  return value;
}

function copyMasked(value: unknown, masker: Masker | null, seen: WeakMap<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) {
    return maskLeaf(value, masker);
  }
  const already = seen.get(value);
  if (already !== undefined) {
    return already;
  }
  if (value instanceof Date) {
    return new Date(value.getTime());
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return structuredClone(value);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) {
      out.push(copyMasked(item, masker, seen));
    }
    return out;
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    seen.set(value, out);
    for (const [k, v] of value) {
      out.set(k, copyMasked(v, (typeof k === 'string' ? maskerFor(k) : null) ?? masker, seen));
    }
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    seen.set(value, out);
    for (const item of value) {
      out.add(copyMasked(item, masker, seen));
    }
    return out;
  }
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  seen.set(value, out);
  // Error's message and stack are not enumerable; keep them so a masked error still says what failed.
  if (value instanceof Error) {
    out.message = value.message;
    out.stack = value.stack;
  }
  for (const [k, v] of Object.entries(value)) {
    // Inside a PII field every leaf is masked; a nested PII name switches to its own masker.
    out[k] = copyMasked(v, maskerFor(k) ?? masker, seen);
  }
  return out;
}

/** Deep-copies a value, masking every field named in PII_FIELDS at any depth; for audit before/after and logs. */
export function maskPii<T>(value: T): T {
  return copyMasked(value, null, new WeakMap()) as T;
}
