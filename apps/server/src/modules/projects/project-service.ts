import type { ProjectCreateBody, ProjectDetail, ProjectListQuery, ProjectPatchBody, ProjectStats, ProjectSummary } from '@zhengqi/contracts/projects';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, authorizeRegion, ownEntityScope, scopeOf, type Actor } from '../../platform/authz/actor';
import { shanghaiToday } from '../../platform/clock/clock';
import type { Tx } from '../../platform/db/database';
import { requireActiveCode } from '../../platform/reference/reference-data';
import { DomainError } from '../../platform/errors/domain-error';
import { newId } from '../../platform/ids/ids';
import { projectNumberTaken, selectEntityRegion, selectProjectPage, selectProjectRow, selectProjectsForStats, type ProjectFilter } from './project-data';
import { readProjectDetail } from './project-read';
import { investmentPace, percent, startRate } from './project-stats';
import { projects } from './schema';

const regionNamer = (ctx: AppContext) => (code: string) => ctx.regions.get(code)?.nameZh ?? code;

/** The regions a `region` filter means: that region and everything under it, within the jurisdiction. */
function regionsOf(ctx: AppContext, actor: Actor, region: string | undefined): readonly string[] | undefined {
  if (region === undefined) {
    return undefined;
  }
  return ctx.regions.subtree(region).filter((c) => actor.regions.includes(c));
}

/** A page of key projects in the caller's jurisdiction. */
export async function listProjects(ctx: AppContext, actor: Actor, q: ProjectListQuery) {
  authorize(actor, 'project.read');
  const f: ProjectFilter = { ...q, regions: regionsOf(ctx, actor, q.region), ownerUscc: ownEntityScope(actor) };
  const r = await ctx.db.tx(scopeOf(actor), (tx) => selectProjectPage(tx, f, q.page, q.pageSize, regionNamer(ctx)));
  return { ...r, page: q.page, pageSize: q.pageSize };
}

/**
 * One project with its progress reports, officials, parties and procedures; NOT_FOUND also outside
 * the jurisdiction and, for a project owner's staff, for another owner's project. One statement
 * through `readAs` (see project-read.ts).
 */
export async function getProject(ctx: AppContext, actor: Actor, id: string): Promise<ProjectDetail> {
  authorize(actor, 'project.read');
  const calendar = await ctx.calendar.get();
  const today = shanghaiToday(ctx.clock.now());
  const d = await ctx.db.readAs(scopeOf(actor), (db) => readProjectDetail(db, id, regionNamer(ctx), ownEntityScope(actor), calendar, today));
  if (d === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  return d;
}

/** A date that is set (neither null nor left out). */
function isSet(d: string | null | undefined): d is string {
  return d !== null && d !== undefined;
}

function checkDates(p: { plannedStartOn?: string | null | undefined; plannedCompletionOn?: string | null | undefined; actualStartOn?: string | null | undefined; actualCompletionOn?: string | null | undefined }, today: string): void {
  if (isSet(p.plannedStartOn) && isSet(p.plannedCompletionOn) && p.plannedCompletionOn < p.plannedStartOn) {
    throw new DomainError('VALIDATION_FAILED', { field: 'plannedCompletionOn', detail: 'planned completion before planned start' });
  }
  if (isSet(p.actualStartOn) && p.actualStartOn > today) {
    throw new DomainError('VALIDATION_FAILED', { field: 'actualStartOn', detail: 'an actual start cannot be in the future' });
  }
  if (isSet(p.actualCompletionOn) && (p.actualCompletionOn > today || (isSet(p.actualStartOn) && p.actualCompletionOn < p.actualStartOn))) {
    throw new DomainError('VALIDATION_FAILED', { field: 'actualCompletionOn', detail: 'actual completion in the future or before the start' });
  }
}

async function checkOwner(tx: Tx, ownerEntityId: string | null | undefined): Promise<void> {
  if (isSet(ownerEntityId) && (await selectEntityRegion(tx, ownerEntityId)) === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'ownerEntityId', detail: 'no such market entity in your jurisdiction' });
  }
}

/** Registers a key project; the number is unique city-wide. */
export async function createProject(ctx: AppContext, actor: Actor, input: ProjectCreateBody): Promise<ProjectDetail> {
  authorize(actor, 'project.write');
  if (ctx.regions.get(input.regionCode) === undefined) {
    throw new DomainError('REGION_UNKNOWN', { field: 'regionCode' });
  }
  authorizeRegion(actor, input.regionCode);
  checkDates(input, shanghaiToday(ctx.clock.now()));
  const id = await ctx.db.tx(scopeOf(actor), async (tx) => {
    if (await projectNumberTaken(tx, input.number)) {
      throw new DomainError('DUPLICATE', { field: 'number', detail: 'project number already used' });
    }
    await checkOwner(tx, input.ownerEntityId);
    await requireActiveCode(tx, 'project_sector', input.sector, 'sector');
    const now = ctx.clock.now();
    const row = {
      id: newId('prj'),
      number: input.number,
      name: input.name,
      regionCode: input.regionCode,
      ownerEntityId: input.ownerEntityId ?? null,
      class: input.class,
      level: input.level,
      sector: input.sector,
      totalInvestmentFen: input.totalInvestmentFen,
      annualPlanFen: input.annualPlanFen,
      year: input.year,
      plannedStartOn: input.plannedStartOn ?? null,
      actualStartOn: input.actualStartOn ?? null,
      plannedCompletionOn: input.plannedCompletionOn ?? null,
      actualCompletionOn: input.actualCompletionOn ?? null,
      status: input.status,
      location: input.location,
      description: input.description,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(projects).values(row);
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'project.created', entityType: 'project',
      entityId: row.id, regionCode: row.regionCode, before: null, after: row, requestId: actor.requestId ?? null,
    });
    return row.id;
  });
  return getProject(ctx, actor, id);
}

/** Changes a project if `version` is still current; otherwise VERSION_CONFLICT and nothing is written. */
export async function updateProject(ctx: AppContext, actor: Actor, id: string, patch: ProjectPatchBody): Promise<ProjectDetail> {
  authorize(actor, 'project.write');
  if (patch.regionCode !== undefined) {
    if (ctx.regions.get(patch.regionCode) === undefined) {
      throw new DomainError('REGION_UNKNOWN', { field: 'regionCode' });
    }
    authorizeRegion(actor, patch.regionCode);
  }
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await selectProjectRow(tx, id);
    if (before === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    const { version, ...fields } = patch;
    checkDates({ ...before, ...fields }, shanghaiToday(ctx.clock.now()));
    await checkOwner(tx, fields.ownerEntityId);
    if (fields.sector !== undefined) {
      await requireActiveCode(tx, 'project_sector', fields.sector, 'sector', before.sector);
    }
    const now = ctx.clock.now();
    const [after] = await tx
      .update(projects)
      .set({ ...fields, updatedAt: now, version: version + 1 })
      .where(and(eq(projects.id, id), eq(projects.version, version)))
      .returning();
    if (after === undefined) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version', extra: { currentVersion: before.version } });
    }
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'project.updated', entityType: 'project',
      entityId: id, regionCode: after.regionCode, before, after, requestId: actor.requestId ?? null,
    });
  });
  return getProject(ctx, actor, id);
}

type Bucket = { count: number; investmentFen: number };

function tally(items: readonly ProjectSummary[], key: (p: ProjectSummary) => string): Record<string, Bucket> {
  const out: Record<string, Bucket> = {};
  for (const p of items) {
    const k = key(p);
    const b = out[k] ?? { count: 0, investmentFen: 0 };
    b.count += 1;
    b.investmentFen += p.totalInvestmentFen;
    out[k] = b;
  }
  return out;
}

/** Statistics derived from the registry for one year (default: this year) and region (default: the jurisdiction). */
export async function projectStats(ctx: AppContext, actor: Actor, q: { region?: string | undefined; year?: number | undefined }): Promise<ProjectStats> {
  authorize(actor, 'project.read');
  const today = shanghaiToday(ctx.clock.now());
  const year = q.year ?? Number(today.slice(0, 4));
  const items = await ctx.db.tx(scopeOf(actor), (tx) => selectProjectsForStats(tx, { year, regions: regionsOf(ctx, actor, q.region), ownerUscc: ownEntityScope(actor) }, regionNamer(ctx)));
  const total = items.reduce((s, p) => s + p.totalInvestmentFen, 0);
  const plan = items.reduce((s, p) => s + p.annualPlanFen, 0);
  const completed = items.reduce((s, p) => s + p.completedThisYearFen, 0);
  const implementation = items.filter((p) => p.class === 'implementation');
  const plannedToStart = items.filter((p) => p.status !== 'cancelled' && p.plannedStartOn !== null && p.plannedStartOn.startsWith(`${year}-`));
  const started = plannedToStart.filter((p) => p.actualStartOn !== null && p.actualStartOn <= `${year}-12-31`);
  const pace = investmentPace(completed, plan, today, year);
  return {
    year,
    count: items.length,
    totalInvestmentFen: total,
    averageInvestmentFen: items.length === 0 ? null : Math.round(total / items.length),
    byClass: tally(items, (p) => p.class),
    byLevel: tally(items, (p) => p.level),
    bySector: tally(items, (p) => p.sector),
    byStatus: tally(items, (p) => p.status),
    byRegion: tally(items, (p) => p.regionCode),
    industrialShareOfImplementation: percent(implementation.filter((p) => p.sector === 'industrial').length, implementation.length),
    startRate: startRate(started.length, plannedToStart.length),
    startedCount: started.length,
    plannedToStartCount: plannedToStart.length,
    annualPlanFen: plan,
    completedThisYearFen: completed,
    planCompletionRate: pace.completionRate,
    timeProgress: pace.timeProgress,
    gap: pace.gap,
  };
}
