import type { Problem } from '@zhengqi/contracts/common';
import type { Me } from '@zhengqi/contracts/auth';
import { ERROR_CATALOG } from '@zhengqi/contracts/errors';
import { BUILTIN_ROLES } from '@zhengqi/contracts/permissions';
import { and, asc, eq, like } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { DEMO_PASSWORD } from '../../test/test-env';
import { auditLog, users } from '../db/schema';
import { hashPassword } from './auth-service';

let t: TestApp;
let gaotangApprovalOrgId: string;
beforeAll(async () => {
  t = await makeTestApp();
  const admin = await t.login('admin');
  const orgs = await admin.get(`/api/v1/organizations?q=${encodeURIComponent('高唐县行政审批服务局')}`);
  const org = orgs.json<{ items: Array<{ id: string }> }>().items[0];
  if (org === undefined) {
    throw new Error('seeded Gaotang approval bureau missing');
  }
  gaotangApprovalOrgId = org.id;
});
afterAll(async () => t.close());

const STRONG = 'Gaotang#Clerk2026';
type UserView = { id: string; username: string; version: number; disabled: boolean; lockedUntil: string | null };

/** A fresh Gaotang clerk, created through the admin API, so tests that lock or disable do not share users. */
async function newClerk(username: string): Promise<UserView> {
  // A fresh admin login each time: other tests move the clock past the idle timeout.
  const admin = await t.login('admin');
  const res = await admin.post('/api/v1/users', {
    username, displayName: `测试 ${username}`, organizationId: gaotangApprovalOrgId, jurisdictionCode: '371526', roles: ['registry_clerk'], password: STRONG,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<UserView>();
}

function login(username: string, password: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });
}

function expectProblem(res: LightMyRequestResponse, status: number, code: keyof typeof ERROR_CATALOG): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  return body;
}

async function auditActions(userId: string, prefix: string): Promise<Array<{ action: string; actorUserId: string | null; after: unknown }>> {
  return t.db.tx({ kind: 'system' }, (tx) =>
    tx.select({ action: auditLog.action, actorUserId: auditLog.actorUserId, after: auditLog.after }).from(auditLog)
      .where(and(eq(auditLog.entityId, userId), like(auditLog.action, `${prefix}%`))).orderBy(asc(auditLog.seq)),
  );
}

describe('login', () => {
  it('returns a CSRF token and sets an HttpOnly, SameSite=Strict session cookie (not Secure on localhost)', async () => {
    const res = await login('gaotang.clerk', DEMO_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ csrfToken: string; csrfHeader: string }>();
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(16);
    expect(body.csrfHeader).toBe('x-csrf-token');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^zq_session=[^;]{20,};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
  });

  it('marks the cookie Secure when the server is reached by a real host name', async () => {
    const res = await login('gaotang.clerk', DEMO_PASSWORD, { host: 'zhengqi.liaocheng.gov.cn' });
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS in both languages', async () => {
    const body = expectProblem(await login('gaotang.supervisor', 'Wrong#Password1'), 401, 'INVALID_CREDENTIALS');
    expect(body.message).toBe(ERROR_CATALOG.INVALID_CREDENTIALS.zh);
    expect(body.messageEn).toBe(ERROR_CATALOG.INVALID_CREDENTIALS.en);
    expect(sessionCookieOf(await login('gaotang.supervisor', 'Wrong#Password1'))).toBeUndefined();
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const wrong = expectProblem(await login('city.registry', 'Wrong#Password1'), 401, 'INVALID_CREDENTIALS');
    const unknown = expectProblem(await login('nobody.here', 'Wrong#Password1'), 401, 'INVALID_CREDENTIALS');
    const strip = ({ requestId: _r, ...rest }: Problem) => rest;
    expect(strip(unknown)).toEqual(strip(wrong));
  });

  it('locks the account after 5 wrong passwords, refuses even the right one, and unlocks after 15 minutes', async () => {
    const u = await newClerk('lock.target');
    for (let i = 1; i <= 4; i++) {
      expectProblem(await login(u.username, `Wrong#Password${i}`), 401, 'INVALID_CREDENTIALS');
    }
    const locked = expectProblem(await login(u.username, 'Wrong#Password5'), 423, 'ACCOUNT_LOCKED');
    expect(locked.message).toBe(ERROR_CATALOG.ACCOUNT_LOCKED.zh);
    expectProblem(await login(u.username, STRONG), 423, 'ACCOUNT_LOCKED');
    t.clock.advance(14 * 60_000);
    expectProblem(await login(u.username, STRONG), 423, 'ACCOUNT_LOCKED');
    t.clock.advance(2 * 60_000);
    expect((await login(u.username, STRONG)).statusCode).toBe(200);
    // The count starts again after the lock: one more mistake is a plain 401, not a new lock.
    expectProblem(await login(u.username, 'Wrong#Password6'), 401, 'INVALID_CREDENTIALS');
    expect((await login(u.username, STRONG)).statusCode).toBe(200);
  });

  it('counts wrong passwords sent in parallel: ten at once still lock the account', async () => {
    const u = await newClerk('lock.parallel');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => login(u.username, `Wrong#Parallel${i}`)));
    expect(results.map((r) => r.statusCode).filter((s) => s === 423).length).toBeGreaterThanOrEqual(1);
    expectProblem(await login(u.username, STRONG), 423, 'ACCOUNT_LOCKED');
  });
});

function sessionCookieOf(res: LightMyRequestResponse): string | undefined {
  return res.cookies.find((c) => c.name === 'zq_session')?.value;
}

describe('CSRF', () => {
  async function locale(c: Client): Promise<string> {
    return (await c.get('/api/v1/auth/me')).json<Me>().user.locale;
  }

  it('refuses a PUT with the session cookie but no or a wrong x-csrf-token, and changes nothing', async () => {
    const c = await t.login('dongchangfu.officer');
    const other = await t.login('linqing.officer');
    for (const token of [undefined, 'not-the-token', other.csrfToken]) {
      const res = await t.app.inject({
        method: 'PUT', url: '/api/v1/auth/preferences', payload: { locale: 'en' },
        headers: { cookie: c.cookie, ...(token === undefined ? {} : { 'x-csrf-token': token }) },
      });
      const body = expectProblem(res, 403, 'CSRF_FAILED');
      expect(body.messageEn).toBe(ERROR_CATALOG.CSRF_FAILED.en);
    }
    expect(await locale(c)).toBe('zh-CN');
    // With the right token the same request goes through.
    expect((await c.put('/api/v1/auth/preferences', { locale: 'en' })).statusCode).toBe(200);
    expect(await locale(c)).toBe('en');
  });

  it('refuses a POST without the token: logout without it leaves the session alive', async () => {
    const c = await t.login('dongchangfu.officer');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: {}, headers: { cookie: c.cookie } });
    expectProblem(res, 403, 'CSRF_FAILED');
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('expire after 30 idle minutes, while activity within 29 minutes keeps them alive', async () => {
    const c = await t.login('linqing.officer');
    t.clock.advance(29 * 60_000);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    // 58 minutes after login, but only 29 since the last request.
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const body = expectProblem(await c.get('/api/v1/auth/me'), 401, 'SESSION_EXPIRED');
    expect(body.message).toBe(ERROR_CATALOG.SESSION_EXPIRED.zh);
    // Expired is final: the token does not come back to life.
    expectProblem(await c.get('/api/v1/auth/me'), 401, 'SESSION_EXPIRED');
  });

  it('end 12 hours after login however active the user is', async () => {
    const c = await t.login('linqing.officer');
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      t.clock.advance(25 * 60_000);
      expect((await c.get('/api/v1/auth/me')).statusCode, `after ${minutes} minutes`).toBe(200);
    }
    t.clock.advance(25 * 60_000);
    expectProblem(await c.get('/api/v1/auth/me'), 401, 'SESSION_EXPIRED');
  });

  it('logout ends the session and clears the cookie', async () => {
    const c = await t.login('linqing.officer');
    const other = await t.login('linqing.officer');
    const res = await c.post('/api/v1/auth/logout');
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^zq_session=;/);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await c.put('/api/v1/auth/preferences', { locale: 'en' })).statusCode).toBe(401);
    // Only that session: the same user's other login is untouched.
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('a request without any cookie is 401 UNAUTHENTICATED', async () => {
    expectProblem(await t.anonymous().get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
  });
});

describe('disabled users', () => {
  it('disabling ends the existing session at once and refuses login with ACCOUNT_DISABLED; re-enabling lets them back', async () => {
    const u = await newClerk('disable.target');
    const c = await t.login(u.username, STRONG);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    const admin = await t.login('admin');
    const res = await admin.patch(`/api/v1/users/${u.id}`, { disabled: true, version: u.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<UserView>().disabled).toBe(true);
    expectProblem(await c.get('/api/v1/auth/me'), 401, 'SESSION_EXPIRED');
    const refused = expectProblem(await login(u.username, STRONG), 403, 'ACCOUNT_DISABLED');
    expect(refused.messageEn).toBe(ERROR_CATALOG.ACCOUNT_DISABLED.en);
    expect(sessionCookieOf(await login(u.username, STRONG))).toBeUndefined();
    const back = await admin.patch(`/api/v1/users/${u.id}`, { disabled: false, version: u.version + 1 });
    expect(back.statusCode, back.body).toBe(200);
    expect((await login(u.username, STRONG)).statusCode).toBe(200);
  });
});

describe('GET /api/v1/auth/me', () => {
  it("returns the Gaotang clerk's organization, roles, permissions and jurisdiction", async () => {
    const c = await t.login('gaotang.clerk');
    const res = await c.get('/api/v1/auth/me');
    expect(res.statusCode, res.body).toBe(200);
    const me = res.json<Me>();
    expect(me.user.username).toBe('gaotang.clerk');
    expect(me.user.id).toMatch(/^usr_[0-9a-f]{32}$/);
    expect(me.organization).toMatchObject({ id: gaotangApprovalOrgId, name: '高唐县行政审批服务局', kind: 'agency' });
    expect(me.roles.map((r) => r.code)).toEqual(['registry_clerk']);
    const clerkRole = BUILTIN_ROLES.find((r) => r.code === 'registry_clerk');
    expect(me.permissions).toEqual([...(clerkRole?.permissions ?? [])].sort());
    expect(me.permissions).not.toContain('pii.read');
    expect(me.jurisdiction).toEqual({ code: '371526', nameZh: '高唐县', nameEn: 'Gaotang County' });
    expect(me.csrfToken).toBe(c.csrfToken);
  });
});

describe('the demo password on a server database', () => {
  it('is refused with DEMO_PASSWORD_REFUSED when DATABASE_URL is set and ZQ_DEMO_PASSWORD is not', async () => {
    const server = await makeTestApp({ env: { DATABASE_URL: 'postgres://unused@127.0.0.1/unused' } });
    try {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'auditor', password: DEMO_PASSWORD } });
      const body = expectProblem(res, 403, 'DEMO_PASSWORD_REFUSED');
      expect(body.message).toBe(ERROR_CATALOG.DEMO_PASSWORD_REFUSED.zh);
      expect(res.cookies.find((c) => c.name === 'zq_session')).toBeUndefined();
      // A wrong password is still just wrong, and a real password works on the same server.
      const wrong = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'auditor', password: 'Wrong#Password1' } });
      expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
      const own = 'Auditor#Own2026';
      const passwordHash = await hashPassword(own);
      await server.db.tx({ kind: 'system' }, (tx) => tx.update(users).set({ passwordHash }).where(eq(users.username, 'auditor')));
      const ok = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'auditor', password: own } });
      expect(ok.statusCode, ok.body).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is accepted on the embedded database', async () => {
    expect((await login('auditor', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});

describe('audit of authentication', () => {
  it('records every login, failed login, lock and logout, without the attempted password', async () => {
    const u = await newClerk('audit.target');
    const c = await t.login(u.username, STRONG);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
    const attempted = 'Secret#Attempt';
    for (let i = 0; i < 5; i++) {
      await login(u.username, `${attempted}${i}`);
    }
    const rows = await auditActions(u.id, 'auth.');
    expect(rows.map((r) => r.action)).toEqual([
      'auth.login', 'auth.logout', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.locked',
    ]);
    expect(rows.every((r) => r.actorUserId === u.id)).toBe(true);
    expect(rows.at(-1)?.after).toEqual({ lockedUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown });
    const all = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog));
    expect(JSON.stringify(all)).not.toContain(attempted);
    expect(JSON.stringify(all)).not.toContain(STRONG);
  });
});
