import type { ProjectDashboard } from '@zhengqi/contracts/project-dashboard';
import type { ProblemDetail, ProjectDetail, ProjectStats, ProjectSummary } from '@zhengqi/contracts/projects';
import type { Bulletin } from '@zhengqi/contracts/supervision';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { DEMO_PASSWORD, TEST_NOW } from '../../test/test-env';

// The dashboard's series through the HTTP API. The demo registry is all 2026, so the figures asserted
// exactly are a 2025 built here: two Dongchangfu projects with their reports, and problems worked
// through the loop in June 2025 by three responsible units. Today is Friday 2026-11-27.

type Page<T> = { items: T[]; total: number };
type Id = { id: string };

const WAN = 1_000_000; // 1 万元 in fen

let t: TestApp;
let admin: Client;
let dispatcher: Client;
const units = { a: '', b: '', nr: '' };
const handlers: Record<keyof typeof units, { id: string; username: string; client?: Client }> = {
  a: { id: '', username: 'dash.handler.a' },
  b: { id: '', username: 'dash.handler.b' },
  nr: { id: '', username: 'dcf.handler' },
};

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return res.json<T>();
}

const dashboard = async (c: Client, query = '') => ok<ProjectDashboard>(await c.get(`/api/v1/projects/dashboard${query}`));

/** Moves the clock to 10:00 Shanghai time on `date` and logs everyone in again (sessions idle out across jumps). */
async function at(date: string): Promise<void> {
  t.clock.set(new Date(`${date}T02:00:00.000Z`));
  dispatcher = await t.login('dcf.dispatcher');
  for (const h of Object.values(handlers)) {
    h.client = await t.login(h.username);
  }
}

function handler(unit: keyof typeof units): Client {
  const c = handlers[unit].client;
  if (c === undefined) {
    throw new Error('not logged in');
  }
  return c;
}

async function act(c: Client, id: string, action: string, body: object = {}): Promise<ProblemDetail> {
  return ok<ProblemDetail>(await c.post(`/api/v1/problems/${id}/${action}`, body));
}

/** Raises a problem on the project (the dispatcher reports it) and assigns it to the unit; the handler accepts. */
async function raiseAndAssign(projectId: string, unit: keyof typeof units, title: string): Promise<ProblemDetail> {
  const p = ok<ProblemDetail>(await dispatcher.post('/api/v1/problems', { projectId, category: 'permits', severity: 'general', title, description: `${title}，待协调。` }), 201);
  const assigned = await act(dispatcher, p.id, 'assign', { unitId: units[unit], handlerId: handlers[unit].id });
  await act(handler(unit), p.id, 'accept');
  return assigned;
}

/** The handler feeds back; the reporter confirms (satisfied or not); a satisfied one is closed. */
async function feedBack(id: string, unit: keyof typeof units, satisfied = true): Promise<void> {
  await act(handler(unit), id, 'feedback', { result: '已办结' });
  await act(dispatcher, id, 'confirm', satisfied ? { satisfied: true } : { satisfied: false, reason: '尚未解决' });
  if (satisfied) {
    await act(dispatcher, id, 'close', { note: '销号' });
  }
}

async function newProject(number: string, name: string, annualPlanFen: number): Promise<string> {
  const body = {
    number, name, regionCode: '371502', class: 'implementation', level: 'district', sector: 'infrastructure', totalInvestmentFen: 10 * annualPlanFen, annualPlanFen,
    year: 2025, plannedStartOn: '2025-02-01', actualStartOn: '2025-02-10', status: 'under_construction',
  };
  return ok<ProjectDetail>(await dispatcher.post('/api/v1/projects', body), 201).id;
}

async function report(projectId: string, month: string, wan: number): Promise<void> {
  ok(await dispatcher.post(`/api/v1/projects/${projectId}/progress`, { month, investmentCompletedFen: wan * WAN, stage: '主体施工' }));
}

/** A user created by the administrator through the API. */
async function newUser(username: string, organizationId: string, jurisdictionCode: string, roles: string[]): Promise<string> {
  return ok<Id>(await admin.post('/api/v1/users', { username, displayName: username, organizationId, jurisdictionCode, roles, password: DEMO_PASSWORD }), 201).id;
}

async function newUnit(name: string, regionCode: string): Promise<string> {
  return ok<Id>(await admin.post('/api/v1/organizations', { name, kind: 'agency', agencyType: 'other', regionCode }), 201).id;
}

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  dispatcher = await t.login('dcf.dispatcher');
  // Two more responsible units in Dongchangfu, each with a handler; the third is the demo's natural resources bureau.
  units.a = await newUnit('东昌府区交通运输局', '371502');
  units.b = await newUnit('东昌府区水利局', '371502');
  handlers.a.id = await newUser(handlers.a.username, units.a, '371502', ['problem_handler']);
  handlers.b.id = await newUser(handlers.b.username, units.b, '371502', ['problem_handler']);
  const nr = ok<Page<{ id: string; username: string; organizationId: string }>>(await admin.get('/api/v1/users?q=dcf.handler'));
  const nrHandler = nr.items.find((u) => u.username === 'dcf.handler');
  handlers.nr.id = nrHandler?.id ?? '';
  units.nr = nrHandler?.organizationId ?? '';

  // 2025: a plan of 600 + 600 万元; reports in January, March and December.
  const p1 = await newProject('XM-2025-0901', '测试道路改造工程', 600 * WAN);
  const p2 = await newProject('XM-2025-0902', '测试水系连通工程', 600 * WAN);
  await report(p1, '2025-01', 100);
  await report(p1, '2025-03', 200);
  await report(p2, '2025-03', 50);
  await report(p2, '2025-12', 300);
  // A 2026 project's report dated 2025 belongs to neither year's series (as in the statistics).
  const demo = ok<Page<ProjectSummary>>(await dispatcher.get('/api/v1/projects?year=2026&pageSize=1')).items[0];
  await report(demo?.id ?? '', '2025-12', 999);

  // June 2025, no holidays: assigned Monday the 9th, general severity → due Monday the 16th.
  await at('2025-06-09');
  const a1 = await raiseAndAssign(p1, 'a', '临时用地审批');
  const a2 = await raiseAndAssign(p1, 'a', '管线迁改');
  const b1 = await raiseAndAssign(p2, 'b', '河道施工许可');
  await raiseAndAssign(p2, 'b', '堤防占用审批');
  const n1 = await raiseAndAssign(p2, 'nr', '用地预审');
  const n2 = await raiseAndAssign(p2, 'nr', '林地征占');
  expect(a1.deadline).toBe('2025-06-16');

  await at('2025-06-12');
  await feedBack(a1.id, 'a');
  await feedBack(a2.id, 'a');
  await feedBack(n1.id, 'nr');
  await feedBack(b1.id, 'b', false); // reopened: its feedback no longer counts

  // After the deadline: a late closure for each of b and nr; 堤防占用审批 stays open, overdue.
  await at('2025-06-20');
  await feedBack(b1.id, 'b');
  await feedBack(n2.id, 'nr');

  t.clock.set(TEST_NOW);
  dispatcher = await t.login('dcf.dispatcher');
  admin = await t.login('admin');
});
afterAll(async () => t.close());

describe('plan completion against time progress by month', () => {
  it('accumulates a past year’s monthly reports against its plan, month by month to December', async () => {
    const d = await dashboard(dispatcher, '?region=371502&year=2025');
    expect({ year: d.year, asOf: d.asOf }).toEqual({ year: 2025, asOf: '2025-12-31' });
    expect(d.monthly.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    const row = (month: string) => {
      const m = d.monthly.find((x) => x.month === month);
      return m && [m.completedFen / WAN, m.cumulativeFen / WAN, m.planFen / WAN, m.completionRate, m.timeProgress, m.partial];
    };
    expect(row('2025-01')).toEqual([100, 100, 1200, 8.3, 8.3, false]);
    expect(row('2025-02')).toEqual([0, 100, 1200, 8.3, 16.7, false]);
    expect(row('2025-03')).toEqual([250, 350, 1200, 29.2, 25, false]);
    expect(row('2025-06')).toEqual([0, 350, 1200, 29.2, 50, false]);
    expect(row('2025-12')).toEqual([300, 650, 1200, 54.2, 100, false]);

    // December closes on the year's statistics.
    const s = ok<ProjectStats>(await dispatcher.get('/api/v1/projects/stats?region=371502&year=2025'));
    expect({ completed: s.completedThisYearFen, rate: s.planCompletionRate, time: s.timeProgress }).toEqual({ completed: 650 * WAN, rate: 54.2, time: 100 });
  });

  it('shows this year to the clock’s month, the month still running marked, and agrees with the statistics', async () => {
    const [d, s] = await Promise.all([dashboard(dispatcher), dispatcher.get('/api/v1/projects/stats').then((r) => ok<ProjectStats>(r))]);
    expect(d.year).toBe(2026);
    expect(d.asOf).toBe('2026-11-27');
    expect(d.monthly).toHaveLength(11);
    expect(d.monthly.map((m) => m.partial)).toEqual([...Array<boolean>(10).fill(false), true]);
    const october = d.monthly[9];
    const november = d.monthly[10];
    // Today's time progress (ten whole months) is October's; no month can be reported after November.
    expect(october?.timeProgress).toBe(s.timeProgress);
    expect(november?.timeProgress).toBe(91.7);
    expect(november?.cumulativeFen).toBe(s.completedThisYearFen);
    expect(november?.completionRate).toBe(s.planCompletionRate);
    expect(november?.planFen).toBe(s.annualPlanFen);
    // The demo reports every month up to last month: the bars are not empty.
    expect(d.monthly.slice(0, 10).filter((m) => m.completedFen > 0).length).toBeGreaterThan(5);
  });

  it('filters by year and region: nothing for a future year, nothing for a region outside the jurisdiction', async () => {
    const future = await dashboard(dispatcher, '?year=2027');
    expect({ monthly: future.monthly, units: future.unitRanking }).toEqual({ monthly: [], units: [] });
    const gaotang = await dashboard(dispatcher, '?region=371526&year=2025');
    expect(gaotang.monthly.every((m) => m.planFen === 0 && m.cumulativeFen === 0 && m.completionRate === null)).toBe(true);
    expect(gaotang.unitRanking).toEqual([]);
    expect((await dispatcher.get('/api/v1/projects/dashboard?year=1999')).statusCode).toBe(400);
  });
});

describe('the unit ranking', () => {
  it('ranks units by on-time closure rate with the counts a user sees', async () => {
    const d = await dashboard(dispatcher, '?region=371502&year=2025');
    expect(d.unitRanking?.map((u) => ({ rank: u.rank, unit: u.unitName, assigned: u.problems, closed: u.closed, onTime: u.closedOnTime, rate: u.onTimeClosureRate, overdue: u.overdue, reopened: u.reopened }))).toEqual([
      { rank: 1, unit: '东昌府区交通运输局', assigned: 2, closed: 2, onTime: 2, rate: 100, overdue: 0, reopened: 0 },
      { rank: 2, unit: '东昌府区自然资源局', assigned: 2, closed: 2, onTime: 1, rate: 50, overdue: 0, reopened: 0 },
      { rank: 3, unit: '东昌府区水利局', assigned: 2, closed: 1, onTime: 0, rate: 0, overdue: 1, reopened: 1 },
    ]);
    expect(d.unitRanking?.map((u) => u.unitId)).toEqual([units.a, units.nr, units.b]);
  });

  it('is the ranking a bulletin for the same year and region prints', async () => {
    const d = await dashboard(dispatcher, '?region=371502&year=2025');
    const b = ok<Bulletin>(await dispatcher.post('/api/v1/bulletins', { region: '371502', from: '2025-01-01', to: '2025-12-31' }), 201);
    expect(b.content.asOf).toBe(d.asOf);
    expect(d.unitRanking).toEqual(b.content.units);
    // This year's ranking over the demo problems is one too.
    const now = await dashboard(dispatcher);
    const b2026 = ok<Bulletin>(await dispatcher.post('/api/v1/bulletins', { region: '371502', from: '2026-01-01', to: '2026-12-31' }), 201);
    expect(now.unitRanking?.length).toBeGreaterThan(0);
    expect(now.unitRanking).toEqual(b2026.content.units);
  });

  it('is left out for a reader of projects who may not read problems', async () => {
    ok(await admin.put('/api/v1/roles/project_reader_only', { nameZh: '项目只读', nameEn: 'Projects, read only', permissions: ['project.read'] }));
    const orgId = units.a;
    await newUser('dash.reader', orgId, '371502', ['project_reader_only']);
    const reader = await t.login('dash.reader');
    const d = await dashboard(reader, '?region=371502&year=2025');
    expect(d.unitRanking).toBeNull();
    expect(d.monthly.at(-1)?.cumulativeFen).toBe(650 * WAN);
  });
});

describe('a project owner', () => {
  it('gets its own projects’ series, as in its statistics, and no unit ranking', async () => {
    const owner = await t.login('dcf.owner');
    const [mine, s, all] = await Promise.all([dashboard(owner), owner.get('/api/v1/projects/stats').then((r) => ok<ProjectStats>(r)), dashboard(dispatcher)]);
    const last = mine.monthly.at(-1);
    expect({ plan: last?.planFen, completed: last?.cumulativeFen, rate: last?.completionRate }).toEqual({ plan: s.annualPlanFen, completed: s.completedThisYearFen, rate: s.planCompletionRate });
    expect(last?.planFen).toBeGreaterThan(0);
    expect(last?.planFen).toBeLessThan(all.monthly.at(-1)?.planFen ?? 0);
    expect(mine.unitRanking).toBeNull();
  });
});

describe('jurisdiction', () => {
  it('a Gaotang user sees no Dongchangfu figures or units, even naming the region', async () => {
    const gaotangOrg = await newUnit('高唐县发展和改革局（测试）', '371526');
    await newUser('dash.gaotang', gaotangOrg, '371526', ['helping_official']);
    const gaotang = await t.login('dash.gaotang');
    for (const query of ['', '?year=2025', '?region=371502&year=2025', '?region=371502']) {
      const d = await dashboard(gaotang, query);
      expect(d.monthly.length, query).toBeGreaterThan(0);
      expect(d.monthly.every((m) => m.completedFen === 0 && m.cumulativeFen === 0 && m.planFen === 0), query).toBe(true);
      expect(d.unitRanking, query).toEqual([]);
    }
    const forbidden = await t.anonymous().get('/api/v1/projects/dashboard');
    expect(forbidden.statusCode).toBe(401);
  });
});
