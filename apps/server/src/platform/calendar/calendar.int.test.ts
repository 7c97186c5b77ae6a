import { readFileSync } from 'node:fs';
import type { Deadline } from '@zhengqi/contracts/calendar';
import type { Problem } from '@zhengqi/contracts/common';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { auditLog } from '../db/schema';
import { parseArrangement } from './arrangement-file';
import type { DayInfo, YearStatus } from './working-days';

// Sessions are opened where they are used, so no test depends on another's session.
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

const clerk = (): Promise<Client> => t.login('gaotang.clerk');
const admin = (): Promise<Client> => t.login('admin');

async function deadline(c: Client, from: string, workdays: number): Promise<Deadline> {
  const res = await c.get(`/api/v1/calendar/deadline?from=${from}&workdays=${workdays}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Deadline>();
}

async function days(c: Client, from: string, to: string): Promise<Map<string, DayInfo>> {
  const res = await c.get(`/api/v1/calendar/days?from=${from}&to=${to}`);
  expect(res.statusCode, res.body).toBe(200);
  return new Map(res.json<{ days: DayInfo[] }>().days.map((d) => [d.date, d]));
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect(body.code).toBe(code);
  return body;
}

describe('deadlines', () => {
  it('counts working days over the National Day holiday and the make-up Saturday', async () => {
    const c = await clerk();
    expect(await deadline(c, '2026-09-28', 5)).toEqual({ deadline: '2026-10-10', provisional: false });
    // Day 1 is the first working day after `from`; 0 days is `from` itself.
    expect((await deadline(c, '2026-09-28', 1)).deadline).toBe('2026-09-29');
    expect((await deadline(c, '2026-09-30', 1)).deadline).toBe('2026-10-08');
    expect((await deadline(c, '2026-09-28', 0)).deadline).toBe('2026-09-28');
  });

  it('is provisional, with a reason in both languages, when it runs into an unarranged 2027', async () => {
    const c = await clerk();
    const d = await deadline(c, '2026-12-28', 10);
    expect(d.deadline).toBe('2027-01-12');
    expect(d.provisional).toBe(true);
    expect(d.reason).toContain('2027');
    expect(d.reasonEn).toContain('2027');
    expect(d.reasonEn).toMatch(/provisional/);
    // The derived statutory Spring Festival days of 2027 are skipped even without an arrangement.
    expect(await deadline(c, '2027-02-04', 1)).toMatchObject({ deadline: '2027-02-09', provisional: true });
  });

  it('needs calendar.read: an anonymous caller is refused', async () => {
    expectProblem(await t.anonymous().get('/api/v1/calendar/deadline?from=2026-09-28&workdays=5'), 401, 'UNAUTHENTICATED');
  });
});

describe('days', () => {
  it('October 2026 shows the National Day holidays and the make-up working Saturday', async () => {
    const c = await clerk();
    const oct = await days(c, '2026-10-01', '2026-10-31');
    expect(oct.size).toBe(31);
    for (let d = 1; d <= 7; d++) {
      expect(oct.get(`2026-10-0${d}`)).toMatchObject({ kind: 'holiday', working: false, provisional: false });
    }
    expect(oct.get('2026-10-01')?.name).toContain('国庆');
    expect(oct.get('2026-10-08')).toMatchObject({ kind: 'working', working: true });
    expect(oct.get('2026-10-10')).toMatchObject({ kind: 'adjusted_working', working: true });
    expect(oct.get('2026-10-11')).toMatchObject({ kind: 'rest', working: false });
    expect([...oct.values()].filter((d) => d.kind === 'holiday')).toHaveLength(7);
  });
});

describe('bad queries', () => {
  it.each([
    ['from=2026-02-30&workdays=5', 'from'],
    ['from=2026-9-28&workdays=5', 'from'],
    ['from=2026-09-28&workdays=-1', 'workdays'],
    ['from=2026-09-28&workdays=1.5', 'workdays'],
    ['from=2026-09-28', 'workdays'],
  ])('%s → 400 VALIDATION_FAILED naming %s', async (query, field) => {
    const c = await clerk();
    const body = expectProblem(await c.get(`/api/v1/calendar/deadline?${query}`), 400, 'VALIDATION_FAILED');
    expect(body.field).toBe(field);
    expect(body.message).toContain(field);
    expect(body.messageEn).toContain(field);
  });

  it('a reversed or too long day range is 422 CALENDAR_RANGE', async () => {
    const c = await clerk();
    expectProblem(await c.get('/api/v1/calendar/days?from=2026-10-31&to=2026-10-01'), 422, 'CALENDAR_RANGE');
    expectProblem(await c.get('/api/v1/calendar/days?from=2026-01-01&to=2027-12-31'), 422, 'CALENDAR_RANGE');
  });

  it('dates beyond the years the calendar knows are 422 CALENDAR_RANGE, not a server error', async () => {
    const c = await clerk();
    expectProblem(await c.get('/api/v1/calendar/deadline?from=2100-12-01&workdays=3650'), 422, 'CALENDAR_RANGE');
    expectProblem(await c.get('/api/v1/calendar/deadline?from=1999-06-01&workdays=1'), 422, 'CALENDAR_RANGE');
    expectProblem(await c.get('/api/v1/calendar/days?from=1999-12-31&to=2000-01-02'), 422, 'CALENDAR_RANGE');
  });
});

describe('overrides', () => {
  it('a clerk may not change the calendar', async () => {
    const c = await clerk();
    const res = await c.put('/api/v1/calendar/overrides/2026-12-30', { kind: 'holiday', name: '窗口自定假日', reason: '试图修改' });
    expectProblem(res, 403, 'FORBIDDEN');
    expect((await days(c, '2026-12-30', '2026-12-30')).get('2026-12-30')).toMatchObject({ kind: 'working', source: 'weekday-rule' });
  });

  it('an administrator marks 2026-12-31 a holiday: the day shows it, deadlines move, the change is audited, and removing it restores them', async () => {
    const c = await clerk();
    expect(await deadline(c, '2026-12-24', 5)).toEqual({ deadline: '2026-12-31', provisional: false });
    const a = await admin();
    const put = await a.put('/api/v1/calendar/overrides/2026-12-31', { kind: 'holiday', name: '市政府调整假日', reason: '聊城市人民政府通知' });
    expect(put.statusCode, put.body).toBe(200);

    expect((await days(c, '2026-12-31', '2026-12-31')).get('2026-12-31')).toMatchObject({ kind: 'holiday', working: false, name: '市政府调整假日', source: 'override' });
    // 2027-01-01 is New Year's Day and 2027-01-02/03 a weekend: the deadline jumps to Monday.
    expect((await deadline(c, '2026-12-24', 5)).deadline).toBe('2027-01-04');
    const list = await c.get('/api/v1/calendar/overrides?year=2026');
    expect(list.json<{ items: unknown[] }>().items).toEqual([{ date: '2026-12-31', kind: 'holiday', name: '市政府调整假日' }]);
    const audit = await t.db.tx({ kind: 'system' }, (tx) =>
      tx.select().from(auditLog).where(and(eq(auditLog.action, 'calendar.override_set'), eq(auditLog.entityId, '2026-12-31'))),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ kind: 'holiday', reason: '聊城市人民政府通知' });

    const del = await a.delete(`/api/v1/calendar/overrides/2026-12-31?reason=${encodeURIComponent('通知撤回')}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(await deadline(c, '2026-12-24', 5)).toEqual({ deadline: '2026-12-31', provisional: false });
    expect((await days(c, '2026-12-31', '2026-12-31')).get('2026-12-31')).toMatchObject({ kind: 'working', source: 'weekday-rule' });
  });

  it('an override without a reason is refused and changes nothing', async () => {
    const a = await admin();
    const body = expectProblem(await a.put('/api/v1/calendar/overrides/2026-12-29', { kind: 'holiday', name: null }), 400, 'VALIDATION_FAILED');
    expect(body.field).toBe('reason');
    expect((await days(await clerk(), '2026-12-29', '2026-12-29')).get('2026-12-29')?.kind).toBe('working');
  });
});

describe('importing a year', () => {
  it('makes 2027 deadlines final and the status reports 2027 as arranged', async () => {
    const c = await clerk();
    const statusBefore = (await c.get('/api/v1/calendar/status')).json<{ years: YearStatus[] }>();
    expect(statusBefore.years.find((y) => y.year === 2027)).toEqual({ year: 2027, arranged: false, source: 'none' });

    const parsed = parseArrangement(JSON.parse(readFileSync(new URL('./fixtures/2027-sample.json', import.meta.url), 'utf8')));
    if (!parsed.ok) {
      throw new Error(`fixture does not parse: ${JSON.stringify(parsed.errors)}`);
    }
    expect(parsed.year).toBe(2027);
    const counts = await t.ctx.calendar.importYear(null, 2027, parsed.overrides);
    expect(counts.holidays).toBeGreaterThan(20);

    expect(await deadline(c, '2026-12-28', 10)).toEqual({ deadline: '2027-01-12', provisional: false });
    // The sample gives 春节 2027-02-05..13, longer than the derived statutory days.
    expect(await deadline(c, '2027-02-04', 1)).toEqual({ deadline: '2027-02-15', provisional: false });
    // …and a make-up Saturday in October.
    expect(await deadline(c, '2027-09-30', 3)).toEqual({ deadline: '2027-10-11', provisional: false });
    const oct = await days(c, '2027-10-09', '2027-10-09');
    expect(oct.get('2027-10-09')).toMatchObject({ kind: 'adjusted_working', working: true, provisional: false });

    const status = (await c.get('/api/v1/calendar/status')).json<{ years: YearStatus[] }>();
    expect(status.years.find((y) => y.year === 2027)).toEqual({ year: 2027, arranged: true, source: 'imported' });
    expect(status.years.find((y) => y.year === 2026)).toEqual({ year: 2026, arranged: true, source: 'chinese-days' });
  });
});
