import { describe, expect, it } from 'vitest';
import type { Authenticated } from './auth-service';
import { createSessionCache } from './session-cache';

const auth = (userId: string): Authenticated => ({
  sessionId: `ses_${userId}`,
  csrfToken: 't',
  tokenHash: `tok_${userId}`,
  actor: { userId, username: userId, organizationId: 'org_x', jurisdictionCode: '371526', regions: ['371526'], permissions: new Set() },
});
const entry = (userId: string, at: number) => ({ auth: auth(userId), lastSeenAt: at, expiresAt: at + 1e9, cachedAt: at });

describe('session cache', () => {
  it('serves an entry only within its time to live', () => {
    const c = createSessionCache(10_000);
    c.set('h1', entry('usr_a', 0));
    expect(c.get('h1', 9_999)?.auth.actor.userId).toBe('usr_a');
    expect(c.get('h1', 10_000)).toBeUndefined();
  });
  it('dropping a user removes every session of that user and no other', () => {
    const c = createSessionCache(10_000);
    c.set('h1', entry('usr_a', 0));
    c.set('h2', entry('usr_a', 0));
    c.set('h3', entry('usr_b', 0));
    c.dropUser('usr_a');
    expect(c.get('h1', 1)).toBeUndefined();
    expect(c.get('h2', 1)).toBeUndefined();
    expect(c.get('h3', 1)?.auth.actor.userId).toBe('usr_b');
  });
  it('a zero time to live caches nothing, and the size is bounded', () => {
    const off = createSessionCache(0);
    off.set('h1', entry('usr_a', 0));
    expect(off.get('h1', 0)).toBeUndefined();
    const small = createSessionCache(10_000, 2);
    small.set('h1', entry('usr_a', 0));
    small.set('h2', entry('usr_b', 0));
    small.set('h3', entry('usr_c', 0));
    expect(small.get('h1', 1)).toBeUndefined();
    expect(small.get('h3', 1)?.auth.actor.userId).toBe('usr_c');
  });
});
