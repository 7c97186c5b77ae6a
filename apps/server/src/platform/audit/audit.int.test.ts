import type { Problem } from '@zhengqi/contracts/common';
import type { Me } from '@zhengqi/contracts/auth';
import { asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNationalId } from '../../modules/registry/national-id';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { openPostgres, queryRows } from '../db/database';
import { auditHead, auditLog } from '../db/schema';
import { testDbKind } from '../../test/test-env';
import { appendAudit, auditPending, sealAudit, verifyAuditChain } from './audit-log';

// Sessions are opened where they are used: some tests move the clock past the idle timeout.
let t: TestApp;
let clerkMe: Me;
beforeAll(async () => {
  t = await makeTestApp();
  clerkMe = (await (await t.login('gaotang.clerk')).get('/api/v1/auth/me')).json<Me>();
});
afterAll(async () => t.close());

type AuditRecord = { seq: number; at: string; actorUserId: string | null; actorUsername: string | null; actorOrgId: string | null; action: string; entityType: string; entityId: string | null; regionCode: string | null; before: unknown; after: unknown; hash: string };
type Verdict = { ok: boolean; count: number; brokenAtSeq?: number; reason?: string; checkedAt: string };

let seqNo = 100;
/** A valid, unused Gaotang ID number. */
function nextNationalId(): string {
  seqNo += 1;
  return makeNationalId('371526', '19860214', String(seqNo).padStart(3, '0'));
}

async function createPerson(c: Client, name: string, nationalId = nextNationalId(), phone = '13912345678'): Promise<{ id: string; nationalId: string; phone: string }> {
  const res = await c.post('/api/v1/persons', { name, nationalId, phone, regionCode: '371526' });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json<{ id: string }>().id, nationalId, phone };
}

async function rowsFor(entityId: string) {
  return t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.seq)));
}

async function auditPage(c: Client, query: string): Promise<{ items: AuditRecord[]; total: number }> {
  const res = await c.get(`/api/v1/audit?pageSize=200&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: AuditRecord[]; total: number }>();
}

/** The auditor's verdict; the auditor's login is itself a record, written before the walk. */
async function verify(): Promise<Verdict> {
  const auditor = await t.login('auditor');
  const res = await auditor.get('/api/v1/audit/verify');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Verdict>();
}

async function rowCount(): Promise<number> {
  const [r] = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ n: count() }).from(auditLog));
  return Number(r?.n ?? 0);
}

describe('audit records', () => {
  it('an entity created through the API leaves one record with actor, organization, action and masked after', async () => {
    const p = await createPerson(await t.login('gaotang.clerk'), '审计测试人');
    const rows = await rowsFor(p.id);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({
      action: 'person.created', entityType: 'person', entityId: p.id, regionCode: '371526',
      actorUserId: clerkMe.user.id, actorOrgId: clerkMe.organization.id, before: null,
    });
    expect(row?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(row?.after).toMatchObject({ name: '审计测试人', nationalId: `${p.nationalId.slice(0, 6)}********${p.nationalId.slice(-4)}`, phone: '139****5678' });
    const text = JSON.stringify(row);
    expect(text).not.toContain(p.nationalId);
    expect(text).not.toContain(p.phone);
  });

  it('the auditor finds records by action, actor, entity type and time range', async () => {
    // Earlier tests wrote at the starting instant; step past them.
    t.clock.advance(60_000);
    const start = t.clock.now();
    const early = await createPerson(await t.login('gaotang.clerk'), '早间登记');
    t.clock.advance(60 * 60_000);
    const middle = t.clock.now();
    t.clock.advance(60 * 60_000);
    const late = await createPerson(await t.login('gaotang.supervisor'), '晚间登记');
    const end = t.clock.now();
    const auditor = await t.login('auditor');

    const byAction = await auditPage(auditor, 'action=person.created');
    expect(byAction.items.length).toBeGreaterThanOrEqual(2);
    expect(byAction.items.every((r) => r.action === 'person.created')).toBe(true);
    expect(byAction.items.map((r) => r.entityId)).toEqual(expect.arrayContaining([early.id, late.id]));
    // Newest first.
    expect(byAction.items.map((r) => r.seq)).toEqual([...byAction.items.map((r) => r.seq)].sort((a, b) => b - a));

    const byActor = await auditPage(auditor, 'actor=gaotang.clerk&entityType=person');
    expect(byActor.items.every((r) => r.actorUsername === 'gaotang.clerk' && r.entityType === 'person')).toBe(true);
    expect(byActor.items.map((r) => r.entityId)).toContain(early.id);
    expect(byActor.items.map((r) => r.entityId)).not.toContain(late.id);

    const byActorId = await auditPage(auditor, `actor=${clerkMe.user.id}&action=person.`);
    expect(byActorId.items.map((r) => r.entityId)).toContain(early.id);

    const byType = await auditPage(auditor, 'entityType=user');
    expect(byType.items.length).toBeGreaterThan(0);
    expect(byType.items.every((r) => r.entityType === 'user')).toBe(true);

    const range = (from: Date, to: Date) => `entityType=person&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const first = await auditPage(auditor, range(start, middle));
    expect(first.items.map((r) => r.entityId)).toEqual([early.id]);
    const second = await auditPage(auditor, range(middle, end));
    expect(second.items.map((r) => r.entityId)).toEqual([late.id]);
    expect(second.total).toBe(1);

    const bad = await auditor.get('/api/v1/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
  });

  it('verify walks the whole chain: ok with the number of records', async () => {
    const v = await verify();
    expect(v.ok).toBe(true);
    expect(v.count).toBe(await rowCount());
    expect(v.count).toBeGreaterThan(5);
    expect(v.brokenAtSeq).toBeUndefined();
    expect(v.checkedAt).toBe(t.clock.now().toISOString());
  });
});

describe('the audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE even to the table owner, and as the application role', async () => {
    const [first] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(eq(auditLog.seq, 1)));
    expect(first).toBeDefined();
    await expect(t.db.tx({ kind: 'system' }, (tx) => tx.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.seq, 1)))).rejects.toThrow();
    await expect(t.db.tx({ kind: 'system' }, (tx) => tx.delete(auditLog).where(eq(auditLog.seq, 1)))).rejects.toThrow();
    await expect(t.db.tx({ kind: 'system' }, (tx) => tx.execute(sql`truncate audit_log`))).rejects.toThrow();
    const asApp = { kind: 'user' as const, userId: clerkMe.user.id, regions: ['371526'] };
    await expect(t.db.tx(asApp, (tx) => tx.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.seq, 1)))).rejects.toThrow();
    await expect(t.db.tx(asApp, (tx) => tx.delete(auditLog))).rejects.toThrow();
    const [after] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(eq(auditLog.seq, 1)));
    expect(after).toEqual(first);
    expect((await verify()).ok).toBe(true);
  });
});

describe('concurrent writers', () => {
  it('20 concurrent creations and preference changes still give a gap-free, verified chain', async () => {
    const before = await rowCount();
    const clerk = await t.login('gaotang.clerk');
    const officers = await Promise.all(['linqing.officer', 'dongchangfu.officer', 'city.registry', 'gaotang.supervisor'].map((u) => t.login(u)));
    const beforeWrites = await rowCount();
    const creations = Array.from({ length: 20 }, (_, i) => createPerson(clerk, `并发${i}`));
    const prefs = officers.flatMap((c, i) => Array.from({ length: 5 }, (_, k) => c.put('/api/v1/auth/preferences', { locale: (i + k) % 2 === 0 ? 'en' : 'zh-CN' })));
    const [people, prefResults] = await Promise.all([Promise.all(creations), Promise.all(prefs)]);
    expect(new Set(people.map((p) => p.id)).size).toBe(20);
    expect(prefResults.map((r) => r.statusCode)).toEqual(prefResults.map(() => 200));
    expect(await rowCount()).toBe(beforeWrites + 20 + prefResults.length);
    expect(beforeWrites).toBe(before + 1 + officers.length);

    const seqs = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq)));
    expect(seqs.map((r) => r.seq)).toEqual(seqs.map((_, i) => i + 1));
    const [head] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditHead));
    expect(head?.seq).toBe(seqs.length);
    const v = await verify();
    expect(v.ok).toBe(true);
    // One more record than before the walk: the auditor's own login.
    expect(v.count).toBe(seqs.length + 1);
  });
});

describe('sealing (decision 0010)', () => {
  async function pendingCount(): Promise<number> {
    const [r] = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ n: count() }).from(auditPending));
    return Number(r?.n ?? 0);
  }

  it('a record is in the chain when its transaction returns; a rolled-back one leaves nothing', async () => {
    await createPerson(await t.login('gaotang.clerk'), '封存测试');
    expect(await pendingCount()).toBe(0);
    const before = await rowCount();
    const entry = { at: t.clock.now(), actorUserId: null, actorOrgId: null, action: 'test.rolled_back', entityType: 'test', entityId: 'x', regionCode: null };
    await expect(t.db.tx({ kind: 'system' }, async (tx) => {
      await appendAudit(tx, entry);
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await pendingCount()).toBe(0);
    expect(await rowCount()).toBe(before);
  });

  it('records left waiting (a process stopped before sealing them) are sealed by verify, oldest first, and the chain holds', async () => {
    const before = await rowCount();
    // Inserted behind appendAudit's back: committed, never sealed.
    await t.db.tx({ kind: 'system' }, (tx) => tx.insert(auditPending).values([
      { at: t.clock.now(), action: 'test.orphan_first', entityType: 'test', entityId: 'o1', after: { n: 1, nested: { b: 2, a: [1, 'x', null] } } },
      { at: t.clock.now(), action: 'test.orphan_second', entityType: 'test', entityId: 'o2', regionCode: '371526' },
    ]));
    expect(await pendingCount()).toBe(2);
    const v = await verify();
    expect(v.ok).toBe(true);
    expect(await pendingCount()).toBe(0);
    const rows = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(sql`${auditLog.seq} > ${before}`).orderBy(asc(auditLog.seq)));
    expect(rows.slice(0, 2).map((r) => [r.seq, r.action])).toEqual([[before + 1, 'test.orphan_first'], [before + 2, 'test.orphan_second']]);
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash);
    expect(v.count).toBe(await rowCount());
  });

  it('records waiting in either stored form (jsonb, as written now; the JSON text as a jsonb string, as written before) are sealed with the same before and after', async () => {
    const before = await rowCount();
    const value = { n: 1, nested: { b: 2, a: [1, 'x', null] } };
    await t.db.tx({ kind: 'system' }, (tx) => tx.execute(sql`insert into audit_pending (at, action, entity_type, entity_id, before, after) values
      (now(), 'test.form_text', 'test', 'f1', to_jsonb(${JSON.stringify(value)}::text), null),
      (now(), 'test.form_jsonb', 'test', 'f2', null, ${JSON.stringify(value)}::jsonb)`));
    await sealAudit(t.db);
    const rows = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(sql`${auditLog.seq} > ${before}`).orderBy(asc(auditLog.seq)));
    expect(rows.map((r) => [r.action, r.before, r.after])).toEqual([['test.form_text', value, null], ['test.form_jsonb', null, value]]);
    expect((await t.db.tx({ kind: 'system' }, (tx) => verifyAuditChain(tx))).ok).toBe(true);
  });

  it.skipIf(testDbKind() !== 'postgres')('two processes sealing at once: every record sealed exactly once, the chain gap-free and verified', async () => {
    // A second handle on the same database: its own pools and its own sealer, as another process has.
    const [{ name } = { name: '' }] = await t.db.tx({ kind: 'system' }, (tx) => queryRows<{ name: string }>(tx, sql`select current_database() as name`));
    const url = new URL(process.env.ZQ_TEST_TEMPLATE_URL ?? process.env.TEST_DATABASE_URL ?? '');
    url.pathname = `/${name}`;
    const other = await openPostgres(url.toString(), 4);
    try {
      const before = await rowCount();
      const entry = (i: number) => ({ at: t.clock.now(), actorUserId: null, actorOrgId: null, action: 'test.two_sealers', entityType: 'test', entityId: `s${i}`, regionCode: null, after: { i } });
      await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? t.db : other).tx({ kind: 'system' }, (tx) => appendAudit(tx, entry(i)))));
      await Promise.all([sealAudit(t.db), sealAudit(other)]);
      expect(await pendingCount()).toBe(0);
      const rows = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(sql`${auditLog.seq} > ${before}`).orderBy(asc(auditLog.seq)));
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => before + 1 + i));
      expect(rows.map((r) => r.entityId).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `s${i}`).sort());
      expect((await t.db.tx({ kind: 'system' }, (tx) => verifyAuditChain(tx))).ok).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('the application role may add records, but neither read nor remove waiting ones', async () => {
    const asApp = { kind: 'user' as const, userId: clerkMe.user.id, regions: ['371526'] };
    await expect(t.db.tx(asApp, (tx) => tx.select().from(auditPending))).rejects.toThrow();
    await expect(t.db.tx(asApp, (tx) => tx.delete(auditPending))).rejects.toThrow();
    await expect(t.db.tx(asApp, (tx) => tx.update(auditPending).set({ action: 'forged' }))).rejects.toThrow();
    const before = await rowCount();
    await t.db.tx(asApp, (tx) => appendAudit(tx, { at: t.clock.now(), actorUserId: clerkMe.user.id, actorOrgId: null, action: 'test.by_app', entityType: 'test', entityId: 'a', regionCode: '371526' }));
    expect(await rowCount()).toBe(before + 1);
    expect(await pendingCount()).toBe(0);
  });
});

describe('tampering', () => {
  /** Changes one stored row behind the trigger's back, as an attacker with the owner's password could. */
  async function tamper(seq: number, set: Partial<typeof auditLog.$inferInsert>): Promise<void> {
    await t.db.tx({ kind: 'system' }, async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await tx.update(auditLog).set(set).where(eq(auditLog.seq, seq));
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    });
  }

  async function rowAt(seq: number) {
    const [row] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(eq(auditLog.seq, seq)));
    if (row === undefined) {
      throw new Error(`no audit row ${seq}`);
    }
    return row;
  }

  it('a changed action is named by seq, by the API and by verifyAuditChain; putting it back heals the chain', async () => {
    const total = await rowCount();
    const target = Math.floor(total / 2);
    const original = await rowAt(target);
    await tamper(target, { action: 'auth.logout' === original.action ? 'auth.login' : 'auth.logout' });
    try {
      const v = await verify();
      expect(v).toMatchObject({ ok: false, brokenAtSeq: target, count: target - 1 });
      expect(v.reason).toContain(`row ${target}`);
      const direct = await t.db.tx({ kind: 'system' }, (tx) => verifyAuditChain(tx));
      expect(direct).toMatchObject({ ok: false, brokenAtSeq: target, reason: 'hash_mismatch' });
      // The trigger is back: the forger cannot quietly undo it as the application either.
      await expect(t.db.tx({ kind: 'system' }, (tx) => tx.update(auditLog).set({ action: original.action }).where(eq(auditLog.seq, target)))).rejects.toThrow();
    } finally {
      await tamper(target, { action: original.action });
    }
    const healed = await verify();
    expect(healed.ok).toBe(true);
    expect(healed.count).toBe(await rowCount());
  });

  it('a changed after (the masked ID of a person) is named by seq', async () => {
    const p = await createPerson(await t.login('gaotang.clerk'), '篡改目标');
    const [row] = await rowsFor(p.id);
    if (row === undefined) {
      throw new Error('no audit row for the person');
    }
    const after = row.after as Record<string, unknown>;
    await tamper(row.seq, { after: { ...after, name: '别人' } });
    try {
      expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: row.seq });
      expect(await t.db.tx({ kind: 'system' }, (tx) => verifyAuditChain(tx, 7))).toMatchObject({ ok: false, brokenAtSeq: row.seq, reason: 'hash_mismatch' });
    } finally {
      await tamper(row.seq, { after });
    }
    expect((await verify()).ok).toBe(true);
  });

  it('a record cut from the end of the chain is noticed through the head', async () => {
    const total = await rowCount();
    const last = await rowAt(total);
    await t.db.tx({ kind: 'system' }, async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await tx.delete(auditLog).where(eq(auditLog.seq, total));
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    });
    try {
      expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: total, count: total - 1 });
    } finally {
      await t.db.tx({ kind: 'system' }, (tx) => tx.insert(auditLog).values(last));
    }
    const healed = await verify();
    expect(healed.ok).toBe(true);
    expect(healed.count).toBe(await rowCount());
  });
});
