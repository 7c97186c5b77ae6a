/** Password complexity: at least 10 characters from at least three of four classes. */
export function passwordIsStrong(pw: string): boolean {
  if (pw.length < 10 || pw.length > 256) {
    return false;
  }
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
  return classes >= 3;
}

/** Lockout rule: after `maxFailures` consecutive failures the account is locked for `lockMinutes`. */
export function nextLoginState(
  failedLogins: number,
  outcome: 'success' | 'failure',
  now: Date,
  rule: { maxFailures: number; lockMinutes: number },
): { failedLogins: number; lockedUntil: Date | null } {
  if (outcome === 'success') {
    return { failedLogins: 0, lockedUntil: null };
  }
  const failures = failedLogins + 1;
  if (failures >= rule.maxFailures) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + rule.lockMinutes * 60_000) };
  }
  return { failedLogins: failures, lockedUntil: null };
}

/** A session is alive while neither idle nor past its absolute expiry. */
export function sessionIsAlive(s: { lastSeenAt: Date; expiresAt: Date }, now: Date, idleMinutes: number): boolean {
  return now.getTime() < s.expiresAt.getTime() && now.getTime() - s.lastSeenAt.getTime() < idleMinutes * 60_000;
}
