import { and, asc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { projectProgressReports, projects } from './schema';

/**
 * The year's projects, in the regions when set (RLS keeps them inside the jurisdiction) and, for a
 * project owner, among `projectIds` — its own.
 */
export type DashboardFilter = { year: number; regions: readonly string[] | undefined; projectIds?: ReadonlySet<string> | undefined };

function projectsOf(f: DashboardFilter): SQL | undefined {
  return and(
    eq(projects.year, f.year),
    f.regions === undefined ? undefined : inArray(projects.regionCode, [...f.regions]),
    f.projectIds === undefined ? undefined : inArray(projects.id, [...f.projectIds]),
  );
}

/** The annual investment plan of the year's projects, in fen — the base of the statistics' completion rate. */
export async function selectAnnualPlanFen(tx: Tx, f: DashboardFilter): Promise<number> {
  const [r] = await tx.select({ fen: sql<string | number | null>`sum(${projects.annualPlanFen})` }).from(projects).where(projectsOf(f));
  return Number(r?.fen ?? 0);
}

/** Investment completed per month of the year by the year's projects, from their monthly progress reports (months with reports only). */
export async function selectCompletedByMonth(tx: Tx, f: DashboardFilter): Promise<Array<{ month: string; completedFen: number }>> {
  const rows = await tx
    .select({ month: projectProgressReports.month, fen: sql<string | number>`sum(${projectProgressReports.investmentCompletedFen})` })
    .from(projectProgressReports)
    .innerJoin(projects, eq(projects.id, projectProgressReports.projectId))
    .where(and(projectsOf(f), like(projectProgressReports.month, `${f.year}-%`)))
    .groupBy(projectProgressReports.month)
    .orderBy(asc(projectProgressReports.month));
  return rows.map((r) => ({ month: r.month, completedFen: Number(r.fen) }));
}
