import { hash, verify } from '@node-rs/argon2';
import type { Permission } from '@zhengqi/contracts/permissions';
import type { Me } from '@zhengqi/contracts/auth';
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context';
import { appendAudit } from '../audit/audit-log';
import type { Actor } from '../authz/actor';
import { DEFAULT_DEMO_PASSWORD } from '../config/config';
import { randomToken, sm3Hex } from '../crypto/sm-crypto';
import { queryRows, type Tx } from '../db/database';
import { organizations, roles, sessions, userRoles, users } from '../db/schema';
import { DomainError } from '../errors/domain-error';
import { newId } from '../ids/ids';
import { nextLoginState, passwordIsStrong, sessionIsAlive } from './password-policy';
import { SESSION_CHANNEL, type SessionCache } from './session-cache';

// A hash to verify against when the username is unknown, so both paths cost the same.
let dummyHash: Promise<string> | null = null;

/** argon2id hash of a password that passed the complexity rule. */
export async function hashPassword(pw: string): Promise<string> {
  if (!passwordIsStrong(pw)) {
    throw new DomainError('PASSWORD_TOO_WEAK', { field: 'password' });
  }
  return hash(pw, { algorithm: 2 });
}

export type LoginResult = { token: string; csrfToken: string; userId: string };

/** Checks the password and the lockout, and opens a database-stored session. */
export async function login(ctx: AppContext, input: { username: string; password: string; requestId?: string }): Promise<LoginResult> {
  const now = ctx.clock.now();
  const found = await ctx.db.tx({ kind: 'system' }, (tx) => tx.select().from(users).where(eq(users.username, input.username)).limit(1));
  const user = found[0];
  if (user === undefined) {
    dummyHash ??= hash('dummy-Password-1', { algorithm: 2 });
    await verify(await dummyHash, input.password).catch(() => false);
    throw new DomainError('INVALID_CREDENTIALS');
  }
  if (user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime()) {
    throw new DomainError('ACCOUNT_LOCKED', { extra: { lockedUntil: user.lockedUntil.toISOString() } });
  }
  const ok = await verify(user.passwordHash, input.password).catch(() => false);
  const rule = { maxFailures: ctx.config.loginMaxFailures, lockMinutes: ctx.config.loginLockMinutes };
  const actorBase = { at: now, actorUserId: user.id, actorOrgId: user.organizationId, entityType: 'user', entityId: user.id, regionCode: user.regionCode, requestId: input.requestId ?? null };
  if (!ok) {
    const lockedUntil = await ctx.db.tx({ kind: 'system' }, async (tx) => {
      // Re-read under a row lock: wrong guesses sent in parallel must each count, and must not lift a lock another one set.
      const [current] = await tx.select({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, user.id)).for('update');
      if (current !== undefined && current.lockedUntil !== null && current.lockedUntil.getTime() > now.getTime()) {
        await appendAudit(tx, { ...actorBase, action: 'auth.login_failed', after: { lockedUntil: current.lockedUntil.toISOString() } });
        return current.lockedUntil;
      }
      const next = nextLoginState(current?.failedLogins ?? user.failedLogins, 'failure', now, rule);
      await tx.update(users).set({ failedLogins: next.failedLogins, lockedUntil: next.lockedUntil }).where(eq(users.id, user.id));
      await appendAudit(tx, { ...actorBase, action: next.lockedUntil === null ? 'auth.login_failed' : 'auth.locked', after: { lockedUntil: next.lockedUntil?.toISOString() ?? null } });
      return next.lockedUntil;
    });
    if (lockedUntil !== null) {
      throw new DomainError('ACCOUNT_LOCKED', { extra: { lockedUntil: lockedUntil.toISOString() } });
    }
    throw new DomainError('INVALID_CREDENTIALS');
  }
  const refusal = user.disabledAt !== null ? 'ACCOUNT_DISABLED' : ctx.config.databaseUrl !== null && !ctx.config.demoPasswordExplicit && input.password === DEFAULT_DEMO_PASSWORD ? 'DEMO_PASSWORD_REFUSED' : null;
  if (refusal !== null) {
    // A refused login with the right password is still worth an auditor's attention.
    await ctx.db.tx({ kind: 'system' }, (tx) => appendAudit(tx, { ...actorBase, action: 'auth.login_refused', after: { code: refusal } }));
    throw new DomainError(refusal);
  }
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  await ctx.db.tx({ kind: 'system' }, async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({
      id: newId('ses'),
      tokenHash: sm3Hex(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.sessionMaxHours * 3_600_000),
    });
    await appendAudit(tx, { ...actorBase, action: 'auth.login' });
  });
  return { token, csrfToken, userId: user.id };
}

export type Authenticated = { actor: Actor; csrfToken: string; sessionId: string; tokenHash: string };

/** Resolves a session token to its actor; throws SESSION_EXPIRED for an idle, expired or disabled session. */
export async function authenticate(ctx: AppContext, token: string, requestId?: string): Promise<Authenticated> {
  const now = ctx.clock.now();
  const tokenHash = sm3Hex(token);
  const cached = ctx.sessions.get(tokenHash, now.getTime());
  // A cached session still obeys the idle and absolute limits; a due touch goes to the database.
  if (cached !== undefined && now.getTime() - cached.lastSeenAt <= 60_000 && now.getTime() < cached.expiresAt) {
    return { ...cached.auth, actor: { ...cached.auth.actor, ...(requestId === undefined ? {} : { requestId }) } };
  }
  // One statement, no explicit transaction: this runs on every request the cache cannot answer.
  const auth = await ctx.db.read(async (tx) => {
    const rows = await queryRows<{
      id: string; user_id: string; csrf_token: string; last_seen_at: string | Date; expires_at: string | Date;
      username: string; organization_id: string; org_kind: string; org_agency_type: string | null; org_uscc: string | null; region_code: string; disabled: boolean; permissions: string[] | string;
    }>(tx, sql`
      select s.id, s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, u.username, u.organization_id, o.kind as org_kind, o.agency_type as org_agency_type, o.uscc as org_uscc, u.region_code,
             (u.disabled_at is not null) as disabled,
             coalesce((select array_agg(distinct p) from ${userRoles} ur join ${roles} r on r.code = ur.role_code
                       cross join lateral unnest(r.permissions) p where ur.user_id = u.id), '{}') as permissions
      from ${sessions} s join ${users} u on u.id = s.user_id join ${organizations} o on o.id = u.organization_id
      where s.token_hash = ${tokenHash}`);
    const s = rows[0];
    if (s === undefined) {
      throw new DomainError('SESSION_EXPIRED');
    }
    const lastSeenAt = new Date(s.last_seen_at);
    const alive = !s.disabled && sessionIsAlive({ lastSeenAt, expiresAt: new Date(s.expires_at) }, now, ctx.config.sessionIdleMinutes);
    if (!alive) {
      await tx.delete(sessions).where(eq(sessions.id, s.id));
      throw new DomainError('SESSION_EXPIRED');
    }
    // Touch at most once a minute: a read should not cost a write each time.
    let seen = lastSeenAt;
    if (now.getTime() - lastSeenAt.getTime() > 60_000) {
      await tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, s.id));
      seen = now;
    }
    const perms = Array.isArray(s.permissions) ? s.permissions : parsePgArray(s.permissions);
    const resolved: Authenticated = {
      sessionId: s.id,
      csrfToken: s.csrf_token,
      tokenHash,
      actor: {
        userId: s.user_id,
        username: s.username,
        organizationId: s.organization_id,
        organizationKind: s.org_kind,
        organizationAgencyType: s.org_agency_type,
        organizationUscc: s.org_uscc,
        jurisdictionCode: s.region_code,
        regions: ctx.regions.subtree(s.region_code),
        permissions: new Set(perms as Permission[]),
        ...(requestId === undefined ? {} : { requestId }),
      },
    };
    return { resolved, seen: seen.getTime(), expiresAt: new Date(s.expires_at).getTime() };
  });
  ctx.sessions.set(tokenHash, { auth: auth.resolved, lastSeenAt: auth.seen, expiresAt: auth.expiresAt, cachedAt: now.getTime() });
  return auth.resolved;
}

function parsePgArray(v: string): string[] {
  const inner = v.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((x) => x.replace(/^"|"$/g, ''));
}

/** Ends the session. */
export async function logout(ctx: AppContext, auth: Authenticated): Promise<void> {
  ctx.sessions.dropToken(auth.tokenHash);
  await ctx.db.tx({ kind: 'system' }, async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, auth.sessionId));
    await notifySessions(tx, `token:${auth.tokenHash}`);
    await appendAudit(tx, {
      at: ctx.clock.now(), actorUserId: auth.actor.userId, actorOrgId: auth.actor.organizationId, action: 'auth.logout',
      entityType: 'user', entityId: auth.actor.userId, regionCode: auth.actor.jurisdictionCode, requestId: auth.actor.requestId ?? null,
    });
  });
}

/** Ends every session of a user, inside the caller's transaction (disabling, password reset, new rights). */
export async function endSessionsOf(ctx: AppContext, tx: Tx, userId: string): Promise<void> {
  ctx.sessions.dropUser(userId);
  await tx.delete(sessions).where(eq(sessions.userId, userId));
  await notifySessions(tx, `user:${userId}`);
}

/** Tells every process (after commit) to forget cached sessions: `user:<id>`, `token:<hash>` or `*`. */
export async function notifySessions(tx: Tx, payload: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${SESSION_CHANNEL}, ${payload})`);
}

/** Applies a session notification to this process's cache. */
export function applySessionNotice(cache: SessionCache, payload: string): void {
  if (payload === '*') {
    cache.clear();
  } else if (payload.startsWith('user:')) {
    cache.dropUser(payload.slice(5));
  } else if (payload.startsWith('token:')) {
    cache.dropToken(payload.slice(6));
  }
}

/** The caller's profile for the web shell. */
export async function describeMe(ctx: AppContext, auth: Authenticated): Promise<Me> {
  const a = auth.actor;
  return ctx.db.tx({ kind: 'system' }, async (tx) => {
    const [row] = await tx
      .select({ u: users, o: organizations })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(eq(users.id, a.userId));
    if (row === undefined) {
      throw new DomainError('SESSION_EXPIRED');
    }
    const roleRows = await tx
      .select({ code: roles.code, nameZh: roles.nameZh, nameEn: roles.nameEn })
      .from(userRoles)
      .innerJoin(roles, eq(roles.code, userRoles.roleCode))
      .where(eq(userRoles.userId, a.userId));
    const region = ctx.regions.get(a.jurisdictionCode);
    return {
      user: { id: row.u.id, username: row.u.username, displayName: row.u.displayName, locale: row.u.locale },
      organization: { id: row.o.id, name: row.o.name, nameEn: row.o.nameEn, kind: row.o.kind },
      roles: roleRows,
      permissions: [...a.permissions].sort(),
      jurisdiction: { code: a.jurisdictionCode, nameZh: region?.nameZh ?? a.jurisdictionCode, nameEn: region?.nameEn ?? a.jurisdictionCode },
      csrfToken: auth.csrfToken,
      fakeNow: ctx.clock.fixed?.toISOString() ?? null,
    };
  });
}

/** Saves the caller's language choice. */
export async function setLocale(ctx: AppContext, actor: Actor, locale: 'zh-CN' | 'en'): Promise<void> {
  await ctx.db.tx({ kind: 'system' }, async (tx) => {
    const [before] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, actor.userId));
    await tx.update(users).set({ locale }).where(eq(users.id, actor.userId));
    await appendAudit(tx, {
      at: ctx.clock.now(), actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'user.set_locale',
      entityType: 'user', entityId: actor.userId, regionCode: actor.jurisdictionCode, before, after: { locale }, requestId: actor.requestId ?? null,
    });
  });
}
