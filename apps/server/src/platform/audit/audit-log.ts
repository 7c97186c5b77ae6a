import { and, asc, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { pageTotal } from '../db/paging';
import { maskPii } from '../crypto/masking';
import type { Tx } from '../db/database';
import { auditHead, auditLog, users } from '../db/schema';
import { auditHash, createChainVerifier, type AuditPayload, type ChainVerdict } from './chain';

/** What a use case records: the hashed payload without its chain position, plus the request id. */
export type AuditEntry = Omit<AuditPayload, 'seq' | 'at' | 'before' | 'after'> & {
  at: Date;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

/** Appends one record to the SM3 chain inside the caller's transaction; PII in before/after is masked. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<number> {
  // Locking the head row serializes appends across transactions and processes.
  const head = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  const prev = head[0];
  if (prev === undefined) {
    throw new Error('audit_head row is missing: run migrations');
  }
  const payload: AuditPayload = {
    seq: prev.seq + 1,
    at: entry.at.toISOString(),
    actorUserId: entry.actorUserId,
    actorOrgId: entry.actorOrgId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    regionCode: entry.regionCode,
    before: entry.before === undefined ? null : maskPii(entry.before),
    after: entry.after === undefined ? null : maskPii(entry.after),
  };
  const hash = auditHash(prev.hash, payload);
  await tx.insert(auditLog).values({
    seq: payload.seq,
    at: entry.at,
    actorUserId: payload.actorUserId,
    actorOrgId: payload.actorOrgId,
    action: payload.action,
    entityType: payload.entityType,
    entityId: payload.entityId,
    regionCode: payload.regionCode,
    before: payload.before,
    after: payload.after,
    requestId: entry.requestId ?? null,
    prevHash: prev.hash,
    hash,
  });
  await tx.update(auditHead).set({ seq: payload.seq, hash }).where(eq(auditHead.id, 1));
  return payload.seq;
}

/** Walks the whole chain in pages and names the first broken link. */
export async function verifyAuditChain(tx: Tx, pageSize = 2000): Promise<ChainVerdict & { headSeq: number }> {
  const verifier = createChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await tx.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(asc(auditLog.seq)).limit(pageSize);
    for (const r of rows) {
      const verdict = verifier.feed({ ...r, at: r.at.toISOString() });
      if (verdict !== null) {
        return { ...verdict, headSeq: await headSeq(tx) };
      }
    }
    const last = rows.at(-1);
    if (last === undefined) {
      break;
    }
    after = last.seq;
  }
  const result = verifier.result();
  const head = await headSeq(tx);
  if (result.ok && head !== result.count) {
    // The head remembers how long the chain was: rows cut from the end show up here.
    return { ok: false, count: result.count, brokenAtSeq: result.count + 1, reason: 'sequence_gap', reasonText: `the chain head says ${head} records, ${result.count} found`, headSeq: head };
  }
  return { ...result, headSeq: head };
}

async function headSeq(tx: Tx): Promise<number> {
  const h = await tx.select({ seq: auditHead.seq }).from(auditHead).where(eq(auditHead.id, 1));
  return h[0]?.seq ?? 0;
}

export type AuditFilter = { actor?: string; action?: string; entityType?: string; entityId?: string; from?: string; to?: string };

/** One page of audit records, newest first, with the acting username. */
export async function listAudit(tx: Tx, f: AuditFilter, page: number, pageSize: number) {
  const conds: SQL[] = [];
  if (f.actor !== undefined) {
    conds.push(sql`(${users.username} = ${f.actor} or ${auditLog.actorUserId} = ${f.actor})`);
  }
  if (f.action !== undefined) {
    conds.push(sql`${auditLog.action} like ${`${f.action}%`}`);
  }
  if (f.entityType !== undefined) {
    conds.push(eq(auditLog.entityType, f.entityType));
  }
  if (f.entityId !== undefined) {
    conds.push(eq(auditLog.entityId, f.entityId));
  }
  if (f.from !== undefined) {
    conds.push(gte(auditLog.at, new Date(f.from)));
  }
  if (f.to !== undefined) {
    conds.push(lte(auditLog.at, new Date(f.to)));
  }
  const where = conds.length > 0 ? and(...conds) : undefined;
  const rows = await tx
    .select({ r: auditLog, username: users.username, total: sql<number>`count(*) over ()` })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const total = await pageTotal(rows, page, async () => (await tx.select({ n: count() }).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorUserId)).where(where))[0]?.n);
  return {
    total,
    items: rows.map(({ r, username }) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorUserId: r.actorUserId,
      actorUsername: username,
      actorOrgId: r.actorOrgId,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      regionCode: r.regionCode,
      before: r.before,
      after: r.after,
      hash: r.hash,
    })),
  };
}
