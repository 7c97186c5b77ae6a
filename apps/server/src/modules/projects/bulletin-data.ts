import type { BulletinContent } from '@zhengqi/contracts/supervision';
import { and, count, desc, eq, inArray, isNotNull, isNull, lte, or, gte, sql, type SQL } from 'drizzle-orm';
import { pageTotal } from '../../platform/db/paging';
import { queryRows, type Tx } from '../../platform/db/database';
import { organizations } from '../../platform/db/schema';
import type { BulletinProblemRow } from './bulletin-content';
import { bulletins, problems, projects } from './schema';

export type BulletinRow = typeof bulletins.$inferSelect;

/** Problems assigned to a unit and active in the period (assigned by its end, not closed before its start), in the regions. */
export async function selectBulletinProblems(tx: Tx, regions: readonly string[], from: string, to: string): Promise<BulletinProblemRow[]> {
  const rows = await tx
    .select({ p: problems, projectName: projects.name, unitName: organizations.name })
    .from(problems)
    .innerJoin(projects, eq(projects.id, problems.projectId))
    .leftJoin(organizations, eq(organizations.id, problems.unitId))
    .where(
      and(
        inArray(problems.regionCode, [...regions]),
        isNotNull(problems.unitId),
        sql`${problems.state} not in ('collected', 'rejected')`,
        lte(problems.assignedOn, to),
        or(isNull(problems.closedOn), gte(problems.closedOn, from)),
      ),
    );
  return rows.map(({ p, projectName, unitName }) => ({
    id: p.id, number: p.number, title: p.title, projectName, severity: p.severity, state: p.state, unitId: p.unitId, unitName: unitName ?? p.unitId ?? '',
    deadline: p.deadline, assignedOn: p.assignedOn, feedbackOn: p.feedbackOn, closedOn: p.closedOn, reopenings: p.reopenings,
  }));
}

/** The next serial of a region's bulletins in a year; the transaction-scoped lock makes concurrent builders take turns. */
export async function nextBulletinSerial(tx: Tx, regionCode: string, year: number): Promise<number> {
  await queryRows(tx, sql`select pg_advisory_xact_lock(hashtext(${`bulletin:${regionCode}:${year}`}))`);
  const [r] = await tx.select({ n: sql<number | string | null>`max(${bulletins.serial})` }).from(bulletins).where(and(eq(bulletins.regionCode, regionCode), eq(bulletins.year, year)));
  return Number(r?.n ?? 0) + 1;
}

export async function insertBulletin(tx: Tx, row: Omit<BulletinRow, 'content'> & { content: BulletinContent }): Promise<void> {
  await tx.insert(bulletins).values(row);
}

/** A page of bulletins visible to the jurisdiction, newest first. */
export async function selectBulletinPage(tx: Tx, regions: readonly string[] | undefined, page: number, pageSize: number) {
  const where: SQL | undefined = regions === undefined ? undefined : inArray(bulletins.regionCode, [...regions]);
  const rows = await tx
    .select({
      id: bulletins.id, number: bulletins.number, regionCode: bulletins.regionCode, periodFrom: bulletins.periodFrom, periodTo: bulletins.periodTo,
      createdBy: bulletins.createdBy, createdAt: bulletins.createdAt, total: sql<number>`count(*) over ()`,
    })
    .from(bulletins)
    .where(where)
    .orderBy(desc(bulletins.createdAt), desc(bulletins.number))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const total = await pageTotal(rows, page, async () => (await tx.select({ n: count() }).from(bulletins).where(where))[0]?.n);
  return { rows, total };
}

/** The bulletin, or undefined when missing or outside the jurisdiction. */
export async function selectBulletin(tx: Tx, id: string): Promise<BulletinRow | undefined> {
  const [r] = await tx.select().from(bulletins).where(eq(bulletins.id, id));
  return r;
}
