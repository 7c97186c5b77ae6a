import { PROBLEM_STATES } from '@zhengqi/contracts/problems';
import type { ProblemDetail, ProblemSummary, ProjectDetail, ProjectStats, ProjectSummary } from '@zhengqi/contracts/projects';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Client, type TestApp } from '../test/test-app';

// The demo seed (run by the test setup at Friday 2026-11-27) against the seed page's consistent
// figures, read through the HTTP API as the Dongchangfu dispatcher. docs/seed-figures.md.

type Page<T> = { items: T[]; total: number };

let t: TestApp;
let dispatcher: Client;

function ok<T>(res: LightMyRequestResponse): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.json<T>();
}

async function allPages<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const p = ok<Page<T>>(await dispatcher.get(`${path}${path.includes('?') ? '&' : '?'}pageSize=200&page=${page}`));
    out.push(...p.items);
    if (out.length >= p.total || p.items.length === 0) {
      return out;
    }
  }
}

beforeAll(async () => {
  t = await makeTestApp();
  dispatcher = await t.login('dcf.dispatcher');
});
afterAll(async () => t.close());

describe('the Dongchangfu key-project registry', () => {
  it('reproduces the seed page figures in the statistics', async () => {
    const s = ok<ProjectStats>(await dispatcher.get('/api/v1/projects/stats?region=371502'));
    expect(s.year).toBe(2026);
    expect(s.count).toBe(157);
    // 1537.4亿元 = 153,740,000,000 CNY.
    expect(s.totalInvestmentFen).toBe(15_374_000_000_000);
    expect(s.byClass.implementation?.count).toBe(96);
    expect(s.byClass.planning?.count).toBe(61);
    expect(s.industrialShareOfImplementation).toBe(46.9);
    // Every provincial and municipal project is implementation-class: 27 of them.
    expect((s.byLevel.provincial?.count ?? 0) + (s.byLevel.municipal?.count ?? 0)).toBe(27);
    expect(s.byLevel.district?.count).toBe(130);
    // 1537.4亿 ÷ 157 = 9.79亿.
    expect(s.averageInvestmentFen).toBe(Math.round(15_374_000_000_000 / 157));
    // A meaningful start rate and plan completion, derived from the dates and reports.
    expect(s.plannedToStartCount).toBeGreaterThan(40);
    expect(s.startRate).toBeGreaterThan(60);
    expect(s.startRate).toBeLessThan(100);
    expect(s.planCompletionRate).toBeGreaterThan(50);
    expect(s.planCompletionRate).toBeLessThan(110);
  });

  it('splits the implementation-class projects as the page does', async () => {
    const projects = await allPages<ProjectSummary>('/api/v1/projects?region=371502&year=2026');
    expect(projects).toHaveLength(157);
    expect(projects.reduce((sum, p) => sum + p.totalInvestmentFen, 0)).toBe(15_374_000_000_000);
    const implementation = projects.filter((p) => p.class === 'implementation');
    const bySector = (sector: string) => implementation.filter((p) => p.sector === sector).length;
    expect(bySector('industrial')).toBe(45);
    expect(bySector('education') + bySector('shanty_town') + bySector('infrastructure')).toBe(51);
    expect(implementation.filter((p) => p.level !== 'district')).toHaveLength(27);
    expect(projects.filter((p) => p.level !== 'district' && p.class !== 'implementation')).toEqual([]);
    expect(new Set(projects.map((p) => p.number)).size).toBe(157);
    expect(new Set(projects.map((p) => p.name)).size).toBe(157);
    // Started projects have an actual start not after today and a status that says so.
    for (const p of projects) {
      expect(p.actualStartOn === null || p.actualStartOn <= '2026-11-27').toBe(true);
      expect(p.status === 'preparation' || p.status === 'planning').toBe(p.actualStartOn === null);
    }
  });

  it('reports monthly progress from January or the start up to last month', async () => {
    const projects = await allPages<ProjectSummary>('/api/v1/projects?class=implementation');
    const continuing = projects.find((p) => p.status === 'under_construction' && (p.actualStartOn ?? '9') < '2026-01-01');
    const d = ok<ProjectDetail>(await dispatcher.get(`/api/v1/projects/${continuing?.id ?? ''}`));
    expect(d.progressReports.map((r) => r.month)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((m) => `2026-${m}`));
    const preparing = projects.find((p) => p.status === 'preparation');
    expect(ok<ProjectDetail>(await dispatcher.get(`/api/v1/projects/${preparing?.id ?? ''}`)).progressReports).toEqual([]);
  });
});

describe('the demo problems', () => {
  it('cover every state, with overdue and reopened problems and consistent timelines', async () => {
    const list = await allPages<ProblemSummary>('/api/v1/problems');
    expect(new Set(list.map((p) => p.state))).toEqual(new Set(PROBLEM_STATES));
    expect(list.some((p) => p.overdue)).toBe(true);
    expect(list.some((p) => p.reopenings > 0)).toBe(true);
    expect(list.some((p) => p.overdue && p.reopenings > 0)).toBe(true);
    expect(ok<Page<ProblemSummary>>(await dispatcher.get('/api/v1/problems?overdue=true')).total).toBe(list.filter((p) => p.overdue).length);
    for (const summary of list) {
      const d = ok<ProblemDetail>(await dispatcher.get(`/api/v1/problems/${summary.id}`));
      // Each event starts where the previous ended; one version per event; dates in order, none in the future.
      expect(d.timeline[0]).toMatchObject({ action: 'collect', to: 'collected' });
      expect(d.timeline.at(-1)?.to).toBe(d.state);
      expect(d.version).toBe(d.timeline.length);
      for (let i = 1; i < d.timeline.length; i++) {
        expect(d.timeline[i]?.from).toBe(d.timeline[i - 1]?.to);
        expect((d.timeline[i]?.at ?? '') >= (d.timeline[i - 1]?.at ?? '')).toBe(true);
      }
      expect((d.timeline.at(-1)?.at ?? '') <= '2026-11-27T02:00:00.000Z').toBe(true);
      expect(d.reopenings).toBe(d.timeline.filter((e) => e.action === 'confirm' && e.to === 'in_progress').length);
      if (d.overdue) {
        expect(d.daysOverdue).toBeGreaterThan(0);
      }
    }
  });

  it('the seeded problems obey the rules: the handler may act on an overdue one', async () => {
    const handler = await t.login('dcf.handler');
    const overdue = ok<Page<ProblemSummary>>(await dispatcher.get('/api/v1/problems?overdue=true&state=in_progress')).items.find((p) => p.reopenings === 0);
    const fed = ok<ProblemDetail>(await handler.post(`/api/v1/problems/${overdue?.id ?? ''}/feedback`, { result: '已办结。', version: overdue?.version }));
    expect(fed).toMatchObject({ state: 'feedback_submitted', overdue: false });
  });
});
