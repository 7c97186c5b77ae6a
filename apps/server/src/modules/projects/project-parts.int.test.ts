import type { OfficialsPutBody, OverdueProcedures, PartiesPutBody, Procedure } from '@zhengqi/contracts/project-parts';
import type { ProjectCreateBody, ProjectDetail } from '@zhengqi/contracts/projects';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRoles, users } from '../../platform/db/schema';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { makeUscc } from '../registry/uscc';

// Helping officials, the five responsible parties and procedures through the HTTP API. Today is Friday 2026-11-27.

type Officials = { officials: Array<{ name: string; userId: string | null }>; version: number };
type Parties = { parties: Array<{ kind: string; uscc: string }>; version: number };

let t: TestApp;
let dispatcher: Client;
let owner: Client;
let projectId: string;
let dispatcherId: string;

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return res.json<T>();
}

function problem(res: LightMyRequestResponse, status: number, code: string, field?: string): void {
  const b = res.json<{ code: string; field?: string }>();
  expect({ status: res.statusCode, code: b.code, ...(field === undefined ? {} : { field: b.field }) }, res.body.slice(0, 300)).toEqual({ status, code, ...(field === undefined ? {} : { field }) });
}

const project: ProjectCreateBody = {
  number: 'XM-2026-0951', name: '手续测试产业项目', regionCode: '371502', class: 'implementation', level: 'district', sector: 'industrial',
  totalInvestmentFen: 120_000_000_00, annualPlanFen: 40_000_000_00, year: 2026, plannedStartOn: '2026-12-15', status: 'preparation', location: '东昌府区', description: '',
};

const slot = (kind: PartiesPutBody['parties'][number]['kind'], body: string, over: Partial<PartiesPutBody['parties'][number]> = {}): PartiesPutBody['parties'][number] => ({
  kind, unitName: `${kind} 测试单位`, uscc: makeUscc('91', '371502', body), responsiblePerson: '测试人', licenceNumber: 'L-001', authorisedOn: '2026-03-01', commitmentOn: '2026-03-02', ...over,
});

beforeAll(async () => {
  t = await makeTestApp();
  dispatcher = await t.login('dcf.dispatcher');
  owner = await t.login('dcf.owner');
  const [u] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(users).where(eq(users.username, 'dcf.dispatcher')));
  dispatcherId = u?.id ?? '';
  // The project belongs to dcf.owner's company, so its staff may read it.
  const ownerEntityId = ok<{ items: ProjectDetail[] }>(await owner.get('/api/v1/projects?pageSize=1')).items[0]?.ownerEntityId ?? null;
  projectId = ok<ProjectDetail>(await dispatcher.post('/api/v1/projects', { ...project, ownerEntityId }), 201).id;
});
afterAll(async () => t.close());

describe('helping officials', () => {
  it('replaces the list under the project version, audited, and shows it in the detail', async () => {
    const start = ok<Officials>(await dispatcher.get(`/api/v1/projects/${projectId}/officials`));
    expect(start.officials).toEqual([]);
    const body: OfficialsPutBody = {
      version: start.version,
      officials: [
        { userId: dispatcherId, name: '调度员', title: '区发改局副局长', role: '联系领导', since: '2026-02-01' },
        { name: '王建国', title: '常务副区长', role: '包保领导', since: '2026-01-15' },
      ],
    };
    const put = ok<Officials>(await dispatcher.put(`/api/v1/projects/${projectId}/officials`, body));
    expect(put.officials.map((o) => [o.name, o.userId])).toEqual([['调度员', dispatcherId], ['王建国', null]]);
    expect(put.version).toBe(start.version + 1);
    problem(await dispatcher.put(`/api/v1/projects/${projectId}/officials`, body), 409, 'VERSION_CONFLICT');
    problem(await owner.put(`/api/v1/projects/${projectId}/officials`, { ...body, version: put.version }), 403, 'FORBIDDEN');
    const detail = ok<ProjectDetail>(await owner.get(`/api/v1/projects/${projectId}`));
    expect(detail.officials?.map((o) => o.name)).toEqual(['调度员', '王建国']);
    const audit = ok<{ items: Array<{ action: string }> }>(await (await t.login('auditor')).get(`/api/v1/audit?entityId=${projectId}`));
    expect(audit.items.map((a) => a.action)).toContain('project.officials_replaced');
  });

  it('refuses a user id outside the jurisdiction', async () => {
    const [gt] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(users).where(eq(users.username, 'gaotang.clerk')));
    const { version } = ok<Officials>(await dispatcher.get(`/api/v1/projects/${projectId}/officials`));
    problem(await dispatcher.put(`/api/v1/projects/${projectId}/officials`, { version, officials: [{ userId: gt?.id, name: '越界', title: '—', role: '包保领导', since: '2026-01-01' }] }), 404, 'NOT_FOUND', 'officials.0.userId');
  });
});

describe('five responsible parties', () => {
  it('replaces the slots in the fixed order and clears the ones left out', async () => {
    const { version } = ok<Parties>(await dispatcher.get(`/api/v1/projects/${projectId}/parties`));
    const body: PartiesPutBody = { version, parties: [slot('supervisor', 'MA3TP001'), slot('construction', 'MA3TP002'), slot('contractor', 'MA3TP003', { uscc: makeUscc('91', '371502', 'MA3TP003').toLowerCase() })] };
    const put = ok<Parties>(await dispatcher.put(`/api/v1/projects/${projectId}/parties`, body));
    expect(put.parties.map((p) => p.kind)).toEqual(['construction', 'contractor', 'supervisor']);
    expect(put.parties[1]?.uscc).toBe(makeUscc('91', '371502', 'MA3TP003'));
    const again = ok<Parties>(await dispatcher.put(`/api/v1/projects/${projectId}/parties`, { version: put.version, parties: [slot('design', 'MA3TP004')] }));
    expect(again.parties.map((p) => p.kind)).toEqual(['design']);
    expect(ok<ProjectDetail>(await dispatcher.get(`/api/v1/projects/${projectId}`)).parties?.map((p) => p.kind)).toEqual(['design']);
  });

  it('refuses a USCC of the wrong form with 422 naming the slot, and a kind given twice', async () => {
    const { version, parties } = ok<Parties>(await dispatcher.get(`/api/v1/projects/${projectId}/parties`));
    problem(await dispatcher.put(`/api/v1/projects/${projectId}/parties`, { version, parties: [slot('design', 'MA3TP004'), slot('survey', 'MA3TP005', { uscc: '91371502MA3TP00' })] }), 422, 'USCC_FORM_INVALID', 'parties.1.uscc');
    problem(await dispatcher.put(`/api/v1/projects/${projectId}/parties`, { version, parties: [slot('design', 'MA3TP004'), slot('design', 'MA3TP005')] }), 409, 'DUPLICATE', 'parties.1.kind');
    expect(ok<Parties>(await dispatcher.get(`/api/v1/projects/${projectId}/parties`)).parties).toEqual(parties);
  });
});

describe('procedures', () => {
  it('computes the deadline across the National Day holiday and lists the overdue ones', async () => {
    // Applied Tuesday 09-29 with three working days: 09-30, (holiday 10-01…10-07), 10-08, 10-09.
    const env = ok<Procedure>(await dispatcher.post(`/api/v1/projects/${projectId}/procedures`, { kind: 'environmental_assessment', status: 'in_progress', appliedOn: '2026-09-29', limitWorkdays: 3, responsibleUnit: '市生态环境局东昌府分局' }), 201);
    expect(env).toMatchObject({ deadline: '2026-10-09', overdue: true, daysOverdue: 36, version: 1 });
    // Applied Friday 11-20 with five working days: due today, not yet overdue.
    const energy = ok<Procedure>(await dispatcher.post(`/api/v1/projects/${projectId}/procedures`, { kind: 'energy_assessment', status: 'in_progress', appliedOn: '2026-11-20', limitWorkdays: 5 }), 201);
    expect(energy).toMatchObject({ deadline: '2026-11-27', overdue: false, daysOverdue: 0 });
    problem(await dispatcher.post(`/api/v1/projects/${projectId}/procedures`, { kind: 'energy_assessment' }), 409, 'DUPLICATE', 'kind');
    problem(await dispatcher.post(`/api/v1/projects/${projectId}/procedures`, { kind: 'land_use', status: 'approved', appliedOn: '2026-09-01' }), 400, 'VALIDATION_FAILED', 'approvedOn');

    const overdue = ok<OverdueProcedures>(await dispatcher.get('/api/v1/procedures/overdue?region=371502'));
    const mine = overdue.items.filter((p) => p.projectId === projectId);
    expect(mine.map((p) => [p.kind, p.deadline, p.projectNumber, p.regionName])).toEqual([['environmental_assessment', '2026-10-09', 'XM-2026-0951', expect.any(String)]]);
    expect(overdue.items.length).toBeGreaterThan(1); // the demo data has overdue procedures too
    expect(overdue.items.every((p) => p.overdue && p.status !== 'approved')).toBe(true);

    // Approval takes it off the list.
    problem(await dispatcher.patch(`/api/v1/procedures/${env.id}`, { status: 'approved', version: 1 }), 400, 'VALIDATION_FAILED', 'approvedOn');
    const approved = ok<Procedure>(await dispatcher.patch(`/api/v1/procedures/${env.id}`, { status: 'approved', approvedOn: '2026-11-26', version: 1 }));
    expect(approved).toMatchObject({ status: 'approved', overdue: false, version: 2 });
    problem(await dispatcher.patch(`/api/v1/procedures/${env.id}`, { note: '迟到的修改', version: 1 }), 409, 'VERSION_CONFLICT');
    expect(ok<OverdueProcedures>(await dispatcher.get('/api/v1/procedures/overdue')).items.some((p) => p.id === env.id)).toBe(false);

    const list = ok<{ items: Procedure[] }>(await owner.get(`/api/v1/projects/${projectId}/procedures`));
    expect(list.items.map((p) => p.kind)).toEqual(['environmental_assessment', 'energy_assessment']);
    expect(ok<ProjectDetail>(await owner.get(`/api/v1/projects/${projectId}`)).procedures?.length).toBe(2);
  });
});

describe('jurisdiction', () => {
  it('a Gaotang user sees none of Dongchangfu’s officials, parties or procedures', async () => {
    const [u] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(users).where(eq(users.username, 'gaotang.clerk')));
    await t.db.tx({ kind: 'system' }, (tx) => tx.insert(userRoles).values({ userId: u?.id ?? '', roleCode: 'helping_official' }));
    const clerk = await t.login('gaotang.clerk');
    problem(await clerk.get(`/api/v1/projects/${projectId}/officials`), 404, 'NOT_FOUND');
    problem(await clerk.get(`/api/v1/projects/${projectId}/parties`), 404, 'NOT_FOUND');
    problem(await clerk.get(`/api/v1/projects/${projectId}/procedures`), 404, 'NOT_FOUND');
    expect(ok<OverdueProcedures>(await clerk.get('/api/v1/procedures/overdue')).total).toBe(0);
  });
});
