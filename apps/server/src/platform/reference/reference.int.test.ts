import type { OrganizationSchema } from '@zhengqi/contracts/admin';
import type { Deadline } from '@zhengqi/contracts/calendar';
import type { ProblemCreateBody } from '@zhengqi/contracts/problems';
import type { ProblemDetail, ProjectCreateBody, ProjectDetail, ProjectSummary } from '@zhengqi/contracts/projects';
import type { DeadlineDays, ReferenceData, ReferenceItem, ReferenceItemPutBody, ReferenceList } from '@zhengqi/contracts/reference-lists';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { users } from '../db/schema';

// The configurable lists (可配置列表) through the HTTP API: the administrator adds, renames and
// deactivates items and sets the problem deadlines; the forms of other users accept only active
// codes. Today is Friday 2026-11-27.

type Page<T> = { items: T[]; total: number };
type Organization = z.infer<typeof OrganizationSchema>;
type ProblemBody = { status: number; code: string; field?: string };

let t: TestApp;
let admin: Client;
let dispatcher: Client;
let owner: Client;
let auditor: Client;
let projectId: string;

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return res.json<T>();
}

/** The status, code and (when `field` is given) the field of a problem+json answer. */
function problem(res: LightMyRequestResponse, status: number, code: string, field?: string): void {
  const body = res.json<ProblemBody>();
  const seen = field === undefined ? { status: res.statusCode, code: body.code } : { status: res.statusCode, code: body.code, field: body.field };
  expect(seen, res.body.slice(0, 300)).toEqual(field === undefined ? { status, code } : { status, code, field });
}

async function userRow(username: string) {
  const [u] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(users).where(eq(users.username, username)));
  if (u === undefined) {
    throw new Error(`demo user ${username} missing`);
  }
  return u;
}

const putItem = (c: Client, list: ReferenceList, code: string, body: Partial<ReferenceItemPutBody>) => c.put(`/api/v1/reference-lists/${list}/items/${code}`, body);

async function item(c: Client, list: ReferenceList, code: string): Promise<ReferenceItem | undefined> {
  return ok<ReferenceData>(await c.get('/api/v1/reference-lists')).lists[list].find((i) => i.code === code);
}

const raise = (category: string, over: Partial<ProblemCreateBody> = {}) =>
  owner.post('/api/v1/problems', { projectId, category, severity: 'general', title: '施工现场安全隐患整改', description: '塔吊基础不符合方案，需要安监部门现场指导。', ...over } satisfies ProblemCreateBody);

function newProject(over: Partial<ProjectCreateBody>): ProjectCreateBody {
  return {
    number: 'XM-2026-0951', name: '测试数字经济产业园', regionCode: '371502', class: 'implementation', level: 'district', sector: 'industrial',
    totalInvestmentFen: 120_000_000_00, annualPlanFen: 30_000_000_00, year: 2026, status: 'preparation', location: '东昌府区', description: '', ...over,
  };
}

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  dispatcher = await t.login('dcf.dispatcher');
  owner = await t.login('dcf.owner');
  auditor = await t.login('auditor');
  projectId = ok<Page<ProjectSummary>>(await owner.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
  expect(projectId).not.toBe('');
});
afterAll(async () => t.close());

describe('problem categories', () => {
  it('an added category is offered and accepted; deactivated, it is refused for new problems but still labels old ones', async () => {
    expect(await item(owner, 'problem_category', 'safety')).toBeUndefined();
    const added = ok<ReferenceItem>(await putItem(admin, 'problem_category', 'safety', { nameZh: '安全生产', nameEn: 'Work safety', sort: 65, active: true }));
    expect(added).toEqual({ list: 'problem_category', code: 'safety', nameZh: '安全生产', nameEn: 'Work safety', sort: 65, active: true, builtin: false, version: 1 });
    // Every signed-in user reads the lists (the raise form needs them), in the administrator's order.
    const categories = ok<ReferenceData>(await owner.get('/api/v1/reference-lists')).lists.problem_category;
    expect(categories.map((i) => i.code)).toEqual(['land', 'funds', 'permits', 'utilities', 'demolition', 'financing', 'safety', 'other']);

    const raised = ok<ProblemDetail>(await raise('safety'), 201);
    expect(raised).toMatchObject({ category: 'safety', state: 'collected' });

    const off = ok<ReferenceItem>(await putItem(admin, 'problem_category', 'safety', { nameZh: '安全生产', nameEn: 'Work safety', sort: 65, active: false, version: 1 }));
    expect(off).toMatchObject({ active: false, version: 2 });
    problem(await raise('safety'), 422, 'REFERENCE_CODE_UNKNOWN', 'category');
    problem(await raise('no_such_category'), 422, 'REFERENCE_CODE_UNKNOWN', 'category');
    // The problem raised before keeps its category, and the list still names it.
    expect(ok<ProblemDetail>(await owner.get(`/api/v1/problems/${raised.id}`)).category).toBe('safety');
    expect(await item(owner, 'problem_category', 'safety')).toMatchObject({ nameZh: '安全生产', active: false });

    // Re-activated, it is accepted again.
    ok(await putItem(admin, 'problem_category', 'safety', { nameZh: '安全生产', nameEn: 'Work safety', sort: 65, active: true, version: 2 }));
    ok<ProblemDetail>(await raise('safety'), 201);

    const audit = ok<Page<{ action: string; before: unknown; after: unknown }>>(await auditor.get('/api/v1/audit?entityType=reference_item&entityId=problem_category:safety'));
    expect(audit.items.map((a) => a.action)).toEqual(['reference.item_changed', 'reference.item_changed', 'reference.item_added']);
    expect(audit.items[1]).toMatchObject({ before: { active: true, version: 1 }, after: { active: false, version: 2 } });
  });

  it('renames a built-in item, which keeps its code and its built-in flag', async () => {
    const land = await item(admin, 'problem_category', 'land');
    expect(land).toMatchObject({ builtin: true, nameZh: '用地' });
    const renamed = ok<ReferenceItem>(await putItem(admin, 'problem_category', 'land', { nameZh: '用地保障', nameEn: 'Land supply', sort: land?.sort ?? 10, active: true, version: land?.version ?? 1 }));
    expect(renamed).toMatchObject({ code: 'land', nameZh: '用地保障', builtin: true, version: (land?.version ?? 1) + 1 });
  });

  it('a stale version is 409 and changes nothing; a change without a version, or of a missing item, is refused', async () => {
    ok(await putItem(admin, 'problem_category', 'traffic', { nameZh: '交通组织', nameEn: 'Traffic', sort: 80, active: true }));
    ok(await putItem(admin, 'problem_category', 'traffic', { nameZh: '交通疏导', nameEn: 'Traffic', sort: 80, active: true, version: 1 }));
    problem(await putItem(admin, 'problem_category', 'traffic', { nameZh: '交通组织协调', nameEn: 'Traffic', sort: 80, active: false, version: 1 }), 409, 'VERSION_CONFLICT', 'version');
    expect(await item(admin, 'problem_category', 'traffic')).toMatchObject({ nameZh: '交通疏导', active: true, version: 2 });
    // Without a version the administrator would silently overwrite an item someone else just changed.
    problem(await putItem(admin, 'problem_category', 'traffic', { nameZh: '交通', nameEn: 'Traffic', sort: 80, active: true }), 400, 'VALIDATION_FAILED', 'version');
    problem(await putItem(admin, 'problem_category', 'never_added', { nameZh: '未添加', nameEn: 'Never added', sort: 1, active: true, version: 3 }), 404, 'NOT_FOUND');
  });

  it('only holders of reference.manage change the lists', async () => {
    problem(await putItem(dispatcher, 'problem_category', 'noise', { nameZh: '噪声扰民', nameEn: 'Noise', sort: 90, active: true }), 403, 'FORBIDDEN');
    problem(await owner.put('/api/v1/reference-lists/problem-deadline-days', { general: 1, major: 2, critical: 3 }), 403, 'FORBIDDEN');
    problem(await t.anonymous().get('/api/v1/reference-lists'), 401, 'UNAUTHENTICATED');
    expect(await item(admin, 'problem_category', 'noise')).toBeUndefined();
  });

  it('refuses a bad body or code with 400', async () => {
    const good = { nameZh: '噪声扰民', nameEn: 'Noise', sort: 90, active: true };
    problem(await putItem(admin, 'problem_category', 'noise', { ...good, nameZh: '   ' }), 400, 'VALIDATION_FAILED');
    problem(await putItem(admin, 'problem_category', 'noise', { ...good, nameEn: '' }), 400, 'VALIDATION_FAILED');
    problem(await putItem(admin, 'problem_category', 'noise', { ...good, sort: -1 }), 400, 'VALIDATION_FAILED');
    for (const code of ['Noise', '9noise', 'n', 'noise-level', `n${'x'.repeat(40)}`]) {
      problem(await putItem(admin, 'problem_category', code, good), 400, 'VALIDATION_FAILED');
    }
    problem(await putItem(admin, 'no_such_list' as ReferenceList, 'noise', good), 400, 'VALIDATION_FAILED');
    expect(await item(admin, 'problem_category', 'noise')).toBeUndefined();
  });
});

describe('problem deadlines by severity', () => {
  it('a general problem assigned after the change is due the configured working days later; the change is audited', async () => {
    const before = ok<ReferenceData>(await admin.get('/api/v1/reference-lists')).problemDeadlineDays;
    expect(before).toEqual({ general: 5, major: 10, critical: 15 });
    problem(await admin.put('/api/v1/reference-lists/problem-deadline-days', { general: 0, major: 10, critical: 15 }), 400, 'VALIDATION_FAILED');
    problem(await admin.put('/api/v1/reference-lists/problem-deadline-days', { general: 3, major: 61, critical: 15 }), 400, 'VALIDATION_FAILED');
    problem(await admin.put('/api/v1/reference-lists/problem-deadline-days', { general: 3, major: 10 }), 400, 'VALIDATION_FAILED');
    const set = ok<DeadlineDays>(await admin.put('/api/v1/reference-lists/problem-deadline-days', { general: 3, major: 10, critical: 15 }));
    expect(set).toEqual({ general: 3, major: 10, critical: 15 });
    expect(ok<ReferenceData>(await owner.get('/api/v1/reference-lists')).problemDeadlineDays).toEqual({ general: 3, major: 10, critical: 15 });

    const handler = await userRow('dcf.handler');
    const p = ok<ProblemDetail>(await raise('land', { severity: 'general' }), 201);
    const a = ok<ProblemDetail>(await dispatcher.post(`/api/v1/problems/${p.id}/assign`, { unitId: handler.organizationId, handlerId: handler.id, version: p.version }));
    expect(a.assignedOn).toBe('2026-11-27');
    const expected = ok<Deadline>(await dispatcher.get(`/api/v1/calendar/deadline?from=${a.assignedOn ?? ''}&workdays=3`));
    expect(a.deadline).toBe(expected.deadline);
    // Three working days after Friday 11-27, not the default five.
    expect(a.deadline).toBe('2026-12-02');

    const audit = ok<Page<{ action: string; actorUsername: string | null; before: unknown; after: unknown }>>(await auditor.get('/api/v1/audit?action=reference.deadline_days_set'));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actorUsername: 'admin', before: { general: 5, major: 10, critical: 15 }, after: { general: 3, major: 10, critical: 15 } });
  });
});

describe('project sectors', () => {
  it('an added sector is accepted on project create; deactivated, it is refused for new projects but kept on an edit', async () => {
    ok(await putItem(admin, 'project_sector', 'digital_economy', { nameZh: '数字经济', nameEn: 'Digital economy', sort: 65, active: true }));
    const created = ok<ProjectDetail>(await dispatcher.post('/api/v1/projects', newProject({ sector: 'digital_economy' })), 201);
    expect(created.sector).toBe('digital_economy');

    ok(await putItem(admin, 'project_sector', 'digital_economy', { nameZh: '数字经济', nameEn: 'Digital economy', sort: 65, active: false, version: 1 }));
    problem(await dispatcher.post('/api/v1/projects', newProject({ number: 'XM-2026-0952', name: '另一个数字经济项目', sector: 'digital_economy' })), 422, 'REFERENCE_CODE_UNKNOWN', 'sector');
    // Editing the existing project need not change its (now deactivated) sector…
    const edited = ok<ProjectDetail>(await dispatcher.patch(`/api/v1/projects/${created.id}`, { sector: 'digital_economy', location: '东昌府区数字产业园', version: created.version }));
    expect(edited).toMatchObject({ sector: 'digital_economy', location: '东昌府区数字产业园' });
    // …but another project may not be moved into it.
    const other = ok<Page<ProjectSummary>>(await dispatcher.get('/api/v1/projects?pageSize=1')).items[0];
    problem(await dispatcher.patch(`/api/v1/projects/${other?.id ?? ''}`, { sector: 'digital_economy', version: other?.version ?? 1 }), 422, 'REFERENCE_CODE_UNKNOWN', 'sector');
  });
});

describe('unit leaders', () => {
  it('an organization’s leader must be one of its own users; null clears it', async () => {
    const handler = await userRow('dcf.handler');
    const stranger = await userRow('dcf.dispatcher');
    expect(stranger.organizationId).not.toBe(handler.organizationId);
    const orgs = ok<Page<Organization>>(await admin.get('/api/v1/organizations?pageSize=200')).items;
    const unit = orgs.find((o) => o.id === handler.organizationId);
    expect(unit).toMatchObject({ leaderUserId: null });
    const version = unit?.version ?? 1;

    problem(await admin.patch(`/api/v1/organizations/${handler.organizationId}`, { leaderUserId: stranger.id, version }), 400, 'VALIDATION_FAILED', 'leaderUserId');
    problem(await admin.patch(`/api/v1/organizations/${handler.organizationId}`, { leaderUserId: `usr_${'0'.repeat(32)}`, version }), 400, 'VALIDATION_FAILED', 'leaderUserId');
    const led = ok<Organization>(await admin.patch(`/api/v1/organizations/${handler.organizationId}`, { leaderUserId: handler.id, version }));
    expect(led).toMatchObject({ leaderUserId: handler.id, version: version + 1 });
    const cleared = ok<Organization>(await admin.patch(`/api/v1/organizations/${handler.organizationId}`, { leaderUserId: null, version: version + 1 }));
    expect(cleared.leaderUserId).toBeNull();
  });
});
