import type { EntityFiles, FileMeta } from '@zhengqi/contracts/files';
import type { ProblemDetail, ProjectSummary } from '@zhengqi/contracts/projects';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm3Hex } from '../../platform/crypto/sm-crypto';
import { queryRows } from '../../platform/db/database';
import { users } from '../../platform/db/schema';
import { SAMPLE_EXE, SAMPLE_JPEG, SAMPLE_PDF, SAMPLE_PNG, multipartBody } from '../../platform/files/sample-files';
import { DEMO_PASSWORD } from '../../test/test-env';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';

// Attachments and photos of the key-project module through the HTTP API, each step as the user
// who takes it. Today is Friday 2026-11-27; the demo has progress reports up to October.

type Page<T> = { items: T[]; total: number };
type AuditRecord = { action: string; entityType: string; entityId: string | null; before: unknown; after: unknown };

let t: TestApp;
let admin: Client;
let dispatcher: Client;
let owner: Client;
let handler: Client;
let otherHandler: Client;
let gaotang: Client;
let auditor: Client;
let projectId: string;
let handlerId: string;
let unitId: string;
let otherHandlerId: string;
let otherUnitId: string;
const MONTH = '2026-11';

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  return res.json<T>();
}

function problem(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: res.json<{ code: string }>().code }, res.body.slice(0, 300)).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

function upload(c: Client, url: string, filename: string, data: Buffer, contentType?: string): Promise<LightMyRequestResponse> {
  const form = multipartBody([{ name: 'file', filename, data, ...(contentType === undefined ? {} : { contentType }) }]);
  return c.post(url, form.body, { 'content-type': form.contentType });
}

const problemFiles = (id: string, purpose: 'attachment' | 'evidence' = 'attachment') => `/api/v1/problems/${id}/files?purpose=${purpose}`;
const reportFiles = (purpose: 'photo' | 'attachment' = 'photo', month = MONTH) => `/api/v1/projects/${projectId}/progress/${month}/files?purpose=${purpose}`;

async function userRow(username: string) {
  const [u] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(users).where(eq(users.username, username)));
  if (u === undefined) {
    throw new Error(`demo user ${username} missing`);
  }
  return u;
}

/** What an upload writes: file rows and audit records (sealed or waiting). */
async function writes(): Promise<{ files: number; audit: number }> {
  const [r] = await t.db.tx({ kind: 'system' }, (tx) =>
    queryRows<{ files: string | number; audit: string | number }>(tx, sql`select (select count(*) from files) as files,
      (select count(*) from audit_log) + (select count(*) from audit_pending) as audit`),
  );
  return { files: Number(r?.files), audit: Number(r?.audit) };
}

async function collect(): Promise<ProblemDetail> {
  return ok<ProblemDetail>(await owner.post('/api/v1/problems', { projectId, category: 'permits', severity: 'general', title: '施工许可办理受阻', description: '缺少消防审查意见。' }), 201);
}

const act = (c: Client, id: string, path: string, body: Record<string, unknown> = {}) => c.post(`/api/v1/problems/${id}/${path}`, body);

/** A problem assigned to a unit and accepted by its handler: in progress. */
async function inProgress(assignee: { unitId: string; handlerId: string; client: Client }): Promise<ProblemDetail> {
  const p = await collect();
  ok(await act(dispatcher, p.id, 'assign', { unitId: assignee.unitId, handlerId: assignee.handlerId }));
  return ok<ProblemDetail>(await act(assignee.client, p.id, 'accept'));
}

async function audit(entityId: string): Promise<AuditRecord[]> {
  return ok<Page<AuditRecord>>(await auditor.get(`/api/v1/audit?entityId=${encodeURIComponent(entityId)}&pageSize=100`)).items;
}

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  dispatcher = await t.login('dcf.dispatcher');
  owner = await t.login('dcf.owner');
  handler = await t.login('dcf.handler');
  auditor = await t.login('auditor');
  const h = await userRow('dcf.handler');
  handlerId = h.id;
  unitId = h.organizationId;
  // A second responsible unit in Dongchangfu with its own handler, and a Gaotang user who may read projects and problems.
  otherUnitId = ok<{ id: string }>(await admin.post('/api/v1/organizations', { name: '东昌府区住房和城乡建设局（测试）', kind: 'agency', agencyType: 'other', regionCode: '371502' }), 201).id;
  otherHandlerId = ok<{ id: string }>(await admin.post('/api/v1/users', { username: 'att.handler', displayName: '住建局经办人', organizationId: otherUnitId, jurisdictionCode: '371502', roles: ['problem_handler'], password: DEMO_PASSWORD }), 201).id;
  otherHandler = await t.login('att.handler');
  const gaotangOrg = ok<{ id: string }>(await admin.post('/api/v1/organizations', { name: '高唐县发展和改革局（测试）', kind: 'agency', agencyType: 'other', regionCode: '371526' }), 201).id;
  ok(await admin.post('/api/v1/users', { username: 'att.gaotang', displayName: '高唐县调度员', organizationId: gaotangOrg, jurisdictionCode: '371526', roles: ['project_dispatcher'], password: DEMO_PASSWORD }), 201);
  gaotang = await t.login('att.gaotang');
  // One of the owner's own projects, with this month's report.
  projectId = ok<Page<ProjectSummary>>(await owner.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
  ok(await dispatcher.post(`/api/v1/projects/${projectId}/progress`, { month: MONTH, investmentCompletedFen: 1_000_000, stage: '主体结构施工', percent: 40 }));
});
afterAll(async () => t.close());

describe('photos and attachments of a monthly progress report', () => {
  it('a dispatcher uploads a PNG photo; the owner lists and downloads it byte for byte with safe headers', async () => {
    const meta = ok<FileMeta>(await upload(dispatcher, reportFiles('photo'), 'C:\\fakepath\\基坑支护 现场照片.png', SAMPLE_PNG, 'application/octet-stream'), 201);
    expect(meta).toMatchObject({ name: '基坑支护 现场照片.png', mime: 'image/png', size: SAMPLE_PNG.length, purpose: 'photo', uploadedByName: '东昌府区发改局调度员' });
    expect(meta.id).toMatch(/^fil_[0-9a-f]{32}$/);

    const asDispatcher = ok<EntityFiles>(await dispatcher.get(`/api/v1/projects/${projectId}/progress/${MONTH}/files`));
    expect(asDispatcher).toMatchObject({ canUpload: ['photo', 'attachment'], maxFiles: 20, maxBytes: 10 * 1024 * 1024 });
    expect(asDispatcher.items).toEqual([{ ...meta, canDelete: true }]);
    // The owner reads its own project's report files but maintains nothing.
    const asOwner = ok<EntityFiles>(await owner.get(`/api/v1/projects/${projectId}/progress/${MONTH}/files`));
    expect(asOwner).toMatchObject({ canUpload: [], items: [{ id: meta.id, canDelete: false }] });
    problem(await upload(owner, reportFiles('photo'), 'x.png', SAMPLE_PNG), 403, 'FORBIDDEN');

    const res = await owner.get(`/api/v1/files/${meta.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(SAMPLE_PNG)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="____ ____.png"; filename*=UTF-8''${encodeURIComponent('基坑支护 现场照片.png')}`);
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it('a month without a report takes no files; a month that is not one is refused', async () => {
    problem(await upload(dispatcher, reportFiles('photo', '2031-01'), 'a.png', SAMPLE_PNG), 404, 'NOT_FOUND');
    problem(await dispatcher.get(`/api/v1/projects/${projectId}/progress/2031-01/files`), 404, 'NOT_FOUND');
    problem(await upload(dispatcher, reportFiles('photo', '2026-13'), 'a.png', SAMPLE_PNG), 400, 'VALIDATION_FAILED');
    problem(await upload(dispatcher, `/api/v1/projects/${projectId}/progress/${MONTH}/files?purpose=evidence`, 'a.png', SAMPLE_PNG), 400, 'VALIDATION_FAILED');
  });

  it('an .exe renamed .png is 415 and an 11 MB file 413, and neither writes anything', async () => {
    const before = await writes();
    const exe = await upload(dispatcher, reportFiles('photo'), 'photo.png', SAMPLE_EXE, 'image/png');
    problem(exe, 415, 'FILE_TYPE_NOT_ALLOWED');
    expect(exe.json<{ field?: string }>().field).toBe('file');
    const big = await upload(dispatcher, reportFiles('attachment'), 'big.pdf', Buffer.concat([SAMPLE_PDF, Buffer.alloc(11 * 1024 * 1024, 0x20)]), 'application/pdf');
    problem(big, 413, 'FILE_TOO_LARGE');
    expect(await writes()).toEqual(before);
  });

  it('a record holds at most 20 files: the 21st is 409 FILE_LIMIT_REACHED', async () => {
    const month = '2026-10';
    ok(await dispatcher.post(`/api/v1/projects/${projectId}/progress`, { month, investmentCompletedFen: 500_000, stage: '基础施工', percent: 20 }));
    for (let i = 1; i <= 20; i += 1) {
      ok(await upload(dispatcher, reportFiles('attachment', month), `周报${i}.txt`, Buffer.from(`第 ${i} 周施工日志`, 'utf8')), 201);
    }
    problem(await upload(dispatcher, reportFiles('attachment', month), '周报21.txt', Buffer.from('第 21 周', 'utf8')), 409, 'FILE_LIMIT_REACHED');
    expect(ok<EntityFiles>(await dispatcher.get(`/api/v1/projects/${projectId}/progress/${month}/files`)).items).toHaveLength(20);
  });
});

describe('attachments and evidence of a problem', () => {
  it('the reporter attaches a PDF; the dispatcher lists and downloads it unchanged; the audit holds its SM3', async () => {
    const p = await collect();
    const meta = ok<FileMeta>(await upload(owner, problemFiles(p.id), '../../消防审查意见.pdf', SAMPLE_PDF, 'application/pdf'), 201);
    expect(meta).toMatchObject({ name: '消防审查意见.pdf', mime: 'application/pdf', purpose: 'attachment', uploadedByName: '城投公司项目负责人' });
    const list = ok<EntityFiles>(await dispatcher.get(`/api/v1/problems/${p.id}/files`));
    expect(list.items.map((f) => [f.id, f.purpose, f.canDelete])).toEqual([[meta.id, 'attachment', true]]);
    expect(list.canUpload).toEqual(['attachment']);
    const res = await dispatcher.get(`/api/v1/files/${meta.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(SAMPLE_PDF)).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('消防审查意见.pdf')}`);

    const uploaded = (await audit(p.id)).find((r) => r.action === 'file.uploaded');
    expect(uploaded).toMatchObject({ entityType: 'problem', entityId: p.id, before: null, after: { id: meta.id, name: '消防审查意见.pdf', sm3: sm3Hex(SAMPLE_PDF), size: SAMPLE_PDF.length } });
  });

  it('a Gaotang user gets 404 for Dongchangfu files, whatever the route', async () => {
    const p = await collect();
    const meta = ok<FileMeta>(await upload(owner, problemFiles(p.id), 'a.pdf', SAMPLE_PDF), 201);
    problem(await gaotang.get(`/api/v1/problems/${p.id}/files`), 404, 'NOT_FOUND');
    problem(await gaotang.get(`/api/v1/files/${meta.id}`), 404, 'NOT_FOUND');
    problem(await gaotang.delete(`/api/v1/files/${meta.id}`), 404, 'NOT_FOUND');
    problem(await upload(gaotang, problemFiles(p.id), 'b.pdf', SAMPLE_PDF), 404, 'NOT_FOUND');
    problem(await gaotang.get(`/api/v1/projects/${projectId}/progress/${MONTH}/files`), 404, 'NOT_FOUND');
    problem(await upload(gaotang, reportFiles('photo'), 'c.png', SAMPLE_PNG), 404, 'NOT_FOUND');
  });

  it('a handler cannot attach to a problem assigned to another unit, neither evidence nor attachments', async () => {
    const p = await inProgress({ unitId: otherUnitId, handlerId: otherHandlerId, client: otherHandler });
    problem(await upload(handler, problemFiles(p.id, 'evidence'), 'evidence.jpg', SAMPLE_JPEG), 403, 'FORBIDDEN');
    problem(await upload(handler, problemFiles(p.id, 'attachment'), 'note.txt', Buffer.from('无关说明')), 403, 'FORBIDDEN');
    expect(ok<EntityFiles>(await handler.get(`/api/v1/problems/${p.id}/files`))).toMatchObject({ items: [], canUpload: [] });
    // The assigned handler may, and the assigned handler is the only one offered it.
    expect(ok<EntityFiles>(await otherHandler.get(`/api/v1/problems/${p.id}/files`)).canUpload).toEqual(['evidence']);
    ok(await upload(otherHandler, problemFiles(p.id, 'evidence'), 'evidence.jpg', SAMPLE_JPEG), 201);
  });

  it('evidence by the assigned handler appears on the problem; only while in progress or fed back', async () => {
    const p = await collect();
    ok(await act(dispatcher, p.id, 'assign', { unitId, handlerId }));
    // Assigned but not accepted yet: no evidence.
    problem(await upload(handler, problemFiles(p.id, 'evidence'), '现场.jpg', SAMPLE_JPEG), 409, 'ACTION_NOT_ALLOWED');
    ok(await act(handler, p.id, 'accept'));
    const evidence = ok<FileMeta>(await upload(handler, problemFiles(p.id, 'evidence'), '整改后现场.jpg', SAMPLE_JPEG), 201);
    ok(await act(handler, p.id, 'feedback', { result: '已取得消防审查意见。' }));
    const second = ok<FileMeta>(await upload(handler, problemFiles(p.id, 'evidence'), '消防审查意见书.pdf', SAMPLE_PDF), 201);

    const seen = ok<EntityFiles>(await owner.get(`/api/v1/problems/${p.id}/files`));
    expect(seen.items.map((f) => [f.name, f.purpose, f.uploadedByName])).toEqual([
      ['整改后现场.jpg', 'evidence', '东昌府区自然资源局经办人'],
      ['消防审查意见书.pdf', 'evidence', '东昌府区自然资源局经办人'],
    ]);
    expect((await owner.get(`/api/v1/files/${evidence.id}`)).rawPayload.equals(SAMPLE_JPEG)).toBe(true);
    // The reporter confirmed: the handler's evidence stands; the dispatcher may still remove it.
    ok(await act(owner, p.id, 'confirm', { satisfied: true }));
    problem(await handler.delete(`/api/v1/files/${second.id}`), 409, 'ACTION_NOT_ALLOWED');
    problem(await upload(handler, problemFiles(p.id, 'evidence'), 'late.jpg', SAMPLE_JPEG), 409, 'ACTION_NOT_ALLOWED');
  });

  it('deleting: the uploader or a dispatcher, not someone else; audited; the file is gone', async () => {
    const p = await inProgress({ unitId, handlerId, client: handler });
    const byOwner = ok<FileMeta>(await upload(owner, problemFiles(p.id), '补充材料.pdf', SAMPLE_PDF), 201);
    const byHandler = ok<FileMeta>(await upload(handler, problemFiles(p.id, 'evidence'), '佐证.png', SAMPLE_PNG), 201);
    problem(await owner.delete(`/api/v1/files/${byHandler.id}`), 403, 'FORBIDDEN');
    problem(await otherHandler.delete(`/api/v1/files/${byHandler.id}`), 403, 'FORBIDDEN');
    expect(ok<{ ok: boolean }>(await handler.delete(`/api/v1/files/${byHandler.id}`))).toEqual({ ok: true });
    expect(ok<{ ok: boolean }>(await dispatcher.delete(`/api/v1/files/${byOwner.id}`))).toEqual({ ok: true });
    problem(await handler.get(`/api/v1/files/${byHandler.id}`), 404, 'NOT_FOUND');
    problem(await dispatcher.delete(`/api/v1/files/${byOwner.id}`), 404, 'NOT_FOUND');
    expect(ok<EntityFiles>(await owner.get(`/api/v1/problems/${p.id}/files`)).items).toEqual([]);

    const records = await audit(p.id);
    expect(records.filter((r) => r.action === 'file.uploaded')).toHaveLength(2);
    const deleted = records.filter((r) => r.action === 'file.deleted');
    expect(deleted.map((r) => (r.before as { id: string }).id).sort()).toEqual([byHandler.id, byOwner.id].sort());
    expect(deleted.every((r) => r.after === null)).toBe(true);
  });

  it('a closed problem is read-only: no upload, no delete (409), still readable', async () => {
    const p = await inProgress({ unitId, handlerId, client: handler });
    const file = ok<FileMeta>(await upload(dispatcher, problemFiles(p.id), '调度记录.txt', Buffer.from('现场调度会纪要', 'utf8')), 201);
    ok(await act(handler, p.id, 'feedback', { result: '已解决' }));
    ok(await act(owner, p.id, 'confirm', { satisfied: true }));
    ok(await act(dispatcher, p.id, 'close', { note: '核实销号' }));
    problem(await upload(dispatcher, problemFiles(p.id), 'late.pdf', SAMPLE_PDF), 409, 'ACTION_NOT_ALLOWED');
    problem(await upload(owner, problemFiles(p.id), 'late.pdf', SAMPLE_PDF), 409, 'ACTION_NOT_ALLOWED');
    problem(await dispatcher.delete(`/api/v1/files/${file.id}`), 409, 'ACTION_NOT_ALLOWED');
    const list = ok<EntityFiles>(await dispatcher.get(`/api/v1/problems/${p.id}/files`));
    expect(list).toMatchObject({ canUpload: [], items: [{ id: file.id, canDelete: false, mime: 'text/plain; charset=utf-8' }] });
    expect((await owner.get(`/api/v1/files/${file.id}`)).body).toBe('现场调度会纪要');
  });

  it('a project owner sees the files of its own projects’ problems only', async () => {
    // A problem the dispatcher raises on a project that is not the owner's.
    const others = ok<Page<ProjectSummary>>(await dispatcher.get('/api/v1/projects?pageSize=200')).items;
    const own = new Set(ok<Page<ProjectSummary>>(await owner.get('/api/v1/projects?pageSize=200')).items.map((x) => x.id));
    const foreign = others.find((x) => !own.has(x.id));
    expect(foreign).toBeDefined();
    const p = ok<ProblemDetail>(await dispatcher.post('/api/v1/problems', { projectId: foreign?.id, category: 'funds', severity: 'major', title: '资金拨付滞后', description: '专项资金未到位。' }), 201);
    const meta = ok<FileMeta>(await upload(dispatcher, problemFiles(p.id), '拨付通知.pdf', SAMPLE_PDF), 201);
    problem(await owner.get(`/api/v1/problems/${p.id}/files`), 404, 'NOT_FOUND');
    problem(await owner.get(`/api/v1/files/${meta.id}`), 404, 'NOT_FOUND');
  });
});
