import type { Problem } from '@zhengqi/contracts/common';
import type { Me } from '@zhengqi/contracts/auth';
import type { ErrorCode } from '@zhengqi/contracts/errors';
import { BUILTIN_ROLES } from '@zhengqi/contracts/permissions';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { DEMO_USERS } from '../../seed/demo-data';
import { organizations, users } from '../db/schema';

let t: TestApp;
let admin: Client;
let orgId: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  const orgs = await admin.get(`/api/v1/organizations?q=${encodeURIComponent('高唐县行政审批服务局')}`);
  const org = orgs.json<{ items: Array<{ id: string }> }>().items[0];
  if (org === undefined) {
    throw new Error('seeded Gaotang approval bureau missing');
  }
  orgId = org.id;
});
afterAll(async () => t.close());

const STRONG = 'Strong#Pass2026';
type UserView = { id: string; username: string; displayName: string; organizationId: string; jurisdictionCode: string; roles: string[]; disabled: boolean; lockedUntil: string | null; version: number };
type Role = { code: string; nameZh: string; nameEn: string; permissions: string[]; builtin: boolean };

function expectProblem(res: LightMyRequestResponse, status: number, code: ErrorCode): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect(body.code).toBe(code);
  return body;
}

function userBody(username: string, over: Partial<{ roles: string[]; password: string; jurisdictionCode: string; organizationId: string }> = {}) {
  return { username, displayName: `测试 ${username}`, organizationId: orgId, jurisdictionCode: '371526', roles: ['registry_clerk'], password: STRONG, ...over };
}

async function createUser(username: string, over: Parameters<typeof userBody>[1] = {}): Promise<UserView> {
  const res = await admin.post('/api/v1/users', userBody(username, over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<UserView>();
}

async function findUser(username: string): Promise<UserView | undefined> {
  const res = await admin.get(`/api/v1/users?q=${encodeURIComponent(username)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: UserView[] }>().items.find((u) => u.username === username);
}

async function roles(): Promise<Role[]> {
  const res = await admin.get('/api/v1/roles');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Role[] }>().items;
}

function login(username: string, password: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
}

describe('users', () => {
  it('the city administrator lists every user of the city, with roles and versions', async () => {
    const res = await admin.get('/api/v1/users?pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{ items: UserView[]; total: number }>();
    expect(page.items.map((u) => u.username)).toEqual(expect.arrayContaining(DEMO_USERS.map((u) => u.username)));
    expect(page.total).toBe(page.items.length);
    expect(page.items.find((u) => u.username === 'gaotang.clerk')).toMatchObject({ jurisdictionCode: '371526', roles: ['registry_clerk'], disabled: false, organizationName: '高唐县行政审批服务局' });
    const filtered = (await admin.get('/api/v1/users?q=gaotang')).json<{ items: UserView[] }>().items.map((u) => u.username);
    expect(filtered.sort()).toEqual(['gaotang.clerk', 'gaotang.supervisor']);
  });

  it('a clerk may not list users', async () => {
    const clerk = await t.login('gaotang.clerk');
    expectProblem(await clerk.get('/api/v1/users'), 403, 'FORBIDDEN');
  });

  it('creates a user who can then log in with that password and holds the given role', async () => {
    const u = await createUser('gaotang.new');
    expect(u).toMatchObject({ username: 'gaotang.new', organizationId: orgId, jurisdictionCode: '371526', roles: ['registry_clerk'], disabled: false, lockedUntil: null, version: 1 });
    const c = await t.login('gaotang.new', STRONG);
    const me = (await c.get('/api/v1/auth/me')).json<Me>();
    expect(me.user.id).toBe(u.id);
    expect(me.roles.map((r) => r.code)).toEqual(['registry_clerk']);
    expect(me.jurisdiction.code).toBe('371526');
    expectProblem(await login('gaotang.new', 'Zhengqi@2026'), 401, 'INVALID_CREDENTIALS');
    // The same username twice is a conflict, not a second account.
    expectProblem(await admin.post('/api/v1/users', userBody('gaotang.new')), 409, 'DUPLICATE');
  });

  it('refuses a weak password with 422 PASSWORD_TOO_WEAK and creates nobody', async () => {
    for (const password of ['short#A1', 'alllowercase12', 'NoDigitsOrSymbols']) {
      const body = expectProblem(await admin.post('/api/v1/users', userBody('weak.user', { password })), 422, 'PASSWORD_TOO_WEAK');
      expect(body.field).toBe('password');
    }
    expect(await findUser('weak.user')).toBeUndefined();
  });

  it('refuses roles that would make one user both administrator and auditor', async () => {
    expectProblem(await admin.post('/api/v1/users', userBody('sod.user', { roles: ['sysadmin', 'auditor'] })), 403, 'SEPARATION_OF_DUTIES');
    expect(await findUser('sod.user')).toBeUndefined();
    // Nor by changing an existing administrator's roles.
    const existing = await createUser('sod.admin', { roles: ['sysadmin'] });
    expectProblem(await admin.patch(`/api/v1/users/${existing.id}`, { roles: ['sysadmin', 'auditor'], version: existing.version }), 403, 'SEPARATION_OF_DUTIES');
    expect((await findUser('sod.admin'))?.roles).toEqual(['sysadmin']);
  });

  it('checks separation of duties on the union of permissions, custom roles included', async () => {
    const put = await admin.put('/api/v1/roles/user_helper', { nameZh: '用户助理', nameEn: 'User helper', permissions: ['user.read', 'user.manage'] });
    expect(put.statusCode, put.body).toBe(200);
    expectProblem(await admin.post('/api/v1/users', userBody('sod.custom', { roles: ['user_helper', 'auditor'] })), 403, 'SEPARATION_OF_DUTIES');
    expect(await findUser('sod.custom')).toBeUndefined();
  });

  it('refuses to widen a custom role when a holder of it is also an auditor', async () => {
    const put = await admin.put('/api/v1/roles/desk_reader', { nameZh: '窗口查询', nameEn: 'Desk reader', permissions: ['entity.read'] });
    expect(put.statusCode, put.body).toBe(200);
    const u = await createUser('sod.widen', { roles: ['desk_reader', 'auditor'], jurisdictionCode: '371500' });
    const widen = await admin.put('/api/v1/roles/desk_reader', { nameZh: '窗口查询', nameEn: 'Desk reader', permissions: ['entity.read', 'user.manage'] });
    expectProblem(widen, 403, 'SEPARATION_OF_DUTIES');
    expect((await roles()).find((r) => r.code === 'desk_reader')?.permissions).toEqual(['entity.read']);
    const c = await t.login(u.username, STRONG);
    const me = (await c.get('/api/v1/auth/me')).json<Me>();
    expect(me.permissions).toContain('audit.read');
    expect(me.permissions).not.toContain('user.manage');
  });

  it('refuses a jurisdiction outside the city and an organization the administrator cannot see', async () => {
    expectProblem(await admin.post('/api/v1/users', userBody('qinghe.user', { jurisdictionCode: '130534' })), 403, 'OUT_OF_JURISDICTION');
    expectProblem(await admin.post('/api/v1/users', userBody('nowhere.user', { jurisdictionCode: '999999' })), 422, 'REGION_UNKNOWN');
    const [qingheOrg] = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.regionCode, '130534')));
    expect(qingheOrg).toBeDefined();
    expectProblem(await admin.post('/api/v1/users', userBody('qinghe.org.user', { organizationId: qingheOrg?.id ?? '' })), 400, 'VALIDATION_FAILED');
    for (const name of ['qinghe.user', 'nowhere.user', 'qinghe.org.user']) {
      expect(await findUser(name)).toBeUndefined();
    }
  });

  it('refuses a stale version with 409 VERSION_CONFLICT and keeps the newer change', async () => {
    const u = await createUser('version.user');
    const first = await admin.patch(`/api/v1/users/${u.id}`, { displayName: '第一次修改', version: u.version });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<UserView>().version).toBe(u.version + 1);
    const stale = expectProblem(await admin.patch(`/api/v1/users/${u.id}`, { displayName: '过期的修改', version: u.version }), 409, 'VERSION_CONFLICT');
    expect(stale.field).toBe('version');
    expect((await findUser('version.user'))?.displayName).toBe('第一次修改');
  });

  it('refuses an unknown organization with a 4xx, not a server error', async () => {
    const u = await createUser('org.user');
    const missing = `org_${'0'.repeat(32)}`;
    const body = expectProblem(await admin.patch(`/api/v1/users/${u.id}`, { organizationId: missing, version: u.version }), 400, 'VALIDATION_FAILED');
    expect(body.field).toBe('organizationId');
    expectProblem(await admin.post('/api/v1/users', userBody('org.user2', { organizationId: missing })), 400, 'VALIDATION_FAILED');
    expect((await findUser('org.user'))?.organizationId).toBe(orgId);
  });
});

describe('password reset', () => {
  it('unlocks a locked account, ends its sessions and replaces the password', async () => {
    const u = await createUser('reset.user');
    const session = await t.login(u.username, STRONG);
    for (let i = 0; i < 5; i++) {
      await login(u.username, `Wrong#Password${i}`);
    }
    expectProblem(await login(u.username, STRONG), 423, 'ACCOUNT_LOCKED');
    expect((await findUser(u.username))?.lockedUntil).not.toBeNull();

    expectProblem(await admin.post(`/api/v1/users/${u.id}/password`, { password: 'weakweakweak' }), 422, 'PASSWORD_TOO_WEAK');
    expectProblem(await login(u.username, STRONG), 423, 'ACCOUNT_LOCKED');

    const fresh = 'Fresh#Pass2026';
    const res = await admin.post(`/api/v1/users/${u.id}/password`, { password: fresh });
    expect(res.statusCode, res.body).toBe(200);
    expect((await findUser(u.username))?.lockedUntil).toBeNull();
    expectProblem(await session.get('/api/v1/auth/me'), 401, 'SESSION_EXPIRED');
    expectProblem(await login(u.username, STRONG), 401, 'INVALID_CREDENTIALS');
    expect((await login(u.username, fresh)).statusCode).toBe(200);
  });
});

describe('roles', () => {
  it('refuses a custom role with any audit permission', async () => {
    for (const permissions of [['audit.read'], ['audit.verify'], ['entity.read', 'audit.verify']]) {
      expectProblem(await admin.put('/api/v1/roles/log_reader', { nameZh: '日志查看', nameEn: 'Log reader', permissions }), 403, 'SEPARATION_OF_DUTIES');
    }
    expect((await roles()).map((r) => r.code)).not.toContain('log_reader');
  });

  it('built-in roles cannot be changed', async () => {
    const res = await admin.put('/api/v1/roles/sysadmin', { nameZh: '系统管理员', nameEn: 'System administrator', permissions: ['user.read'] });
    expectProblem(res, 403, 'FORBIDDEN');
    expectProblem(await admin.put('/api/v1/roles/official', { nameZh: '政务人员', nameEn: 'Official', permissions: ['entity.read', 'pii.read'] }), 403, 'FORBIDDEN');
    const all = await roles();
    for (const b of BUILTIN_ROLES) {
      expect(all.find((r) => r.code === b.code)).toMatchObject({ builtin: true, permissions: [...b.permissions] });
    }
    // The users' rights did not change either.
    const officer = await t.login('linqing.officer');
    expect((await officer.get('/api/v1/auth/me')).json<Me>().permissions).not.toContain('pii.read');
  });

  it('a custom role can be created and changed, and its holders get its permissions', async () => {
    const created = await admin.put('/api/v1/roles/calendar_keeper', { nameZh: '日历维护', nameEn: 'Calendar keeper', permissions: ['calendar.read'] });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json<Role>()).toMatchObject({ code: 'calendar_keeper', builtin: false, permissions: ['calendar.read'] });
    const u = await createUser('calendar.keeper', { roles: ['calendar_keeper'] });
    const changed = await admin.put('/api/v1/roles/calendar_keeper', { nameZh: '日历维护', nameEn: 'Calendar keeper', permissions: ['calendar.read', 'calendar.manage'] });
    expect(changed.statusCode, changed.body).toBe(200);
    const c = await t.login(u.username, STRONG);
    expect((await c.get('/api/v1/auth/me')).json<Me>().permissions).toEqual(['calendar.manage', 'calendar.read']);
  });
});

describe('separation of duties between administrator and auditor', () => {
  it('the administrator cannot read or verify the audit log; the auditor can, and cannot manage users', async () => {
    expectProblem(await admin.get('/api/v1/audit'), 403, 'FORBIDDEN');
    expectProblem(await admin.get('/api/v1/audit/verify'), 403, 'FORBIDDEN');
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/v1/audit')).statusCode).toBe(200);
    expect((await auditor.get('/api/v1/audit/verify')).statusCode).toBe(200);
    expectProblem(await auditor.post('/api/v1/users', userBody('auditor.made')), 403, 'FORBIDDEN');
    expectProblem(await auditor.put('/api/v1/roles/auditor_plus', { nameZh: '审计加', nameEn: 'Auditor plus', permissions: ['user.manage'] }), 403, 'FORBIDDEN');
    const stored = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ id: users.id }).from(users).where(eq(users.username, 'auditor.made')));
    expect(stored).toEqual([]);
  });
});
