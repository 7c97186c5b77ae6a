import { and, asc, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { bigserial, pgTable } from 'drizzle-orm/pg-core';
import { pageTotal } from '../db/paging';
import { maskPii } from '../crypto/masking';
import { afterCommit, preparedStatement, type Database, type Tx } from '../db/database';
import { auditHead, auditLog, auditRecordColumns, users } from '../db/schema';
import { auditHash, createChainVerifier, type AuditPayload, type ChainVerdict } from './chain';

/**
 * Audit records added by committed transactions and not yet sealed into the chain (decision 0010).
 * Created by the hand-written migration 0008_audit_pending (zq_app may only insert), so it is kept
 * out of drizzle-kit's schema files on purpose.
 */
export const auditPending = pgTable('audit_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ...auditRecordColumns(),
});

/** What a use case records: the hashed payload without its chain position, plus the request id. */
export type AuditEntry = Omit<AuditPayload, 'seq' | 'at' | 'before' | 'after'> & {
  at: Date;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};


function buildAppend(tx: Tx) {
  const p = (name: string) => sql.placeholder(name);
  return tx
    .insert(auditPending)
    .values({
      at: p('at'), actorUserId: p('actorUserId'), actorOrgId: p('actorOrgId'), action: p('action'), entityType: p('entityType'), entityId: p('entityId'),
      regionCode: p('regionCode'), before: p('before'), after: p('after'), requestId: p('requestId'),
    })
    .prepare('zq_audit_append');
}

// Built once per database handle (on PostgreSQL, one per pooled connection): a named prepared statement.
const appendQueries = new WeakMap<Tx, ReturnType<typeof buildAppend>>();

/** What appendAudit stores for `entry`: before/after masked (the jsonb column encodes them once). */
function pendingValues(entry: AuditEntry) {
  return {
    at: entry.at,
    actorUserId: entry.actorUserId,
    actorOrgId: entry.actorOrgId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    regionCode: entry.regionCode,
    before: entry.before === undefined || entry.before === null ? null : maskPii(entry.before),
    after: entry.after === undefined || entry.after === null ? null : maskPii(entry.after),
    requestId: entry.requestId ?? null,
  };
}

/**
 * Adds one audit record inside the caller's transaction; PII in before/after is masked. The record
 * commits (or rolls back) with the change it describes. Once the transaction has committed, and
 * before `db.tx` returns, the record is sealed into the SM3 chain with the others waiting
 * (`sealAudit`): appends no longer wait for each other on the chain head (decision 0010).
 */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  let query = appendQueries.get(tx);
  if (query === undefined) {
    query = buildAppend(tx);
    appendQueries.set(tx, query);
  }
  await query.execute(pendingValues(entry));
  afterCommit(tx, 'audit.seal', sealAfterCommit);
}

const inStatement = (key: string) => sql.placeholder(`audit.${key}`);

/**
 * `appendAudit` as part of the caller's own statement: an INSERT of one record into audit_pending,
 * once for each row of `source` (a CTE name: the record exists only if the change does), to put in
 * a data-modifying WITH (decision 0016). Bind its values with `auditStatementValues(entry)`, and
 * call `auditAdded(tx)` once the statement has added a record.
 */
export function auditInsertFrom(source: SQL): SQL {
  // before/after as JSON text (auditStatementValues), cast to jsonb: the same value appendAudit stores.
  const p = inStatement;
  return sql`insert into audit_pending (at, actor_user_id, actor_org_id, action, entity_type, entity_id, region_code, before, after, request_id)
    select ${p('at')}::timestamptz, ${p('actorUserId')}::text, ${p('actorOrgId')}::text, ${p('action')}::text, ${p('entityType')}::text, ${p('entityId')}::text,
      ${p('regionCode')}::text, ${p('before')}::jsonb, ${p('after')}::jsonb, ${p('requestId')}::text
    from ${source}`;
}

/** The values of an `auditInsertFrom` statement for `entry`, masked as `appendAudit` masks them. */
export function auditStatementValues(entry: AuditEntry): Record<string, unknown> {
  const v = pendingValues(entry);
  const text = (x: unknown) => (x === null ? null : JSON.stringify(x));
  return Object.fromEntries(Object.entries({ ...v, before: text(v.before), after: text(v.after) }).map(([k, x]) => [`audit.${k}`, x]));
}

/** The caller's statement added an audit record (`auditInsertFrom`): seal it after the commit, as `appendAudit` does. */
export function auditAdded(tx: Tx): void {
  afterCommit(tx, 'audit.seal', sealAfterCommit);
}

/** Records moved into the chain per statement; a seal takes every committed record waiting. */
const SEAL_BATCH = 500;
/** Seals lost in a row to another process's sealer before this one gives up (the records wait for the next seal). */
const SEAL_ATTEMPTS = 50;

/**
 * A before/after as read from audit_pending: jsonb, taken as it is. Records written before this
 * release held the JSON text as a jsonb string (a second encoding); such a string is parsed, so a
 * record waiting across an upgrade seals with the value it was written with.
 */
function pendingJson(value: unknown): unknown {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value ?? null;
}

type WaitingRow = {
  head_seq: string | number | bigint; head_hash: string; id: string | number | bigint | null; at: string; actor_user_id: string | null; actor_org_id: string | null; action: string;
  entity_type: string; entity_id: string | null; region_code: string | null; before: unknown; after: unknown; request_id: string | null;
};

// The head and the oldest waiting records, in one snapshot (no lock).
const readWaiting = preparedStatement<WaitingRow>('zq_audit_seal_read', sql`select h.seq as head_seq, h.hash as head_hash,
    w.id, w.at, w.actor_user_id, w.actor_org_id, w.action, w.entity_type, w.entity_id, w.region_code, w.before, w.after, w.request_id
  from audit_head h left join lateral (select * from audit_pending order by id limit ${sql.raw(String(SEAL_BATCH))}) w on true
  where h.id = 1`);

// One statement: the head moves from where the read found it (compare-and-swap; a row lock while it
// commits), and only if it did are those records deleted from audit_pending and inserted into
// audit_log. If the head had moved meanwhile (another process sealed), nothing is written (moved 0).
// If the head moved but not every record was still waiting, the statement fails and writes nothing.
const writeSealed = preparedStatement<{ moved: number }>('zq_audit_seal_write', sql`with h as (
    update audit_head set seq = ${sql.placeholder('newSeq')}::bigint, hash = ${sql.placeholder('newHash')}::text
    where id = 1 and seq = ${sql.placeholder('oldSeq')}::bigint and hash = ${sql.placeholder('oldHash')}::text
    returning id
  ), d as (
    delete from audit_pending where id = any(${sql.placeholder('ids')}::bigint[]) and exists (select 1 from h) returning id
  ), s as (
    insert into audit_log (seq, at, actor_user_id, actor_org_id, action, entity_type, entity_id, region_code, before, after, request_id, prev_hash, hash)
    select seq, at, "actorUserId", "actorOrgId", action, "entityType", "entityId", "regionCode", before, after, request_id, prev_hash, hash
    from jsonb_to_recordset(${sql.placeholder('records')}::jsonb) as r(seq bigint, at timestamptz, "actorUserId" text, "actorOrgId" text, action text,
      "entityType" text, "entityId" text, "regionCode" text, before jsonb, after jsonb, request_id text, prev_hash text, hash text)
    where exists (select 1 from h)
  )
  select case when (select count(*) from d) = (select count(*) from h) * ${sql.placeholder('count')}::bigint then (select count(*) from h)::integer
    else ('audit seal: ' || (select count(*) from d) || ' of the records read were still waiting')::integer end as moved`);

/**
 * Moves the waiting records into the chain, oldest first, in two statements without BEGIN/COMMIT
 * (decision 0016): read the head and a batch of waiting records; hash each record on its
 * predecessor; then one statement moves the head only if it is still where it was read
 * (compare-and-swap) and, in the same statement, deletes those records from audit_pending and
 * inserts them into audit_log. A seal that lost the head to another process reads again. `seq` is
 * audit_log's primary key besides: two sealers can never both write one position.
 * Returns how many it sealed.
 */
async function sealOnce(db: Database): Promise<number> {
  let sealed = 0;
  for (let lost = 0; ; ) {
    const n = await db.autocommit({ kind: 'system' }, async (q) => {
      const rows = await readWaiting(q, {});
      const head = rows[0];
      if (head === undefined) {
        throw new Error('audit_head row is missing: run migrations');
      }
      const waiting = rows.filter((r) => r.id !== null).sort((a, b) => Number(a.id) - Number(b.id));
      if (waiting.length === 0) {
        return 0;
      }
      let seq = Number(head.head_seq);
      let hash = head.head_hash;
      const records = waiting.map((r) => {
        // Hashed as read back from jsonb, which is also what `verify` will read from audit_log.
        const payload: AuditPayload = {
          seq: ++seq, at: new Date(r.at).toISOString(), actorUserId: r.actor_user_id, actorOrgId: r.actor_org_id, action: r.action,
          entityType: r.entity_type, entityId: r.entity_id, regionCode: r.region_code, before: pendingJson(r.before), after: pendingJson(r.after),
        };
        const prevHash = hash;
        hash = auditHash(prevHash, payload);
        return { ...payload, request_id: r.request_id, prev_hash: prevHash, hash };
      });
      const [w] = await writeSealed(q, {
        oldSeq: String(head.head_seq), oldHash: head.head_hash, newSeq: seq, newHash: hash, ids: waiting.map((r) => String(r.id)), records: JSON.stringify(records), count: waiting.length,
      });
      return Number(w?.moved) === 1 ? waiting.length : -1;
    });
    if (n < 0) {
      // Another process sealed first (perhaps these very records): read again.
      if (++lost >= SEAL_ATTEMPTS) {
        throw new Error(`audit seal: the head moved under this sealer ${lost} times in a row`);
      }
      continue;
    }
    sealed += n;
    if (n < SEAL_BATCH) {
      return sealed;
    }
    lost = 0;
  }
}

type Sealer = () => Promise<void>;
const sealers = new WeakMap<Database, Sealer>();

/**
 * One sealer per database handle, coalescing: a call made while a seal runs waits for the next
 * one, which starts when that one ends and takes everything committed by then. Under load one
 * seal covers the records of many transactions.
 */
function sealerOf(db: Database): Sealer {
  let sealer = sealers.get(db);
  if (sealer === undefined) {
    let running: Promise<void> | null = null;
    let queued: Promise<void> | null = null;
    const start = (): Promise<void> => {
      const run = sealOnce(db).then(() => undefined);
      running = run;
      void run.catch(() => undefined).then(() => {
        if (running === run) {
          running = null;
        }
      });
      return run;
    };
    sealer = () => {
      if (running === null) {
        return start();
      }
      // The run in progress may have read the waiting records before the caller's commit.
      queued ??= running.catch(() => undefined).then(() => {
        queued = null;
        return start();
      });
      return queued;
    };
    sealers.set(db, sealer);
  }
  return sealer;
}

/**
 * Seals every audit record committed before this call into the chain; resolves once they are in
 * audit_log. `verify` calls it first; every transaction that appended calls it after its commit.
 */
export function sealAudit(db: Database): Promise<void> {
  return sealerOf(db)();
}

async function sealAfterCommit(db: Database): Promise<void> {
  // The change and its record are committed: a failing seal must not report the change as
  // failed. The record waits in audit_pending for the next seal (any later append, or verify).
  await sealAudit(db).catch((err: unknown) => {
    process.emitWarning(`audit records committed but not yet sealed into the chain: ${String(err)}`, 'AuditSealWarning');
  });
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
