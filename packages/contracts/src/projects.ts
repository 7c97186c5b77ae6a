import { z } from 'zod';
import { IdSchema, IsoDateSchema, MonthSchema, PageQuerySchema, ReferenceCodeSchema, RegionCodeSchema, pageOf } from './common';
import { ProblemActionSchema, ProblemCategorySchema, ProblemSeveritySchema, ProblemStateSchema } from './problems';
import { HelpingOfficialSchema, PartySchema, ProcedureSchema } from './project-parts';

// Money is integer fen. The database keeps it in bigint columns; JSON carries it as a number,
// exact below 2^53 fen (about 90 trillion CNY), far above any project or district total.

type Label = { zh: string; en: string };

export const PROJECT_CLASSES = ['implementation', 'planning'] as const;
export const ProjectClassSchema = z.enum(PROJECT_CLASSES);
export const PROJECT_CLASS_LABELS: Record<(typeof PROJECT_CLASSES)[number], Label> = {
  implementation: { zh: '实施类', en: 'Implementation' },
  planning: { zh: '谋划类', en: 'Planning' },
};

export const PROJECT_LEVELS = ['provincial', 'municipal', 'district'] as const;
export const ProjectLevelSchema = z.enum(PROJECT_LEVELS);
export const PROJECT_LEVEL_LABELS: Record<(typeof PROJECT_LEVELS)[number], Label> = {
  provincial: { zh: '省级', en: 'Provincial' },
  municipal: { zh: '市级', en: 'Municipal' },
  district: { zh: '区级', en: 'District' },
};

export const PROJECT_STATUSES = ['planning', 'preparation', 'under_construction', 'completed', 'cancelled'] as const;
export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);
export const PROJECT_STATUS_LABELS: Record<(typeof PROJECT_STATUSES)[number], Label> = {
  planning: { zh: '谋划中', en: 'Planning' },
  preparation: { zh: '前期准备', en: 'Preparation' },
  under_construction: { zh: '在建', en: 'Under construction' },
  completed: { zh: '已竣工', en: 'Completed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** The sector list starts with these (configurable later); `industrial` is the share DOMAIN.md reports. */
export const PROJECT_SECTORS = ['industrial', 'education', 'shanty_town', 'infrastructure', 'healthcare', 'culture_tourism', 'agriculture', 'other'] as const;
/** A sector: a code of the configurable `project_sector` list, which starts with PROJECT_SECTORS. */
export const ProjectSectorSchema = ReferenceCodeSchema;
export const PROJECT_SECTOR_LABELS: Record<(typeof PROJECT_SECTORS)[number], Label> = {
  industrial: { zh: '工业', en: 'Industrial' },
  education: { zh: '教育', en: 'Education' },
  shanty_town: { zh: '棚户区改造', en: 'Shanty-town renovation' },
  infrastructure: { zh: '基础设施', en: 'Infrastructure' },
  healthcare: { zh: '医疗卫生', en: 'Healthcare' },
  culture_tourism: { zh: '文化旅游', en: 'Culture and tourism' },
  agriculture: { zh: '农业农村', en: 'Agriculture' },
  other: { zh: '其他', en: 'Other' },
};

const FenSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('integer fen (1 CNY = 100 fen)');
export const ProjectNumberSchema = z.string().regex(/^XM-\d{4}-\d{4}$/, 'XM-YYYY-NNNN');

export const ProjectListQuerySchema = PageQuerySchema.extend({
  region: RegionCodeSchema.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  class: ProjectClassSchema.optional(),
  sector: ProjectSectorSchema.optional(),
  q: z.string().trim().max(100).optional(),
});
export type ProblemListQuery = z.infer<typeof ProblemListQuerySchema>;
export type ProjectListQuery = z.infer<typeof ProjectListQuerySchema>;

export const ProjectSummarySchema = z.object({
  id: IdSchema,
  number: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  ownerEntityId: IdSchema.nullable(),
  ownerName: z.string().nullable(),
  class: ProjectClassSchema,
  level: ProjectLevelSchema,
  sector: ProjectSectorSchema,
  totalInvestmentFen: FenSchema,
  annualPlanFen: FenSchema,
  year: z.number().int(),
  plannedStartOn: IsoDateSchema.nullable(),
  actualStartOn: IsoDateSchema.nullable(),
  plannedCompletionOn: IsoDateSchema.nullable(),
  actualCompletionOn: IsoDateSchema.nullable(),
  status: ProjectStatusSchema,
  location: z.string(),
  /** Investment completed in `year` (sum of the monthly reports), in fen. */
  completedThisYearFen: FenSchema,
  version: z.number().int(),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;
export const ProjectPageSchema = pageOf(ProjectSummarySchema);

export const ProgressReportSchema = z.object({
  month: MonthSchema,
  investmentCompletedFen: FenSchema,
  stage: z.string(),
  percent: z.number().int().min(0).max(100).nullable(),
});
export type ProgressReport = z.infer<typeof ProgressReportSchema>;

export const ProjectDetailSchema = ProjectSummarySchema.extend({
  description: z.string(),
  progressReports: z.array(ProgressReportSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Helping officials (帮包领导), the five responsible parties and the procedures (手续) with deadlines. */
  officials: z.array(HelpingOfficialSchema).optional(),
  parties: z.array(PartySchema).optional(),
  procedures: z.array(ProcedureSchema).optional(),
});
export type ProjectDetail = z.infer<typeof ProjectDetailSchema>;

export const ProjectCreateBodySchema = z.object({
  number: ProjectNumberSchema,
  name: z.string().trim().min(2).max(200),
  regionCode: RegionCodeSchema,
  ownerEntityId: IdSchema.nullable().optional(),
  class: ProjectClassSchema,
  level: ProjectLevelSchema,
  sector: ProjectSectorSchema,
  totalInvestmentFen: FenSchema,
  annualPlanFen: FenSchema,
  year: z.number().int().min(2000).max(2100),
  plannedStartOn: IsoDateSchema.nullable().optional(),
  actualStartOn: IsoDateSchema.nullable().optional(),
  plannedCompletionOn: IsoDateSchema.nullable().optional(),
  actualCompletionOn: IsoDateSchema.nullable().optional(),
  status: ProjectStatusSchema,
  location: z.string().trim().max(200).default(''),
  description: z.string().trim().max(4000).default(''),
});
export type ProjectCreateBody = z.infer<typeof ProjectCreateBodySchema>;

export const ProjectPatchBodySchema = ProjectCreateBodySchema.omit({ number: true, location: true, description: true })
  .partial()
  .extend({ location: z.string().trim().max(200).optional(), description: z.string().trim().max(4000).optional(), version: z.number().int().min(1) })
  .strict();
export type ProjectPatchBody = z.infer<typeof ProjectPatchBodySchema>;

export const ProjectStatsQuerySchema = z.object({
  region: RegionCodeSchema.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

const BucketSchema = z.object({ count: z.number().int(), investmentFen: FenSchema });
export const ProjectStatsSchema = z.object({
  year: z.number().int(),
  count: z.number().int(),
  totalInvestmentFen: FenSchema,
  /** Total investment ÷ count, rounded to whole fen; null with no projects. */
  averageInvestmentFen: z.number().int().nullable(),
  byClass: z.record(z.string(), BucketSchema),
  byLevel: z.record(z.string(), BucketSchema),
  bySector: z.record(z.string(), BucketSchema),
  byStatus: z.record(z.string(), BucketSchema),
  byRegion: z.record(z.string(), BucketSchema),
  /** Industrial implementation-class projects ÷ implementation-class projects, percent (one decimal, half-up). */
  industrialShareOfImplementation: z.number().nullable(),
  /** 开工率: started ÷ planned to start in the year, percent; null when none were planned. */
  startRate: z.number().nullable(),
  startedCount: z.number().int(),
  plannedToStartCount: z.number().int(),
  annualPlanFen: FenSchema,
  completedThisYearFen: FenSchema,
  /** Completed this year ÷ annual plan, percent; null without a plan. */
  planCompletionRate: z.number().nullable(),
  /** Elapsed whole months ÷ 12, percent. */
  timeProgress: z.number(),
  /** planCompletionRate − timeProgress in percentage points (negative = behind). */
  gap: z.number().nullable(),
});
export type ProjectStats = z.infer<typeof ProjectStatsSchema>;

// ---------------------------------------------------------------------------------------------
// Problems: list and detail (request bodies live in problems.ts).

export const ProblemListQuerySchema = PageQuerySchema.extend({
  state: ProblemStateSchema.optional(),
  projectId: IdSchema.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** `me`: only problems on which the caller can act now (the "my tasks" inbox). */
  waitingFor: z.literal('me').optional(),
  /** Search in the number and the title. */
  q: z.string().trim().max(100).optional(),
});

export const ProblemSummarySchema = z.object({
  id: IdSchema,
  number: z.string(),
  projectId: IdSchema,
  projectName: z.string(),
  regionCode: z.string(),
  category: ProblemCategorySchema,
  severity: ProblemSeveritySchema,
  title: z.string(),
  state: ProblemStateSchema,
  unitId: IdSchema.nullable(),
  unitName: z.string().nullable(),
  handlerId: IdSchema.nullable(),
  deadline: IsoDateSchema.nullable(),
  deadlineProvisional: z.boolean(),
  overdue: z.boolean(),
  /** Working days past the deadline; 0 when not overdue. */
  daysOverdue: z.number().int(),
  reopenings: z.number().int(),
  version: z.number().int(),
});
export type ProblemSummary = z.infer<typeof ProblemSummarySchema>;
export const ProblemPageSchema = pageOf(ProblemSummarySchema);

export const TimelineEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  /** A ProblemAction, or `collect` for the problem's creation. */
  action: z.string(),
  from: ProblemStateSchema.nullable(),
  to: ProblemStateSchema,
  note: z.string().nullable(),
});

export const ProblemDetailSchema = ProblemSummarySchema.extend({
  description: z.string(),
  reporterId: z.string(),
  handlerName: z.string().nullable(),
  coUnitIds: z.array(IdSchema),
  assignedOn: IsoDateSchema.nullable(),
  extension: z.object({ workdays: z.number().int(), reason: z.string(), status: z.enum(['pending', 'approved', 'refused']) }).nullable(),
  feedbackOn: IsoDateSchema.nullable(),
  closedOn: IsoDateSchema.nullable(),
  result: z.string().nullable(),
  closingNote: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** What the caller may do now (the transition table applied to this problem and caller). */
  availableActions: z.array(ProblemActionSchema),
  timeline: z.array(TimelineEntrySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProblemDetail = z.infer<typeof ProblemDetailSchema>;

// ---------------------------------------------------------------------------------------------
// Monthly progress reports (月度进度填报) and the missing-report list.

export const ProgressReportBodySchema = z.object({
  month: MonthSchema,
  investmentCompletedFen: FenSchema,
  stage: z.string().trim().min(1).max(200),
  percent: z.number().int().min(0).max(100).nullable().optional(),
});
export type ProgressReportBody = z.infer<typeof ProgressReportBodySchema>;

export const MissingProgressQuerySchema = z.object({ month: MonthSchema, region: RegionCodeSchema.optional() });

/** A project under construction that has no report for the month asked about. */
export const MissingProgressItemSchema = z.object({
  id: IdSchema,
  number: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  ownerName: z.string().nullable(),
  actualStartOn: IsoDateSchema.nullable(),
  /** The latest month with a report, or null when the project never reported. */
  lastReportedMonth: MonthSchema.nullable(),
});
export const MissingProgressSchema = z.object({ month: MonthSchema, total: z.number().int(), items: z.array(MissingProgressItemSchema) });
export type MissingProgress = z.infer<typeof MissingProgressSchema>;
