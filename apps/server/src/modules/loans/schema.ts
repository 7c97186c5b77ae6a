import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { LoanProductVersion } from '@zhengqi/contracts/loans';

// Employment-linked special loans (稳岗扩岗专项贷款). Product versions are city-wide configuration;
// every other table is regional (the applicant's region) with the jurisdiction policy (migration 0012).
// Money is integer fen in bigint columns read as JS numbers (safe below 2^53 fen).

export const loanProductVersions = pgTable(
  'loan_product_versions',
  {
    productCode: text('product_code').notNull(),
    version: text('version').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    status: text('status', { enum: ['draft', 'published'] }).notNull(),
    content: jsonb('content').$type<LoanProductVersion>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    publishedBy: text('published_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.productCode, t.version] })],
);

export const loanApplications = pgTable(
  'loan_applications',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    regionCode: text('region_code').notNull(),
    entityId: text('entity_id').notNull(),
    entityName: text('entity_name').notNull(),
    entityUscc: text('entity_uscc').notNull(),
    applicantKind: text('applicant_kind', { enum: ['enterprise', 'individual_business'] }).notNull(),
    productCode: text('product_code').notNull(),
    productVersion: text('product_version').notNull(),
    bankCode: text('bank_code').notNull(),
    appliedOn: date('applied_on', { mode: 'string' }).notNull(),
    state: text('state').notNull(),
    channel: text('channel').notNull(),
    priority: boolean('priority').notNull().default(false),
    requestedAmountFen: bigint('requested_amount_fen', { mode: 'number' }).notNull(),
    termMonths: integer('term_months').notNull(),
    method: text('method').notNull(),
    categoriesClaimed: integer('categories_claimed').array().notNull(),
    contactNote: text('contact_note').notNull().default(''),
    eligibility: jsonb('eligibility'),
    factsSnapshot: jsonb('facts_snapshot'),
    certification: jsonb('certification'),
    diligence: jsonb('diligence'),
    decision: jsonb('decision'),
    contract: jsonb('contract'),
    headcountAtDecision: integer('headcount_at_decision'),
    approvedAmountFen: bigint('approved_amount_fen', { mode: 'number' }),
    annualRate: text('annual_rate'),
    disbursedFen: bigint('disbursed_fen', { mode: 'number' }).notNull().default(0),
    repaidPrincipalFen: bigint('repaid_principal_fen', { mode: 'number' }).notNull().default(0),
    stepSince: date('step_since', { mode: 'string' }),
    stepDeadline: date('step_deadline', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('loan_applications_number_uq').on(t.number),
    index('loan_applications_region_state_idx').on(t.regionCode, t.state),
    index('loan_applications_entity_idx').on(t.entityId),
  ],
);

export const loanEvents = pgTable(
  'loan_events',
  {
    applicationId: text('application_id').notNull().references(() => loanApplications.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.seq] })],
);

export const loanDisbursements = pgTable(
  'loan_disbursements',
  {
    id: text('id').primaryKey(),
    applicationId: text('application_id').notNull().references(() => loanApplications.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    disbursedOn: date('disbursed_on', { mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('loan_disbursements_key_uq').on(t.applicationId, t.idempotencyKey)],
);

export const loanInstalments = pgTable(
  'loan_instalments',
  {
    disbursementId: text('disbursement_id').notNull().references(() => loanDisbursements.id, { onDelete: 'cascade' }),
    applicationId: text('application_id').notNull(),
    regionCode: text('region_code').notNull(),
    n: integer('n').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    principalFen: bigint('principal_fen', { mode: 'number' }).notNull(),
    interestFen: bigint('interest_fen', { mode: 'number' }).notNull(),
    paidPrincipalFen: bigint('paid_principal_fen', { mode: 'number' }).notNull().default(0),
    paidInterestFen: bigint('paid_interest_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.disbursementId, t.n] }), index('loan_instalments_app_idx').on(t.applicationId, t.dueDate)],
);

export const loanRepayments = pgTable('loan_repayments', {
  id: text('id').primaryKey(),
  applicationId: text('application_id').notNull().references(() => loanApplications.id, { onDelete: 'cascade' }),
  regionCode: text('region_code').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  interestFen: bigint('interest_fen', { mode: 'number' }).notNull(),
  principalFen: bigint('principal_fen', { mode: 'number' }).notNull(),
  paidOn: date('paid_on', { mode: 'string' }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const loanRemedyTasks = pgTable(
  'loan_remedy_tasks',
  {
    id: text('id').primaryKey(),
    applicationId: text('application_id').notNull().references(() => loanApplications.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    month: text('month').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    failed: text('failed').array().notNull(),
    evidence: jsonb('evidence').notNull(),
    state: text('state', { enum: ['open', 'resolved'] }).notNull(),
    resolvedNote: text('resolved_note'),
  },
  (t) => [uniqueIndex('loan_remedy_tasks_month_uq').on(t.applicationId, t.month)],
);

export const loanDeskLog = pgTable('loan_desk_log', {
  id: text('id').primaryKey(),
  regionCode: text('region_code').notNull(),
  kind: text('kind', { enum: ['meeting', 'consultation', 'follow_up'] }).notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  subject: text('subject').notNull(),
  attendees: text('attendees').notNull(),
  outcome: text('outcome').notNull(),
  entityId: text('entity_id'),
  entityName: text('entity_name'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
});
