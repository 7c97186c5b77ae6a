import { PERMISSIONS } from '@zhengqi/contracts/permissions';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteInfo } from '../app';
import { roles, userRoles, users } from '../platform/db/schema';
import { newId } from '../platform/ids/ids';
import { makeTestApp, type Client, type TestApp } from './test-app';

// Every /api/v1 route, three ways: no session, a session without permissions, a session with all of them.

const PARAMS: Record<string, string> = { id: `ent_${'0'.repeat(32)}`, date: '2026-12-31', code: 'custom_role', month: '2026-10', list: 'project_sector', version: '2099' };

/** The route's URL with each `:param` replaced by a syntactically valid value; throws on an unknown param. */
function concrete(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const v = PARAMS[name];
    if (v === undefined) {
      throw new Error(`no test value for path parameter :${name} in ${url}; add one to PARAMS`);
    }
    return v;
  });
}

function call(c: Client, r: RouteInfo): Promise<LightMyRequestResponse> {
  const url = concrete(r.url);
  switch (r.method) {
    case 'GET':
      return c.get(url);
    case 'POST':
      return c.post(url, {});
    case 'PUT':
      return c.put(url, {});
    case 'PATCH':
      return c.patch(url, {});
    case 'DELETE':
      return c.delete(url);
    default:
      throw new Error(`unexpected method ${r.method} on ${r.url}`);
  }
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: res.json<{ code?: string }>().code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

/** Inserts a user (demo password, Gaotang clerk's organization) straight into the database, optionally with one role. */
async function insertUser(t: TestApp, username: string, roleCode: string | null): Promise<void> {
  await t.db.tx({ kind: 'system' }, async (tx) => {
    const [clerk] = await tx.select().from(users).where(eq(users.username, 'gaotang.clerk'));
    if (clerk === undefined) {
      throw new Error('demo user gaotang.clerk missing');
    }
    const id = newId('usr');
    const now = t.clock.now();
    await tx.insert(users).values({ id, username, displayName: username, organizationId: clerk.organizationId, regionCode: '371526', passwordHash: clerk.passwordHash, createdAt: now, updatedAt: now });
    if (roleCode !== null) {
      await tx.insert(userRoles).values({ userId: id, roleCode });
    }
  });
}

let t: TestApp;
let anonymous: Client;
let powerless: Client;
let almighty: Client;
const nonPublic = (): RouteInfo[] => t.routes.filter((r) => r.access !== 'public');
const permissionRoutes = (): RouteInfo[] => t.routes.filter((r) => r.access !== 'public' && r.access !== 'authenticated');
const label = (r: RouteInfo) => `${r.method} ${r.url} (${r.access})`;

beforeAll(async () => {
  t = await makeTestApp();
  await insertUser(t, 'test.powerless', null);
  // Straight into the tables: the separation-of-duties rule lives in the service, and this role breaks it on purpose.
  await t.db.tx({ kind: 'system' }, (tx) => tx.insert(roles).values({ code: 'test_all', nameZh: '测试全部权限', nameEn: 'Test: every permission', permissions: [...PERMISSIONS], builtin: false }));
  await insertUser(t, 'test.almighty', 'test_all');
  anonymous = t.anonymous();
  powerless = await t.login('test.powerless');
  almighty = await t.login('test.almighty');
});
afterAll(async () => t.close());

describe('the route matrix', () => {
  it('lists every method and a permission on most routes', () => {
    expect(t.routes.length).toBeGreaterThan(20);
    expect(new Set(t.routes.map((r) => r.method))).toEqual(new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    expect(new Set(nonPublic().map((r) => r.method))).toEqual(new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    expect(permissionRoutes().length).toBeGreaterThan(15);
    // Only logging in is open to anyone under /api/v1.
    expect(t.routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v1/auth/login']);
    for (const r of permissionRoutes()) {
      expect(PERMISSIONS, label(r)).toContain(r.access);
    }
  });

  it('every non-public route refuses a caller without a session: 401 UNAUTHENTICATED', async () => {
    const wrong: string[] = [];
    for (const r of nonPublic()) {
      const res = await call(anonymous, r);
      if (res.statusCode !== 401 || res.json<{ code?: string }>().code !== 'UNAUTHENTICATED' || !String(res.headers['content-type']).startsWith('application/problem+json')) {
        wrong.push(`${label(r)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a forged or ended session is refused too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/entities', headers: { cookie: 'zq_session=forged-token' } });
    expectProblem(res, 401, 'SESSION_EXPIRED');
  });

  it('a logged-in user without permissions is still a user: /auth/me answers', async () => {
    const res = await powerless.get('/api/v1/auth/me');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ permissions: string[] }>().permissions).toEqual([]);
  });

  it('every permission route refuses a logged-in user holding no permissions: 403 FORBIDDEN', async () => {
    const wrong: string[] = [];
    for (const r of permissionRoutes()) {
      const res = await call(powerless, r);
      if (res.statusCode !== 403 || res.json<{ code?: string }>().code !== 'FORBIDDEN' || !String(res.headers['content-type']).startsWith('application/problem+json')) {
        wrong.push(`${label(r)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a state-changing request without the CSRF header is refused before anything else: 403 CSRF_FAILED', async () => {
    const wrong: string[] = [];
    for (const r of nonPublic().filter((x) => x.method !== 'GET')) {
      const res = await t.app.inject({ method: r.method as 'POST', url: concrete(r.url), headers: { cookie: almighty.cookie }, payload: {} });
      if (res.statusCode !== 403 || res.json<{ code?: string }>().code !== 'CSRF_FAILED') {
        wrong.push(`${label(r)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('sanity: a user holding every permission is never refused with 403 on any permission route', async () => {
    const me = await almighty.get('/api/v1/auth/me');
    expect(new Set(me.json<{ permissions: string[] }>().permissions)).toEqual(new Set(PERMISSIONS));
    const wrong: string[] = [];
    for (const r of permissionRoutes()) {
      const res = await call(almighty, r);
      if (res.statusCode === 403 || res.statusCode === 401 || res.statusCode >= 500) {
        wrong.push(`${label(r)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
