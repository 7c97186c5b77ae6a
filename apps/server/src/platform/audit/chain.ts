import { sm3Hex } from '../crypto/sm-crypto';

/** The prevHash of the first audit row: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of one audit row. */
export type AuditPayload = {
  seq: number;
  /** ISO instant with milliseconds, e.g. 2026-11-28T01:02:03.004Z. */
  at: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
};

/** An audit row as stored: its payload plus the previous row's hash and its own. */
export type AuditRow = AuditPayload & { prevHash: string; hash: string };

/** Outcome of verifying a chain: ok with the last hash, or the first broken link. */
export type ChainVerdict =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; count: number; brokenAtSeq: number; reason: 'hash_mismatch' | 'prev_link_mismatch' | 'sequence_gap'; reasonText: string };

function hasToJson(value: object): value is { toJSON: (key: string) => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

function canonical(value: unknown, key: string, stack: object[]): string | undefined {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // JSON.stringify's shortest round-trip form: 1.0 → 1, NaN → null, as jsonb gives them back.
      return JSON.stringify(value);
    case 'object':
      break;
  }
  // What JSON.stringify would store (Date → ISO string via toJSON) is what jsonb returns.
  if (hasToJson(value)) {
    return canonical(value.toJSON(key), key, stack);
  }
  if (stack.includes(value)) {
    throw new TypeError('canonicalJson: cyclic value');
  }
  stack.push(value);
  try {
    if (Array.isArray(value)) {
      // undefined in an array becomes null, as in JSON.stringify.
      return `[${value.map((item: unknown, i) => canonical(item, String(i), stack) ?? 'null').join(',')}]`;
    }
    const parts: string[] = [];
    // jsonb reorders keys, so order them here; plain code-unit order is deterministic everywhere.
    for (const k of Object.keys(value).sort()) {
      const text = canonical((value as Record<string, unknown>)[k], k, stack);
      if (text !== undefined) {
        parts.push(`${JSON.stringify(k)}:${text}`);
      }
    }
    return `{${parts.join(',')}}`;
  } finally {
    stack.pop();
  }
}

/** Canonical JSON: keys sorted recursively, no whitespace, undefined dropped, Dates as ISO, bigint as string. */
export function canonicalJson(value: unknown): string {
  // A bare undefined has no JSON; jsonb would hold null for it.
  return canonical(value, '', []) ?? 'null';
}

// Same instant, same hash, whether the driver gives back a Date, '…Z' or '…+08:00'. A string
// without a zone is hashed as is: parsing it would depend on the verifier's TZ.
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

function canonicalInstant(at: unknown): string {
  let instant: Date | null = null;
  if (at instanceof Date) {
    instant = at;
  } else if (typeof at === 'string' && ZONED_INSTANT.test(at)) {
    instant = new Date(at);
  }
  if (instant !== null && !Number.isNaN(instant.getTime())) {
    return instant.toISOString();
  }
  return String(at);
}

// Only the payload fields are hashed, whatever else a row object carries (hash, prevHash, id).
function payloadOf(row: AuditPayload): AuditPayload {
  return {
    // pg returns int8 as a string; the hash must not depend on the driver's choice.
    seq: Number(row.seq),
    at: canonicalInstant(row.at),
    actorUserId: row.actorUserId ?? null,
    actorOrgId: row.actorOrgId ?? null,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId ?? null,
    regionCode: row.regionCode ?? null,
    // jsonb stores a missing before/after as null.
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

/** SM3 hex over prevHash + '\n' + canonicalJson(payload). */
export function auditHash(prevHash: string, payload: AuditPayload): string {
  return sm3Hex(`${prevHash}\n${canonicalJson(payloadOf(payload))}`);
}

/** Incremental verifier for rows streamed page by page: feed(row) returns null while the chain holds, else the failure verdict. */
export function createChainVerifier(startPrev: string = GENESIS_HASH, startSeq?: number): { feed(row: AuditRow): ChainVerdict | null; result(): ChainVerdict } {
  let prev = startPrev;
  let expectedSeq = startSeq;
  let count = 0;
  let failure: ChainVerdict | null = null;

  function fail(brokenAtSeq: number, reason: 'hash_mismatch' | 'prev_link_mismatch' | 'sequence_gap', reasonText: string): ChainVerdict {
    failure = { ok: false, count, brokenAtSeq, reason, reasonText };
    return failure;
  }

  return {
    feed(row: AuditRow): ChainVerdict | null {
      // Once broken, stay broken: later rows cannot repair an earlier link.
      if (failure !== null) {
        return failure;
      }
      const seq = Number(row.seq);
      if (!Number.isSafeInteger(seq)) {
        return fail(expectedSeq ?? 0, 'sequence_gap', `row after seq ${expectedSeq === undefined ? '(start)' : expectedSeq - 1} has no integer seq (${String(row.seq)})`);
      }
      if (expectedSeq !== undefined && seq !== expectedSeq) {
        const detail = seq > expectedSeq ? `rows ${expectedSeq}..${seq - 1} are missing` : 'rows are duplicated or out of order';
        return fail(expectedSeq, 'sequence_gap', `expected seq ${expectedSeq} but found ${seq}: ${detail}`);
      }
      if (row.prevHash !== prev) {
        return fail(
          seq,
          'prev_link_mismatch',
          `row ${seq} links to ${row.prevHash} but the previous hash is ${prev}: the previous row was removed or rewritten`,
        );
      }
      const expectedHash = auditHash(row.prevHash, row);
      if (row.hash !== expectedHash) {
        return fail(seq, 'hash_mismatch', `row ${seq} was altered after it was written: stored hash ${row.hash}, computed ${expectedHash}`);
      }
      prev = row.hash;
      expectedSeq = seq + 1;
      count++;
      return null;
    },
    result(): ChainVerdict {
      return failure ?? { ok: true, count, lastHash: prev };
    },
  };
}

/** Walks rows in seq order from startPrev (default GENESIS_HASH) and names the first broken link. */
export function verifyChain(rows: Iterable<AuditRow>, startPrev: string = GENESIS_HASH, startSeq?: number): ChainVerdict {
  const verifier = createChainVerifier(startPrev, startSeq);
  for (const row of rows) {
    const verdict = verifier.feed(row);
    if (verdict !== null) {
      return verdict;
    }
  }
  return verifier.result();
}
