import { PERMISSIONS } from '@zhengqi/contracts/permissions';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteInfo } from '../app';
import { queryRows } from '../platform/db/database';
import { roles, userRoles, users } from '../platform/db/schema';
import { SAMPLE_EXE, SAMPLE_PNG, multipartBody } from '../platform/files/sample-files';
import { newId } from '../platform/ids/ids';
import { makeTestApp, type Client, type TestApp } from './test-app';

// Bad input on every route that takes a body: always a 4xx problem+json with a reason, never a 500,
// never a stack trace, and never a write.

const PARAMS: Record<string, string> = { id: `ent_${'0'.repeat(32)}`, date: '2026-12-31', code: 'custom_role', month: '2026-10', list: 'project_sector', version: '2099' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STACK = /\bat [^\n]*\.(ts|js):\d+/;

function concrete(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const v = PARAMS[name];
    if (v === undefined) {
      throw new Error(`no test value for path parameter :${name} in ${url}`);
    }
    return v;
  });
}

type JsonSchema = { type?: string; anyOf?: JsonSchema[]; properties?: Record<string, JsonSchema>; required?: string[] };
type OpenApi = { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> };

/** True when the route takes a multipart/form-data upload (per the OpenAPI document the app serves). */
function takesUpload(t: TestApp, r: RouteInfo): boolean {
  const doc = t.app.swagger() as unknown as OpenApi;
  const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
  return doc.paths[path]?.[r.method.toLowerCase()]?.requestBody?.content?.['multipart/form-data'] !== undefined;
}

/** The JSON body schema of a route, from the OpenAPI document the app serves. */
function bodySchemaOf(t: TestApp, r: RouteInfo): JsonSchema | undefined {
  const doc = t.app.swagger() as unknown as OpenApi;
  const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
  return doc.paths[path]?.[r.method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
}

function acceptsString(s: JsonSchema): boolean {
  return s.type === 'string' || (s.anyOf ?? []).some(acceptsString);
}

/** Every field of the schema with a value of the wrong type: a number for text, text for everything else. */
function wrongTypes(s: JsonSchema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, acceptsString(p) ? 12345 : 'not-the-right-type']));
}

type Problem = { code?: string; message?: string; messageEn?: string; field?: string; status?: number };

/** Whatever went wrong, the answer must be a 4xx problem+json with a code and both messages, and no stack. */
function problemFaults(res: LightMyRequestResponse): string[] {
  const faults: string[] = [];
  if (res.statusCode < 400 || res.statusCode >= 500) {
    faults.push(`status ${res.statusCode}`);
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    faults.push(`content-type ${String(res.headers['content-type'])}`);
  }
  if (STACK.test(res.body)) {
    faults.push('stack trace in body');
  }
  let p: Problem = {};
  try {
    p = res.json<Problem>();
  } catch {
    faults.push('body is not JSON');
  }
  for (const k of ['code', 'message', 'messageEn'] as const) {
    if (typeof p[k] !== 'string' || p[k] === '') {
      faults.push(`no ${k}`);
    }
  }
  if (p.status !== res.statusCode) {
    faults.push(`status member ${String(p.status)}`);
  }
  if (p.code === 'VALIDATION_FAILED' && (typeof p.field !== 'string' || p.field === '')) {
    faults.push('VALIDATION_FAILED without field');
  }
  return faults;
}

async function insertAllPermissionsUser(t: TestApp): Promise<void> {
  await t.db.tx({ kind: 'system' }, async (tx) => {
    const [clerk] = await tx.select().from(users).where(eq(users.username, 'gaotang.clerk'));
    if (clerk === undefined) {
      throw new Error('demo user gaotang.clerk missing');
    }
    // Straight into the tables: the separation-of-duties rule lives in the service.
    await tx.insert(roles).values({ code: 'test_all', nameZh: '测试全部权限', nameEn: 'Test: every permission', permissions: [...PERMISSIONS], builtin: false });
    const id = newId('usr');
    const now = t.clock.now();
    await tx.insert(users).values({ id, username: 'test.almighty', displayName: 'test.almighty', organizationId: clerk.organizationId, regionCode: '371526', passwordHash: clerk.passwordHash, createdAt: now, updatedAt: now });
    await tx.insert(userRoles).values({ userId: id, roleCode: 'test_all' });
  });
}

/** What a write would change: the audit chain head and the row counts of the tables users edit. */
async function snapshot(t: TestApp): Promise<Record<string, number>> {
  const rows = await t.db.tx({ kind: 'system' }, (tx) =>
    queryRows<Record<string, string | number>>(tx, sql`select
      (select seq from audit_head) as audit_seq,
      (select count(*) from audit_log) as audit_rows,
      (select count(*) from market_entities) as market_entities,
      (select count(*) from persons) as persons,
      (select count(*) from users) as users,
      (select count(*) from organizations) as organizations,
      (select count(*) from roles) as roles,
      (select count(*) from calendar_overrides) as calendar_overrides,
      (select count(*) from files) as files`),
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}

let t: TestApp;
let almighty: Client;
let before: Record<string, number>;
const LOGIN = '/api/v1/auth/login';
const LOGOUT = '/api/v1/auth/logout';
const bodyRoutes = () => t.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.url !== LOGIN);
// Logout takes no body: any well-formed one ends the session (200), so it only meets unparsable bodies.
const jsonBodyRoutes = () => bodyRoutes().filter((r) => r.url !== LOGOUT);

function send(r: RouteInfo, payload: string | Buffer, contentType = 'application/json', client: Client | null = almighty): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: r.method as 'POST',
    url: concrete(r.url),
    headers: { 'content-type': contentType, ...(client === null ? {} : { cookie: client.cookie, 'x-csrf-token': client.csrfToken }) },
    payload,
  });
}

const sweep: Array<{ what: string; route: string; res: LightMyRequestResponse }> = [];
function expectRejected(what: string, r: RouteInfo, res: LightMyRequestResponse): string[] {
  sweep.push({ what, route: `${r.method} ${r.url}`, res });
  return problemFaults(res).map((f) => `${what} ${r.method} ${r.url} → ${res.statusCode}: ${f} ${res.body.slice(0, 160)}`);
}

beforeAll(async () => {
  t = await makeTestApp();
  await insertAllPermissionsUser(t);
  almighty = await t.login('test.almighty');
  before = await snapshot(t);
});
afterAll(async () => t.close());

describe('bad input on every route with a body', () => {
  it('covers the routes that take a body', () => {
    expect(jsonBodyRoutes().length).toBeGreaterThan(12);
    expect(new Set(bodyRoutes().map((r) => r.method))).toEqual(new Set(['POST', 'PUT', 'PATCH']));
  });

  it('an empty object is refused and names a missing field', async () => {
    const faults: string[] = [];
    for (const r of jsonBodyRoutes()) {
      const res = await send(r, '{}');
      faults.push(...expectRejected('{}', r, res));
      const schema = bodySchemaOf(t, r);
      const required = schema?.required ?? [];
      if (required.length > 0) {
        const p = res.json<Problem>();
        // The offending field, not just "body": the form highlights it.
        if (p.code !== 'VALIDATION_FAILED' || !required.includes(p.field ?? '')) {
          faults.push(`{} ${r.method} ${r.url}: expected VALIDATION_FAILED on one of ${required.join(',')}, got ${String(p.code)} field ${String(p.field)}`);
        }
      }
    }
    expect(faults).toEqual([]);
  });

  it('wrong types are refused: a stray field, an array, every field of the wrong type', async () => {
    const faults: string[] = [];
    for (const r of jsonBodyRoutes()) {
      faults.push(...expectRejected('{x:1}', r, await send(r, JSON.stringify({ x: 1 }))));
      faults.push(...expectRejected('[]', r, await send(r, '[]')));
      faults.push(...expectRejected('"text"', r, await send(r, '"text"')));
      const schema = bodySchemaOf(t, r);
      if (schema?.properties !== undefined) {
        const res = await send(r, JSON.stringify(wrongTypes(schema)));
        faults.push(...expectRejected('wrong types', r, res));
        const p = res.json<Problem>();
        if (p.code !== 'VALIDATION_FAILED' || !Object.keys(schema.properties).includes(p.field ?? '')) {
          faults.push(`wrong types ${r.method} ${r.url}: expected VALIDATION_FAILED on a body field, got ${String(p.code)} field ${String(p.field)}`);
        }
      }
    }
    expect(faults).toEqual([]);
  });

  it('malformed JSON is 400 BAD_REQUEST', async () => {
    const faults: string[] = [];
    for (const r of bodyRoutes()) {
      for (const text of ['{"name": "高唐', '{,}', 'nul']) {
        const res = await send(r, text);
        faults.push(...expectRejected('malformed', r, res));
        if (res.statusCode !== 400 || res.json<Problem>().code !== 'BAD_REQUEST') {
          faults.push(`malformed ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 100)}`);
        }
      }
    }
    expect(faults).toEqual([]);
  });

  it('a body over 1 MiB is refused (413 PAYLOAD_TOO_LARGE where the JSON limit applies)', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), reason: 'y'.repeat(10) });
    const faults: string[] = [];
    for (const r of bodyRoutes()) {
      const res = await send(r, big);
      faults.push(...expectRejected('oversized', r, res));
      // Import routes take files up to 10 MiB; a JSON body there is simply not a workbook.
      const expected = r.url.endsWith('/import') ? 'IMPORT_FILE_INVALID' : 'PAYLOAD_TOO_LARGE';
      if (res.json<Problem>().code !== expected) {
        faults.push(`oversized ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('an import over its 10 MiB limit is 413 too', async () => {
    const r = { method: 'POST', url: '/api/v1/entities/import', access: 'entity.import' } as const;
    const res = await send(r, Buffer.alloc(10 * 1024 * 1024 + 100, 1), XLSX);
    expect(expectRejected('oversized xlsx', r, res)).toEqual([]);
    expect(res.statusCode).toBe(413);
    expect(res.json<Problem>().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a content type the route does not read is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const faults: string[] = [];
    for (const r of jsonBodyRoutes()) {
      const res = await send(r, 'name=x', 'application/x-www-form-urlencoded');
      faults.push(...expectRejected('form-encoded', r, res));
      if (res.statusCode !== 415) {
        faults.push(`form-encoded ${r.method} ${r.url} → ${res.statusCode}`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('upload routes refuse every multipart body that is not one acceptable file: 4xx, the field named', async () => {
    const uploads = bodyRoutes().filter((r) => takesUpload(t, r));
    expect(uploads.length).toBeGreaterThanOrEqual(2);
    const broken = { body: Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nunterminated'), contentType: 'multipart/form-data; boundary=b' };
    const cases: Array<[string, { body: Buffer; contentType: string }, number, string]> = [
      ['fields only', multipartBody([{ name: 'purpose', data: 'photo' }]), 400, 'VALIDATION_FAILED'],
      ['no parts', multipartBody([]), 400, 'VALIDATION_FAILED'],
      ['broken body', broken, 400, 'BAD_REQUEST'],
      ['no boundary', { body: Buffer.from('whatever'), contentType: 'multipart/form-data' }, 400, 'BAD_REQUEST'],
      ['two files', multipartBody([{ name: 'file', filename: 'a.png', data: SAMPLE_PNG }, { name: 'file', filename: 'b.png', data: SAMPLE_PNG }]), 400, 'BAD_REQUEST'],
      ['too large', multipartBody([{ name: 'file', filename: 'big.txt', data: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) }]), 413, 'FILE_TOO_LARGE'],
      ['an executable', multipartBody([{ name: 'file', filename: 'photo.png', contentType: 'image/png', data: SAMPLE_EXE }]), 415, 'FILE_TYPE_NOT_ALLOWED'],
    ];
    const faults: string[] = [];
    for (const r of uploads) {
      for (const [what, { body, contentType }, status, code] of cases) {
        const res = await send({ ...r, url: `${r.url}?purpose=attachment` }, body, contentType);
        faults.push(...expectRejected(`multipart ${what}`, r, res));
        const p = res.json<Problem>();
        if (res.statusCode !== status || p.code !== code || p.field !== 'file') {
          faults.push(`multipart ${what} ${r.method} ${r.url} → ${res.statusCode} ${String(p.code)} field ${String(p.field)}`);
        }
      }
    }
    expect(faults).toEqual([]);
  });

  it('login refuses bad input the same way, and writes nothing', async () => {
    const login = { method: 'POST', url: LOGIN, access: 'public' } as const;
    const cases: Array<[string, string, number, string]> = [
      ['{}', '{}', 400, 'VALIDATION_FAILED'],
      ['wrong types', JSON.stringify({ username: 1, password: 2 }), 400, 'VALIDATION_FAILED'],
      ['[]', '[]', 400, 'VALIDATION_FAILED'],
      ['empty password', JSON.stringify({ username: 'admin', password: '' }), 400, 'VALIDATION_FAILED'],
      ['malformed', '{"username": "admin", ', 400, 'BAD_REQUEST'],
      ['oversized', JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024 + 10) }), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [what, body, status, code] of cases) {
      const res = await send(login, body, 'application/json', null);
      expect(expectRejected(`login ${what}`, login, res)).toEqual([]);
      expect({ what, status: res.statusCode, code: res.json<Problem>().code }).toEqual({ what, status, code });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const empty = await send(login, '{}', 'application/json', null);
    expect(['username', 'password']).toContain(empty.json<Problem>().field);
  });

  it('an unknown route is 404 ROUTE_NOT_FOUND problem+json, for anyone', async () => {
    for (const res of [
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }),
      await almighty.get('/api/v1/entities/ent_0/extra'),
      await almighty.post('/api/v1/no-such-thing', {}),
    ]) {
      expect(problemFaults(res)).toEqual([]);
      expect(res.statusCode).toBe(404);
      expect(res.json<Problem>().code).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('a wrong method on a known path is a 404/405 problem+json', async () => {
    const cases: Array<['DELETE' | 'PUT' | 'PATCH' | 'POST', string]> = [
      ['DELETE', '/api/v1/entities'],
      ['PUT', '/api/v1/entities'],
      ['DELETE', `/api/v1/entities/ent_${'0'.repeat(32)}`],
      ['POST', '/api/v1/audit'],
      ['PATCH', '/api/v1/auth/login'],
    ];
    for (const [method, url] of cases) {
      const res = await t.app.inject({ method, url, headers: { cookie: almighty.cookie, 'x-csrf-token': almighty.csrfToken }, payload: {} });
      expect(problemFaults(res), `${method} ${url}`).toEqual([]);
      expect([404, 405]).toContain(res.statusCode);
      expect(['ROUTE_NOT_FOUND', 'METHOD_NOT_ALLOWED']).toContain(res.json<Problem>().code);
    }
  });

  it('after the whole sweep nothing was written and no answer carried a stack trace', async () => {
    expect(sweep.length).toBeGreaterThan(80);
    expect(sweep.filter((s) => STACK.test(s.res.body) || s.res.statusCode >= 500).map((s) => `${s.what} ${s.route}`)).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
    // The session survived the sweep: the bad requests were refused, not half-handled.
    expect((await almighty.get('/api/v1/auth/me')).statusCode).toBe(200);
  });
});
