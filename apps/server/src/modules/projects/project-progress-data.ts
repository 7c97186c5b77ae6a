import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { marketEntities } from '../registry/schema';
import { projectProgressReports, projects } from './schema';

export type ProgressRow = typeof projectProgressReports.$inferSelect;

/** The report of a project for a month, if any. */
export async function selectProgressReport(tx: Tx, projectId: string, month: string): Promise<ProgressRow | undefined> {
  const [r] = await tx
    .select()
    .from(projectProgressReports)
    .where(and(eq(projectProgressReports.projectId, projectId), eq(projectProgressReports.month, month)));
  return r;
}

/** Writes the month's report of a project, replacing one already there; returns the stored row. */
export async function upsertProgressReport(tx: Tx, row: ProgressRow): Promise<ProgressRow> {
  const [r] = await tx
    .insert(projectProgressReports)
    .values(row)
    .onConflictDoUpdate({
      target: [projectProgressReports.projectId, projectProgressReports.month],
      set: { investmentCompletedFen: row.investmentCompletedFen, stage: row.stage, percent: row.percent, regionCode: row.regionCode },
    })
    .returning();
  if (r === undefined) {
    throw new Error('upsert returned no row');
  }
  return r;
}

/**
 * Projects under construction in `regions` (RLS limits them to the jurisdiction) that started by the
 * end of `month` and have no report for it, with the last month they did report.
 */
export async function selectMissingProgress(tx: Tx, month: string, regions: readonly string[] | undefined) {
  const monthEnd = sql`(to_date(${month}, 'YYYY-MM') + interval '1 month')::date`;
  const conds = [
    eq(projects.status, 'under_construction'),
    sql`(${projects.actualStartOn} is null or ${projects.actualStartOn} < ${monthEnd})`,
    sql`not exists (select 1 from ${projectProgressReports} r where r.project_id = ${projects.id} and r.month = ${month})`,
  ];
  if (regions !== undefined) {
    conds.push(inArray(projects.regionCode, [...regions]));
  }
  return tx
    .select({
      id: projects.id, number: projects.number, name: projects.name, regionCode: projects.regionCode, ownerName: marketEntities.name, actualStartOn: projects.actualStartOn,
      lastReportedMonth: sql<string | null>`(select max(r.month) from ${projectProgressReports} r where r.project_id = ${projects.id})`,
    })
    .from(projects)
    .leftJoin(marketEntities, eq(marketEntities.id, projects.ownerEntityId))
    .where(and(...conds))
    .orderBy(asc(projects.number));
}

/** Visible projects by number: id, region and name. */
export async function selectProjectsByNumber(tx: Tx, numbers: readonly string[]): Promise<Map<string, { id: string; regionCode: string; name: string }>> {
  if (numbers.length === 0) {
    return new Map();
  }
  const rows = await tx.select({ id: projects.id, number: projects.number, regionCode: projects.regionCode, name: projects.name }).from(projects).where(inArray(projects.number, [...numbers]));
  return new Map(rows.map((r) => [r.number, r]));
}

/** Visible market entities by USCC: their ids. */
export async function selectEntityIdsByUscc(tx: Tx, usccs: readonly string[]): Promise<Map<string, string>> {
  if (usccs.length === 0) {
    return new Map();
  }
  const rows = await tx.select({ id: marketEntities.id, uscc: marketEntities.uscc }).from(marketEntities).where(inArray(marketEntities.uscc, [...usccs]));
  return new Map(rows.map((r) => [r.uscc, r.id]));
}
