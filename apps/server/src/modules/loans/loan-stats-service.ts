import type { DeskEntryBodySchema, DeskEntrySchema, LoanStatsDetail } from '@zhengqi/contracts/loan-applications';
import type { LoanStats } from '@zhengqi/contracts/loans';
import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, scopeOf, type Actor } from '../../platform/authz/actor';
import { queryRows, type Tx } from '../../platform/db/database';
import { users } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors/domain-error';
import { newId } from '../../platform/ids/ids';
import { marketEntities } from '../registry/schema';
import { loanApplications, loanDeskLog } from './schema';

type StatsQuery = { productCode?: string | undefined; version?: string | undefined; region?: string | undefined };

/** Issued = at least one disbursement (the page's "150 million CNY to 38 firms"). */
const ISSUED = ['disbursed', 'repaying', 'closed'];

function filterOf(ctx: AppContext, actor: Actor, q: StatsQuery): SQL {
  const conds: SQL[] = [inArray(loanApplications.state, ISSUED)];
  if (q.productCode !== undefined) {conds.push(eq(loanApplications.productCode, q.productCode));}
  if (q.version !== undefined) {conds.push(eq(loanApplications.productVersion, q.version));}
  if (q.region !== undefined) {
    const regions = ctx.regions.subtree(q.region).filter((c) => actor.regions.includes(c));
    conds.push(regions.length === 0 ? sql`false` : inArray(loanApplications.regionCode, regions));
  }
  return and(...conds) ?? sql`true`;
}

async function headline(tx: Tx, where: SQL): Promise<LoanStats> {
  const [r] = await tx.select({
    n: count(), amount: sql<string>`coalesce(sum(${loanApplications.disbursedFen}), 0)`,
    outstanding: sql<string>`coalesce(sum(greatest(${loanApplications.disbursedFen} - ${loanApplications.repaidPrincipalFen}, 0)), 0)`,
    jobs: sql<string>`coalesce(sum(${loanApplications.headcountAtDecision}), 0)`,
  }).from(loanApplications).where(where);
  return { issuedCount: Number(r?.n ?? 0), issuedAmountFen: Number(r?.amount ?? 0), outstandingFen: Number(r?.outstanding ?? 0), jobsSustained: Number(r?.jobs ?? 0) };
}

/** Loans issued (count and amount), outstanding balance and jobs sustained, for a product version and region. */
export async function loanStats(ctx: AppContext, actor: Actor, q: StatsQuery): Promise<LoanStats> {
  authorize(actor, 'loan.stats');
  return ctx.db.tx(scopeOf(actor), (tx) => headline(tx, filterOf(ctx, actor, q)));
}

/** The headline with breakdowns by bank, region, category (certified, else claimed), month of first disbursement and state. */
export async function loanStatsDetail(ctx: AppContext, actor: Actor, q: StatsQuery): Promise<LoanStatsDetail> {
  authorize(actor, 'loan.stats');
  const where = filterOf(ctx, actor, q);
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const h = await headline(tx, where);
    const group = async (key: SQL) => {
      const rows = await queryRows<{ key: string | null; n: string | number; amount: string | number }>(tx, sql`select ${key} as key, count(*) as n, coalesce(sum(disbursed_fen), 0) as amount
        from loan_applications where ${where} group by 1 order by 1`);
      return rows.map((r) => ({ key: r.key ?? '—', count: Number(r.n), amountFen: Number(r.amount) }));
    };
    const byMonth = await queryRows<{ key: string; n: string | number; amount: string | number }>(tx, sql`select to_char(d.first_on, 'YYYY-MM') as key, count(*) as n, coalesce(sum(loan_applications.disbursed_fen), 0) as amount
      from loan_applications join (select application_id, min(disbursed_on) as first_on from loan_disbursements group by 1) d on d.application_id = loan_applications.id
      where ${where} group by 1 order by 1`);
    const states = await queryRows<{ state: string; n: string | number }>(tx, sql`select state, count(*) as n from loan_applications
      ${q.version === undefined ? sql`` : sql`where product_version = ${q.version}`} group by 1`);
    return {
      ...h,
      byBank: await group(sql`bank_code`),
      byRegion: await group(sql`region_code`),
      byCategory: await group(sql`coalesce((certification->'categories'->>0), categories_claimed[1]::text)`),
      byMonth: byMonth.map((r) => ({ key: r.key, count: Number(r.n), amountFen: Number(r.amount) })),
      byState: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
    };
  });
}

type DeskEntry = z.infer<typeof DeskEntrySchema>;

/** The government–bank–enterprise desk log (政银企对接台账), newest first. */
export async function listDesk(ctx: AppContext, actor: Actor, q: { kind?: 'meeting' | 'consultation' | 'follow_up' | undefined; q?: string | undefined; page: number; pageSize: number }) {
  authorize(actor, 'loan.read');
  const conds: SQL[] = [];
  if (q.kind !== undefined) {conds.push(eq(loanDeskLog.kind, q.kind));}
  if (q.q !== undefined && q.q !== '') {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const c = or(ilike(loanDeskLog.subject, like), ilike(loanDeskLog.outcome, like), ilike(loanDeskLog.attendees, like), ilike(loanDeskLog.entityName, like));
    if (c !== undefined) {conds.push(c);}
  }
  const where = conds.length > 0 ? and(...conds) : undefined;
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const rows = await tx.select({ d: loanDeskLog, by: users.displayName, total: sql<number>`count(*) over ()` }).from(loanDeskLog).leftJoin(users, eq(users.id, loanDeskLog.createdBy))
      .where(where).orderBy(desc(loanDeskLog.heldOn), desc(loanDeskLog.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const total = rows.length > 0 ? Number(rows[0]?.total ?? 0) : Number((await tx.select({ n: count() }).from(loanDeskLog).where(where))[0]?.n ?? 0);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => deskView(r.d, r.by)) };
  });
}

function deskView(d: typeof loanDeskLog.$inferSelect, by: string | null): DeskEntry {
  return { id: d.id, kind: d.kind, heldOn: d.heldOn, subject: d.subject, attendees: d.attendees, outcome: d.outcome, entityId: d.entityId, entityName: d.entityName, createdBy: by ?? d.createdBy, createdAt: d.createdAt.toISOString() };
}

/** Records a meeting, consultation or follow-up in the desk log, in the caller's jurisdiction (or the firm's region). */
export async function addDeskEntry(ctx: AppContext, actor: Actor, body: z.infer<typeof DeskEntryBodySchema>): Promise<DeskEntry> {
  authorize(actor, 'loan.desk');
  const now = ctx.clock.now();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    let entityName: string | null = null;
    let region = actor.jurisdictionCode;
    if (body.entityId !== null) {
      const [e] = await tx.select({ name: marketEntities.name, region: marketEntities.regionCode }).from(marketEntities).where(eq(marketEntities.id, body.entityId));
      if (e === undefined) {
        throw new DomainError('NOT_FOUND', { field: 'entityId' });
      }
      entityName = e.name;
      region = e.region;
    }
    const row = { id: newId('dsk'), regionCode: region, ...body, entityName, createdBy: actor.userId, createdAt: now };
    await tx.insert(loanDeskLog).values(row);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'loan.desk_entry', entityType: 'loan_desk_entry', entityId: row.id, regionCode: region, before: null, after: row, requestId: actor.requestId ?? null });
    return deskView(row, null);
  });
}
