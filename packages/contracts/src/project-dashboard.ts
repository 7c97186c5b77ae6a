import { z } from 'zod';
import { IsoDateSchema, MonthSchema } from './common';
import { ProjectStatsQuerySchema } from './projects';
import { BulletinUnitSchema } from './supervision';

// The Dongchangfu dashboard's series (重点项目调度看板): investment completion by month against time
// progress, and responsible units ranked as the supervision bulletins rank them. Rates are percent
// numbers with one decimal, rounded half-up, as in the statistics (46.9 means 46.9 %).

/** Same filters as the statistics: a region (its subtree, within the jurisdiction) and a year (default: this year). */
export const ProjectDashboardQuerySchema = ProjectStatsQuerySchema;
export type ProjectDashboardQuery = z.infer<typeof ProjectDashboardQuerySchema>;

const FenSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('integer fen (1 CNY = 100 fen)');

export const DashboardMonthSchema = z.object({
  month: MonthSchema,
  /** Investment completed in the month: the sum of the month's progress reports of the year's projects. */
  completedFen: FenSchema,
  /** Completed from January to this month, inclusive. */
  cumulativeFen: FenSchema,
  /** The year's annual investment plan (the same for every month). */
  planFen: FenSchema,
  /** cumulativeFen ÷ planFen, percent; null without a plan. */
  completionRate: z.number().nullable().describe('percent, one decimal, half-up; null when the plan is 0'),
  /**
   * Time progress at the month's end: month ÷ 12, percent — what the statistics' `timeProgress`
   * (whole months elapsed ÷ 12) reads on the first day of the next month.
   */
  timeProgress: z.number().describe('month ÷ 12 in percent, one decimal'),
  /** The clock's month, still running: its reports may not all be in. */
  partial: z.boolean(),
});
export type DashboardMonth = z.infer<typeof DashboardMonthSchema>;

export const ProjectDashboardSchema = z.object({
  year: z.number().int(),
  /** The date the figures were taken: the year's last day for a past year, today otherwise. */
  asOf: IsoDateSchema,
  /** January to the clock's month (every month of a past year, none of a future one). */
  monthly: z.array(DashboardMonthSchema),
  /**
   * Responsible units by on-time closure rate over the problems active in the year (assigned by its
   * end, not closed before its start) — the bulletin's ranking for that period; `problems` is the
   * number assigned, `overdue` the ones past their deadline and not fed back. Null when the caller
   * may not read problems or acts for a market entity (a project owner, whose series cover its own projects).
   */
  unitRanking: z.array(BulletinUnitSchema).nullable(),
});
export type ProjectDashboard = z.infer<typeof ProjectDashboardSchema>;
