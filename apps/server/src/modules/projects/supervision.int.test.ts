import type { ProblemDetail, ProjectSummary } from '@zhengqi/contracts/projects';
import type { Bulletin, BulletinSummary, InboxPage } from '@zhengqi/contracts/supervision';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../platform/db/schema';
import { newId } from '../../platform/ids/ids';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { projectHelpingOfficials, supervisionNotices } from './schema';
import { sweepOverdueProblems } from './supervision-service';

// The supervision sweep with the injected clock, the in-app inbox and bulletins. Today is Friday 2026-11-27.

type Page<T> = { items: T[]; total: number };

let t: TestApp;
let dispatcher: Client;
let owner: Client;
let handler: Client;
let handlerId: string;
let unitId: string;

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return res.json<T>();
}

async function userRow(username: string) {
  const [u] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(users).where(eq(users.username, username)));
  if (u === undefined) {
    throw new Error(`demo user ${username} missing`);
  }
  return u;
}

const sweep = () => sweepOverdueProblems(t.ctx);
const noticesOf = (problemId: string) => t.db.tx({ kind: 'system' }, (tx) => tx.select().from(supervisionNotices).where(eq(supervisionNotices.problemId, problemId)));

/** Sessions expire while the clock jumps days ahead: log in again after each jump. */
async function login(): Promise<void> {
  dispatcher = await t.login('dcf.dispatcher');
  owner = await t.login('dcf.owner');
  handler = await t.login('dcf.handler');
}

beforeAll(async () => {
  t = await makeTestApp();
  await login();
  const h = await userRow('dcf.handler');
  handlerId = h.id;
  unitId = h.organizationId;
});
afterAll(async () => t.close());

describe('the overdue sweep', () => {
  let problemId: string;

  it('notices a problem once it passes its deadline, notifies the handler, and never twice', async () => {
    // Whatever the demo data holds overdue is swept first; from here only our problem is new.
    await sweep();
    const projectId = ok<Page<ProjectSummary>>(await owner.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
    const p = ok<ProblemDetail>(await owner.post('/api/v1/problems', { projectId, category: 'permits', severity: 'general', title: '施工许可待办', description: '施工许可证尚未核发。' }), 201);
    problemId = p.id;
    const a = ok<ProblemDetail>(await dispatcher.post(`/api/v1/problems/${p.id}/assign`, { unitId, handlerId, version: p.version }));
    expect(a.deadline).toBe('2026-12-04');
    expect(await sweep()).toEqual({ skipped: false, notices: 0, notifications: 0 });

    // Monday 2026-12-07, 10:00 in Shanghai: one working day past Friday's deadline.
    // Demo problems due in the meantime are noticed too; ours is among them, once.
    t.clock.set(new Date('2026-12-07T02:00:00.000Z'));
    await login();
    const r = await sweep();
    expect(r.notices).toBeGreaterThanOrEqual(1);
    expect(await noticesOf(p.id)).toMatchObject([{ deadline: '2026-12-04', daysOverdue: 1, regionCode: '371502' }]);

    const inbox = ok<InboxPage>(await handler.get('/api/v1/inbox'));
    expect(inbox.unread).toBeGreaterThanOrEqual(1);
    const note = inbox.items.find((n) => n.link === `/problems/${p.id}`);
    expect(note).toMatchObject({ kind: 'supervision.overdue', readAt: null });
    expect(note?.title).toContain(p.number);
    expect(note?.body).toContain('已逾期 1 个工作日');

    t.clock.advance(60 * 60 * 1000);
    await login();
    expect(await sweep()).toEqual({ skipped: false, notices: 0, notifications: 0 });
    expect(await noticesOf(p.id)).toHaveLength(1);

    const audits = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, 'supervision.sweep'), eq(auditLog.entityId, '2026-12-07'))));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.after).toMatchObject({ notices: r.notices, notifications: r.notifications, regions: ['371502'] });
  });

  it('keeps the inbox per user: read moves a message after the unread ones; another user cannot mark it', async () => {
    const before = ok<InboxPage>(await handler.get('/api/v1/inbox'));
    const note = before.items.find((n) => n.link === `/problems/${problemId}`);
    expect(note).toBeDefined();
    const id = note?.id ?? '';
    expect((await dispatcher.post(`/api/v1/inbox/${id}/read`)).statusCode).toBe(404);
    expect(ok<InboxPage>(await dispatcher.get('/api/v1/inbox')).items.some((n) => n.id === id)).toBe(false);
    ok(await handler.post(`/api/v1/inbox/${id}/read`));
    ok(await handler.post(`/api/v1/inbox/${id}/read`));
    const after = ok<InboxPage>(await handler.get('/api/v1/inbox?pageSize=200'));
    expect(after.unread).toBe(before.unread - 1);
    const idx = after.items.findIndex((n) => n.id === id);
    expect(after.items[idx]?.readAt).not.toBeNull();
    expect(after.items.slice(idx).every((n) => n.readAt !== null)).toBe(true);
  });

  it('an approved extension gives a new deadline, which earns its own notice when it passes', async () => {
    const p = ok<ProblemDetail>(await handler.get(`/api/v1/problems/${problemId}`));
    ok(await handler.post(`/api/v1/problems/${problemId}/accept`, { version: p.version }));
    ok(await handler.post(`/api/v1/problems/${problemId}/request-extension`, { workdays: 3, reason: '需补充材料' }));
    const d = ok<ProblemDetail>(await dispatcher.post(`/api/v1/problems/${problemId}/decide-extension`, { approved: true }));
    expect(d.deadline).not.toBe('2026-12-04');
    expect((await sweep()).notices).toBe(0);
    t.clock.set(new Date(`${d.deadline ?? ''}T02:00:00.000Z`));
    t.clock.advance(3 * 24 * 60 * 60 * 1000);
    await login();
    expect((await sweep()).notices).toBeGreaterThanOrEqual(1);
    expect(await noticesOf(problemId)).toHaveLength(2);
  });

  it("also notifies the project's helping officials who are users, once each, the handler not twice", async () => {
    const leaderUser = await userRow('dcf.leader');
    const projectId = ok<Page<ProjectSummary>>(await owner.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
    const p = ok<ProblemDetail>(await owner.post('/api/v1/problems', { projectId, category: 'permits', severity: 'general', title: '帮包督办', description: '帮包领导应收到督办提醒。' }), 201);
    const a = ok<ProblemDetail>(await dispatcher.post(`/api/v1/problems/${p.id}/assign`, { unitId, handlerId, version: p.version }));
    // The leader is a helping official; so is the handler, who must still get one message only.
    await t.db.tx({ kind: 'system' }, (tx) =>
      tx.insert(projectHelpingOfficials).values(
        [leaderUser.id, handlerId].map((userId, i) => ({ id: newId('hof'), projectId, regionCode: '371502', userId, name: `帮包${String(i)}`, title: '副区长', role: '帮包', since: '2026-01-01', position: 90 + i })),
      ),
    );
    t.clock.set(new Date(`${a.deadline ?? ''}T02:00:00.000Z`));
    t.clock.advance(3 * 24 * 60 * 60 * 1000);
    await login();
    const leader = await t.login('dcf.leader');
    expect((await sweep()).notices).toBeGreaterThanOrEqual(1);
    expect(await noticesOf(p.id)).toHaveLength(1);

    const mine = async (c: Client) => ok<InboxPage>(await c.get('/api/v1/inbox?pageSize=200')).items.filter((n) => n.link === `/problems/${p.id}`);
    const leaderNotes = await mine(leader);
    expect(leaderNotes).toHaveLength(1);
    expect(leaderNotes[0]).toMatchObject({ kind: 'supervision.overdue', readAt: null });
    expect(leaderNotes[0]?.title).toContain(p.number);
    expect(await mine(handler)).toHaveLength(1);

    expect(await sweep()).toEqual({ skipped: false, notices: 0, notifications: 0 });
    expect(await mine(leader)).toHaveLength(1);
    expect(await mine(handler)).toHaveLength(1);
  });
});

describe('the unit leader', () => {
  it("is notified once when the unit's problem becomes overdue, after an administrator names the leader", async () => {
    const admin = await t.login('admin');
    const body = { username: 'dcf.nr.chief', displayName: '自然资源局局长', organizationId: unitId, jurisdictionCode: '371502', roles: ['problem_handler'], password: 'Strong#Chief2026' };
    const chief = ok<{ id: string }>(await admin.post('/api/v1/users', body), 201);
    type Org = { id: string; version: number; leaderUserId: string | null };
    const org = ok<{ items: Org[] }>(await admin.get('/api/v1/organizations?pageSize=200')).items.find((o) => o.id === unitId);
    // The leader must belong to the unit: the handler's own unit is fine, another unit's user is not.
    const other = await userRow('dcf.dispatcher');
    expect((await admin.patch(`/api/v1/organizations/${unitId}`, { leaderUserId: other.id, version: org?.version ?? 0 })).statusCode).toBe(400);
    expect(ok<Org>(await admin.patch(`/api/v1/organizations/${unitId}`, { leaderUserId: chief.id, version: org?.version ?? 0 })).leaderUserId).toBe(chief.id);

    const projectId = ok<Page<ProjectSummary>>(await owner.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
    const p = ok<ProblemDetail>(await owner.post('/api/v1/problems', { projectId, category: 'land', severity: 'general', title: '单位负责人督办', description: '单位负责人应收到督办提醒。' }), 201);
    const a = ok<ProblemDetail>(await dispatcher.post(`/api/v1/problems/${p.id}/assign`, { unitId, handlerId, version: p.version }));
    t.clock.set(new Date(`${a.deadline ?? ''}T02:00:00.000Z`));
    t.clock.advance(3 * 24 * 60 * 60 * 1000);
    await login();
    const chiefClient = await t.login('dcf.nr.chief', 'Strong#Chief2026');
    await sweep();
    const notes = ok<InboxPage>(await chiefClient.get('/api/v1/inbox?pageSize=200')).items.filter((n) => n.link === `/problems/${p.id}`);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.title).toContain(p.number);
    await sweep();
    expect(ok<InboxPage>(await chiefClient.get('/api/v1/inbox?pageSize=200')).items.filter((n) => n.link === `/problems/${p.id}`)).toHaveLength(1);
  });
});

describe('bulletins', () => {
  let bulletin: Bulletin;

  it('builds a numbered bulletin that ranks units and lists the overdue problem', async () => {
    expect((await handler.post('/api/v1/bulletins', { region: '371502', from: '2026-11-01', to: '2026-12-31' })).statusCode).toBe(403);
    expect((await dispatcher.post('/api/v1/bulletins', { region: '371526', from: '2026-11-01', to: '2026-12-31' })).statusCode).toBe(403);
    expect((await dispatcher.post('/api/v1/bulletins', { region: '371502', from: '2026-12-31', to: '2026-11-01' })).statusCode).toBe(400);

    bulletin = ok<Bulletin>(await dispatcher.post('/api/v1/bulletins', { region: '371502', from: '2026-11-01', to: '2026-12-31' }), 201);
    expect(bulletin.number).toBe('DCF-DB-2026-001');
    const c = bulletin.content;
    expect(c.regionName).toBe('东昌府区');
    expect(c.units.length).toBeGreaterThan(0);
    expect(c.units.map((u) => u.rank)).toEqual(c.units.map((_, i) => i + 1));
    expect(c.units.some((u) => u.unitId === unitId)).toBe(true);
    const overdue = c.overdue.find((p) => p.title === '施工许可待办');
    expect(overdue?.daysOverdue).toBeGreaterThan(0);
    expect(c.totals.overdue).toBe(c.overdue.length);
    expect(c.investment.projects).toBeGreaterThan(0);

    const second = ok<Bulletin>(await dispatcher.post('/api/v1/bulletins', { region: '371502', from: '2026-12-01', to: '2026-12-31' }), 201);
    expect(second.number).toBe('DCF-DB-2026-002');
    const list = ok<Page<BulletinSummary>>(await handler.get('/api/v1/bulletins'));
    expect(list.items.map((b) => b.number)).toEqual(['DCF-DB-2026-002', 'DCF-DB-2026-001']);
    expect(ok<Bulletin>(await handler.get(`/api/v1/bulletins/${bulletin.id}`))).toEqual(bulletin);
  });

  it('downloads as a Word document with Chinese fonts', async () => {
    const res = await dispatcher.get(`/api/v1/bulletins/${bulletin.id}/docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain('DCF-DB-2026-001.docx');
    const buf = res.rawPayload;
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    const xml = (await (await JSZip.loadAsync(buf)).file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('DCF-DB-2026-001');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('施工许可待办');
  });

  it('downloads as a workbook', async () => {
    const res = await dispatcher.get(`/api/v1/bulletins/${bulletin.id}/xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '单位排名', '逾期问题', '重办问题']);
    expect(wb.getWorksheet('概况')?.getRow(2).getCell(2).value).toBe('DCF-DB-2026-001');
    expect(wb.getWorksheet('单位排名')?.rowCount).toBe(bulletin.content.units.length + 1);
    const titles = wb.getWorksheet('逾期问题')?.getColumn(3).values ?? [];
    expect(titles).toContain('施工许可待办');
  });
});
