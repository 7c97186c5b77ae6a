import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { sm3Hex } from '../crypto/sm-crypto';
import { GENESIS_HASH, auditHash, canonicalJson, createChainVerifier, verifyChain } from './chain';
import type { AuditPayload, AuditRow } from './chain';

function makePayload(seq: number): AuditPayload {
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, 28, 1, 2, 3, seq)).toISOString(),
    actorUserId: seq % 5 === 0 ? null : `usr_${seq % 3}`,
    actorOrgId: seq % 7 === 0 ? null : 'org_liaocheng',
    action: seq % 2 === 0 ? 'problem.assign' : 'project.update',
    entityType: seq % 2 === 0 ? 'problem' : 'project',
    entityId: seq % 11 === 0 ? null : `prj_${seq}`,
    regionCode: seq % 4 === 0 ? null : '371502',
    before: seq === 1 ? null : { status: 'open', amount: 1.5 * seq, tags: ['重点', 'a'], nested: { z: 1, a: [true, null] } },
    after: { status: 'assigned', amount: 1.0, assignee: { id: `usr_${seq}`, name: '张三' } },
  };
}

function buildChain(n: number, start: { prev: string; seq: number } = { prev: GENESIS_HASH, seq: 1 }): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = start.prev;
  for (let i = 0; i < n; i++) {
    const payload = makePayload(start.seq + i);
    const hash = auditHash(prev, payload);
    rows.push({ ...payload, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

function at(rows: AuditRow[], seq: number): AuditRow {
  const row = rows.find((r) => r.seq === seq);
  if (row === undefined) {
    throw new Error(`no row ${seq}`);
  }
  return row;
}

function withRow(rows: AuditRow[], seq: number, change: (row: AuditRow) => AuditRow): AuditRow[] {
  return rows.map((r) => (r.seq === seq ? change(r) : r));
}

// Reverses key order at every depth, like jsonb handing keys back in its own order.
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(reverseKeys);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

const chain = buildChain(50);

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('drops undefined in objects and writes null for it in arrays, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: () => 1 })).toBe('{"b":[null,1]}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes Dates as ISO instants and bigints as strings', () => {
    expect(canonicalJson({ at: new Date('2026-11-28T01:02:03.004Z'), n: 12345678901234567890n })).toBe(
      '{"at":"2026-11-28T01:02:03.004Z","n":"12345678901234567890"}',
    );
  });

  it('writes numbers as JSON.stringify does (1.0 → 1, -0 → 0, NaN → null)', () => {
    expect(canonicalJson([1.0, -0, 0.1, 1e21, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY])).toBe('[1,0,0.1,1e+21,1.5e-7,null,null]');
  });

  it('escapes strings and keeps Chinese text as is', () => {
    expect(canonicalJson({ '键"': '聊城\n"东昌府"' })).toBe('{"键\\"":"聊城\\n\\"东昌府\\""}');
  });

  it('honours toJSON, as the driver does when it stores jsonb', () => {
    expect(canonicalJson({ money: { toJSON: () => '12.50' } })).toBe('{"money":"12.50"}');
  });

  it('allows shared references but rejects cycles', () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: shared })).toBe('{"x":{"a":1},"y":{"a":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });

  it('is stable across a JSON round trip and any key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        return canonicalJson(JSON.parse(text)) === text && canonicalJson(reverseKeys(value)) === text && canonicalJson(JSON.parse(JSON.stringify(value))) === text;
      }),
    );
  });
});

describe('auditHash', () => {
  const payload: AuditPayload = {
    seq: 1,
    at: '2026-11-28T01:02:03.004Z',
    actorUserId: 'usr_1',
    actorOrgId: null,
    action: 'project.create',
    entityType: 'project',
    entityId: 'prj_1',
    regionCode: '371502',
    before: null,
    after: { name: '聊城项目', amount: 1 },
  };

  it('is SM3 over prevHash, a newline and the canonical payload (pinned: stored hashes depend on it)', () => {
    const text =
      '{"action":"project.create","actorOrgId":null,"actorUserId":"usr_1","after":{"amount":1,"name":"聊城项目"},"at":"2026-11-28T01:02:03.004Z",' +
      '"before":null,"entityId":"prj_1","entityType":"project","regionCode":"371502","seq":1}';
    expect(auditHash(GENESIS_HASH, payload)).toBe(sm3Hex(`${GENESIS_HASH}\n${text}`));
    expect(auditHash(GENESIS_HASH, payload)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the previous hash', () => {
    expect(auditHash('f'.repeat(64), payload)).not.toBe(auditHash(GENESIS_HASH, payload));
  });

  it('hashes only the payload fields, not hash, prevHash or other columns', () => {
    const row = { ...payload, prevHash: 'x', hash: 'y', id: 99 };
    expect(auditHash(GENESIS_HASH, row)).toBe(auditHash(GENESIS_HASH, payload));
  });

  it('gives the same hash for what the database hands back', () => {
    const h = auditHash(GENESIS_HASH, payload);
    // pg returns int8 as a string and timestamptz as a Date; jsonb holds a missing value as null.
    expect(auditHash(GENESIS_HASH, { ...payload, seq: '1' as unknown as number })).toBe(h);
    expect(auditHash(GENESIS_HASH, { ...payload, at: new Date('2026-11-28T01:02:03.004Z') as unknown as string })).toBe(h);
    expect(auditHash(GENESIS_HASH, { ...payload, at: '2026-11-28T09:02:03.004+08:00' })).toBe(h);
    expect(auditHash(GENESIS_HASH, { ...payload, at: '2026-11-28 09:02:03.004+08' })).toBe(h);
    expect(auditHash(GENESIS_HASH, { ...payload, before: undefined })).toBe(h);
    expect(auditHash(GENESIS_HASH, { ...payload, after: JSON.parse('{"amount":1.0,"name":"聊城项目"}') as unknown })).toBe(h);
  });

  it('does not parse a zone-less time (its meaning would depend on TZ)', () => {
    expect(auditHash(GENESIS_HASH, { ...payload, at: '2026-11-28T01:02:03.004' })).not.toBe(auditHash(GENESIS_HASH, payload));
  });

  it('changes with every payload field', () => {
    const h = auditHash(GENESIS_HASH, payload);
    const changes: Partial<AuditPayload>[] = [
      { seq: 2 },
      { at: '2026-11-28T01:02:03.005Z' },
      { actorUserId: 'usr_2' },
      { actorUserId: null },
      { actorOrgId: 'org_1' },
      { action: 'project.delete' },
      { entityType: 'problem' },
      { entityId: null },
      { regionCode: '371503' },
      { before: {} },
      { after: { name: '聊城项目', amount: 2 } },
      { after: { name: '聊城项目', amount: '1' } },
    ];
    for (const change of changes) {
      expect(auditHash(GENESIS_HASH, { ...payload, ...change }), JSON.stringify(change)).not.toBe(h);
    }
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain of 50 rows', () => {
    expect(verifyChain(chain)).toEqual({ ok: true, count: 50, lastHash: at(chain, 50).hash });
  });

  it('accepts an empty chain', () => {
    expect(verifyChain([])).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
  });

  it('accepts the chain after a JSON round trip and with keys reordered at every depth', () => {
    const roundTripped = JSON.parse(JSON.stringify(chain)) as AuditRow[];
    const reordered = chain.map((r) => reverseKeys(r) as AuditRow);
    expect(verifyChain(roundTripped).ok).toBe(true);
    expect(verifyChain(reordered).ok).toBe(true);
  });

  it('accepts rows whose before has its keys reordered', () => {
    const reordered = withRow(chain, 20, (r) => ({ ...r, before: { tags: ['重点', 'a'], nested: { a: [true, null], z: 1 }, amount: 30, status: 'open' } }));
    expect(verifyChain(reordered).ok).toBe(true);
  });

  const edits: readonly (readonly [string, (r: AuditRow) => AuditRow])[] = [
    ['action', (r) => ({ ...r, action: 'project.delete' })],
    ['before', (r) => ({ ...r, before: { status: 'closed' } })],
    ['a value deep inside before', (r) => ({ ...r, before: { ...(r.before as object), nested: { z: 2, a: [true, null] } } })],
    ['after', (r) => ({ ...r, after: null })],
    ['at (one millisecond)', (r) => ({ ...r, at: new Date(Date.parse(r.at) + 1).toISOString() })],
    ['entityId', (r) => ({ ...r, entityId: 'prj_999' })],
    ['actorUserId', (r) => ({ ...r, actorUserId: 'usr_admin' })],
    ['regionCode', (r) => ({ ...r, regionCode: '130534' })],
    ['the stored hash', (r) => ({ ...r, hash: sm3Hex('forged') })],
  ];

  for (const [field, edit] of edits) {
    it.each([1, 17, 50])(`names row %i with hash_mismatch when its ${field} is altered`, (k) => {
      const verdict = verifyChain(withRow(chain, k, edit));
      expect(verdict).toMatchObject({ ok: false, brokenAtSeq: k, reason: 'hash_mismatch', count: k - 1 });
    });
  }

  it('names the next row with prev_link_mismatch when a row is rewritten and re-hashed', () => {
    const row = at(chain, 30);
    const forged = { ...row, action: 'project.delete' };
    const rows = withRow(chain, 30, () => ({ ...forged, hash: auditHash(forged.prevHash, forged) }));
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAtSeq: 31, reason: 'prev_link_mismatch', count: 30 });
  });

  it('names the missing seq with sequence_gap when a row is deleted', () => {
    const verdict = verifyChain(chain.filter((r) => r.seq !== 25));
    expect(verdict).toMatchObject({ ok: false, brokenAtSeq: 25, reason: 'sequence_gap', count: 24 });
    if (!verdict.ok) {
      expect(verdict.reasonText).toContain('25');
      expect(verdict.reasonText).toContain('26');
    }
  });

  it('names the seq with prev_link_mismatch when a row is deleted and later rows renumbered', () => {
    const rows = chain.filter((r) => r.seq !== 25).map((r) => (r.seq > 25 ? { ...r, seq: r.seq - 1 } : r));
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAtSeq: 25, reason: 'prev_link_mismatch', count: 24 });
  });

  it('catches a deleted first row by its link, or by seq when the start seq is given', () => {
    const rows = chain.slice(1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'prev_link_mismatch', count: 0 });
    expect(verifyChain(rows, GENESIS_HASH, 1)).toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'sequence_gap', count: 0 });
  });

  it('catches swapped and duplicated rows', () => {
    const swapped = [...chain];
    [swapped[9], swapped[10]] = [at(chain, 11), at(chain, 10)];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAtSeq: 10, reason: 'sequence_gap', count: 9 });
    const duplicated = [...chain.slice(0, 10), at(chain, 10), ...chain.slice(10)];
    expect(verifyChain(duplicated)).toMatchObject({ ok: false, brokenAtSeq: 11, reason: 'sequence_gap', count: 10 });
  });

  it('cannot see rows cut off the end: the caller compares lastHash with a kept anchor', () => {
    const verdict = verifyChain(chain.slice(0, 49));
    expect(verdict).toEqual({ ok: true, count: 49, lastHash: at(chain, 49).hash });
    expect(verdict.ok && verdict.lastHash).not.toBe(at(chain, 50).hash);
  });

  it('verifies a later segment from a checkpoint', () => {
    const checkpoint = at(chain, 25);
    const verdict = verifyChain(chain.slice(25), checkpoint.hash, 26);
    expect(verdict).toEqual({ ok: true, count: 25, lastHash: at(chain, 50).hash });
    expect(verifyChain(chain.slice(25), GENESIS_HASH, 26)).toMatchObject({ ok: false, brokenAtSeq: 26, reason: 'prev_link_mismatch' });
  });

  it('reports a row with a non-integer seq', () => {
    const rows = withRow(chain, 5, (r) => ({ ...r, seq: Number.NaN }));
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAtSeq: 5, reason: 'sequence_gap', count: 4 });
  });

  it('finds any single altered row (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.string({ minLength: 1 }), (k, suffix) => {
        const verdict = verifyChain(withRow(chain, k, (r) => ({ ...r, action: r.action + suffix })));
        return !verdict.ok && verdict.brokenAtSeq === k && verdict.reason === 'hash_mismatch';
      }),
    );
  });
});

describe('createChainVerifier', () => {
  it('gives the same verdict page by page as in one pass', () => {
    const verifier = createChainVerifier();
    for (let i = 0; i < chain.length; i += 7) {
      for (const row of chain.slice(i, i + 7)) {
        expect(verifier.feed(row)).toBeNull();
      }
    }
    expect(verifier.result()).toEqual(verifyChain(chain));
  });

  it('reports the first failure and keeps reporting it', () => {
    const rows = withRow(chain, 12, (r) => ({ ...r, entityId: 'prj_x' }));
    const verifier = createChainVerifier();
    const verdicts = rows.map((r) => verifier.feed(r));
    expect(verdicts.slice(0, 11).every((v) => v === null)).toBe(true);
    expect(verdicts[11]).toMatchObject({ ok: false, brokenAtSeq: 12, reason: 'hash_mismatch', count: 11 });
    expect(verdicts[49]).toEqual(verdicts[11]);
    expect(verifier.result()).toEqual(verdicts[11]);
  });

  it('starts from a given previous hash', () => {
    const tail = buildChain(3, { prev: 'a'.repeat(64), seq: 101 });
    const verifier = createChainVerifier('a'.repeat(64));
    for (const row of tail) {
      expect(verifier.feed(row)).toBeNull();
    }
    expect(verifier.result()).toEqual({ ok: true, count: 3, lastHash: at(tail, 103).hash });
    expect(createChainVerifier().feed(at(tail, 101))).toMatchObject({ ok: false, reason: 'prev_link_mismatch', brokenAtSeq: 101 });
  });
});
