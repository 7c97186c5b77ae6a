import type { ProblemCreateBody } from '@zhengqi/contracts/problems';
import type { ProblemDetail, ProblemSummary, ProjectSummary } from '@zhengqi/contracts/projects';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRoles, users } from '../../platform/db/schema';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';

// The problem loop through the HTTP API, each step as the user who takes it. Today is Friday 2026-11-27.

type Page<T> = { items: T[]; total: number };

let t: TestApp;
let dispatcher: Client;
let owner: Client;
let handler: Client;
let leader: Client;
let projectId: string;
let handlerId: string;
let unitId: string;
let dispatcherOrgId: string;

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return res.json<T>();
}

function problem(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: res.json<{ code: string }>().code }, res.body.slice(0, 300)).toEqual({ status, code });
}

async function userRow(username: string) {
  const [u] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(users).where(eq(users.username, username)));
  if (u === undefined) {
    throw new Error(`demo user ${username} missing`);
  }
  return u;
}

async function collect(over: Partial<ProblemCreateBody> = {}): Promise<ProblemDetail> {
  const body: ProblemCreateBody = { projectId, category: 'land', severity: 'general', title: '施工便道占地未协调', description: '便道占用集体土地约 5 亩，需协调。', ...over };
  return ok<ProblemDetail>(await owner.post('/api/v1/problems', body), 201);
}

const act = (c: Client, id: string, path: string, body: Record<string, unknown> = {}) => c.post(`/api/v1/problems/${id}/${path}`, body);

async function assigned(): Promise<ProblemDetail> {
  const p = await collect();
  return ok<ProblemDetail>(await act(dispatcher, p.id, 'assign', { unitId, handlerId, version: p.version }));
}

beforeAll(async () => {
  t = await makeTestApp();
  dispatcher = await t.login('dcf.dispatcher');
  owner = await t.login('dcf.owner');
  handler = await t.login('dcf.handler');
  leader = await t.login('dcf.leader');
  const h = await userRow('dcf.handler');
  handlerId = h.id;
  unitId = h.organizationId;
  dispatcherOrgId = (await userRow('dcf.dispatcher')).organizationId;
  projectId = ok<Page<ProjectSummary>>(await owner.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
});
afterAll(async () => t.close());

describe('the closed loop', () => {
  it('collect → assign → accept → feedback → not satisfied → feedback → satisfied → close', async () => {
    const p = await collect();
    expect(p).toMatchObject({ state: 'collected', version: 1, deadline: null, overdue: false, availableActions: [] });
    expect(p.number).toMatch(/^WT-2026-\d{5}$/);
    expect(ok<ProblemDetail>(await dispatcher.get(`/api/v1/problems/${p.id}`)).availableActions).toEqual(['assign', 'reject']);
    problem(await act(handler, p.id, 'assign', { unitId, handlerId }), 403, 'FORBIDDEN');

    // 一般: five working days after Friday 11-27.
    const a = ok<ProblemDetail>(await act(dispatcher, p.id, 'assign', { unitId, handlerId, version: 1 }));
    expect(a).toMatchObject({ state: 'assigned', deadline: '2026-12-04', assignedOn: '2026-11-27', unitId, handlerId, version: 2 });
    expect(ok<ProblemDetail>(await handler.get(`/api/v1/problems/${p.id}`)).availableActions).toEqual(['accept', 'return']);

    expect(ok<ProblemDetail>(await act(handler, p.id, 'accept', { version: 2 })).state).toBe('in_progress');
    expect(ok<ProblemDetail>(await act(handler, p.id, 'feedback', { result: '已协调村委会，便道用地签订临时协议。' })).state).toBe('feedback_submitted');
    // Only the reporter confirms: the helping official may report but did not report this one.
    problem(await act(leader, p.id, 'confirm', { satisfied: true }), 403, 'FORBIDDEN');
    const back = ok<ProblemDetail>(await act(owner, p.id, 'confirm', { satisfied: false, reason: '协议期限太短，需延长' }));
    expect(back).toMatchObject({ state: 'in_progress', reopenings: 1, feedbackOn: null });
    ok(await act(handler, p.id, 'feedback', { result: '临时协议延长至项目竣工。' }));
    expect(ok<ProblemDetail>(await act(owner, p.id, 'confirm', { satisfied: true })).state).toBe('awaiting_closure');
    const closed = ok<ProblemDetail>(await act(dispatcher, p.id, 'close', { note: '经现场核实已解决，予以销号。' }));
    expect(closed).toMatchObject({ state: 'closed', closedOn: '2026-11-27', closingNote: '经现场核实已解决，予以销号。', result: '临时协议延长至项目竣工。', availableActions: [] });
    expect(closed.timeline.map((e) => `${e.action}:${e.to}`)).toEqual([
      'collect:collected', 'assign:assigned', 'accept:in_progress', 'feedback:feedback_submitted', 'confirm:in_progress',
      'feedback:feedback_submitted', 'confirm:awaiting_closure', 'close:closed',
    ]);
    expect(closed.timeline.map((e) => e.actorName)).toEqual(['城投公司项目负责人', '东昌府区发改局调度员', '东昌府区自然资源局经办人', '东昌府区自然资源局经办人', '城投公司项目负责人', '东昌府区自然资源局经办人', '城投公司项目负责人', '东昌府区发改局调度员']);
    // Closed problems are read-only.
    problem(await act(dispatcher, p.id, 'close', { note: '再次销号' }), 409, 'ACTION_NOT_ALLOWED');
    const audit = ok<{ items: Array<{ action: string }> }>(await (await t.login('auditor')).get(`/api/v1/audit?entityId=${p.id}`));
    expect(audit.items.map((x) => x.action)).toContain('problem.close');
  });

  it('the handler returns a wrong assignment with a reason', async () => {
    const a = await assigned();
    problem(await act(handler, a.id, 'return', {}), 400, 'VALIDATION_FAILED');
    const r = ok<ProblemDetail>(await act(handler, a.id, 'return', { reason: '不属于本单位职责，应由住建局办理' }));
    expect(r).toMatchObject({ state: 'collected', unitId: null, handlerId: null, deadline: null });
    expect(r.timeline.at(-1)).toMatchObject({ action: 'return', note: '不属于本单位职责，应由住建局办理' });
  });

  it('one extension request, approved: the deadline moves across the holidays', async () => {
    const admin = await t.login('admin');
    for (const date of ['2026-12-07', '2026-12-08', '2026-12-09']) {
      ok(await admin.put(`/api/v1/calendar/overrides/${date}`, { kind: 'holiday', name: '测试假日', reason: '集成测试假日' }));
    }
    const a = await assigned();
    expect(a.deadline).toBe('2026-12-04');
    ok(await act(handler, a.id, 'accept'));
    const asked = ok<ProblemDetail>(await act(handler, a.id, 'request-extension', { workdays: 3, reason: '需等待规划调整批复' }));
    expect(asked.extension).toEqual({ workdays: 3, reason: '需等待规划调整批复', status: 'pending' });
    expect(ok<ProblemDetail>(await dispatcher.get(`/api/v1/problems/${a.id}`)).availableActions).toContain('decide_extension');
    problem(await act(handler, a.id, 'request-extension', { workdays: 2, reason: '再申请一次' }), 409, 'EXTENSION_ALREADY_USED');
    // 12-07..09 are holidays: three working days after Friday 12-04 are 12-10, 12-11 and Monday 12-14.
    const approved = ok<ProblemDetail>(await act(dispatcher, a.id, 'decide-extension', { approved: true }));
    expect(approved).toMatchObject({ deadline: '2026-12-14', extension: { status: 'approved' }, state: 'in_progress' });
    problem(await act(dispatcher, a.id, 'decide-extension', { approved: false }), 409, 'NO_PENDING_EXTENSION');
  });

  it('the dispatcher rejects a problem that is not real, with a reason', async () => {
    const p = await collect({ title: '重复问题' });
    problem(await act(dispatcher, p.id, 'reject', { reason: 'x' }), 400, 'VALIDATION_FAILED');
    const r = ok<ProblemDetail>(await act(dispatcher, p.id, 'reject', { reason: '与已交办问题重复' }));
    expect(r).toMatchObject({ state: 'rejected', rejectReason: '与已交办问题重复', availableActions: [] });
    problem(await act(dispatcher, p.id, 'assign', { unitId, handlerId }), 409, 'ACTION_NOT_ALLOWED');
  });

  it('a handler must belong to the responsible unit', async () => {
    const p = await collect();
    problem(await act(dispatcher, p.id, 'assign', { unitId: dispatcherOrgId, handlerId }), 422, 'HANDLER_NOT_IN_UNIT');
    expect(ok<ProblemDetail>(await dispatcher.get(`/api/v1/problems/${p.id}`))).toMatchObject({ state: 'collected', version: 1 });
  });
});

describe('conflicts', () => {
  it('a stale version is 409 VERSION_CONFLICT and changes nothing', async () => {
    const a = await assigned();
    problem(await act(handler, a.id, 'accept', { version: 1 }), 409, 'VERSION_CONFLICT');
    expect(ok<ProblemDetail>(await handler.get(`/api/v1/problems/${a.id}`))).toMatchObject({ state: 'assigned', version: 2 });
  });

  it('two actions on one version at once: one wins, the other is 409, nothing applied twice', async () => {
    const a = await assigned();
    const other = await t.login('dcf.handler');
    const results = await Promise.all([act(handler, a.id, 'accept', { version: a.version }), act(other, a.id, 'return', { reason: '不属于本单位职责', version: a.version })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)?.json<{ code: string }>().code).toBe('VERSION_CONFLICT');
    const after = ok<ProblemDetail>(await handler.get(`/api/v1/problems/${a.id}`));
    expect(after.version).toBe(3);
    expect(after.timeline.map((e) => e.action)).toHaveLength(3);
  });
});

describe('lists and jurisdiction', () => {
  it('lists problems overdue first, with filters', async () => {
    const overdue = ok<Page<ProblemSummary>>(await dispatcher.get('/api/v1/problems?overdue=true'));
    expect(overdue.total).toBeGreaterThanOrEqual(1);
    expect(overdue.items.every((p) => p.overdue)).toBe(true);
    const all = ok<Page<ProblemSummary>>(await dispatcher.get('/api/v1/problems?pageSize=200'));
    expect(all.items[0]?.overdue).toBe(true);
    const d = ok<ProblemDetail>(await dispatcher.get(`/api/v1/problems/${overdue.items[0]?.id ?? ''}`));
    expect(d.daysOverdue).toBeGreaterThan(0);
    // The list shows the same days overdue as the detail, and 0 for the rest.
    expect(overdue.items[0]?.daysOverdue).toBe(d.daysOverdue);
    expect(all.items.filter((p) => !p.overdue).every((p) => p.daysOverdue === 0)).toBe(true);
    const number = overdue.items[0]?.number ?? '';
    expect(ok<Page<ProblemSummary>>(await dispatcher.get(`/api/v1/problems?q=${number}`)).items.map((p) => p.number)).toEqual([number]);
    const collected = ok<Page<ProblemSummary>>(await dispatcher.get('/api/v1/problems?state=collected'));
    expect(collected.items.every((p) => p.state === 'collected')).toBe(true);
    const byProject = ok<Page<ProblemSummary>>(await dispatcher.get(`/api/v1/problems?projectId=${projectId}`));
    expect(byProject.total).toBeGreaterThan(0);
    expect(byProject.items.every((p) => p.projectId === projectId)).toBe(true);
  });

  it('"waiting for me" lists only the problems on which the caller can act now', async () => {
    const p = await collect();
    const mine = async (c: typeof dispatcher) => ok<Page<ProblemSummary>>(await c.get('/api/v1/problems?waitingFor=me&pageSize=200')).items;
    expect((await mine(dispatcher)).map((x) => x.id)).toContain(p.id);
    expect((await mine(handler)).map((x) => x.id)).not.toContain(p.id);
    const a = ok<ProblemDetail>(await act(dispatcher, p.id, 'assign', { unitId, handlerId, version: p.version }));
    expect((await mine(dispatcher)).map((x) => x.id)).not.toContain(a.id);
    expect((await mine(handler)).map((x) => x.id)).toContain(a.id);
    const f = ok<ProblemDetail>(await act(handler, a.id, 'accept', { version: a.version }));
    const fb = ok<ProblemDetail>(await act(handler, f.id, 'feedback', { result: '已协调解决', version: f.version }));
    expect((await mine(handler)).map((x) => x.id)).not.toContain(fb.id);
    expect((await mine(owner)).map((x) => x.id)).toContain(fb.id);
    // Every problem waiting for the handler is one the handler's unit holds, in a state the handler acts in.
    expect((await mine(handler)).every((x) => (x.state === 'assigned' || x.state === 'in_progress') && x.unitId === unitId)).toBe(true);
    expect((await mine(owner)).every((x) => x.state === 'feedback_submitted')).toBe(true);
  });

  it('a Gaotang user cannot see or raise Dongchangfu problems', async () => {
    const p = await collect();
    const u = await userRow('gaotang.clerk');
    await t.db.tx({ kind: 'system' }, (tx) => tx.insert(userRoles).values({ userId: u.id, roleCode: 'helping_official' }));
    const clerk = await t.login('gaotang.clerk');
    expect(ok<Page<ProblemSummary>>(await clerk.get('/api/v1/problems')).total).toBe(0);
    problem(await clerk.get(`/api/v1/problems/${p.id}`), 404, 'NOT_FOUND');
    problem(await clerk.post('/api/v1/problems', { projectId, category: 'funds', severity: 'major', title: '越权上报', description: '不应成功' }), 404, 'NOT_FOUND');
    problem(await act(clerk, p.id, 'confirm', { satisfied: true }), 404, 'NOT_FOUND');
  });
});
