import type { ProjectCreateBody, ProjectDetail, ProjectStats, ProjectSummary } from '@zhengqi/contracts/projects';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRoles, users } from '../../platform/db/schema';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';

type Page = { items: ProjectSummary[]; total: number };

let t: TestApp;
let dispatcher: Client;
let owner: Client;

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return res.json<T>();
}

function problem(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: res.json<{ code: string }>().code }, res.body.slice(0, 300)).toEqual({ status, code });
}

/** Gives a demo user one more built-in role, straight into the tables. */
async function grantRole(app: TestApp, username: string, roleCode: string): Promise<void> {
  await app.db.tx({ kind: 'system' }, async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.username, username));
    if (u === undefined) {
      throw new Error(`demo user ${username} missing`);
    }
    await tx.insert(userRoles).values({ userId: u.id, roleCode });
  });
}

function newProject(over: Partial<ProjectCreateBody> = {}): ProjectCreateBody {
  return {
    number: 'XM-2026-0901', name: '测试新建产业项目', regionCode: '371502', class: 'implementation', level: 'district', sector: 'industrial',
    totalInvestmentFen: 250_000_000_00, annualPlanFen: 80_000_000_00, year: 2026, plannedStartOn: '2026-12-15', status: 'preparation', location: '东昌府区', description: '', ...over,
  };
}

beforeAll(async () => {
  t = await makeTestApp();
  dispatcher = await t.login('dcf.dispatcher');
  owner = await t.login('dcf.owner');
});
afterAll(async () => t.close());

describe('the project registry', () => {
  it('lists the Dongchangfu demo projects with filters, money in integer fen', async () => {
    const all = ok<Page>(await dispatcher.get('/api/v1/projects?pageSize=200'));
    expect(all.total).toBe(157);
    expect(all.items[0]?.number).toBe('XM-2026-0001');
    expect(Number.isSafeInteger(all.items[0]?.totalInvestmentFen)).toBe(true);
    expect(ok<Page>(await dispatcher.get('/api/v1/projects?class=implementation')).total).toBe(96);
    expect(ok<Page>(await dispatcher.get('/api/v1/projects?class=implementation&sector=industrial')).total).toBe(45);
    expect(ok<Page>(await dispatcher.get(`/api/v1/projects?q=${encodeURIComponent('棚户区')}`)).items.map((p) => p.name)).toEqual(['古城区棚户区改造（三期）']);
    expect(ok<Page>(await dispatcher.get('/api/v1/projects?region=371502&year=2026')).total).toBe(157);
    expect(ok<Page>(await dispatcher.get('/api/v1/projects?year=2025')).total).toBe(0);
  });

  it('shows a project owner its own projects only', async () => {
    const own = ok<Page>(await owner.get('/api/v1/projects?pageSize=200'));
    expect(own.total).toBeGreaterThan(0);
    expect(own.total).toBeLessThan(157);
    expect(new Set(own.items.map((p) => p.ownerName))).toEqual(new Set(['聊城市东昌府区城市建设投资有限公司（演示）']));
    const all = ok<Page>(await dispatcher.get('/api/v1/projects?pageSize=200'));
    const other = all.items.find((p) => !own.items.some((o) => o.id === p.id));
    problem(await owner.get(`/api/v1/projects/${other?.id ?? ''}`), 404, 'NOT_FOUND');
    problem(await owner.get(`/api/v1/projects/${other?.id ?? ''}/parties`), 404, 'NOT_FOUND');
    expect(ok<{ id: string }>(await owner.get(`/api/v1/projects/${own.items[0]?.id ?? ''}`)).id).toBe(own.items[0]?.id);
    expect(ok<{ count: number }>(await owner.get('/api/v1/projects/stats')).count).toBe(own.total);
  });

  it('shows one project with its owner and monthly progress reports', async () => {
    const [first] = ok<Page>(await dispatcher.get('/api/v1/projects?pageSize=1')).items;
    const d = ok<ProjectDetail>(await dispatcher.get(`/api/v1/projects/${first?.id ?? ''}`));
    expect(d.name).toBe('鲁西新材料高性能纤维产业园项目');
    expect(d.ownerName).toContain('鲁西新材料');
    expect(d.progressReports.map((r) => r.month)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(d.completedThisYearFen).toBe(d.progressReports.reduce((s, r) => s + r.investmentCompletedFen, 0));
    problem(await dispatcher.get(`/api/v1/projects/prj_${'0'.repeat(32)}`), 404, 'NOT_FOUND');
  });

  it('derives the statistics from the registry', async () => {
    const s = ok<ProjectStats>(await dispatcher.get('/api/v1/projects/stats?region=371502&year=2026'));
    const all = ok<Page>(await dispatcher.get('/api/v1/projects?pageSize=200'));
    expect(s.count).toBe(157);
    expect(s.totalInvestmentFen).toBe(all.items.reduce((x, p) => x + p.totalInvestmentFen, 0));
    expect(s.byClass.implementation?.count).toBe(96);
    expect(s.byClass.planning?.count).toBe(61);
    expect(s.bySector.industrial?.count).toBe(67);
    expect(s.byLevel.provincial?.count).toBe(9);
    // 45 industrial of 96 implementation-class; 56 of the 67 planned to start this year have started.
    expect(s.industrialShareOfImplementation).toBe(46.9);
    expect({ started: s.startedCount, planned: s.plannedToStartCount, rate: s.startRate }).toEqual({ started: 56, planned: 67, rate: 83.6 });
    // November: ten whole months elapsed.
    expect(s.timeProgress).toBe(83.3);
    expect(s.planCompletionRate).not.toBeNull();
    expect(s.completedThisYearFen).toBe(all.items.reduce((x, p) => x + p.completedThisYearFen, 0));
    expect(ok<ProjectStats>(await dispatcher.get('/api/v1/projects/stats')).count).toBe(157);
  });

  it('registers and edits a project with a version check; numbers are unique', async () => {
    const created = ok<ProjectDetail>(await dispatcher.post('/api/v1/projects', newProject()), 201);
    expect(created.id).toMatch(/^prj_/);
    expect(created.version).toBe(1);
    problem(await dispatcher.post('/api/v1/projects', newProject({ name: '另一个项目' })), 409, 'DUPLICATE');
    problem(await owner.post('/api/v1/projects', newProject({ number: 'XM-2026-0902' })), 403, 'FORBIDDEN');
    problem(await dispatcher.post('/api/v1/projects', newProject({ number: 'XM-2026-0903', regionCode: '371526' })), 403, 'OUT_OF_JURISDICTION');
    const changed = ok<ProjectDetail>(await dispatcher.patch(`/api/v1/projects/${created.id}`, { version: 1, status: 'under_construction', actualStartOn: '2026-11-20' }));
    expect({ status: changed.status, started: changed.actualStartOn, version: changed.version }).toEqual({ status: 'under_construction', started: '2026-11-20', version: 2 });
    problem(await dispatcher.patch(`/api/v1/projects/${created.id}`, { version: 1, name: '过期的修改' }), 409, 'VERSION_CONFLICT');
    problem(await dispatcher.patch(`/api/v1/projects/${created.id}`, { version: 2, actualStartOn: '2027-01-05' }), 400, 'VALIDATION_FAILED');
  });
});

describe('jurisdiction', () => {
  it('a Gaotang user sees no Dongchangfu project', async () => {
    const clerk = await t.login('gaotang.clerk');
    problem(await clerk.get('/api/v1/projects'), 403, 'FORBIDDEN');
    await grantRole(t, 'gaotang.clerk', 'helping_official');
    const again = await t.login('gaotang.clerk');
    const id = ok<Page>(await dispatcher.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
    expect(ok<Page>(await again.get('/api/v1/projects')).total).toBe(0);
    problem(await again.get(`/api/v1/projects/${id}`), 404, 'NOT_FOUND');
    expect(ok<ProjectStats>(await again.get('/api/v1/projects/stats')).count).toBe(0);
  });
});
