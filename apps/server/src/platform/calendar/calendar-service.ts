import { and, eq, gte, lte } from 'drizzle-orm';
import type { Database, Tx } from '../db/database';
import { calendarOverrides, calendarYears } from '../db/schema';
import { appendAudit } from '../audit/audit-log';
import { authorize, scopeOf, type Actor } from '../authz/actor';
import type { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { createWorkingCalendar, isIsoDate, type CalendarOverride, type WorkingCalendar } from './working-days';

/** The working-day calendar backed by chinese-days plus the administrators' override table. */
export type CalendarService = {
  /** The calendar as of now (cached; reloaded after a change here and at most `ttlMs` later elsewhere). */
  get(): Promise<WorkingCalendar>;
  listOverrides(actor: Actor, year: number): Promise<Array<{ date: string; kind: 'holiday' | 'working'; name: string | null }>>;
  setOverride(actor: Actor, o: { date: string; kind: 'holiday' | 'working'; name: string | null; reason: string }): Promise<void>;
  deleteOverride(actor: Actor, date: string, reason: string): Promise<void>;
  /** Replaces a year's arrangement with the given days and marks the year loaded (CLI and admin). */
  importYear(by: Actor | null, year: number, overrides: CalendarOverride[]): Promise<{ holidays: number; workdays: number }>;
  invalidate(): void;
};

/** Creates the calendar service; `ttlMs` bounds how stale another process's change may look. */
export function createCalendarService(db: Database, clock: Clock, ttlMs = 60_000): CalendarService {
  let cached: { at: number; cal: WorkingCalendar } | null = null;

  async function load(tx: Tx): Promise<WorkingCalendar> {
    const overrides = await tx.select().from(calendarOverrides);
    const years = await tx.select({ year: calendarYears.year }).from(calendarYears);
    return createWorkingCalendar({ overrides: overrides.map((o) => ({ date: o.date, kind: o.kind, name: o.name })), importedYears: years.map((y) => y.year) });
  }

  const audit = (tx: Tx, by: Actor | null, action: string, entityId: string, before: unknown, after: unknown) =>
    appendAudit(tx, {
      at: clock.now(), actorUserId: by?.userId ?? null, actorOrgId: by?.organizationId ?? null, action, entityType: 'calendar_day',
      entityId, regionCode: by?.jurisdictionCode ?? null, before, after, requestId: by?.requestId ?? null,
    });

  const service: CalendarService = {
    async get() {
      const now = Date.now();
      if (cached === null || now - cached.at > ttlMs) {
        cached = { at: now, cal: await db.tx({ kind: 'system' }, load) };
      }
      return cached.cal;
    },
    invalidate() {
      cached = null;
    },
    async listOverrides(actor, year) {
      authorize(actor, 'calendar.read');
      return db.tx(scopeOf(actor), (tx) =>
        tx
          .select({ date: calendarOverrides.date, kind: calendarOverrides.kind, name: calendarOverrides.name })
          .from(calendarOverrides)
          .where(and(gte(calendarOverrides.date, `${year}-01-01`), lte(calendarOverrides.date, `${year}-12-31`)))
          .orderBy(calendarOverrides.date),
      );
    },
    async setOverride(actor, o) {
      authorize(actor, 'calendar.manage');
      if (!isIsoDate(o.date)) {
        throw new DomainError('VALIDATION_FAILED', { field: 'date' });
      }
      await db.tx(scopeOf(actor), async (tx) => {
        const [before] = await tx.select().from(calendarOverrides).where(eq(calendarOverrides.date, o.date));
        const row = { date: o.date, kind: o.kind, name: o.name, createdBy: actor.userId, createdAt: clock.now() };
        await tx.insert(calendarOverrides).values(row).onConflictDoUpdate({ target: calendarOverrides.date, set: { kind: o.kind, name: o.name, createdBy: actor.userId, createdAt: row.createdAt } });
        await audit(tx, actor, 'calendar.override_set', o.date, before ?? null, { kind: o.kind, name: o.name, reason: o.reason });
      });
      cached = null;
    },
    async deleteOverride(actor, date, reason) {
      authorize(actor, 'calendar.manage');
      await db.tx(scopeOf(actor), async (tx) => {
        const [before] = await tx.select().from(calendarOverrides).where(eq(calendarOverrides.date, date));
        if (before === undefined) {
          throw new DomainError('NOT_FOUND', { field: 'date' });
        }
        await tx.delete(calendarOverrides).where(eq(calendarOverrides.date, date));
        await audit(tx, actor, 'calendar.override_deleted', date, before, { reason });
      });
      cached = null;
    },
    async importYear(by, year, overrides) {
      if (by !== null) {
        authorize(by, 'calendar.manage');
      }
      const now = clock.now();
      const result = await db.tx(by === null ? { kind: 'system' } : scopeOf(by), async (tx) => {
        const range = and(gte(calendarOverrides.date, `${year}-01-01`), lte(calendarOverrides.date, `${year}-12-31`));
        const before = await tx.select().from(calendarOverrides).where(range);
        await tx.delete(calendarOverrides).where(range);
        if (overrides.length > 0) {
          await tx.insert(calendarOverrides).values(overrides.map((o) => ({ date: o.date, kind: o.kind, name: o.name ?? null, createdBy: by?.userId ?? 'cli', createdAt: now })));
        }
        await tx.insert(calendarYears).values({ year, loadedBy: by?.userId ?? 'cli', loadedAt: now }).onConflictDoUpdate({ target: calendarYears.year, set: { loadedBy: by?.userId ?? 'cli', loadedAt: now } });
        const counts = { holidays: overrides.filter((o) => o.kind === 'holiday').length, workdays: overrides.filter((o) => o.kind === 'working').length };
        await audit(tx, by, 'calendar.year_imported', String(year), { overrides: before.length }, counts);
        return counts;
      });
      cached = null;
      return result;
    },
  };
  return service;
}
