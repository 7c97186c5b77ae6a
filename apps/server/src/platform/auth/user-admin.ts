import { SOD_CONFLICTS, type Permission } from '@zhengqi/contracts/permissions';
import { and, asc, count, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { pageTotal } from '../db/paging';
import type { AppContext } from '../app-context';
import { appendAudit } from '../audit/audit-log';
import { authorize, authorizeRegion, scopeOf, type Actor } from '../authz/actor';
import type { Tx } from '../db/database';
import { organizations, roles, userRoles, users } from '../db/schema';
import { DomainError } from '../errors/domain-error';
import { newId } from '../ids/ids';
import { endSessionsOf, hashPassword, notifySessions } from './auth-service';

/** The first pair of permissions in `perms` that separation of duties forbids together, if any. */
export function sodConflict(perms: Iterable<string>): readonly [Permission, Permission] | null {
  const set = new Set(perms);
  return SOD_CONFLICTS.find(([a, b]) => set.has(a) && set.has(b)) ?? null;
}

async function permissionsOfRoles(tx: Tx, codes: readonly string[]): Promise<string[]> {
  const found = await tx.select().from(roles).where(inArray(roles.code, [...codes]));
  if (found.length !== new Set(codes).size) {
    throw new DomainError('VALIDATION_FAILED', { field: 'roles', detail: 'unknown role' });
  }
  return found.flatMap((r) => r.permissions);
}

function audit(ctx: AppContext, tx: Tx, actor: Actor, action: string, entityType: string, entityId: string, regionCode: string | null, before: unknown, after: unknown) {
  return appendAudit(tx, { at: ctx.clock.now(), actorUserId: actor.userId, actorOrgId: actor.organizationId, action, entityType, entityId, regionCode, before, after, requestId: actor.requestId ?? null });
}

async function userView(tx: Tx, id: string) {
  const [r] = await tx.select({ u: users, orgName: organizations.name }).from(users).leftJoin(organizations, eq(organizations.id, users.organizationId)).where(eq(users.id, id));
  if (r === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  const rs = await tx.select({ code: userRoles.roleCode }).from(userRoles).where(eq(userRoles.userId, id));
  return {
    id: r.u.id, username: r.u.username, displayName: r.u.displayName, organizationId: r.u.organizationId, organizationName: r.orgName ?? '',
    jurisdictionCode: r.u.regionCode, roles: rs.map((x) => x.code).sort(), disabled: r.u.disabledAt !== null,
    lockedUntil: r.u.lockedUntil?.toISOString() ?? null, version: r.u.version,
  };
}

/** Users in the administrator's jurisdiction. */
export async function listUsers(ctx: AppContext, actor: Actor, q: { q?: string; page: number; pageSize: number }) {
  authorize(actor, 'user.read');
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const conds: SQL[] = [];
    if (q.q !== undefined && q.q !== '') {
      const t = `%${q.q.replace(/[%_\\]/g, (x) => `\\${x}`)}%`;
      const c = or(ilike(users.username, t), ilike(users.displayName, t));
      if (c !== undefined) {
        conds.push(c);
      }
    }
    const where = conds.length > 0 ? and(...conds) : undefined;
    const rows = await tx.select({ id: users.id, total: sql<number>`count(*) over ()` }).from(users).where(where)
      .orderBy(asc(users.username)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const items = [];
    for (const r of rows) {
      items.push(await userView(tx, r.id));
    }
    const total = await pageTotal(rows, q.page, async () => (await tx.select({ n: count() }).from(users).where(where))[0]?.n);
    return { items, total, page: q.page, pageSize: q.pageSize };
  });
}

export type UserInput = { username: string; displayName: string; organizationId: string; jurisdictionCode: string; roles: string[]; password: string };

/** Creates a user; the password must pass the complexity rule and the roles must respect separation of duties. */
export async function createUser(ctx: AppContext, actor: Actor, input: UserInput) {
  authorize(actor, 'user.manage');
  if (ctx.regions.get(input.jurisdictionCode) === undefined) {
    throw new DomainError('REGION_UNKNOWN', { field: 'jurisdictionCode' });
  }
  authorizeRegion(actor, input.jurisdictionCode, 'jurisdictionCode');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    if (sodConflict(await permissionsOfRoles(tx, input.roles)) !== null) {
      throw new DomainError('SEPARATION_OF_DUTIES', { field: 'roles' });
    }
    const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.organizationId));
    if (org === undefined) {
      throw new DomainError('VALIDATION_FAILED', { field: 'organizationId', detail: 'unknown organization' });
    }
    const now = ctx.clock.now();
    const id = newId('usr');
    await tx.insert(users).values({ id, username: input.username, displayName: input.displayName, organizationId: input.organizationId, regionCode: input.jurisdictionCode, passwordHash, createdAt: now, updatedAt: now });
    await tx.insert(userRoles).values(input.roles.map((roleCode) => ({ userId: id, roleCode })));
    const after = await userView(tx, id);
    await audit(ctx, tx, actor, 'user.created', 'user', id, input.jurisdictionCode, null, after);
    return after;
  });
}

/** Changes a user; disabling ends their sessions at once. */
export async function updateUser(ctx: AppContext, actor: Actor, id: string, patch: { displayName?: string | undefined; organizationId?: string | undefined; jurisdictionCode?: string | undefined; roles?: string[] | undefined; disabled?: boolean | undefined; version: number }) {
  authorize(actor, 'user.manage');
  if (patch.jurisdictionCode !== undefined) {
    if (ctx.regions.get(patch.jurisdictionCode) === undefined) {
      throw new DomainError('REGION_UNKNOWN', { field: 'jurisdictionCode' });
    }
    authorizeRegion(actor, patch.jurisdictionCode, 'jurisdictionCode');
  }
  if (patch.disabled === true && id === actor.userId) {
    throw new DomainError('VALIDATION_FAILED', { field: 'disabled', detail: 'you cannot disable yourself' });
  }
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await userView(tx, id);
    if (patch.roles !== undefined && sodConflict(await permissionsOfRoles(tx, patch.roles)) !== null) {
      throw new DomainError('SEPARATION_OF_DUTIES', { field: 'roles' });
    }
    if (patch.organizationId !== undefined) {
      // Checked here so an unknown (or out-of-jurisdiction) organization is a 400, not a foreign-key 500.
      const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, patch.organizationId));
      if (org === undefined) {
        throw new DomainError('VALIDATION_FAILED', { field: 'organizationId', detail: 'unknown organization' });
      }
    }
    const now = ctx.clock.now();
    const set = {
      ...(patch.displayName === undefined ? {} : { displayName: patch.displayName }),
      ...(patch.organizationId === undefined ? {} : { organizationId: patch.organizationId }),
      ...(patch.jurisdictionCode === undefined ? {} : { regionCode: patch.jurisdictionCode }),
      ...(patch.disabled === undefined ? {} : { disabledAt: patch.disabled ? now : null }),
      version: patch.version + 1,
      updatedAt: now,
    };
    const updated = await tx.update(users).set(set).where(and(eq(users.id, id), eq(users.version, patch.version))).returning({ id: users.id });
    if (updated.length === 0) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version' });
    }
    if (patch.roles !== undefined) {
      await tx.delete(userRoles).where(eq(userRoles.userId, id));
      await tx.insert(userRoles).values(patch.roles.map((roleCode) => ({ userId: id, roleCode })));
    }
    if (patch.disabled === true || patch.roles !== undefined || patch.jurisdictionCode !== undefined) {
      // New rights or none at all: the user logs in again.
      await endSessionsOf(ctx, tx, id);
    }
    const after = await userView(tx, id);
    await audit(ctx, tx, actor, patch.disabled === true ? 'user.disabled' : 'user.updated', 'user', id, after.jurisdictionCode, before, after);
    return after;
  });
}

/** Sets a new password chosen by the administrator, unlocks the account and ends its sessions. */
export async function resetPassword(ctx: AppContext, actor: Actor, id: string, password: string) {
  authorize(actor, 'user.manage');
  const passwordHash = await hashPassword(password);
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await userView(tx, id);
    await tx.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: ctx.clock.now() }).where(eq(users.id, id));
    await endSessionsOf(ctx, tx, id);
    await audit(ctx, tx, actor, 'user.password_reset', 'user', id, before.jurisdictionCode, null, { unlocked: before.lockedUntil !== null });
  });
}

// Widening a role changes the rights of everyone who holds it: check each holder's other roles too.
async function holderWouldBreakSod(tx: Tx, code: string, permissions: readonly string[]): Promise<boolean> {
  const holders = tx.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.roleCode, code));
  const others = await tx
    .select({ userId: userRoles.userId, permissions: roles.permissions })
    .from(userRoles)
    .innerJoin(roles, eq(roles.code, userRoles.roleCode))
    .where(and(inArray(userRoles.userId, holders), ne(userRoles.roleCode, code)));
  const byUser = new Map<string, string[]>();
  for (const r of others) {
    byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), ...r.permissions]);
  }
  return [...byUser.values()].some((perms) => sodConflict([...perms, ...permissions]) !== null);
}

/** All roles. */
export async function listRoles(ctx: AppContext, actor: Actor) {
  authorize(actor, 'user.read');
  const rows = await ctx.db.tx(scopeOf(actor), (tx) => tx.select().from(roles).orderBy(asc(roles.code)));
  return rows.map((r) => ({ ...r, permissions: r.permissions as Permission[] }));
}

/** Creates or changes a custom role; built-in roles are fixed and a role may not break separation of duties. */
export async function upsertRole(ctx: AppContext, actor: Actor, input: { code: string; nameZh: string; nameEn: string; permissions: Permission[] }) {
  authorize(actor, 'role.manage');
  if (sodConflict(input.permissions) !== null) {
    throw new DomainError('SEPARATION_OF_DUTIES', { field: 'permissions' });
  }
  if (input.permissions.some((p) => p.startsWith('audit.'))) {
    // Administrators may not hand out audit rights: the auditor role is built in and fixed.
    throw new DomainError('SEPARATION_OF_DUTIES', { field: 'permissions' });
  }
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const [before] = await tx.select().from(roles).where(eq(roles.code, input.code));
    if (before?.builtin === true) {
      throw new DomainError('FORBIDDEN', { field: 'code', detail: 'built-in roles cannot be changed' });
    }
    if (before !== undefined && (await holderWouldBreakSod(tx, input.code, input.permissions))) {
      throw new DomainError('SEPARATION_OF_DUTIES', { field: 'permissions', detail: 'a holder of this role would both administer and audit' });
    }
    const row = { ...input, permissions: [...new Set(input.permissions)], builtin: false };
    await tx.insert(roles).values(row).onConflictDoUpdate({ target: roles.code, set: { nameZh: row.nameZh, nameEn: row.nameEn, permissions: row.permissions } });
    // A role's holders have new rights: every process forgets the permissions it cached.
    ctx.sessions.clear();
    await notifySessions(tx, '*');
    await audit(ctx, tx, actor, before === undefined ? 'role.created' : 'role.updated', 'role', input.code, actor.jurisdictionCode, before ?? null, row);
    return row;
  });
}
