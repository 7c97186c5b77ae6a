import type { HelpingOfficial, Party } from '@zhengqi/contracts/project-parts';
import { and, asc, eq, inArray, isNotNull, ne, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { users } from '../../platform/db/schema';
import { projectHelpingOfficials, projectParties, projectProcedures, projects } from './schema';

export type OfficialRow = typeof projectHelpingOfficials.$inferSelect;
export type PartyRow = typeof projectParties.$inferSelect;
export type ProcedureRow = typeof projectProcedures.$inferSelect;

export const toOfficial = (r: OfficialRow): HelpingOfficial => ({ id: r.id, userId: r.userId, name: r.name, title: r.title, role: r.role, since: r.since });

export const toParty = (r: PartyRow): Party => ({
  kind: r.kind, unitName: r.unitName, uscc: r.uscc, responsiblePerson: r.responsiblePerson, licenceNumber: r.licenceNumber, authorisedOn: r.authorisedOn, commitmentOn: r.commitmentOn,
});

export async function selectOfficials(tx: Tx, projectId: string): Promise<OfficialRow[]> {
  return tx.select().from(projectHelpingOfficials).where(eq(projectHelpingOfficials.projectId, projectId)).orderBy(asc(projectHelpingOfficials.position));
}

export async function selectParties(tx: Tx, projectId: string): Promise<PartyRow[]> {
  return tx.select().from(projectParties).where(eq(projectParties.projectId, projectId));
}

export async function selectProcedures(tx: Tx, projectId: string): Promise<ProcedureRow[]> {
  return tx.select().from(projectProcedures).where(eq(projectProcedures.projectId, projectId));
}

export async function selectProcedureRow(tx: Tx, id: string): Promise<ProcedureRow | undefined> {
  const [r] = await tx.select().from(projectProcedures).where(eq(projectProcedures.id, id));
  return r;
}

/** Replaces a project's helping officials. */
export async function replaceOfficials(tx: Tx, projectId: string, rows: OfficialRow[]): Promise<void> {
  await tx.delete(projectHelpingOfficials).where(eq(projectHelpingOfficials.projectId, projectId));
  if (rows.length > 0) {
    await tx.insert(projectHelpingOfficials).values(rows);
  }
}

/** Replaces a project's responsible parties. */
export async function replaceParties(tx: Tx, projectId: string, rows: PartyRow[]): Promise<void> {
  await tx.delete(projectParties).where(eq(projectParties.projectId, projectId));
  if (rows.length > 0) {
    await tx.insert(projectParties).values(rows);
  }
}

/** The subset of the user ids visible to the transaction (RLS keeps to the jurisdiction). */
export async function visibleUserIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await tx.select({ id: users.id }).from(users).where(inArray(users.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

/** Procedures that could be overdue (not approved, with an application date and a limit), with their projects. */
export async function selectOpenTimedProcedures(tx: Tx, regions: readonly string[] | undefined) {
  const conds: SQL[] = [ne(projectProcedures.status, 'approved'), isNotNull(projectProcedures.appliedOn), isNotNull(projectProcedures.limitWorkdays)];
  if (regions !== undefined) {
    conds.push(inArray(projectProcedures.regionCode, [...regions]));
  }
  return tx
    .select({ r: projectProcedures, projectNumber: projects.number, projectName: projects.name })
    .from(projectProcedures)
    .innerJoin(projects, eq(projects.id, projectProcedures.projectId))
    .where(and(...conds))
    .orderBy(asc(projects.number), asc(projectProcedures.kind));
}
