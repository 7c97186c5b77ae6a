import type { ProjectSummary } from '@zhengqi/contracts/projects';
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { pageTotal } from '../../platform/db/paging';
import { queryRows, type Tx } from '../../platform/db/database';
import { marketEntities } from '../registry/schema';
import { projectProgressReports, projects } from './schema';

/** `ownerUscc`: only the projects of the market entity with this USCC (a project owner's own). */
export type ProjectFilter = { regions?: readonly string[]; year?: number; class?: string; sector?: string; q?: string; ownerUscc?: string | undefined };
export type ProjectRow = typeof projects.$inferSelect;

/** This year's completed investment of the project in the row (the sum of its reports for `projects.year`). */
export const completedInYear = sql<string | number>`coalesce((select sum(r.investment_completed_fen) from ${projectProgressReports} r where r.project_id = ${projects.id} and r.month like ${projects.year}::text || '-%'), 0)`;

/** Projects owned by the market entity with this USCC. */
function ownedBy(uscc: string): SQL {
  return sql`${projects.ownerEntityId} in (select me.id from ${marketEntities} me where me.uscc = ${uscc})`;
}

function whereOf(f: ProjectFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.regions !== undefined) {
    conds.push(inArray(projects.regionCode, [...f.regions]));
  }
  if (f.ownerUscc !== undefined) {
    conds.push(ownedBy(f.ownerUscc));
  }
  if (f.year !== undefined) {
    conds.push(eq(projects.year, f.year));
  }
  if (f.class !== undefined) {
    conds.push(sql`${projects.class} = ${f.class}`);
  }
  if (f.sector !== undefined) {
    conds.push(eq(projects.sector, f.sector));
  }
  if (f.q !== undefined && f.q !== '') {
    const q = f.q.replace(/[%_\\]/g, (c) => `\\${c}`);
    const cond = or(ilike(projects.name, `%${q}%`), ilike(projects.number, `%${q}%`));
    if (cond !== undefined) {
      conds.push(cond);
    }
  }
  return conds.length > 0 ? and(...conds) : undefined;
}

export function toSummary(p: ProjectRow, ownerName: string | null, completed: string | number, regionName: (code: string) => string): ProjectSummary {
  return {
    id: p.id,
    number: p.number,
    name: p.name,
    regionCode: p.regionCode,
    regionName: regionName(p.regionCode),
    ownerEntityId: p.ownerEntityId,
    ownerName,
    class: p.class,
    level: p.level,
    sector: p.sector,
    totalInvestmentFen: p.totalInvestmentFen,
    annualPlanFen: p.annualPlanFen,
    year: p.year,
    plannedStartOn: p.plannedStartOn,
    actualStartOn: p.actualStartOn,
    plannedCompletionOn: p.plannedCompletionOn,
    actualCompletionOn: p.actualCompletionOn,
    status: p.status,
    location: p.location,
    completedThisYearFen: Number(completed),
    version: p.version,
  };
}

/** One page of projects visible to the transaction's jurisdiction (RLS), filtered, ordered by number. */
export async function selectProjectPage(tx: Tx, f: ProjectFilter, page: number, pageSize: number, regionName: (code: string) => string) {
  const where = whereOf(f);
  const rows = await tx
    .select({ p: projects, ownerName: marketEntities.name, completed: completedInYear, total: sql<number>`count(*) over ()` })
    .from(projects)
    .leftJoin(marketEntities, eq(marketEntities.id, projects.ownerEntityId))
    .where(where)
    .orderBy(asc(projects.number))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const total = await pageTotal(rows, page, async () => (await tx.select({ n: count() }).from(projects).where(where))[0]?.n);
  return { total, items: rows.map((r) => toSummary(r.p, r.ownerName, r.completed, regionName)) };
}

/** Every project matching the filter with its completion this year, for statistics. */
export async function selectProjectsForStats(tx: Tx, f: ProjectFilter, regionName: (code: string) => string): Promise<ProjectSummary[]> {
  const r = await selectProjectPage(tx, f, 1, 100_000, regionName);
  return r.items;
}

/** The ids of the visible projects owned by the market entity with this USCC. */
export async function selectOwnProjectIds(tx: Tx, uscc: string): Promise<Set<string>> {
  const rows = await tx.select({ id: projects.id }).from(projects).where(ownedBy(uscc));
  return new Set(rows.map((r) => r.id));
}

/** The project row, or undefined when missing, outside the jurisdiction or (with `ownerUscc`) not that owner's. */
export async function selectProjectRow(tx: Tx, id: string, ownerUscc?: string): Promise<ProjectRow | undefined> {
  const [r] = await tx.select().from(projects).where(ownerUscc === undefined ? eq(projects.id, id) : and(eq(projects.id, id), ownedBy(ownerUscc)));
  return r;
}

/** True when the project number is taken anywhere (numbers are city-wide; the check sees past RLS). */
export async function projectNumberTaken(tx: Tx, number: string): Promise<boolean> {
  const [r] = await queryRows<{ n: number | string }>(tx, sql`select zq_project_number_taken(${number}) as n`);
  return Number(r?.n ?? 0) > 0;
}

/** The market entity's region, when it is visible to the transaction. */
export async function selectEntityRegion(tx: Tx, entityId: string): Promise<string | undefined> {
  const [r] = await tx.select({ regionCode: marketEntities.regionCode }).from(marketEntities).where(eq(marketEntities.id, entityId));
  return r?.regionCode;
}
