import type { ScreeningJob } from '@zhengqi/contracts/loan-applications';
import { ELIGIBILITY_CRITERIA, ELIGIBILITY_CRITERION_LABELS, type EligibilityResult, type LoanProductVersion } from '@zhengqi/contracts/loans';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { loanEngine } from './loan-products-service';
import { failedCriteria, screenJurisdiction } from './loan-screening-stream';
import { STABLE_EMPLOYMENT_VERSIONS } from './product-versions';

type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];

const DATE = '2026-11-20';
const V2025 = STABLE_EMPLOYMENT_VERSIONS[1] as LoanProductVersion;
let t: TestApp;
let hr: Client;
let scope: { kind: 'user'; userId: string; regions: readonly string[] };

beforeAll(async () => {
  t = await makeTestApp();
  hr = await t.login('hr.officer');
  const me = (await hr.get('/api/v1/auth/me')).json<{ user?: { id: string }; id?: string }>();
  scope = { kind: 'user', userId: me.user?.id ?? me.id ?? 'usr_test', regions: t.ctx.regions.subtree('371500') };
});

afterAll(async () => {
  await t.close();
});

/** Starts a screening through the API and polls it until it is no longer running; every poll is kept. */
async function screen(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/loans/screenings', { productCode: 'stable-employment', date: DATE, ...body });
  expect(res.statusCode, res.body).toBe(202);
  const started = res.json<ScreeningJob>();
  const polls: ScreeningJob[] = [];
  let job = started;
  for (let i = 0; i < 400 && job.state === 'running'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    job = (await client.get(`/api/v1/loans/screenings/${started.id}`)).json<ScreeningJob>();
    polls.push(job);
  }
  return { started, polls, job };
}

describe('the screening job', () => {
  it('lists the firms the eligibility check finds eligible, with their offers, largest limit first', async () => {
    const { started, polls, job } = await screen(hr, {});
    expect(started).toMatchObject({ state: 'running', checked: 0, productVersion: V2025.version, hits: [] });
    expect(started.total).toBeGreaterThan(0);
    expect(job.state).toBe('done');
    expect({ checked: job.checked, total: job.total }).toEqual({ checked: started.total, total: started.total });
    for (const p of polls) {
      expect(p.total).toBe(started.total);
      expect(p.checked).toBeLessThanOrEqual(p.total);
    }
    expect(job.hits.length).toBeGreaterThan(0);
    expect(job.hits.length).toBeLessThan(job.checked);
    // The outreach order: limit descending, then name.
    for (let i = 1; i < job.hits.length; i++) {
      const [a, b] = [job.hits[i - 1], job.hits[i]] as [ScreeningJob['hits'][number], ScreeningJob['hits'][number]];
      expect(a.maxLimitFen > b.maxLimitFen || (a.maxLimitFen === b.maxLimitFen && a.name.localeCompare(b.name) <= 0), `${a.name} before ${b.name}`).toBe(true);
    }
    // Every firm read, one by one through the application's eligibility check (the engine, not the fast path).
    const all = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE);
    expect(all.checked).toBe(job.total);
    const hits = new Map(job.hits.map((h) => [h.entityId, h]));
    for (const id of all.ids) {
      const res = (await hr.post('/api/v1/loans/eligibility', { entityId: id, productCode: 'stable-employment', date: DATE })).json<EligibilityResult>();
      const hit = hits.get(id);
      expect({ id, eligible: hit !== undefined }).toEqual({ id, eligible: res.eligible });
      if (hit !== undefined) {
        expect({ id, maxLimitFen: hit.maxLimitFen, rateRange: { min: hit.rateMin, max: hit.rateMax }, headcount: hit.headcount }).toEqual({ id, ...res.offer, headcount: res.criteria.find((c) => c.code === 'pension_contributors')?.seen });
      }
    }
  });

  it('screens a region within the caller’s jurisdiction only', async () => {
    const whole = await screen(hr, {});
    const one = await screen(hr, { region: '371502' });
    expect(one.job.state).toBe('done');
    expect(one.job.total).toBeGreaterThan(0);
    expect(one.job.total).toBeLessThan(whole.job.total);
    expect(one.job.hits.every((h) => h.regionCode === '371502')).toBe(true);
    expect(one.job.hits).toEqual(whole.job.hits.filter((h) => h.regionCode === '371502'));
    // A district official has no loan.stats.
    const official = await t.login('dongchangfu.officer');
    expect((await official.post('/api/v1/loans/screenings', { productCode: 'stable-employment', date: DATE })).statusCode).toBe(403);
  });

  it('is its owner’s only', async () => {
    const { job } = await screen(hr, {});
    const bank = await t.login('boc.officer');
    expect((await bank.get(`/api/v1/loans/screenings/${job.id}`)).statusCode).toBe(404);
    expect((await bank.get(`/api/v1/loans/screenings/${job.id}/xlsx`)).statusCode).toBe(404);
  });

  it('exports the list in its order, and how many firms failed each criterion', async () => {
    const { job } = await screen(hr, {});
    const res = await hr.get(`/api/v1/loans/screenings/${job.id}/xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as XlsxInput);
    const list = wb.getWorksheet('筛查名单');
    const uscc = job.hits.map((_, i) => list?.getRow(i + 2).getCell(2).text);
    expect(uscc).toEqual(job.hits.map((h) => h.uscc));
    expect(list?.getRow(job.hits.length + 2).getCell(1).value ?? null).toBeNull();
    expect(list?.getRow(job.hits.length + 3).getCell(1).text).toContain(`筛查 ${job.checked} 户，符合 ${job.hits.length} 户`);
    const reasons = wb.getWorksheet('未通过原因');
    const all = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE);
    const rows = ELIGIBILITY_CRITERIA.map((_, i) => reasons?.getRow(i + 2).values);
    expect(rows).toEqual(ELIGIBILITY_CRITERIA.map((c) => [undefined, ELIGIBILITY_CRITERION_LABELS[c].zh, ELIGIBILITY_CRITERION_LABELS[c].en, all.failedCounts[c]]));
    expect(all.failedCounts.pension_contributors + all.failedCounts.headcount_stable).toBeGreaterThan(0);
  });
});

describe('screenJurisdiction', () => {
  it('keeps every firm’s failed criteria, as the eligibility check explains them', async () => {
    const r = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE);
    expect(r.failed.length).toBe(r.checked);
    for (const [i, id] of r.ids.entries()) {
      const res = (await hr.post('/api/v1/loans/eligibility', { entityId: id, productCode: 'stable-employment', date: DATE })).json<EligibilityResult>();
      expect({ id, failed: failedCriteria(r.failed[i] ?? -1) }).toEqual({ id, failed: res.criteria.filter((c) => !c.passed).map((c) => c.code) });
    }
    const counts = Object.values(r.failedCounts).reduce((a, b) => a + b, 0);
    expect(counts).toBe([...r.failed].reduce((a, m) => a + failedCriteria(m).length, 0));
    expect(r.ids.filter((_, i) => r.failed[i] === 0).sort()).toEqual(r.hits.map((h) => h.entityId).sort());
  });

  it('gives the same through the engine, page by page', async () => {
    const fast = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE);
    const slow = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE, { mode: 'engine', pageSize: 5, concurrency: 3 });
    const paged = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE, { pageSize: 7 });
    expect(fast.mode).toBe('fast');
    expect(slow.mode).toBe('engine');
    expect({ ids: slow.ids, failed: [...slow.failed], hits: slow.hits }).toEqual({ ids: fast.ids, failed: [...fast.failed], hits: fast.hits });
    expect({ ids: paged.ids, failed: [...paged.failed], hits: paged.hits }).toEqual({ ids: fast.ids, failed: [...fast.failed], hits: fast.hits });
  });

  it('reports progress as it goes', async () => {
    for (const mode of ['fast', 'engine'] as const) {
      const seen: number[] = [];
      const r = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE, { mode, pageSize: 20, progressEvery: 6, concurrency: 4, onProgress: (p) => seen.push(p.checked) });
      expect(r.checked).toBeGreaterThan(20);
      expect(seen.length).toBeGreaterThan(r.checked / 20);
      expect(seen.at(-1)).toBe(r.checked);
      expect(seen.every((c, i) => i === 0 || c >= (seen[i - 1] ?? 0))).toBe(true);
    }
  });

  it('reads only the regions asked for, and only what the scope may see', async () => {
    const all = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE);
    const one = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE, { regions: ['371502'] });
    expect(one.checked).toBeGreaterThan(0);
    expect(one.checked).toBeLessThan(all.checked);
    expect(one.hits.every((h) => h.regionCode === '371502')).toBe(true);
    const outside = await screenJurisdiction(t.db, { ...scope, regions: ['371502'] }, loanEngine(), V2025, DATE);
    expect([...outside.ids].sort()).toEqual([...one.ids].sort());
    const none = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE, { regions: [] });
    expect(none.checked).toBe(0);
  });

  it('refuses the fast mode for a version without a fast path', async () => {
    const reshaped = structuredClone(V2025);
    reshaped.eligibilityDecision.edges.push({ id: 'extra', sourceId: 'request', targetId: 'criteria', type: 'edge' });
    await expect(screenJurisdiction(t.db, scope, loanEngine(), reshaped, DATE, { mode: 'fast' })).rejects.toThrow(/no fast path/);
  });
});
