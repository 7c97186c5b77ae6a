import type { EligibilityFacts, LoanCategory } from '@zhengqi/contracts/loans';
import { and, asc, desc, eq, gte, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db/database';
import { users } from '../../platform/db/schema';
import { entityHeadcounts, entityPaymentRecords, marketEntities } from '../registry/schema';
import { loanApplications, loanDisbursements, loanEvents, loanInstalments, loanRemedyTasks, loanRepayments } from './schema';

export type LoanRow = typeof loanApplications.$inferSelect;

/** A market entity with what an eligibility decision reads, from the registry (headcount and payment history). */
export async function selectEntityFacts(tx: Tx, entityId: string, categories: readonly LoanCategory[], goodCredit: boolean, fromMonth: string) {
  const [e] = await tx.select().from(marketEntities).where(eq(marketEntities.id, entityId));
  if (e === undefined) {
    return undefined;
  }
  const heads = await tx.select().from(entityHeadcounts).where(and(eq(entityHeadcounts.entityId, entityId), gte(entityHeadcounts.month, fromMonth)));
  const pays = await tx.select().from(entityPaymentRecords).where(and(eq(entityPaymentRecords.entityId, entityId), gte(entityPaymentRecords.month, fromMonth)));
  const facts: EligibilityFacts = {
    kind: e.kind === 'individual_business' ? 'individual_business' : 'enterprise',
    foundedOn: e.foundedOn,
    sizeClass: e.sizeClass,
    headcount: Object.fromEntries(heads.map((h) => [h.month, h.pensionContributors])),
    wageArrearsMonths: pays.filter((p) => p.wages !== 'on_time').map((p) => p.month).sort(),
    socialInsuranceArrearsMonths: pays.filter((p) => p.socialInsurance !== 'on_time').map((p) => p.month).sort(),
    categories: [...categories],
    goodCredit,
  };
  return { entity: e, facts };
}

export async function selectLoanRow(tx: Tx, id: string, ownerUscc?: string): Promise<LoanRow | undefined> {
  const [r] = await tx.select().from(loanApplications).where(ownerUscc === undefined ? eq(loanApplications.id, id) : and(eq(loanApplications.id, id), eq(loanApplications.entityUscc, ownerUscc)));
  return r;
}

export async function nextLoanSerial(tx: Tx): Promise<number> {
  const [r] = await queryRows<{ n: string | number }>(tx, sql`select nextval('loan_number_seq') as n`);
  return Number(r?.n ?? 0);
}

export async function insertLoanEvent(tx: Tx, e: Omit<typeof loanEvents.$inferInsert, 'seq'>): Promise<void> {
  await queryRows(tx, sql`insert into loan_events (application_id, region_code, seq, at, actor_id, action, from_state, to_state, note)
    select ${e.applicationId}, ${e.regionCode}, coalesce(max(seq), 0) + 1, ${e.at}, ${e.actorId ?? null}, ${e.action}, ${e.fromState ?? null}, ${e.toState}, ${e.note ?? null}
    from loan_events where application_id = ${e.applicationId}`);
}

export type LoanListFilter = { state?: string; regions?: readonly string[]; q?: string; overdueAsOf?: string; notOverdueAsOf?: string; ownerUscc?: string; states?: readonly string[] };

export async function selectLoanPage(tx: Tx, f: LoanListFilter, page: number, pageSize: number) {
  const conds: SQL[] = [];
  if (f.state !== undefined) {conds.push(eq(loanApplications.state, f.state));}
  if (f.states !== undefined) {conds.push(f.states.length === 0 ? sql`false` : inArray(loanApplications.state, [...f.states]));}
  if (f.regions !== undefined) {conds.push(f.regions.length === 0 ? sql`false` : inArray(loanApplications.regionCode, [...f.regions]));}
  if (f.ownerUscc !== undefined) {conds.push(eq(loanApplications.entityUscc, f.ownerUscc));}
  if (f.q !== undefined && f.q !== '') {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${loanApplications.number} ilike ${like} or ${loanApplications.entityName} ilike ${like})`);
  }
  if (f.overdueAsOf !== undefined) {conds.push(sql`${loanApplications.stepDeadline} < ${f.overdueAsOf}`);}
  if (f.notOverdueAsOf !== undefined) {conds.push(sql`(${loanApplications.stepDeadline} is null or ${loanApplications.stepDeadline} >= ${f.notOverdueAsOf})`);}
  const where = conds.length > 0 ? and(...conds) : undefined;
  const rows = await tx.select({ r: loanApplications, total: sql<number>`count(*) over ()` }).from(loanApplications).where(where)
    .orderBy(desc(loanApplications.priority), sql`${loanApplications.stepDeadline} asc nulls last`, desc(loanApplications.number)).limit(pageSize).offset((page - 1) * pageSize);
  const total = rows.length > 0 ? Number(rows[0]?.total ?? 0) : page === 1 ? 0 : Number((await queryRows<{ n: string | number }>(tx, sql`select count(*) as n from loan_applications ${where === undefined ? sql`` : sql`where ${where}`}`))[0]?.n ?? 0);
  return { total, rows: rows.map((x) => x.r) };
}

export async function selectLoanParts(tx: Tx, id: string) {
  const events = await tx.select({ e: loanEvents, actorName: users.displayName }).from(loanEvents).leftJoin(users, eq(users.id, loanEvents.actorId))
    .where(eq(loanEvents.applicationId, id)).orderBy(asc(loanEvents.seq));
  const disbursements = await tx.select().from(loanDisbursements).where(eq(loanDisbursements.applicationId, id)).orderBy(asc(loanDisbursements.disbursedOn), asc(loanDisbursements.createdAt));
  const instalments = await tx.select().from(loanInstalments).where(eq(loanInstalments.applicationId, id)).orderBy(asc(loanInstalments.dueDate), asc(loanInstalments.n));
  const repayments = await tx.select().from(loanRepayments).where(eq(loanRepayments.applicationId, id)).orderBy(asc(loanRepayments.paidOn), asc(loanRepayments.createdAt));
  const remedies = await tx.select().from(loanRemedyTasks).where(eq(loanRemedyTasks.applicationId, id)).orderBy(desc(loanRemedyTasks.openedOn));
  return { events, disbursements, instalments, repayments, remedies };
}

/** Outstanding loans (disbursed, not closed) for the monthly re-check. */
export async function selectOutstandingLoans(tx: Tx): Promise<LoanRow[]> {
  return tx.select().from(loanApplications).where(and(inArray(loanApplications.state, ['disbursed', 'repaying']), ne(loanApplications.disbursedFen, 0)));
}
