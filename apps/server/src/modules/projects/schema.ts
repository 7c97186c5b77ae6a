import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { regions } from '../../platform/db/schema';
import { marketEntities } from '../registry/schema';

// Key projects and the problem loop. All regional: RLS in migration 0003 (projects_rls).
// Money is integer fen in bigint columns, read as JS numbers: safe below 2^53 fen (≈ 90 trillion CNY).

export const projects = pgTable(
  'projects',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    ownerEntityId: text('owner_entity_id').references(() => marketEntities.id),
    class: text('class', { enum: ['implementation', 'planning'] }).notNull(),
    level: text('level', { enum: ['provincial', 'municipal', 'district'] }).notNull(),
    sector: text('sector').notNull(),
    totalInvestmentFen: bigint('total_investment_fen', { mode: 'number' }).notNull(),
    annualPlanFen: bigint('annual_plan_fen', { mode: 'number' }).notNull(),
    year: integer('year').notNull(),
    plannedStartOn: date('planned_start_on', { mode: 'string' }),
    actualStartOn: date('actual_start_on', { mode: 'string' }),
    plannedCompletionOn: date('planned_completion_on', { mode: 'string' }),
    actualCompletionOn: date('actual_completion_on', { mode: 'string' }),
    status: text('status', { enum: ['planning', 'preparation', 'under_construction', 'completed', 'cancelled'] }).notNull(),
    location: text('location').notNull().default(''),
    description: text('description').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('projects_number_uq').on(t.number), index('projects_region_year_idx').on(t.regionCode, t.year), index('projects_name_idx').on(t.name)],
);

export const projectProgressReports = pgTable(
  'project_progress_reports',
  {
    projectId: text('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    month: text('month').notNull(),
    investmentCompletedFen: bigint('investment_completed_fen', { mode: 'number' }).notNull(),
    stage: text('stage').notNull(),
    percent: integer('percent'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.month] })],
);

export const problems = pgTable(
  'problems',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    projectId: text('project_id').notNull().references(() => projects.id),
    regionCode: text('region_code').notNull(),
    category: text('category').notNull(),
    severity: text('severity', { enum: ['general', 'major', 'critical'] }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    state: text('state', { enum: ['collected', 'assigned', 'in_progress', 'feedback_submitted', 'awaiting_closure', 'closed', 'rejected'] }).notNull(),
    reporterId: text('reporter_id').notNull(),
    unitId: text('unit_id'),
    handlerId: text('handler_id'),
    coUnitIds: text('co_unit_ids').array().notNull().default(sql`'{}'::text[]`),
    deadline: date('deadline', { mode: 'string' }),
    deadlineProvisional: boolean('deadline_provisional').notNull().default(false),
    assignedOn: date('assigned_on', { mode: 'string' }),
    extension: jsonb('extension').$type<{ workdays: number; reason: string; status: 'pending' | 'approved' | 'refused' }>(),
    reopenings: integer('reopenings').notNull().default(0),
    feedbackOn: date('feedback_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    result: text('result'),
    closingNote: text('closing_note'),
    rejectReason: text('reject_reason'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('problems_number_uq').on(t.number),
    index('problems_state_deadline_idx').on(t.state, t.deadline),
    index('problems_project_idx').on(t.projectId),
    index('problems_region_idx').on(t.regionCode),
  ],
);

export const problemEvents = pgTable(
  'problem_events',
  {
    problemId: text('problem_id').notNull().references(() => problems.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.problemId, t.seq] })],
);

// Supervision (督导): notices on overdue problems, the in-app inbox and kept bulletins. RLS in 0005 (supervision_rls).

/** One supervision notice per problem and deadline: a new deadline (an approved extension) may earn a new one. */
export const supervisionNotices = pgTable(
  'supervision_notices',
  {
    problemId: text('problem_id').notNull().references(() => problems.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    daysOverdue: integer('days_overdue').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.problemId, t.deadline] }), index('supervision_notices_region_idx').on(t.regionCode, t.createdAt)],
);

/** The in-app inbox: one row per recipient and message. */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/** A supervision bulletin (督导通报) as built: numbered per region and year, its content kept as computed. */
export const bulletins = pgTable(
  'bulletins',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    year: integer('year').notNull(),
    serial: integer('serial').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    content: jsonb('content').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('bulletins_number_uq').on(t.number), uniqueIndex('bulletins_region_serial_uq').on(t.regionCode, t.year, t.serial)],
);

// Registry parts of a key project: helping officials (帮包领导), the five responsible parties (五方责任主体)
// and the procedures (手续). Regional: RLS in 0007 (registry_parts_rls).

/** A helping official of a project: a user, or a person named with a title; `since` is when the charge began. */
export const projectHelpingOfficials = pgTable(
  'project_helping_officials',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    userId: text('user_id'),
    name: text('name').notNull(),
    title: text('title').notNull(),
    role: text('role').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('project_helping_officials_project_idx').on(t.projectId)],
);

/** One of the five responsible parties (建质〔2014〕124号) of a project; at most one per kind. */
export const projectParties = pgTable(
  'project_parties',
  {
    projectId: text('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['construction', 'survey', 'design', 'contractor', 'supervisor'] }).notNull(),
    regionCode: text('region_code').notNull(),
    unitName: text('unit_name').notNull(),
    uscc: text('uscc').notNull(),
    responsiblePerson: text('responsible_person').notNull(),
    licenceNumber: text('licence_number').notNull().default(''),
    authorisedOn: date('authorised_on', { mode: 'string' }),
    commitmentOn: date('commitment_on', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.kind] })],
);

/** A procedure (手续) of a project; its deadline, `limitWorkdays` working days after `appliedOn`, is computed on read with the calendar. */
export const projectProcedures = pgTable(
  'project_procedures',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    status: text('status', { enum: ['not_started', 'in_progress', 'approved'] }).notNull(),
    responsibleUnit: text('responsible_unit').notNull().default(''),
    appliedOn: date('applied_on', { mode: 'string' }),
    approvedOn: date('approved_on', { mode: 'string' }),
    limitWorkdays: integer('limit_workdays'),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('project_procedures_project_kind_uq').on(t.projectId, t.kind), index('project_procedures_region_status_idx').on(t.regionCode, t.status)],
);
