import {
  PARTY_KINDS, PROCEDURE_KINDS, type OfficialsPutBody, type OverdueProcedures, type Party, type PartiesPutBody, type Procedure, type ProcedureCreateBody,
  type ProcedurePatchBody,
} from '@zhengqi/contracts/project-parts';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, ownEntityScope, scopeOf, type Actor } from '../../platform/authz/actor';
import type { WorkingCalendar } from '../../platform/calendar/working-days';
import { shanghaiToday } from '../../platform/clock/clock';
import type { Tx } from '../../platform/db/database';
import { requireActiveCode } from '../../platform/reference/reference-data';
import { DomainError } from '../../platform/errors/domain-error';
import { newId } from '../../platform/ids/ids';
import { validateUscc } from '../registry/uscc';
import { procedureDaysOverdue, procedureDeadline, procedureIssue, procedureOverdue } from './procedure-rules';
import { selectOwnProjectIds, selectProjectRow, type ProjectRow } from './project-data';
import {
  replaceOfficials, replaceParties, selectOfficials, selectOpenTimedProcedures, selectParties, selectProcedureRow, selectProcedures, toOfficial, toParty,
  visibleUserIds, type ProcedureRow,
} from './project-parts-data';
import { projectProcedures, projects } from './schema';

/** What a procedure's view is computed from: its stored fields (a table row, or the detail read's JSON). */
export type ProcedureFields = Pick<ProcedureRow, 'id' | 'projectId' | 'kind' | 'status' | 'responsibleUnit' | 'appliedOn' | 'approvedOn' | 'limitWorkdays' | 'note' | 'version'>;

/** A procedure with its working-day deadline and whether (and by how many working days) it is overdue on `today`. */
export function toProcedure(r: ProcedureFields, calendar: WorkingCalendar, today: string): Procedure {
  const deadline = procedureDeadline(r, calendar);
  return {
    id: r.id, projectId: r.projectId, kind: r.kind, status: r.status, responsibleUnit: r.responsibleUnit, appliedOn: r.appliedOn, approvedOn: r.approvedOn,
    limitWorkdays: r.limitWorkdays, deadline, overdue: procedureOverdue(r.status, deadline, today), daysOverdue: procedureDaysOverdue(r.status, deadline, today, calendar),
    note: r.note, version: r.version,
  };
}

/** The five responsible parties in their statutory order. */
export const sortParties = (ps: Party[]) => ps.sort((a, b) => PARTY_KINDS.indexOf(a.kind) - PARTY_KINDS.indexOf(b.kind));
// Built-in kinds in their statutory order, kinds an administrator added after them.
const kindOrder = (k: string) => {
  const i = (PROCEDURE_KINDS as readonly string[]).indexOf(k);
  return i < 0 ? PROCEDURE_KINDS.length : i;
};
/** Procedures: the built-in kinds in their statutory order, then the added kinds by code. */
export const sortProcedures = (ps: Procedure[]) => ps.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.kind.localeCompare(b.kind));

/** The visible project (a project owner's staff see their own only), or NOT_FOUND. */
async function projectOrNotFound(tx: Tx, id: string, ownerUscc?: string): Promise<ProjectRow> {
  const p = await selectProjectRow(tx, id, ownerUscc);
  if (p === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  return p;
}

/** Bumps the project's version if it is still `version`; VERSION_CONFLICT otherwise. */
async function bumpProject(tx: Tx, p: ProjectRow, version: number, now: Date): Promise<void> {
  const [after] = await tx.update(projects).set({ version: version + 1, updatedAt: now }).where(and(eq(projects.id, p.id), eq(projects.version, version))).returning({ id: projects.id });
  if (after === undefined) {
    throw new DomainError('VERSION_CONFLICT', { field: 'version', extra: { currentVersion: p.version } });
  }
}

/** A project's helping officials (帮包领导) with the project's version. */
export async function getOfficials(ctx: AppContext, actor: Actor, projectId: string) {
  authorize(actor, 'project.read');
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const p = await projectOrNotFound(tx, projectId, ownEntityScope(actor));
    return { officials: (await selectOfficials(tx, projectId)).map(toOfficial), version: p.version };
  });
}

/** Replaces the helping officials if the project's version is current; a user id must name a user in the jurisdiction. */
export async function putOfficials(ctx: AppContext, actor: Actor, projectId: string, body: OfficialsPutBody) {
  authorize(actor, 'project.write');
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    const p = await projectOrNotFound(tx, projectId);
    const ids = body.officials.flatMap((o) => (o.userId === null || o.userId === undefined ? [] : [o.userId]));
    const visible = await visibleUserIds(tx, ids);
    body.officials.forEach((o, i) => {
      if (o.userId !== null && o.userId !== undefined && !visible.has(o.userId)) {
        throw new DomainError('NOT_FOUND', { field: `officials.${i}.userId`, detail: 'no such user in your jurisdiction' });
      }
    });
    const now = ctx.clock.now();
    await bumpProject(tx, p, body.version, now);
    const before = await selectOfficials(tx, projectId);
    const rows = body.officials.map((o, i) => ({ id: newId('hof'), projectId, regionCode: p.regionCode, userId: o.userId ?? null, name: o.name, title: o.title, role: o.role, since: o.since, position: i }));
    await replaceOfficials(tx, projectId, rows);
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'project.officials_replaced', entityType: 'project',
      entityId: projectId, regionCode: p.regionCode, before: before.map(toOfficial), after: rows.map(toOfficial), requestId: actor.requestId ?? null,
    });
  });
  return getOfficials(ctx, actor, projectId);
}

/** A project's five responsible parties (五方责任主体) with the project's version. */
export async function getParties(ctx: AppContext, actor: Actor, projectId: string) {
  authorize(actor, 'project.read');
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const p = await projectOrNotFound(tx, projectId, ownEntityScope(actor));
    return { parties: sortParties((await selectParties(tx, projectId)).map(toParty)), version: p.version };
  });
}

/** Replaces the responsible parties if the project's version is current; each USCC must have the GB 32100 form. */
export async function putParties(ctx: AppContext, actor: Actor, projectId: string, body: PartiesPutBody) {
  authorize(actor, 'project.write');
  const seen = new Set<string>();
  body.parties.forEach((s, i) => {
    if (seen.has(s.kind)) {
      throw new DomainError('DUPLICATE', { field: `parties.${i}.kind`, detail: 'one slot per kind' });
    }
    seen.add(s.kind);
    if (!validateUscc(s.uscc).formOk) {
      throw new DomainError('USCC_FORM_INVALID', { field: `parties.${i}.uscc` });
    }
  });
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    const p = await projectOrNotFound(tx, projectId);
    const now = ctx.clock.now();
    await bumpProject(tx, p, body.version, now);
    const before = await selectParties(tx, projectId);
    const rows = body.parties.map((s) => ({
      projectId, kind: s.kind, regionCode: p.regionCode, unitName: s.unitName, uscc: s.uscc.toUpperCase(), responsiblePerson: s.responsiblePerson,
      licenceNumber: s.licenceNumber, authorisedOn: s.authorisedOn ?? null, commitmentOn: s.commitmentOn ?? null,
    }));
    await replaceParties(tx, projectId, rows);
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'project.parties_replaced', entityType: 'project',
      entityId: projectId, regionCode: p.regionCode, before: before.map(toParty), after: rows.map(toParty), requestId: actor.requestId ?? null,
    });
  });
  return getParties(ctx, actor, projectId);
}

/** A project's procedures (手续) with deadlines and overdue flags as of today. */
export async function listProcedures(ctx: AppContext, actor: Actor, projectId: string) {
  authorize(actor, 'project.read');
  const today = shanghaiToday(ctx.clock.now());
  const calendar = await ctx.calendar.get();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    await projectOrNotFound(tx, projectId, ownEntityScope(actor));
    return { items: sortProcedures((await selectProcedures(tx, projectId)).map((r) => toProcedure(r, calendar, today))) };
  });
}

function checkProcedure(facts: Parameters<typeof procedureIssue>[0], today: string): void {
  const issue = procedureIssue(facts, today);
  if (issue !== null) {
    throw new DomainError('VALIDATION_FAILED', issue);
  }
}

/** Adds a procedure to a project; one per kind. */
export async function createProcedure(ctx: AppContext, actor: Actor, projectId: string, body: ProcedureCreateBody): Promise<Procedure> {
  authorize(actor, 'project.write');
  const today = shanghaiToday(ctx.clock.now());
  const facts = { status: body.status, appliedOn: body.appliedOn ?? null, approvedOn: body.approvedOn ?? null, limitWorkdays: body.limitWorkdays ?? null };
  checkProcedure(facts, today);
  const calendar = await ctx.calendar.get();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const p = await projectOrNotFound(tx, projectId);
    await requireActiveCode(tx, 'procedure_kind', body.kind, 'kind');
    if ((await selectProcedures(tx, projectId)).some((r) => r.kind === body.kind)) {
      throw new DomainError('DUPLICATE', { field: 'kind', detail: 'the project already has this procedure' });
    }
    const now = ctx.clock.now();
    const row: ProcedureRow = { id: newId('prc'), projectId, regionCode: p.regionCode, kind: body.kind, responsibleUnit: body.responsibleUnit, note: body.note, ...facts, version: 1, createdAt: now, updatedAt: now };
    await tx.insert(projectProcedures).values(row);
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'procedure.created', entityType: 'project_procedure',
      entityId: row.id, regionCode: row.regionCode, before: null, after: row, requestId: actor.requestId ?? null,
    });
    return toProcedure(row, calendar, today);
  });
}

/** Changes a procedure if `version` is still current; otherwise VERSION_CONFLICT and nothing is written. */
export async function patchProcedure(ctx: AppContext, actor: Actor, id: string, patch: ProcedurePatchBody): Promise<Procedure> {
  authorize(actor, 'project.write');
  const today = shanghaiToday(ctx.clock.now());
  const calendar = await ctx.calendar.get();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await selectProcedureRow(tx, id);
    if (before === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    const { version, ...fields } = patch;
    const merged = { ...before, ...fields };
    checkProcedure(merged, today);
    const now = ctx.clock.now();
    const [after] = await tx
      .update(projectProcedures)
      .set({ ...fields, updatedAt: now, version: version + 1 })
      .where(and(eq(projectProcedures.id, id), eq(projectProcedures.version, version)))
      .returning();
    if (after === undefined) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version', extra: { currentVersion: before.version } });
    }
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'procedure.updated', entityType: 'project_procedure',
      entityId: id, regionCode: after.regionCode, before, after, requestId: actor.requestId ?? null,
    });
    return toProcedure(after, calendar, today);
  });
}

/** Overdue procedures in the jurisdiction (or a region under it), most overdue first, for special supervision. */
export async function overdueProcedures(ctx: AppContext, actor: Actor, region: string | undefined): Promise<OverdueProcedures> {
  authorize(actor, 'project.read');
  const today = shanghaiToday(ctx.clock.now());
  const calendar = await ctx.calendar.get();
  const regions = region === undefined ? undefined : ctx.regions.subtree(region).filter((c) => actor.regions.includes(c));
  const owner = ownEntityScope(actor);
  const rows = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const all = await selectOpenTimedProcedures(tx, regions);
    if (owner === undefined) {
      return all;
    }
    const own = await selectOwnProjectIds(tx, owner);
    return all.filter((x) => own.has(x.r.projectId));
  });
  const items = rows
    .map((x) => ({ ...toProcedure(x.r, calendar, today), projectNumber: x.projectNumber, projectName: x.projectName, regionCode: x.r.regionCode, regionName: ctx.regions.get(x.r.regionCode)?.nameZh ?? x.r.regionCode }))
    .filter((p) => p.overdue)
    .sort((a, b) => b.daysOverdue - a.daysOverdue);
  return { total: items.length, items };
}
