import type { EntityDetail, EntitySummary } from '@zhengqi/contracts/entities';
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db/database';
import { entityHeadcounts, entityPaymentRecords, marketEntities } from './schema';

export type EntityFilter = { q?: string; region?: string; kind?: string; size?: string; tag?: string };
type EntityRow = typeof marketEntities.$inferSelect;

const latestHeadcount = sql<number | null>`(select h.pension_contributors from ${entityHeadcounts} h where h.entity_id = ${marketEntities.id} order by h.month desc limit 1)`;

function toSummary(r: EntityRow, latest: number | null, regionName: (code: string) => string): EntitySummary {
  return {
    id: r.id,
    uscc: r.uscc,
    name: r.name,
    kind: r.kind,
    regionCode: r.regionCode,
    regionName: regionName(r.regionCode),
    foundedOn: r.foundedOn,
    industrySection: r.industrySection as EntitySummary['industrySection'],
    sizeClass: r.sizeClass,
    tags: r.tags as EntitySummary['tags'],
    usccCheckOverridden: r.usccOverrideReason !== null,
    latestHeadcount: latest === null ? null : Number(latest),
    version: r.version,
  };
}

/** One page of entities visible to the transaction's jurisdiction (RLS), filtered and counted. */
export async function selectEntityPage(tx: Tx, f: EntityFilter, page: number, pageSize: number, regionName: (code: string) => string) {
  const conds: SQL[] = [];
  if (f.q !== undefined && f.q !== '') {
    const q = f.q.replace(/[%_\\]/g, (c) => `\\${c}`);
    const cond = or(ilike(marketEntities.name, `%${q}%`), sql`${marketEntities.uscc} like ${`${q.toUpperCase()}%`}`);
    if (cond !== undefined) {
      conds.push(cond);
    }
  }
  if (f.region !== undefined) {
    conds.push(eq(marketEntities.regionCode, f.region));
  }
  if (f.kind !== undefined) {
    conds.push(sql`${marketEntities.kind} = ${f.kind}`);
  }
  if (f.size !== undefined) {
    conds.push(sql`${marketEntities.sizeClass} = ${f.size}`);
  }
  if (f.tag !== undefined) {
    conds.push(sql`${f.tag} = any(${marketEntities.tags})`);
  }
  const where = conds.length > 0 ? and(...conds) : undefined;
  const rows = await tx
    .select({ e: marketEntities, latest: latestHeadcount, total: sql<number>`count(*) over ()` })
    .from(marketEntities)
    .where(where)
    .orderBy(asc(marketEntities.name), asc(marketEntities.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const first = rows[0];
  // A page past the end has no row to carry the window count: count separately, or the list would claim 0.
  const total = first !== undefined ? Number(first.total) : page > 1 ? Number((await tx.select({ n: count() }).from(marketEntities).where(where))[0]?.n ?? 0) : 0;
  return { total, items: rows.map((r) => toSummary(r.e, r.latest, regionName)) };
}

/** The entity row, or undefined when missing or outside the jurisdiction. */
export async function selectEntityRow(tx: Tx, id: string): Promise<EntityRow | undefined> {
  const [r] = await tx.select().from(marketEntities).where(eq(marketEntities.id, id));
  return r;
}

function buildDetailQuery(db: Tx) {
  return db
    .select({
      e: marketEntities,
      heads: sql<Array<{ month: string; pensionContributors: number }>>`(select coalesce(json_agg(json_build_object('month', h.month, 'pensionContributors', h.pension_contributors) order by h.month), '[]'::json) from ${entityHeadcounts} h where h.entity_id = ${marketEntities.id})`,
      pays: sql<Array<{ month: string; wages: 'on_time' | 'late' | 'unpaid'; socialInsurance: 'on_time' | 'late' | 'unpaid' }>>`(select coalesce(json_agg(json_build_object('month', p.month, 'wages', p.wages, 'socialInsurance', p.social_insurance) order by p.month desc), '[]'::json) from ${entityPaymentRecords} p where p.entity_id = ${marketEntities.id})`,
    })
    .from(marketEntities)
    .where(eq(marketEntities.id, sql.placeholder('id')))
    .prepare('zq_entity_detail');
}

// The hot read is built once per database handle and runs as a named prepared statement
// (PostgreSQL parses and plans it once per connection).
const detailQueries = new WeakMap<Tx, ReturnType<typeof buildDetailQuery>>();

/** The full record with headcount history and payment records, in one statement. */
export async function selectEntityDetail(tx: Tx, id: string, regionName: (code: string) => string): Promise<EntityDetail | undefined> {
  let query = detailQueries.get(tx);
  if (query === undefined) {
    query = buildDetailQuery(tx);
    detailQueries.set(tx, query);
  }
  const [row] = await query.execute({ id });
  if (row === undefined) {
    return undefined;
  }
  const { e, heads, pays } = row;
  return {
    ...toSummary(e, heads.at(-1)?.pensionContributors ?? null, regionName),
    usccOverrideReason: e.usccOverrideReason,
    headcounts: heads,
    paymentRecords: pays,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** Replaces the monthly headcount and payment history given (months not mentioned are kept). */
export async function upsertEntityHistory(
  tx: Tx,
  entityId: string,
  regionCode: string,
  headcounts: ReadonlyArray<{ month: string; pensionContributors: number }> = [],
  payments: ReadonlyArray<{ month: string; wages: 'on_time' | 'late' | 'unpaid'; socialInsurance: 'on_time' | 'late' | 'unpaid' }> = [],
): Promise<void> {
  if (headcounts.length > 0) {
    await tx
      .insert(entityHeadcounts)
      .values(headcounts.map((h) => ({ entityId, regionCode, month: h.month, pensionContributors: h.pensionContributors })))
      .onConflictDoUpdate({ target: [entityHeadcounts.entityId, entityHeadcounts.month], set: { pensionContributors: sql`excluded.pension_contributors`, regionCode } });
  }
  if (payments.length > 0) {
    await tx
      .insert(entityPaymentRecords)
      .values(payments.map((p) => ({ entityId, regionCode, month: p.month, wages: p.wages, socialInsurance: p.socialInsurance })))
      .onConflictDoUpdate({
        target: [entityPaymentRecords.entityId, entityPaymentRecords.month],
        set: { wages: sql`excluded.wages`, socialInsurance: sql`excluded.social_insurance`, regionCode },
      });
  }
}

/** USCCs among `codes` that already exist anywhere (uniqueness is city-wide, not per jurisdiction). */
export async function existingUsccs(tx: Tx, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) {
    return new Set();
  }
  // zq_uscc_taken is SECURITY DEFINER: it answers "taken?" across jurisdictions without exposing rows.
  // Callers pass well-formed codes only (the USCC alphabet has no comma).
  const rows = await queryRows<{ uscc: string }>(tx, sql`select uscc from zq_uscc_taken(string_to_array(${codes.join(',')}, ','))`);
  return new Set(rows.map((x) => x.uscc));
}
