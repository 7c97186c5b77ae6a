import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ConfirmBodySchema,
  DEFAULT_DEADLINE_DAYS,
  PROBLEM_ACTIONS,
  PROBLEM_STATES,
  PROBLEM_TRANSITIONS,
  RequestExtensionBodySchema,
  TERMINAL_PROBLEM_STATES,
  type ProblemAction,
  type ProblemActionInputs,
  type ProblemSeverity,
  type ProblemState,
} from '@zhengqi/contracts/problems';
import { addCalendarDays, createWorkingCalendar } from '../../platform/calendar/working-days';
import { applyAction, availableActions, daysOverdue, isOverdue, type ApplyContext, type ProblemActor, type ProblemFacts } from './problem-flow';

const calendar = createWorkingCalendar({ overrides: [], importedYears: [] });
const id = (kind: string, n: number): string => `${kind}_${n.toString(16).padStart(32, '0')}`;
const UNIT_A = id('org', 1);
const UNIT_B = id('org', 2);
const HANDLER_A = id('usr', 1);
const HANDLER_B = id('usr', 2);
const REPORTER = id('usr', 3);
const DISPATCHER = id('usr', 4);
const COLLEAGUE_A = id('usr', 5);

const ctxOn = (today: string, actorId = DISPATCHER): ApplyContext => ({
  now: new Date(`${today}T02:00:00Z`),
  actorId,
  calendar,
  deadlineDays: DEFAULT_DEADLINE_DAYS,
  today,
});

const ASSIGNED_FACTS = { unitId: UNIT_A, handlerId: HANDLER_A, coUnitIds: [], assignedOn: '2026-09-28', deadline: '2026-10-10' };
const FACTS_BY_STATE: Record<ProblemState, Partial<ProblemFacts>> = {
  collected: {},
  assigned: ASSIGNED_FACTS,
  in_progress: ASSIGNED_FACTS,
  feedback_submitted: { ...ASSIGNED_FACTS, feedbackOn: '2026-10-09' },
  awaiting_closure: { ...ASSIGNED_FACTS, feedbackOn: '2026-10-09' },
  closed: { ...ASSIGNED_FACTS, feedbackOn: '2026-10-09', closedOn: '2026-10-12' },
  rejected: {},
};

/** A problem in `state` with the facts that state implies. */
function makeProblem(state: ProblemState, overrides: Partial<ProblemFacts> = {}): ProblemFacts {
  return {
    state,
    severity: 'general',
    reporterId: REPORTER,
    unitId: null,
    handlerId: null,
    coUnitIds: [],
    deadline: null,
    deadlineProvisional: false,
    assignedOn: null,
    extension: null,
    reopenings: 0,
    feedbackOn: null,
    closedOn: null,
    version: 1,
    ...FACTS_BY_STATE[state],
    ...overrides,
  };
}

const VALID: ProblemActionInputs = {
  assign: { unitId: UNIT_A, handlerId: HANDLER_A, coUnitIds: [UNIT_B] },
  reassign: { unitId: UNIT_B, handlerId: HANDLER_B },
  accept: {},
  return: { reason: '不属于本单位职责' },
  request_extension: { workdays: 3, reason: '需等待用地审批' },
  decide_extension: { approved: true },
  record_progress: { note: '已召开协调会' },
  feedback: { result: '已完成线路迁改' },
  confirm: { satisfied: true },
  close: { note: '现场核实已解决' },
  reject: { reason: '重复问题' },
};
const PENDING = { workdays: 3, reason: '需等待用地审批', status: 'pending' } as const;

const everyone = (userId: string, unitIds: string[] = []): ProblemActor => ({
  permissions: new Set(['problem.dispatch', 'problem.handle', 'problem.report']),
  userId,
  unitIds,
});
const dispatcher: ProblemActor = { permissions: new Set(['problem.dispatch']), userId: DISPATCHER, unitIds: [] };
const handlerA: ProblemActor = { permissions: new Set(['problem.handle']), userId: HANDLER_A, unitIds: [UNIT_A] };
const colleagueA: ProblemActor = { permissions: new Set(['problem.handle']), userId: COLLEAGUE_A, unitIds: [UNIT_A] };
const handlerB: ProblemActor = { permissions: new Set(['problem.handle']), userId: HANDLER_B, unitIds: [UNIT_B] };
const reporter: ProblemActor = { permissions: new Set(['problem.report']), userId: REPORTER, unitIds: [] };

describe('the transition table', () => {
  it.each(PROBLEM_TRANSITIONS.map((t) => [t.from, t.action, t.to, t] as const))('%s --%s--> %s is applied', (from, action, to, row) => {
    const p = makeProblem(from, row.guard === 'extension_pending' ? { extension: PENDING } : {});
    const r = applyAction(p, action, VALID[action], ctxOn('2026-10-09'));
    expect(r.ok).toBe(true);
    if (r.ok) {
      const expected = to === 'same' ? from : to === 'by_outcome' ? 'awaiting_closure' : to;
      expect(r.next.state).toBe(expected);
      expect(r.next.version).toBe(2);
      expect(r.event).toMatchObject({ action, from, to: expected, actorId: DISPATCHER, at: '2026-10-09T02:00:00.000Z' });
    }
    // The one actor holding every role and party is offered exactly the table's moves.
    expect(availableActions(p, everyone(REPORTER, [UNIT_A]))).toContain(action);
  });

  const forbidden = PROBLEM_STATES.flatMap((s) =>
    PROBLEM_ACTIONS.filter((a) => !PROBLEM_TRANSITIONS.some((t) => t.from === s && t.action === a)).map((a) => [s, a] as const),
  );
  it('13 allowed and 64 forbidden (state, action) pairs', () => {
    expect(PROBLEM_STATES.length * PROBLEM_ACTIONS.length - forbidden.length).toBe(13);
    expect(forbidden).toHaveLength(64);
  });
  it.each(forbidden)('%s refuses %s', (state, action) => {
    const p = makeProblem(state, { extension: PENDING });
    expect(applyAction(p, action, VALID[action], ctxOn('2026-10-09'))).toEqual({ ok: false, code: 'ACTION_NOT_ALLOWED' });
    expect(availableActions(p, everyone(REPORTER, [UNIT_A]))).not.toContain(action);
  });
  it('terminal states have no outgoing row', () => {
    expect(PROBLEM_TRANSITIONS.filter((t) => TERMINAL_PROBLEM_STATES.includes(t.from))).toEqual([]);
  });
});

describe('who may act', () => {
  it('only a dispatcher assigns, reassigns and rejects', () => {
    expect(availableActions(makeProblem('collected'), dispatcher)).toEqual(['assign', 'reject']);
    expect(availableActions(makeProblem('assigned'), dispatcher)).toEqual(['reassign', 'reject']);
    expect(availableActions(makeProblem('collected'), handlerA)).toEqual([]);
    expect(availableActions(makeProblem('collected'), reporter)).toEqual([]);
  });
  it('the assigned handler or a member of the assigned unit accepts or returns; another unit cannot', () => {
    expect(availableActions(makeProblem('assigned'), handlerA)).toEqual(['accept', 'return']);
    expect(availableActions(makeProblem('assigned'), colleagueA)).toEqual(['accept', 'return']);
    expect(availableActions(makeProblem('assigned'), handlerB)).toEqual([]);
    expect(availableActions(makeProblem('assigned', { coUnitIds: [UNIT_B] }), handlerB)).toEqual([]);
  });
  it('the handler without the permission is offered nothing', () => {
    expect(availableActions(makeProblem('in_progress'), { ...handlerA, permissions: new Set() })).toEqual([]);
  });
  it('in progress the handler records, requests an extension and feeds back; the dispatcher reassigns', () => {
    expect(availableActions(makeProblem('in_progress'), handlerA)).toEqual(['request_extension', 'record_progress', 'feedback']);
    expect(availableActions(makeProblem('in_progress'), dispatcher)).toEqual(['reassign']);
  });
  it('only the reporter confirms', () => {
    expect(availableActions(makeProblem('feedback_submitted'), reporter)).toEqual(['confirm']);
    expect(availableActions(makeProblem('feedback_submitted'), { ...reporter, userId: id('usr', 9) })).toEqual([]);
    expect(availableActions(makeProblem('feedback_submitted'), dispatcher)).toEqual([]);
  });
  it('the dispatcher closes a confirmed problem; nobody acts on a closed or rejected one', () => {
    expect(availableActions(makeProblem('awaiting_closure'), dispatcher)).toEqual(['close']);
    expect(availableActions(makeProblem('closed'), everyone(REPORTER, [UNIT_A]))).toEqual([]);
    expect(availableActions(makeProblem('rejected'), everyone(REPORTER, [UNIT_A]))).toEqual([]);
  });
});

describe('reasons', () => {
  const cases: Array<[ProblemState, ProblemAction, ProblemActionInputs[ProblemAction], string]> = [
    ['assigned', 'return', { reason: '  ' }, 'reason'],
    ['collected', 'reject', { reason: '' }, 'reason'],
    ['in_progress', 'request_extension', { workdays: 2, reason: ' ' }, 'reason'],
    ['in_progress', 'record_progress', { note: '' }, 'note'],
    ['in_progress', 'feedback', { result: '   ' }, 'result'],
    ['feedback_submitted', 'confirm', { satisfied: false }, 'reason'],
    ['awaiting_closure', 'close', { note: '' }, 'note'],
  ];
  it.each(cases)('%s %s without text is refused on %s', (state, action, input, field) => {
    expect(applyAction(makeProblem(state), action, input, ctxOn('2026-10-09'))).toEqual({ ok: false, code: 'REASON_REQUIRED', field });
  });
  it('the contract asks for a reason when not satisfied and bounds extensions to 1–30 working days', () => {
    expect(ConfirmBodySchema.safeParse({ satisfied: false }).success).toBe(false);
    expect(ConfirmBodySchema.safeParse({ satisfied: false, reason: '现场仍未通电' }).success).toBe(true);
    expect(ConfirmBodySchema.safeParse({ satisfied: true }).success).toBe(true);
    expect(RequestExtensionBodySchema.safeParse({ workdays: 31, reason: '需等待审批' }).success).toBe(false);
    expect(RequestExtensionBodySchema.safeParse({ workdays: 0, reason: '需等待审批' }).success).toBe(false);
  });
  it('the reason is kept on the timeline', () => {
    const r = applyAction(makeProblem('collected'), 'reject', { reason: '重复问题' }, ctxOn('2026-10-09'));
    expect(r.ok && r.event.note).toBe('重复问题');
  });
});

describe('deadlines by severity on the real calendar (2026 National Day, 调休 Saturday 10-10)', () => {
  it.each([
    ['general', '2026-09-28', '2026-10-10'],
    ['major', '2026-09-28', '2026-10-16'],
    ['critical', '2026-09-28', '2026-10-23'],
    ['general', '2026-10-03', '2026-10-13'],
    ['general', '2026-09-25', '2026-10-09'],
  ] as const)('%s assigned on %s is due %s', (severity: ProblemSeverity, today, due) => {
    const r = applyAction(makeProblem('collected', { severity }), 'assign', VALID.assign, ctxOn(today));
    expect(r.ok && r.next).toMatchObject({ state: 'assigned', deadline: due, deadlineProvisional: false, assignedOn: today, unitId: UNIT_A });
  });
  it('the days per severity are configurable', () => {
    const r = applyAction(makeProblem('collected', { severity: 'major' }), 'assign', VALID.assign, {
      ...ctxOn('2026-09-28'),
      deadlineDays: { general: 1, major: 2, critical: 3 },
    });
    expect(r.ok && r.next.deadline).toBe('2026-09-30');
  });
  it('a deadline in a year without a loaded arrangement is provisional', () => {
    const r = applyAction(makeProblem('collected'), 'assign', VALID.assign, ctxOn('2026-12-28'));
    expect(r.ok && r.next).toMatchObject({ deadline: '2027-01-05', deadlineProvisional: true });
  });
  it('co-units never repeat the lead unit', () => {
    const r = applyAction(makeProblem('collected'), 'assign', { unitId: UNIT_A, handlerId: HANDLER_A, coUnitIds: [UNIT_A, UNIT_B, UNIT_B] }, ctxOn('2026-09-28'));
    expect(r.ok && r.next.coUnitIds).toEqual([UNIT_B]);
  });
  it('reassigning restarts the clock from the new assignment date and waits for a new acceptance', () => {
    const r = applyAction(makeProblem('in_progress'), 'reassign', VALID.reassign, ctxOn('2026-10-09'));
    expect(r.ok && r.next).toMatchObject({ state: 'assigned', unitId: UNIT_B, handlerId: HANDLER_B, assignedOn: '2026-10-09', deadline: '2026-10-15' });
  });
  it('a returned problem goes back to the pool without a unit or deadline', () => {
    const r = applyAction(makeProblem('assigned'), 'return', VALID.return, ctxOn('2026-09-29'));
    expect(r.ok && r.next).toMatchObject({ state: 'collected', unitId: null, handlerId: null, deadline: null, assignedOn: null });
  });
});

describe('one extension', () => {
  const requested = (): ProblemFacts => {
    const r = applyAction(makeProblem('in_progress'), 'request_extension', VALID.request_extension, ctxOn('2026-10-08'));
    if (!r.ok) {
      throw new Error(r.code);
    }
    return r.next;
  };
  it('a request is pending and blocks another; the dispatcher may now decide it', () => {
    const p = requested();
    expect(p.extension).toEqual(PENDING);
    expect(applyAction(p, 'request_extension', VALID.request_extension, ctxOn('2026-10-08'))).toEqual({ ok: false, code: 'EXTENSION_ALREADY_USED' });
    expect(availableActions(p, handlerA)).not.toContain('request_extension');
    expect(availableActions(p, dispatcher)).toEqual(['reassign', 'decide_extension']);
  });
  it('approval moves the deadline by the working days from the previous deadline', () => {
    const r = applyAction(requested(), 'decide_extension', { approved: true }, ctxOn('2026-10-09'));
    expect(r.ok && r.next).toMatchObject({ deadline: '2026-10-14', extension: { status: 'approved' } });
  });
  it('refusal keeps the deadline, and no second request is possible afterwards', () => {
    const r = applyAction(requested(), 'decide_extension', { approved: false, reason: '时限内可以办结' }, ctxOn('2026-10-09'));
    expect(r.ok && r.next).toMatchObject({ deadline: '2026-10-10', extension: { status: 'refused' } });
    if (r.ok) {
      expect(applyAction(r.next, 'request_extension', VALID.request_extension, ctxOn('2026-10-09'))).toEqual({ ok: false, code: 'EXTENSION_ALREADY_USED' });
      expect(availableActions(r.next, handlerA)).not.toContain('request_extension');
      expect(availableActions(r.next, dispatcher)).not.toContain('decide_extension');
    }
  });
  it('there is nothing to decide without a pending request', () => {
    expect(applyAction(makeProblem('in_progress'), 'decide_extension', { approved: true }, ctxOn('2026-10-09'))).toEqual({
      ok: false,
      code: 'NO_PENDING_EXTENSION',
    });
  });
});

describe('reopening and overdue', () => {
  it('a not-satisfied confirmation reopens the problem and counts it', () => {
    const r = applyAction(makeProblem('feedback_submitted'), 'confirm', { satisfied: false, reason: '现场仍未通电' }, ctxOn('2026-10-12'));
    expect(r.ok && r.next).toMatchObject({ state: 'in_progress', reopenings: 1, feedbackOn: null, deadline: '2026-10-10' });
    expect(r.ok && isOverdue(r.next, '2026-10-12')).toBe(true);
  });
  it('overdue = past the deadline and not fed back', () => {
    const p = makeProblem('in_progress'); // due Saturday 2026-10-10, a 调休 working day
    expect(isOverdue(p, '2026-10-10')).toBe(false);
    expect(isOverdue(p, '2026-10-11')).toBe(true);
    expect(isOverdue(makeProblem('assigned'), '2026-10-11')).toBe(true);
    expect(isOverdue(makeProblem('feedback_submitted'), '2026-10-20')).toBe(false);
    expect(isOverdue(makeProblem('collected'), '2026-10-20')).toBe(false);
  });
  it('days overdue count working days, at least one once overdue', () => {
    const p = makeProblem('in_progress');
    expect(daysOverdue(p, '2026-10-10', calendar)).toBe(0);
    expect(daysOverdue(p, '2026-10-11', calendar)).toBe(1); // Sunday
    expect(daysOverdue(p, '2026-10-13', calendar)).toBe(2);
    expect(daysOverdue(makeProblem('feedback_submitted'), '2026-10-13', calendar)).toBe(0);
  });
});

describe('property: any sequence of actions by any actor', () => {
  const actors = [dispatcher, handlerA, colleagueA, handlerB, reporter, everyone(id('usr', 8))];
  const step = fc.record({
    action: fc.constantFrom(...PROBLEM_ACTIONS),
    actor: fc.constantFrom(...actors),
    blank: fc.boolean(),
    satisfied: fc.boolean(),
    approved: fc.boolean(),
    workdays: fc.integer({ min: 1, max: 30 }),
    // Half the steps take one of the moves on offer, so runs get deep into the loop.
    followOffer: fc.boolean(),
    pick: fc.nat(),
  });
  type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;
  const inputFor = (s: Step): ProblemActionInputs[ProblemAction] => {
    const text = s.blank ? ' ' : '说明';
    const inputs: ProblemActionInputs = {
      ...VALID,
      return: { reason: text },
      request_extension: { workdays: s.workdays, reason: text },
      decide_extension: { approved: s.approved },
      record_progress: { note: text },
      feedback: { result: text },
      confirm: { satisfied: s.satisfied, ...(s.blank ? {} : { reason: text }) },
      close: { note: text },
      reject: { reason: text },
    };
    return inputs[s.action];
  };
  const reached = new Set<ProblemState>();

  it('stays in the known states, closes only after a satisfied confirmation, and counts versions', () => {
    fc.assert(
      fc.property(fc.constantFrom<ProblemSeverity>('general', 'major', 'critical'), fc.array(step, { maxLength: 60, size: 'max' }), (severity, steps) => {
        let p = makeProblem('collected', { severity });
        let today = '2026-09-20';
        let satisfiedSinceFeedback = false;
        for (const raw of steps) {
          today = addCalendarDays(today, 1);
          const offers = availableActions(p, raw.actor);
          const s = raw.followOffer && offers.length > 0 ? { ...raw, action: offers[raw.pick % offers.length] ?? raw.action } : raw;
          const offered = availableActions(p, s.actor).includes(s.action);
          const r = applyAction(p, s.action, inputFor(s), ctxOn(today, s.actor.userId));
          if (TERMINAL_PROBLEM_STATES.includes(p.state)) {
            expect(r).toEqual({ ok: false, code: 'ACTION_NOT_ALLOWED' });
            expect(offered).toBe(false);
            continue;
          }
          if (offered && !s.blank) {
            expect(r.ok).toBe(true); // what the UI offers works with a valid body
          }
          if (!r.ok) {
            continue;
          }
          expect(PROBLEM_STATES).toContain(r.next.state);
          expect(r.next.version).toBe(p.version + 1);
          expect(r.event.from).toBe(p.state);
          expect(r.event.to).toBe(r.next.state);
          if (r.next.state === 'feedback_submitted') {
            satisfiedSinceFeedback = false;
          }
          if (s.action === 'confirm' && r.next.state === 'awaiting_closure') {
            satisfiedSinceFeedback = true;
          }
          if (r.next.state === 'closed') {
            expect(p.state).toBe('awaiting_closure');
            expect(satisfiedSinceFeedback).toBe(true);
          }
          if (r.next.state === 'in_progress' || r.next.state === 'assigned') {
            expect(r.next.deadline).not.toBeNull();
          }
          reached.add(r.next.state);
          p = r.next;
        }
      }),
      { numRuns: 500 },
    );
    // The property must have been exercised through the whole loop, not vacuously.
    expect([...reached].sort()).toEqual([...PROBLEM_STATES].sort());
  });
});
