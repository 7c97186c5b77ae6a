/** The injected clock: production reads the system time, demos and tests pin or move it. */
export type Clock = { now(): Date; readonly fixed: Date | null };

/** A clock that is the system clock, or fixed at `fixedAt` (ZQ_FAKE_NOW). */
export function systemClock(fixedAt: Date | null = null): Clock {
  return { now: () => (fixedAt === null ? new Date() : new Date(fixedAt.getTime())), fixed: fixedAt };
}

/** A clock for tests that only moves when told to. */
export function manualClock(start: Date): Clock & { advance(ms: number): void; set(at: Date): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    fixed: null,
    advance: (ms: number) => {
      t += ms;
    },
    set: (at: Date) => {
      t = at.getTime();
    },
  };
}

const shanghaiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The business date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiToday(at: Date): string {
  return shanghaiDate.format(at);
}
