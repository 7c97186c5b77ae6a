import {
  CONFIRM_OUTCOMES,
  PROBLEM_ACTIONS,
  PROBLEM_TRANSITIONS,
  type ProblemAction,
  type ProblemActionInputs,
  type ProblemGuard,
  type ProblemParty,
  type ProblemSeverity,
  type ProblemState,
  type ProblemTransition,
} from '@zhengqi/contracts/problems';

/** A civil date in Asia/Shanghai, 'YYYY-MM-DD'. */
type IsoDate = string;

export type ProblemExtension = { workdays: number; reason: string; status: 'pending' | 'approved' | 'refused' };

/** The facts the rules read and write; plain data, as stored. */
export type ProblemFacts = {
  state: ProblemState;
  severity: ProblemSeverity;
  reporterId: string;
  unitId: string | null;
  handlerId: string | null;
  coUnitIds: readonly string[];
  deadline: IsoDate | null;
  deadlineProvisional: boolean;
  assignedOn: IsoDate | null;
  /** The one extension request a problem may ever have. */
  extension: ProblemExtension | null;
  reopenings: number;
  /** The latest feedback date; cleared when the reporter is not satisfied. */
  feedbackOn: IsoDate | null;
  closedOn: IsoDate | null;
  version: number;
};

export type ProblemActor = { permissions: ReadonlySet<string>; userId: string; unitIds: readonly string[] };

/** One step of a problem's timeline: who did what, when, from which state to which. */
export type TimelineEvent = { at: string; actorId: string; action: ProblemAction; from: ProblemState; to: ProblemState; note?: string };

export type DeadlineCalendar = { addWorkingDays(from: IsoDate, n: number): { deadline: IsoDate; provisional: boolean } };

export type ApplyContext = {
  now: Date;
  actorId: string;
  calendar: DeadlineCalendar;
  deadlineDays: Record<ProblemSeverity, number>;
  /** Today's civil date in Asia/Shanghai. */
  today: IsoDate;
};

export type ProblemFlowErrorCode = 'ACTION_NOT_ALLOWED' | 'REASON_REQUIRED' | 'EXTENSION_ALREADY_USED' | 'NO_PENDING_EXTENSION';
export type ApplyResult = { ok: true; next: ProblemFacts; event: TimelineEvent } | { ok: false; code: ProblemFlowErrorCode; field?: string };

const GUARD_FAILURE: Record<ProblemGuard, ProblemFlowErrorCode> = {
  no_extension_yet: 'EXTENSION_ALREADY_USED',
  extension_pending: 'NO_PENDING_EXTENSION',
};

function transitionsFrom(state: ProblemState, action: ProblemAction): ProblemTransition[] {
  return PROBLEM_TRANSITIONS.filter((t) => t.from === state && t.action === action);
}

function guardHolds(problem: ProblemFacts, guard: ProblemGuard | undefined): boolean {
  switch (guard) {
    case undefined:
      return true;
    case 'no_extension_yet':
      return problem.extension === null;
    case 'extension_pending':
      return problem.extension?.status === 'pending';
  }
}

/** True when the actor is that party of the problem (jurisdiction aside: the use case and row-level security check it). */
export function isParty(problem: Pick<ProblemFacts, 'reporterId' | 'handlerId' | 'unitId'>, actor: Pick<ProblemActor, 'userId' | 'unitIds'>, party: ProblemParty): boolean {
  switch (party) {
    case 'dispatcher':
      // Jurisdiction is checked by the use case and row-level security, not here.
      return true;
    case 'handler':
      return (
        (problem.handlerId !== null && problem.handlerId === actor.userId) || (problem.unitId !== null && actor.unitIds.includes(problem.unitId))
      );
    case 'reporter':
      return problem.reporterId === actor.userId;
  }
}

/** The actions this actor may take on the problem now (state, permission, party and guards), in PROBLEM_ACTIONS order. */
export function availableActions(problem: ProblemFacts, actor: ProblemActor): ProblemAction[] {
  const allowed = new Set<ProblemAction>();
  for (const t of PROBLEM_TRANSITIONS) {
    if (t.from === problem.state && actor.permissions.has(t.permission) && isParty(problem, actor, t.party) && guardHolds(problem, t.guard)) {
      allowed.add(t.action);
    }
  }
  return PROBLEM_ACTIONS.filter((a) => allowed.has(a));
}

/** True when the problem is past its deadline and not yet fed back (assigned or in progress). */
export function isOverdue(p: Pick<ProblemFacts, 'state' | 'deadline'>, today: IsoDate): boolean {
  return p.deadline !== null && p.deadline < today && (p.state === 'assigned' || p.state === 'in_progress');
}

/**
 * Working days past the deadline (those after it, up to and including today); 0 when not overdue.
 * At least 1 once overdue, so a problem due on a Friday never reads "overdue 0 days" on Saturday.
 */
export function daysOverdue(
  p: Pick<ProblemFacts, 'state' | 'deadline'>,
  today: IsoDate,
  calendar: { workingDaysBetween(from: IsoDate, to: IsoDate): number },
): number {
  if (p.deadline === null || !isOverdue(p, today)) {
    return 0;
  }
  return Math.max(1, calendar.workingDaysBetween(p.deadline, today));
}

function blank(text: string | undefined): boolean {
  return text === undefined || text.trim().length === 0;
}

type Change = { next: ProblemFacts; note?: string } | { error: ProblemFlowErrorCode; field: string };

function assignment(
  problem: ProblemFacts,
  input: { unitId: string; handlerId: string; coUnitIds?: readonly string[] | undefined },
  ctx: ApplyContext,
): ProblemFacts {
  const days = ctx.deadlineDays[problem.severity];
  const due = ctx.calendar.addWorkingDays(ctx.today, days);
  const coUnitIds = [...new Set(input.coUnitIds ?? [])].filter((id) => id !== input.unitId);
  return {
    ...problem,
    state: 'assigned',
    unitId: input.unitId,
    handlerId: input.handlerId,
    coUnitIds,
    assignedOn: ctx.today,
    deadline: due.deadline,
    deadlineProvisional: due.provisional,
  };
}

type Command = { [A in ProblemAction]: { action: A; input: ProblemActionInputs[A] } }[ProblemAction];

function change(problem: ProblemFacts, command: Command, ctx: ApplyContext): Change {
  switch (command.action) {
    case 'assign':
      return { next: assignment(problem, command.input, ctx) };
    case 'reassign':
      // A new assignment restarts the clock from today; the one-extension rule still counts the old request.
      return { next: assignment(problem, command.input, ctx), ...(blank(command.input.reason) ? {} : { note: command.input.reason }) };
    case 'accept':
      return { next: { ...problem, state: 'in_progress' } };
    case 'return':
      if (blank(command.input.reason)) {
        return { error: 'REASON_REQUIRED', field: 'reason' };
      }
      return {
        next: { ...problem, state: 'collected', unitId: null, handlerId: null, coUnitIds: [], assignedOn: null, deadline: null, deadlineProvisional: false },
        note: command.input.reason,
      };
    case 'request_extension': {
      const { workdays, reason } = command.input;
      if (!Number.isInteger(workdays) || workdays < 1) {
        // The contract schema bounds it; reaching here is a caller bug, not a user error.
        throw new RangeError(`request_extension: workdays must be a positive integer, got ${String(workdays)}`);
      }
      if (blank(reason)) {
        return { error: 'REASON_REQUIRED', field: 'reason' };
      }
      return { next: { ...problem, extension: { workdays, reason, status: 'pending' } }, note: reason };
    }
    case 'decide_extension': {
      const { extension } = problem;
      if (extension === null) {
        return { error: 'NO_PENDING_EXTENSION', field: 'approved' };
      }
      const note = blank(command.input.reason) ? {} : { note: command.input.reason };
      if (!command.input.approved) {
        return { next: { ...problem, extension: { ...extension, status: 'refused' } }, ...note };
      }
      // In progress always has a deadline; today is only a defensive floor for inconsistent data.
      const due = ctx.calendar.addWorkingDays(problem.deadline ?? ctx.today, extension.workdays);
      return {
        next: {
          ...problem,
          extension: { ...extension, status: 'approved' },
          deadline: due.deadline,
          deadlineProvisional: problem.deadlineProvisional || due.provisional,
        },
        ...note,
      };
    }
    case 'record_progress':
      if (blank(command.input.note)) {
        return { error: 'REASON_REQUIRED', field: 'note' };
      }
      return { next: { ...problem }, note: command.input.note };
    case 'feedback':
      if (blank(command.input.result)) {
        return { error: 'REASON_REQUIRED', field: 'result' };
      }
      return { next: { ...problem, state: 'feedback_submitted', feedbackOn: ctx.today }, note: command.input.result };
    case 'confirm':
      if (command.input.satisfied) {
        return { next: { ...problem, state: CONFIRM_OUTCOMES.satisfied }, ...(blank(command.input.reason) ? {} : { note: command.input.reason }) };
      }
      if (blank(command.input.reason)) {
        return { error: 'REASON_REQUIRED', field: 'reason' };
      }
      // The deadline stands: a reopened problem past it is overdue again until fed back.
      return {
        next: { ...problem, state: CONFIRM_OUTCOMES.notSatisfied, reopenings: problem.reopenings + 1, feedbackOn: null },
        note: command.input.reason,
      };
    case 'close':
      if (blank(command.input.note)) {
        return { error: 'REASON_REQUIRED', field: 'note' };
      }
      return { next: { ...problem, state: 'closed', closedOn: ctx.today }, note: command.input.note };
    case 'reject':
      if (blank(command.input.reason)) {
        return { error: 'REASON_REQUIRED', field: 'reason' };
      }
      return { next: { ...problem, state: 'rejected' }, note: command.input.reason };
  }
}

/**
 * Applies one action to the facts: state and guards from PROBLEM_TRANSITIONS, then the action's own
 * rules. Permission and party are the caller's check (`availableActions`); the version check is the
 * store's compare-and-swap.
 */
export function applyAction<A extends ProblemAction>(problem: ProblemFacts, action: A, input: ProblemActionInputs[A], ctx: ApplyContext): ApplyResult {
  const rows = transitionsFrom(problem.state, action);
  if (rows.length === 0) {
    return { ok: false, code: 'ACTION_NOT_ALLOWED' };
  }
  const failed = rows.find((t) => !guardHolds(problem, t.guard));
  if (failed?.guard !== undefined) {
    return { ok: false, code: GUARD_FAILURE[failed.guard] };
  }
  // A correlated (action, input) pair: the generic signature guarantees it, TypeScript cannot narrow it.
  const result = change(problem, { action, input } as Command, ctx);
  if ('error' in result) {
    return { ok: false, code: result.error, field: result.field };
  }
  const next: ProblemFacts = { ...result.next, version: problem.version + 1 };
  const event: TimelineEvent = {
    at: ctx.now.toISOString(),
    actorId: ctx.actorId,
    action,
    from: problem.state,
    to: next.state,
    ...(result.note === undefined ? {} : { note: result.note }),
  };
  return { ok: true, next, event };
}
