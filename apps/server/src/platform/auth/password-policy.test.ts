import { describe, expect, it } from 'vitest';
import { nextLoginState, passwordIsStrong, sessionIsAlive } from './password-policy';

describe('password complexity', () => {
  it.each([
    ['Zhengqi@2026', true],
    ['zhengqi2026!', true],
    ['ZHENGQI2026x', true],
    ['short1A!', false],
    ['alllowercaseletters', false],
    ['lowercase12345', false],
  ])('%s → %s', (pw, ok) => {
    expect(passwordIsStrong(pw)).toBe(ok);
  });
});

describe('lockout', () => {
  const rule = { maxFailures: 3, lockMinutes: 15 };
  const now = new Date('2026-11-28T01:00:00Z');
  it('locks after the configured number of consecutive failures', () => {
    let s = { failedLogins: 0, lockedUntil: null as Date | null };
    s = nextLoginState(s.failedLogins, 'failure', now, rule);
    s = nextLoginState(s.failedLogins, 'failure', now, rule);
    expect(s.lockedUntil).toBeNull();
    s = nextLoginState(s.failedLogins, 'failure', now, rule);
    expect(s.lockedUntil?.toISOString()).toBe('2026-11-28T01:15:00.000Z');
  });
  it('a success resets the count', () => {
    expect(nextLoginState(2, 'success', now, rule)).toEqual({ failedLogins: 0, lockedUntil: null });
  });
});

describe('session liveness', () => {
  const now = new Date('2026-11-28T10:00:00Z');
  it('idle past the timeout is dead', () => {
    expect(sessionIsAlive({ lastSeenAt: new Date('2026-11-28T09:29:00Z'), expiresAt: new Date('2026-11-28T20:00:00Z') }, now, 30)).toBe(false);
    expect(sessionIsAlive({ lastSeenAt: new Date('2026-11-28T09:31:00Z'), expiresAt: new Date('2026-11-28T20:00:00Z') }, now, 30)).toBe(true);
  });
  it('past the absolute expiry is dead', () => {
    expect(sessionIsAlive({ lastSeenAt: now, expiresAt: now }, now, 30)).toBe(false);
  });
});
