import type { ScreeningJob } from '@zhengqi/contracts/loan-applications';
import type { EligibilityResult, LoanProductVersion } from '@zhengqi/contracts/loans';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { loanEngine } from './loan-products-service';
import { failedCriteria, screenJurisdiction, type ScreeningHit } from './loan-screening-stream';
import { STABLE_EMPLOYMENT_VERSIONS } from './product-versions';

const DATE = '2026-11-20';
const V2025 = STABLE_EMPLOYMENT_VERSIONS[1] as LoanProductVersion;
let t: TestApp;
let hr: Client;
let scope: { kind: 'user'; userId: string; regions: readonly string[] };

const byLimitThenName = (a: ScreeningHit, b: ScreeningHit) => b.maxLimitFen - a.maxLimitFen || a.name.localeCompare(b.name) || a.entityId.localeCompare(b.entityId);

beforeAll(async () => {
  t = await makeTestApp();
  hr = await t.login('hr.officer');
  const me = (await hr.get('/api/v1/auth/me')).json<{ user?: { id: string }; id?: string }>();
  scope = { kind: 'user', userId: me.user?.id ?? me.id ?? 'usr_test', regions: t.ctx.regions.subtree('371500') };
});

afterAll(async () => {
  await t.close();
});

describe('screenJurisdiction', () => {
  it('finds the firms the screening job finds, with the same offers', async () => {
    const res = await hr.post('/api/v1/loans/screenings', { productCode: 'stable-employment', date: DATE });
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json<ScreeningJob>();
    let job = started;
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (await hr.get(`/api/v1/loans/screenings/${started.id}`)).json<ScreeningJob>();
    }
    expect(job.state).toBe('done');
    const r = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE, { pageSize: 7 });
    expect(r.mode).toBe('fast');
    expect(r.checked).toBe(job.total);
    expect(job.hits.length).toBeGreaterThan(0);
    expect(r.hits.length).toBeLessThan(r.checked);
    expect([...r.hits].sort(byLimitThenName)).toEqual([...job.hits].sort(byLimitThenName));
    expect(r.ids.filter((_, i) => r.failed[i] === 0).sort()).toEqual(r.hits.map((h) => h.entityId).sort());
  });

  it('keeps every firm’s failed criteria, as the eligibility check explains them', async () => {
    const r = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE);
    expect(r.failed.length).toBe(r.checked);
    for (const [i, id] of r.ids.entries()) {
      const res = (await hr.post('/api/v1/loans/eligibility', { entityId: id, productCode: 'stable-employment', date: DATE })).json<EligibilityResult>();
      expect({ id, failed: failedCriteria(r.failed[i] ?? -1) }).toEqual({ id, failed: res.criteria.filter((c) => !c.passed).map((c) => c.code) });
    }
    const counts = Object.values(r.failedCounts).reduce((a, b) => a + b, 0);
    expect(counts).toBe([...r.failed].reduce((a, m) => a + failedCriteria(m).length, 0));
  });

  it('gives the same through the engine', async () => {
    const fast = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE);
    const slow = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE, { mode: 'engine', pageSize: 5, concurrency: 3 });
    expect(slow.mode).toBe('engine');
    expect({ ids: slow.ids, failed: [...slow.failed], hits: slow.hits }).toEqual({ ids: fast.ids, failed: [...fast.failed], hits: fast.hits });
  });

  it('reads only the regions asked for, and only what the scope may see', async () => {
    const all = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE);
    const one = await screenJurisdiction(t.db, scope, loanEngine(), V2025, DATE, { regions: ['371502'] });
    expect(one.checked).toBeGreaterThan(0);
    expect(one.checked).toBeLessThan(all.checked);
    expect(one.hits.every((h) => h.regionCode === '371502')).toBe(true);
    const outside = await screenJurisdiction(t.db, { ...scope, regions: ['371502'] }, loanEngine(), V2025, DATE);
    expect(outside.ids).toEqual(one.ids);
  });
});
