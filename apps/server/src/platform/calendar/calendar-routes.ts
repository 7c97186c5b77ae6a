import {
  CalendarStatusSchema, DaysQuerySchema, DaysSchema, DeadlineQuerySchema, DeadlineSchema, OverrideBodySchema,
  OverrideDeleteQuerySchema, OverrideListSchema,
} from '@zhengqi/contracts/calendar';
import { IsoDateSchema, OkSchema } from '@zhengqi/contracts/common';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { shanghaiToday } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { actorOf, type ZApp } from '../http/fastify-types';
import { MAX_RANGE_DAYS } from './working-days';

/** Deadlines, day listings, status and the administrators' override editor. */
export function registerCalendarRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/calendar/deadline', {
    config: { access: 'calendar.read' },
    schema: { tags: ['calendar'], summary: 'The date N working days after `from` (day 1 is the first working day after it)', querystring: DeadlineQuerySchema, response: { 200: DeadlineSchema } },
    handler: async (req) => {
      const cal = await ctx.calendar.get();
      try {
        return cal.addWorkingDays(req.query.from, req.query.workdays);
      } catch (err) {
        if (err instanceof RangeError) {
          throw new DomainError('CALENDAR_RANGE', { field: 'from', detail: err.message });
        }
        throw err;
      }
    },
  });

  app.get('/api/v1/calendar/days', {
    config: { access: 'calendar.read' },
    schema: { tags: ['calendar'], summary: `Each day from \`from\` to \`to\` (at most ${MAX_RANGE_DAYS} days)`, querystring: DaysQuerySchema, response: { 200: DaysSchema } },
    handler: async (req) => {
      const cal = await ctx.calendar.get();
      try {
        return { days: cal.days(req.query.from, req.query.to) };
      } catch (err) {
        if (err instanceof RangeError) {
          throw new DomainError('CALENDAR_RANGE', { field: 'to', detail: err.message });
        }
        throw err;
      }
    },
  });

  app.get('/api/v1/calendar/status', {
    config: { access: 'calendar.read' },
    schema: { tags: ['calendar'], summary: 'Which years have a loaded holiday arrangement', response: { 200: CalendarStatusSchema } },
    handler: async (req) => {
      const cal = await ctx.calendar.get();
      const thisYear = Number(shanghaiToday(ctx.clock.now()).slice(0, 4));
      const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => cal.yearStatus(y));
      const overrides = await ctx.calendar.listOverrides(actorOf(req), thisYear + 1);
      return { years, overrides: overrides.length };
    },
  });

  app.get('/api/v1/calendar/overrides', {
    config: { access: 'calendar.read' },
    schema: { tags: ['calendar'], summary: "A year's override rows", querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: OverrideListSchema } },
    handler: async (req) => ({ items: await ctx.calendar.listOverrides(actorOf(req), req.query.year) }),
  });

  app.put('/api/v1/calendar/overrides/:date', {
    config: { access: 'calendar.manage' },
    schema: { tags: ['calendar'], summary: 'Mark a day a holiday or a working day (overrides chinese-days)', params: z.object({ date: IsoDateSchema }), body: OverrideBodySchema.omit({ date: true }), response: { 200: OkSchema } },
    handler: async (req) => {
      await ctx.calendar.setOverride(actorOf(req), { date: req.params.date, ...req.body });
      return { ok: true as const };
    },
  });

  app.delete('/api/v1/calendar/overrides/:date', {
    config: { access: 'calendar.manage' },
    schema: { tags: ['calendar'], summary: 'Remove an override', params: z.object({ date: IsoDateSchema }), querystring: OverrideDeleteQuerySchema, response: { 200: OkSchema } },
    handler: async (req) => {
      await ctx.calendar.deleteOverride(actorOf(req), req.params.date, req.query.reason);
      return { ok: true as const };
    },
  });
}
