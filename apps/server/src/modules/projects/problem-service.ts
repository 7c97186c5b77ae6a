import { DEFAULT_DEADLINE_DAYS, PROBLEM_TRANSITIONS, type ProblemAction, type ProblemActionInputs, type ProblemCreateBody } from '@zhengqi/contracts/problems';
import type { Permission } from '@zhengqi/contracts/permissions';
import type { ProblemDetail, ProblemListQuery } from '@zhengqi/contracts/projects';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, ownEntityScope, scopeOf, type Actor } from '../../platform/authz/actor';
import type { WorkingCalendar } from '../../platform/calendar/working-days';
import { shanghaiToday } from '../../platform/clock/clock';
import type { Tx } from '../../platform/db/database';
import { requireActiveCode, selectDeadlineDays } from '../../platform/reference/reference-data';
import { DomainError } from '../../platform/errors/domain-error';
import { newId } from '../../platform/ids/ids';
import {
  factsOf, insertProblemEvent, nextProblemSerial, selectProblemDetail, selectProblemPage, summaryOf, userOrganization, visibleOrganizations, writeTransition,
  type ProblemDetailRow, type ProblemFilter, type ProblemRow,
} from './problem-data';
import { applyAction, availableActions, type ProblemActor, type ProblemFacts } from './problem-flow';
import { selectProjectRow } from './project-data';
import { problems } from './schema';

/** The permission an action needs (one per action in the transition table). */
export function permissionOf(action: ProblemAction) {
  const t = PROBLEM_TRANSITIONS.find((x) => x.action === action);
  if (t === undefined) {
    throw new Error(`no transition for ${action}`);
  }
  return t.permission;
}

function problemActor(actor: Actor): ProblemActor {
  return { permissions: actor.permissions, userId: actor.userId, unitIds: [actor.organizationId] };
}

/** A page of problems in the caller's jurisdiction. */
export async function listProblems(ctx: AppContext, actor: Actor, q: ProblemListQuery) {
  authorize(actor, 'problem.read');
  const today = shanghaiToday(ctx.clock.now());
  const calendar = await ctx.calendar.get();
  const f: ProblemFilter = {
    today,
    ...(q.state === undefined ? {} : { state: q.state }),
    ...(q.projectId === undefined ? {} : { projectId: q.projectId }),
    ...(q.overdue === undefined ? {} : { overdue: q.overdue }),
    ...(q.q === undefined ? {} : { q: q.q }),
  };
  if (q.waitingFor === 'me') {
    const has = (p: Permission) => actor.permissions.has(p);
    f.waitingFor = { userId: actor.userId, unitId: actor.organizationId, dispatch: has('problem.dispatch'), handle: has('problem.handle'), report: has('problem.report') };
  }
  const owner = ownEntityScope(actor);
  if (owner !== undefined) {
    f.owner = { uscc: owner, userId: actor.userId };
  }
  // Reads only: no BEGIN/COMMIT (decision 0016).
  const r = await ctx.db.autocommit(scopeOf(actor), (db) => selectProblemPage(db, f, q.page, q.pageSize, calendar));
  return { ...r, page: q.page, pageSize: q.pageSize };
}

/** One problem with its timeline and what the caller may do now; NOT_FOUND also outside the jurisdiction. */
export async function getProblem(ctx: AppContext, actor: Actor, id: string): Promise<ProblemDetail> {
  authorize(actor, 'problem.read');
  const today = shanghaiToday(ctx.clock.now());
  const calendar = await ctx.calendar.get();
  // Reads only: no BEGIN/COMMIT (decision 0016).
  const d = await ctx.db.autocommit(scopeOf(actor), (q) => readProblem(q, actor, id));
  if (d === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  return problemDetail(actor, d, today, calendar);
}

/** The problem as `actor` sees it, read in `q`; undefined when missing, outside the jurisdiction or not the owner's. */
async function readProblem(q: Tx, actor: Actor, id: string): Promise<ProblemDetailRow | undefined> {
  const d = await selectProblemDetail(q, id);
  if (d === undefined) {
    return undefined;
  }
  // A project owner sees the problems of its own projects only.
  const owner = ownEntityScope(actor);
  if (owner !== undefined && d.row.reporterId !== actor.userId && (await selectProjectRow(q, d.row.projectId, owner)) === undefined) {
    return undefined;
  }
  return d;
}

/** The detail reply for `actor`. */
function problemDetail(actor: Actor, d: ProblemDetailRow, today: string, calendar: WorkingCalendar): ProblemDetail {
  const facts = factsOf(d.row);
  return {
    ...summaryOf(d.row, d.projectName, d.unitName, today, calendar),
    description: d.row.description,
    reporterId: d.row.reporterId,
    handlerName: d.handlerName,
    coUnitIds: d.row.coUnitIds,
    assignedOn: d.row.assignedOn,
    extension: d.row.extension ?? null,
    feedbackOn: d.row.feedbackOn,
    closedOn: d.row.closedOn,
    result: d.row.result,
    closingNote: d.row.closingNote,
    rejectReason: d.row.rejectReason,
    availableActions: availableActions(facts, problemActor(actor)),
    timeline: d.events.map(({ e, actorName }) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorName,
      action: e.action,
      from: e.fromState as ProblemDetail['state'] | null,
      to: e.toState as ProblemDetail['state'],
      note: e.note,
    })),
    createdAt: d.row.createdAt.toISOString(),
    updatedAt: d.row.updatedAt.toISOString(),
  };
}

/** Collects a problem on a project in the caller's jurisdiction (问题收集). */
export async function collectProblem(ctx: AppContext, actor: Actor, input: ProblemCreateBody): Promise<ProblemDetail> {
  authorize(actor, 'problem.report');
  const now = ctx.clock.now();
  const id = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const project = await selectProjectRow(tx, input.projectId, ownEntityScope(actor));
    if (project === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'projectId' });
    }
    await requireActiveCode(tx, 'problem_category', input.category, 'category');
    const serial = await nextProblemSerial(tx);
    const row = {
      id: newId('prb'),
      number: `WT-${shanghaiToday(now).slice(0, 4)}-${String(serial).padStart(5, '0')}`,
      projectId: project.id,
      regionCode: project.regionCode,
      category: input.category,
      severity: input.severity,
      title: input.title,
      description: input.description,
      state: 'collected' as const,
      reporterId: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(problems).values(row);
    await insertProblemEvent(tx, { problemId: row.id, regionCode: row.regionCode, at: now, actorId: actor.userId, action: 'collect', fromState: null, toState: 'collected', note: null });
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'problem.collected', entityType: 'problem',
      entityId: row.id, regionCode: row.regionCode, before: null, after: row, requestId: actor.requestId ?? null,
    });
    return row.id;
  });
  return getProblem(ctx, actor, id);
}

async function checkAssignment(tx: Tx, input: { unitId: string; handlerId: string; coUnitIds?: readonly string[] | undefined }): Promise<void> {
  const units = [input.unitId, ...(input.coUnitIds ?? [])];
  const visible = await visibleOrganizations(tx, units);
  const missing = units.find((u) => !visible.has(u));
  if (missing !== undefined) {
    throw new DomainError('NOT_FOUND', { field: missing === input.unitId ? 'unitId' : 'coUnitIds', detail: `no organization ${missing} in your jurisdiction` });
  }
  const org = await userOrganization(tx, input.handlerId);
  if (org === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'handlerId', detail: 'no such user in your jurisdiction' });
  }
  if (org !== input.unitId) {
    throw new DomainError('HANDLER_NOT_IN_UNIT', { field: 'handlerId' });
  }
}

/** The stored columns an action writes beyond the facts (texts kept for the record). */
function recordedTexts<A extends ProblemAction>(action: A, input: ProblemActionInputs[A]): Partial<Pick<ProblemRow, 'result' | 'closingNote' | 'rejectReason'>> {
  const i = input as { result?: string; note?: string; reason?: string };
  switch (action) {
    case 'feedback':
      return { result: i.result ?? null };
    case 'close':
      return { closingNote: i.note ?? null };
    case 'reject':
      return { rejectReason: i.reason ?? null };
    case 'assign':
    case 'reassign':
    case 'accept':
    case 'return':
    case 'request_extension':
    case 'decide_extension':
    case 'record_progress':
    case 'confirm':
      return {};
  }
}

/**
 * Applies one action of the problem loop: load (the detail the reply will show) → version check →
 * allowed now for this caller → the rules (problem-flow) → ONE statement writing the compare-and-swap
 * update, the timeline event and the audit record together (decision 0016); the reply is the loaded
 * detail with the new row and the new event, the audit record sealed into the chain before it.
 */
export async function actOnProblem<A extends ProblemAction>(ctx: AppContext, actor: Actor, id: string, action: A, input: ProblemActionInputs[A]): Promise<ProblemDetail> {
  authorize(actor, permissionOf(action));
  const calendar = await ctx.calendar.get();
  const now = ctx.clock.now();
  const today = shanghaiToday(now);
  // Reads, then one writing statement: no BEGIN/COMMIT needed, the statement is the transaction.
  const d = await ctx.db.autocommit(scopeOf(actor), async (q): Promise<ProblemDetailRow> => {
    const loaded = await readProblem(q, actor, id);
    if (loaded === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    const before = loaded.row;
    if (input.version !== undefined && input.version !== before.version) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version', extra: { currentVersion: before.version } });
    }
    const facts: ProblemFacts = factsOf(before);
    const deadlineDays = action === 'assign' || action === 'reassign' ? await selectDeadlineDays(q) : DEFAULT_DEADLINE_DAYS;
    const result = applyAction(facts, action, input, { now, actorId: actor.userId, calendar, deadlineDays, today });
    const allowed = availableActions(facts, problemActor(actor)).includes(action);
    if (!result.ok) {
      // A state or guard failure is a 409 whoever asks; a missing reason only matters to someone allowed to act.
      if (result.code !== 'REASON_REQUIRED' || allowed) {
        throw new DomainError(result.code, result.field === undefined ? {} : { field: result.field });
      }
    }
    if (!allowed || !result.ok) {
      throw new DomainError('FORBIDDEN', { detail: `${action} is not yours to take on this problem` });
    }
    if (action === 'assign' || action === 'reassign') {
      await checkAssignment(q, input as ProblemActionInputs['assign']);
    }
    const { next, event } = result;
    // Texts this action does not record keep their stored values (the version check guarantees them unchanged).
    const change = {
      state: next.state, unitId: next.unitId, handlerId: next.handlerId, coUnitIds: [...next.coUnitIds], deadline: next.deadline, deadlineProvisional: next.deadlineProvisional,
      assignedOn: next.assignedOn, extension: next.extension, reopenings: next.reopenings, feedbackOn: next.feedbackOn, closedOn: next.closedOn,
      result: before.result, closingNote: before.closingNote, rejectReason: before.rejectReason, ...recordedTexts(action, input), version: next.version, updatedAt: now,
    };
    // The audit's `after` is the row the update writes: every problems write goes through this
    // compare-and-swap and moves the version, so the columns it does not set are still `before`'s.
    const after: ProblemRow = { ...before, ...change };
    const written = await writeTransition(q, {
      id,
      expectedVersion: facts.version,
      change,
      event: { at: now, actorId: actor.userId, action, fromState: event.from, toState: event.to, note: event.note ?? null },
      audit: {
        at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: `problem.${action}`, entityType: 'problem',
        entityId: id, regionCode: before.regionCode, before, after, requestId: actor.requestId ?? null,
      },
    });
    if (written === undefined) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version' });
    }
    // Nothing else changes a problem without moving its version: the loaded timeline plus this event is the whole timeline.
    return { row: written.row, projectName: loaded.projectName, unitName: written.unitName, handlerName: written.handlerName, events: [...loaded.events, written.event] };
  });
  return problemDetail(actor, d, today, calendar);
}
