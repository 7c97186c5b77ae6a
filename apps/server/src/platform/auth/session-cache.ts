import type { Authenticated } from './auth-service';

/** A resolved session kept in memory for a few seconds, with what liveness needs. */
export type CachedSession = { auth: Authenticated; lastSeenAt: number; expiresAt: number; cachedAt: number };

/**
 * Session → actor resolutions, per process. Every request would otherwise cost a query. Entries
 * live `ttlMs` at most; ending a user's sessions purges them here at once and, through
 * NOTIFY zq_sessions, in every other process (docs/decisions/0006).
 */
export type SessionCache = {
  get(tokenHash: string, now: number): CachedSession | undefined;
  set(tokenHash: string, entry: CachedSession): void;
  dropToken(tokenHash: string): void;
  dropUser(userId: string): void;
  clear(): void;
  readonly ttlMs: number;
};

/** Creates a bounded cache; `ttlMs` 0 disables it. */
export function createSessionCache(ttlMs: number, maxEntries = 10_000): SessionCache {
  const entries = new Map<string, CachedSession>();
  return {
    ttlMs,
    get(tokenHash, now) {
      const e = entries.get(tokenHash);
      if (e === undefined) {
        return undefined;
      }
      if (now - e.cachedAt >= ttlMs) {
        entries.delete(tokenHash);
        return undefined;
      }
      return e;
    },
    set(tokenHash, entry) {
      if (ttlMs <= 0) {
        return;
      }
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) {
          entries.delete(oldest.value);
        }
      }
      entries.set(tokenHash, entry);
    },
    dropToken(tokenHash) {
      entries.delete(tokenHash);
    },
    dropUser(userId) {
      for (const [k, e] of entries) {
        if (e.auth.actor.userId === userId) {
          entries.delete(k);
        }
      }
    },
    clear() {
      entries.clear();
    },
  };
}

/** The NOTIFY channel that carries "end this user's sessions" ('*': every user's cached rights). */
export const SESSION_CHANNEL = 'zq_sessions';
