import { z } from 'zod';
import { IdSchema, IsoDateSchema, pageOf, PageQuerySchema, RegionCodeSchema } from './common';
import { ProblemSeveritySchema, ProblemStateSchema } from './problems';

// Supervision (督导): the in-app inbox and the numbered supervision bulletins (督导通报).

export const InboxItemSchema = z.object({
  id: IdSchema,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** A path in the web app, e.g. /problems/prb_…; null when the message points nowhere. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InboxItem = z.infer<typeof InboxItemSchema>;
export const InboxQuerySchema = PageQuerySchema;
/** The caller's notifications, unread first, then newest first; `unread` counts all unread ones. */
export const InboxPageSchema = pageOf(InboxItemSchema).extend({ unread: z.number().int() });
export type InboxPage = z.infer<typeof InboxPageSchema>;

export const BulletinCreateBodySchema = z
  .object({ region: RegionCodeSchema, from: IsoDateSchema, to: IsoDateSchema })
  .refine((b) => b.from <= b.to, { path: ['to'], message: 'to must not be before from' });
export type BulletinCreateBody = z.infer<typeof BulletinCreateBodySchema>;

const RateSchema = z.number().nullable().describe('percent, one decimal, half-up; null when the base is 0');

export const BulletinUnitSchema = z.object({
  rank: z.number().int(),
  unitId: z.string(),
  unitName: z.string(),
  problems: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  onTimeClosureRate: RateSchema,
  overdue: z.number().int(),
  reopened: z.number().int(),
  avgWorkingDaysToClose: z.number().nullable(),
});

export const BulletinProblemSchema = z.object({
  id: IdSchema,
  number: z.string(),
  title: z.string(),
  projectName: z.string(),
  unitName: z.string().nullable(),
  severity: ProblemSeveritySchema,
  state: ProblemStateSchema,
  deadline: IsoDateSchema.nullable(),
  /** Working days past the deadline on the bulletin's date; 0 when not overdue. */
  daysOverdue: z.number().int(),
  reopenings: z.number().int(),
});

export const BulletinContentSchema = z.object({
  regionName: z.string(),
  /** The date the figures were taken: the period's end, or today when the period has not ended. */
  asOf: IsoDateSchema,
  totals: z.object({ problems: z.number().int(), closed: z.number().int(), closedOnTime: z.number().int(), onTimeClosureRate: RateSchema, overdue: z.number().int(), reopened: z.number().int() }),
  units: z.array(BulletinUnitSchema),
  overdue: z.array(BulletinProblemSchema),
  reopened: z.array(BulletinProblemSchema),
  investment: z.object({
    year: z.number().int(),
    projects: z.number().int(),
    totalInvestmentFen: z.number().int(),
    annualPlanFen: z.number().int(),
    completedThisYearFen: z.number().int(),
    planCompletionRate: RateSchema,
    timeProgress: z.number(),
    gap: z.number().nullable(),
    startRate: RateSchema,
  }),
});
export type BulletinContent = z.infer<typeof BulletinContentSchema>;

export const BulletinSummarySchema = z.object({
  id: IdSchema,
  /** 督导通报 number, e.g. DCF-DB-2026-001: region abbreviation, DB (督办), year, serial in the region and year. */
  number: z.string(),
  regionCode: z.string(),
  from: IsoDateSchema,
  to: IsoDateSchema,
  createdBy: z.string(),
  createdAt: z.string(),
});
export type BulletinSummary = z.infer<typeof BulletinSummarySchema>;
export const BulletinSchema = BulletinSummarySchema.extend({ content: BulletinContentSchema });
export type Bulletin = z.infer<typeof BulletinSchema>;
export const BulletinListQuerySchema = PageQuerySchema.extend({ region: RegionCodeSchema.optional() });
export const BulletinPageSchema = pageOf(BulletinSummarySchema);
