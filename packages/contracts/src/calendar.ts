import { z } from 'zod';
import { IsoDateSchema } from './common';

export const DeadlineQuerySchema = z.object({
  from: IsoDateSchema,
  workdays: z.coerce.number().int().min(0).max(3650),
});
export const DeadlineSchema = z.object({
  deadline: IsoDateSchema,
  provisional: z.boolean(),
  reason: z.string().optional(),
  reasonEn: z.string().optional(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

export const DaysQuerySchema = z.object({ from: IsoDateSchema, to: IsoDateSchema });
export const DayKindSchema = z.enum(['working', 'rest', 'holiday', 'adjusted_working']);
export const DaySchema = z.object({
  date: IsoDateSchema,
  kind: DayKindSchema,
  working: z.boolean(),
  name: z.string().optional(),
  nameEn: z.string().optional(),
  provisional: z.boolean(),
  source: z.enum(['chinese-days', 'override', 'derived', 'weekday-rule']),
});
export const DaysSchema = z.object({ days: z.array(DaySchema) });

export const YearStatusSchema = z.object({
  year: z.number().int(),
  arranged: z.boolean(),
  source: z.enum(['chinese-days', 'imported', 'none']),
});
export const CalendarStatusSchema = z.object({ years: z.array(YearStatusSchema), overrides: z.number().int() });

export const OverrideSchema = z.object({
  date: IsoDateSchema,
  kind: z.enum(['holiday', 'working']),
  name: z.string().trim().max(50).nullable(),
});
export const OverrideListSchema = z.object({ items: z.array(OverrideSchema) });
export const OverrideBodySchema = OverrideSchema.extend({ reason: z.string().trim().min(2).max(500) });
export const OverrideDeleteQuerySchema = z.object({ reason: z.string().trim().min(2).max(500) });
