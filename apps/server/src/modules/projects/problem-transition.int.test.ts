import type { ProblemCreateBody } from '@zhengqi/contracts/problems';
import type { ProblemDetail, ProjectSummary } from '@zhengqi/contracts/projects';
import { asc, count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPending, sealAudit, verifyAuditChain } from '../../platform/audit/audit-log';
import { auditLog, users } from '../../platform/db/schema';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { problemEvents, problems } from './schema';

// One action of the problem loop is ONE statement (decision 0016): the compare-and-swap update, its
// timeline event and its audit record, whose `after` is the row as stored; the reply is assembled
// from what was read before and what the statement returned, and must equal a fresh read.

let t: TestApp;
let dispatcher: Client;
let owner: Client;
let handler: Client;
let projectId: string;
let handlerId: string;
let unitId: string;

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return res.json<T>();
}

const act = (c: Client, id: string, path: string, body: Record<string, unknown> = {}) => c.post(`/api/v1/problems/${id}/${path}`, body);

async function assigned(): Promise<ProblemDetail> {
  const body: ProblemCreateBody = { projectId, category: 'land', severity: 'general', title: '事务测试问题', description: '一条语句写入变更、时间线和审计记录。' };
  const p = ok<ProblemDetail>(await owner.post('/api/v1/problems', body), 201);
  return ok<ProblemDetail>(await act(dispatcher, p.id, 'assign', { unitId, handlerId, version: p.version }));
}

const sys = { kind: 'system' } as const;
const jsonOf = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

async function storedRow(id: string) {
  const [r] = await t.db.tx(sys, (tx) => tx.select().from(problems).where(eq(problems.id, id)));
  return r;
}

async function auditRecords(id: string) {
  return t.db.tx(sys, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(asc(auditLog.seq)));
}

async function counts(id: string) {
  return t.db.tx(sys, async (tx) => ({
    events: (await tx.select({ n: count() }).from(problemEvents).where(eq(problemEvents.problemId, id)))[0]?.n,
    sealed: (await tx.select({ n: count() }).from(auditLog).where(eq(auditLog.entityId, id)))[0]?.n,
    waiting: (await tx.select({ n: count() }).from(auditPending))[0]?.n,
  }));
}

beforeAll(async () => {
  t = await makeTestApp();
  dispatcher = await t.login('dcf.dispatcher');
  owner = await t.login('dcf.owner');
  handler = await t.login('dcf.handler');
  const [h] = await t.db.tx(sys, (tx) => tx.select().from(users).where(eq(users.username, 'dcf.handler')));
  handlerId = h?.id ?? '';
  unitId = h?.organizationId ?? '';
  projectId = ok<{ items: ProjectSummary[] }>(await owner.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
});
afterAll(async () => t.close());

describe('one action, one statement', () => {
  it('the reply equals a fresh read, and the audit record holds the row before and the row as stored after', async () => {
    const a = await assigned();
    const before = await storedRow(a.id);
    const reply = ok<ProblemDetail>(await act(handler, a.id, 'accept', { version: a.version }));
    expect(reply).toEqual(ok<ProblemDetail>(await handler.get(`/api/v1/problems/${a.id}`)));
    expect(reply.timeline.map((e) => [e.seq, e.action, e.actorName])).toEqual([[1, 'collect', '城投公司项目负责人'], [2, 'assign', '东昌府区发改局调度员'], [3, 'accept', '东昌府区自然资源局经办人']]);
    const after = await storedRow(a.id);
    expect(after).toMatchObject({ state: 'in_progress', version: a.version + 1 });
    // Sealed before the reply (decision 0010): the record is in the chain already.
    const record = (await auditRecords(a.id)).at(-1);
    expect(record).toMatchObject({ action: 'problem.accept', entityType: 'problem', regionCode: after?.regionCode, actorOrgId: unitId });
    expect(record?.before).toEqual(jsonOf(before));
    expect(record?.after).toEqual(jsonOf(after));
  });

  it('an assignment reply names the new unit and handler as a fresh read does', async () => {
    const a = await assigned();
    expect(a).toMatchObject({ unitId, handlerId, handlerName: '东昌府区自然资源局经办人', unitName: expect.any(String) as string });
    expect(a).toEqual(ok<ProblemDetail>(await dispatcher.get(`/api/v1/problems/${a.id}`)));
    const r = ok<ProblemDetail>(await act(handler, a.id, 'return', { reason: '不属于本单位职责，应退回重新交办' }));
    expect(r).toMatchObject({ unitId: null, unitName: null, handlerId: null, handlerName: null, state: 'collected' });
    expect(r).toEqual(ok<ProblemDetail>(await handler.get(`/api/v1/problems/${a.id}`)));
    expect((await auditRecords(a.id)).at(-1)?.after).toEqual(jsonOf(await storedRow(a.id)));
  });

  it('a version that moved on writes nothing: no event, no audit record, none waiting', async () => {
    const a = await assigned();
    const c0 = await counts(a.id);
    const res = await act(handler, a.id, 'accept', { version: a.version - 1 });
    expect(res.statusCode).toBe(409);
    expect(await counts(a.id)).toEqual(c0);
    expect(await storedRow(a.id)).toMatchObject({ state: 'assigned', version: a.version });
  });

  it('concurrent actions on many problems: every winner has one event and one record, losers none, and the chain verifies', async () => {
    const list = await Promise.all(Array.from({ length: 6 }, () => assigned()));
    const other = await t.login('dcf.handler');
    const results = await Promise.all(list.flatMap((a) => [act(handler, a.id, 'accept', { version: a.version }), act(other, a.id, 'return', { reason: '不属于本单位职责', version: a.version })]));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(list.length);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(list.length);
    for (const a of list) {
      const c = await counts(a.id);
      // collect, assign and the one winner; their three records sealed.
      expect({ events: c.events, sealed: c.sealed }).toEqual({ events: 3, sealed: 3 });
      expect((await auditRecords(a.id)).at(-1)?.after).toEqual(jsonOf(await storedRow(a.id)));
    }
    await sealAudit(t.db);
    const verdict = await t.db.tx(sys, (tx) => verifyAuditChain(tx));
    expect(verdict.ok).toBe(true);
  });
});
