import { z } from 'zod';
import { IdSchema, IsoDateSchema, MonthSchema, PageQuerySchema, RegionCodeSchema, pageOf } from './common';
import {
  EligibilityFactsSchema, EligibilityResultSchema, InstalmentSchema, JdmGraphSchema, LoanApplicantKindSchema, LoanCategorySchema, LoanProductVersionSchema,
  RatePercentSchema, RepaymentMethodSchema,
} from './loans';

// The special-loan application flow (稳岗扩岗专项贷款业务流程), issue 5. Money in integer fen, rates
// as decimal strings in percent. The state machine is data shared by server and web.

type Label = { zh: string; en: string };
const FenSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('integer fen (1 CNY = 100 fen)');
const PositiveFenSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('integer fen (1 CNY = 100 fen)');

export const LOAN_STATES = [
  'draft', 'precheck_failed', 'certifying', 'returned', 'diligence', 'deciding', 'second_approval', 'approved', 'declined', 'contracted', 'disbursed', 'repaying', 'closed', 'withdrawn',
] as const;
export type LoanState = (typeof LOAN_STATES)[number];
export const LoanStateSchema = z.enum(LOAN_STATES);
export const LOAN_STATE_LABELS: Record<LoanState, Label> = {
  draft: { zh: '草稿', en: 'Draft' },
  precheck_failed: { zh: '预审未通过', en: 'Pre-check failed' },
  certifying: { zh: '人社认定中', en: 'HR certification' },
  returned: { zh: '退回补正', en: 'Returned for correction' },
  diligence: { zh: '银行尽调中', en: 'Bank due diligence' },
  deciding: { zh: '授信审批中', en: 'Credit decision' },
  second_approval: { zh: '待复核审批', en: 'Awaiting second approval' },
  approved: { zh: '已批准', en: 'Approved' },
  declined: { zh: '已拒绝', en: 'Declined' },
  contracted: { zh: '已签约', en: 'Contract signed' },
  disbursed: { zh: '已放款', en: 'Disbursed' },
  repaying: { zh: '还款中', en: 'Repaying' },
  closed: { zh: '已结清', en: 'Closed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};
export const TERMINAL_LOAN_STATES: readonly LoanState[] = ['declined', 'closed', 'withdrawn'];

export const LOAN_ACTIONS = ['submit', 'certify', 'return', 'diligence', 'decide', 'approve', 'sign', 'disburse', 'repay', 'withdraw'] as const;
export type LoanAction = (typeof LOAN_ACTIONS)[number];
export const LOAN_ACTION_LABELS: Record<LoanAction, Label> = {
  submit: { zh: '提交申请', en: 'Submit' },
  certify: { zh: '人社认定', en: 'Certify (HR bureau)' },
  return: { zh: '退回补正', en: 'Return for correction' },
  diligence: { zh: '录入尽调', en: 'Record due diligence' },
  decide: { zh: '授信决策', en: 'Credit decision' },
  approve: { zh: '复核审批', en: 'Second approval' },
  sign: { zh: '签订合同', en: 'Sign the contract' },
  disburse: { zh: '放款', en: 'Disburse' },
  repay: { zh: '登记还款', en: 'Record a repayment' },
  withdraw: { zh: '撤回申请', en: 'Withdraw' },
};

export const LOAN_PERMISSIONS = ['loan.read', 'loan.apply', 'loan.certify', 'loan.diligence', 'loan.decide', 'loan.disburse', 'loan.product', 'loan.stats', 'loan.desk'] as const;
export type LoanPermission = (typeof LOAN_PERMISSIONS)[number];

/** Which organization acts: the applicant (enterprise or a loan officer recording for it), the HR bureau, the bank. */
export type LoanParty = 'applicant' | 'hr' | 'bank';
export type LoanTransition = { from: LoanState; action: LoanAction; to: LoanState | 'by_outcome'; permission: LoanPermission; party: LoanParty };

/** The transition table (server applies it, web offers only what it allows). `by_outcome`: see the action's rules. */
export const LOAN_TRANSITIONS: ReadonlyArray<LoanTransition> = [
  { from: 'draft', action: 'submit', to: 'by_outcome', permission: 'loan.apply', party: 'applicant' },
  { from: 'returned', action: 'submit', to: 'by_outcome', permission: 'loan.apply', party: 'applicant' },
  { from: 'precheck_failed', action: 'submit', to: 'by_outcome', permission: 'loan.apply', party: 'applicant' },
  { from: 'certifying', action: 'certify', to: 'diligence', permission: 'loan.certify', party: 'hr' },
  { from: 'certifying', action: 'return', to: 'returned', permission: 'loan.certify', party: 'hr' },
  { from: 'diligence', action: 'diligence', to: 'deciding', permission: 'loan.diligence', party: 'bank' },
  { from: 'deciding', action: 'decide', to: 'by_outcome', permission: 'loan.decide', party: 'bank' },
  { from: 'second_approval', action: 'approve', to: 'by_outcome', permission: 'loan.decide', party: 'bank' },
  { from: 'approved', action: 'sign', to: 'contracted', permission: 'loan.disburse', party: 'bank' },
  { from: 'contracted', action: 'disburse', to: 'disbursed', permission: 'loan.disburse', party: 'bank' },
  { from: 'disbursed', action: 'disburse', to: 'disbursed', permission: 'loan.disburse', party: 'bank' },
  { from: 'disbursed', action: 'repay', to: 'by_outcome', permission: 'loan.disburse', party: 'bank' },
  { from: 'repaying', action: 'repay', to: 'by_outcome', permission: 'loan.disburse', party: 'bank' },
  { from: 'draft', action: 'withdraw', to: 'withdrawn', permission: 'loan.apply', party: 'applicant' },
  { from: 'returned', action: 'withdraw', to: 'withdrawn', permission: 'loan.apply', party: 'applicant' },
  { from: 'precheck_failed', action: 'withdraw', to: 'withdrawn', permission: 'loan.apply', party: 'applicant' },
];

/** The states with a green-channel working-day time limit, and who is on the clock. */
export const TIMED_LOAN_STATES: Partial<Record<LoanState, LoanParty>> = { certifying: 'hr', diligence: 'bank', deciding: 'bank', second_approval: 'bank', approved: 'bank', contracted: 'bank' };
export const DEFAULT_STEP_WORKDAYS = 5;

export const LOAN_CHANNELS = ['online', 'phone', 'on_site'] as const;
export const LoanChannelSchema = z.enum(LOAN_CHANNELS);
export const LOAN_CHANNEL_LABELS: Record<(typeof LOAN_CHANNELS)[number], Label> = {
  online: { zh: '企业网上申请', en: 'Online by the enterprise' },
  phone: { zh: '电话咨询（客户经理代录）', en: 'Phone consultation (recorded by an officer)' },
  on_site: { zh: '上门走访（客户经理代录）', en: 'On-site visit (recorded by an officer)' },
};

// ---------------------------------------------------------------------------------------------
// Requests

const ReasonSchema = z.string().trim().min(2).max(500);
const VersionField = z.number().int().min(1).optional();

export const LoanApplicationCreateBodySchema = z.object({
  entityId: IdSchema,
  productCode: z.string().min(1).max(64).default('stable-employment'),
  appliedOn: IsoDateSchema.optional().describe('default: today (Asia/Shanghai)'),
  requestedAmountFen: PositiveFenSchema,
  termMonths: z.number().int().min(1).max(360),
  method: RepaymentMethodSchema,
  categories: z.array(LoanCategorySchema).min(1).max(4).describe('the categories the applicant claims'),
  channel: LoanChannelSchema.default('online'),
  priority: z.boolean().default(false).describe('green channel (绿色通道)'),
  contactNote: z.string().trim().max(1000).default(''),
});
export type LoanApplicationCreateBody = z.input<typeof LoanApplicationCreateBodySchema>;

export const SubmitBodySchema = z.object({ version: VersionField });
export const CertifyBodySchema = z.object({
  categories: z.array(LoanCategorySchema).min(1).max(4).describe('the categories the HR bureau certifies'),
  headcountVerified: z.number().int().min(0).max(10_000_000).describe('basic-pension contributors verified at the last month end'),
  note: z.string().trim().max(1000).default(''),
  version: VersionField,
});
export const ReturnBodySchema = z.object({ reason: ReasonSchema, version: VersionField });
export const DiligenceBodySchema = z.object({
  annualRevenueFen: FenSchema,
  annualTaxFen: FenSchema,
  visitNotes: z.string().trim().min(2).max(2000),
  creditCheck: z.enum(['good', 'bad']).describe('legal representative and actual controller: credit report result'),
  version: VersionField,
});
export const DecideBodySchema = z.discriminatedUnion('approved', [
  z.object({ approved: z.literal(true), amountFen: PositiveFenSchema, annualRate: RatePercentSchema, termMonths: z.number().int().min(1).max(360), method: RepaymentMethodSchema, note: z.string().trim().max(1000).default(''), version: VersionField }),
  z.object({ approved: z.literal(false), reason: ReasonSchema, version: VersionField }),
]);
export const ApproveBodySchema = z.object({ approved: z.boolean(), reason: ReasonSchema.optional(), version: VersionField })
  .refine((b) => b.approved || b.reason !== undefined, { path: ['reason'], message: 'a reason is required to refuse' });
export const SignBodySchema = z.object({ contractNumber: z.string().trim().min(3).max(64), signedOn: IsoDateSchema, version: VersionField });
export const DisburseBodySchema = z.object({ amountFen: PositiveFenSchema, disbursedOn: IsoDateSchema, version: VersionField });
export const RepayBodySchema = z.object({ amountFen: PositiveFenSchema, paidOn: IsoDateSchema, version: VersionField });
export const WithdrawBodySchema = z.object({ reason: ReasonSchema, version: VersionField });

export const LOAN_ACTION_BODY_SCHEMAS = {
  submit: SubmitBodySchema, certify: CertifyBodySchema, return: ReturnBodySchema, diligence: DiligenceBodySchema, decide: DecideBodySchema,
  approve: ApproveBodySchema, sign: SignBodySchema, disburse: DisburseBodySchema, repay: RepayBodySchema, withdraw: WithdrawBodySchema,
} as const;
export type LoanActionInputs = { [A in LoanAction]: z.infer<(typeof LOAN_ACTION_BODY_SCHEMAS)[A]> };

export const LoanListQuerySchema = PageQuerySchema.extend({
  state: LoanStateSchema.optional(),
  region: RegionCodeSchema.optional(),
  q: z.string().trim().max(100).optional().describe('number or applicant name'),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  waitingFor: z.literal('me').optional(),
});

// ---------------------------------------------------------------------------------------------
// Responses

export const LoanSummarySchema = z.object({
  id: IdSchema,
  number: z.string(),
  entityId: IdSchema,
  entityName: z.string(),
  applicantKind: LoanApplicantKindSchema,
  regionCode: z.string(),
  productCode: z.string(),
  productVersion: z.string(),
  appliedOn: IsoDateSchema,
  state: LoanStateSchema,
  channel: LoanChannelSchema,
  priority: z.boolean(),
  requestedAmountFen: FenSchema,
  approvedAmountFen: FenSchema.nullable(),
  disbursedFen: FenSchema,
  outstandingFen: FenSchema,
  annualRate: RatePercentSchema.nullable(),
  stepDeadline: IsoDateSchema.nullable(),
  overdue: z.boolean(),
  daysOverdue: z.number().int(),
  version: z.number().int(),
});
export type LoanSummary = z.infer<typeof LoanSummarySchema>;
export const LoanPageSchema = pageOf(LoanSummarySchema);

export const LoanEventSchema = z.object({ seq: z.number().int(), at: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(), action: z.string(), from: LoanStateSchema.nullable(), to: LoanStateSchema, note: z.string().nullable() });
export const ScheduleLineSchema = InstalmentSchema.extend({ paidPrincipalFen: FenSchema, paidInterestFen: FenSchema, status: z.enum(['paid', 'partial', 'due', 'overdue']) });
export const LoanDisbursementSchema = z.object({ id: IdSchema, amountFen: FenSchema, disbursedOn: IsoDateSchema, schedule: z.array(ScheduleLineSchema) });
export const LoanRepaymentSchema = z.object({ id: IdSchema, amountFen: FenSchema, paidOn: IsoDateSchema, interestFen: FenSchema, principalFen: FenSchema });
export const RemedyTaskSchema = z.object({ id: IdSchema, openedOn: IsoDateSchema, failed: z.array(z.string()), evidence: z.unknown(), state: z.enum(['open', 'resolved']), resolvedNote: z.string().nullable() });

export const LoanDetailSchema = LoanSummarySchema.extend({
  termMonths: z.number().int(),
  method: RepaymentMethodSchema,
  categoriesClaimed: z.array(LoanCategorySchema),
  contactNote: z.string(),
  eligibility: EligibilityResultSchema.nullable().describe('the last pre-check, with the facts snapshot it read'),
  factsSnapshot: EligibilityFactsSchema.nullable(),
  certification: z.object({ categories: z.array(LoanCategorySchema), headcountVerified: z.number().int(), note: z.string(), by: z.string(), on: IsoDateSchema }).nullable(),
  diligence: z.object({ annualRevenueFen: FenSchema, annualTaxFen: FenSchema, visitNotes: z.string(), creditCheck: z.enum(['good', 'bad']), by: z.string(), on: IsoDateSchema }).nullable(),
  decision: z.object({
    approved: z.boolean(), amountFen: FenSchema.nullable(), annualRate: RatePercentSchema.nullable(), termMonths: z.number().int().nullable(), method: RepaymentMethodSchema.nullable(),
    reason: z.string().nullable(), note: z.string(), decidedBy: z.string(), decidedOn: IsoDateSchema, secondApproverId: z.string().nullable(), needsSecondApproval: z.boolean(),
  }).nullable(),
  contract: z.object({ number: z.string(), signedOn: IsoDateSchema }).nullable(),
  headcountAtDecision: z.number().int().nullable(),
  disbursements: z.array(LoanDisbursementSchema),
  repayments: z.array(LoanRepaymentSchema),
  remedyTasks: z.array(RemedyTaskSchema),
  daysPastDue: z.number().int(),
  /** What settles the loan if paid today (instalments due, the period under way, the principal ahead; 0 before a disbursement). */
  payoffFen: FenSchema,
  availableActions: z.array(z.enum(LOAN_ACTIONS)),
  timeline: z.array(LoanEventSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LoanDetail = z.infer<typeof LoanDetailSchema>;

// Products

export const LoanProductSummarySchema = z.object({
  productCode: z.string(), version: z.string(), name: z.object({ zh: z.string(), en: z.string() }), effectiveFrom: IsoDateSchema, effectiveTo: IsoDateSchema.nullable(),
  status: z.enum(['draft', 'published']), publishedAt: z.string().nullable(),
});
export const LoanProductListSchema = z.object({ items: z.array(LoanProductSummarySchema) });
export const LoanProductDetailSchema = z.object({ status: z.enum(['draft', 'published']), publishedAt: z.string().nullable(), product: LoanProductVersionSchema });
export const LoanProductPutBodySchema = LoanProductVersionSchema.omit({ productCode: true, version: true });
export const DecisionTestBodySchema = z.object({
  facts: EligibilityFactsSchema, date: IsoDateSchema,
  eligibilityDecision: JdmGraphSchema.optional().describe('an unsaved graph to try instead of the stored one'),
  pricingDecision: JdmGraphSchema.optional(),
});

// Screening

export const ScreeningBodySchema = z.object({ productCode: z.string().min(1).max(64), region: RegionCodeSchema.optional(), date: IsoDateSchema.optional().describe('default: today') });
export const ScreeningHitSchema = z.object({ entityId: IdSchema, name: z.string(), uscc: z.string(), regionCode: z.string(), kind: LoanApplicantKindSchema, headcount: z.number().int(), maxLimitFen: FenSchema, rateMin: RatePercentSchema, rateMax: RatePercentSchema });
export const ScreeningJobSchema = z.object({
  id: z.string(), state: z.enum(['running', 'done', 'failed']), checked: z.number().int(), total: z.number().int(), productVersion: z.string().nullable(),
  hits: z.array(ScreeningHitSchema), error: z.string().nullable(),
});
export type ScreeningJob = z.infer<typeof ScreeningJobSchema>;

// Statistics and the desk log

export const LoanStatsDetailSchema = z.object({
  issuedCount: z.number().int(), issuedAmountFen: FenSchema, outstandingFen: FenSchema, jobsSustained: z.number().int(),
  byBank: z.array(z.object({ key: z.string(), count: z.number().int(), amountFen: FenSchema })),
  byRegion: z.array(z.object({ key: z.string(), count: z.number().int(), amountFen: FenSchema })),
  byCategory: z.array(z.object({ key: z.string(), count: z.number().int(), amountFen: FenSchema })),
  byMonth: z.array(z.object({ key: MonthSchema, count: z.number().int(), amountFen: FenSchema })),
  byState: z.record(z.string(), z.number().int()),
});
export type LoanStatsDetail = z.infer<typeof LoanStatsDetailSchema>;

export const DESK_KINDS = ['meeting', 'consultation', 'follow_up'] as const;
export const DESK_KIND_LABELS: Record<(typeof DESK_KINDS)[number], Label> = {
  meeting: { zh: '政银企对接会', en: 'Government–bank–enterprise meeting' },
  consultation: { zh: '咨询', en: 'Consultation' },
  follow_up: { zh: '跟踪回访', en: 'Follow-up' },
};
export const DeskEntryBodySchema = z.object({
  kind: z.enum(DESK_KINDS), heldOn: IsoDateSchema, subject: z.string().trim().min(2).max(200), attendees: z.string().trim().min(1).max(1000),
  outcome: z.string().trim().min(1).max(2000), entityId: IdSchema.nullable().default(null),
});
export const DeskEntrySchema = z.object({
  id: IdSchema, kind: z.enum(DESK_KINDS), heldOn: IsoDateSchema, subject: z.string(), attendees: z.string(), outcome: z.string(), entityId: z.string().nullable(), entityName: z.string().nullable(),
  createdBy: z.string(), createdAt: z.string(),
});
export const DeskPageSchema = pageOf(DeskEntrySchema);
export const DeskListQuerySchema = PageQuerySchema.extend({ kind: z.enum(DESK_KINDS).optional(), q: z.string().trim().max(100).optional() });

/** The market entities the caller acts for (an enterprise user's own firm), for the application form. */
export const OwnEntitiesSchema = z.object({ items: z.array(z.object({ id: IdSchema, name: z.string(), uscc: z.string(), kind: z.string(), regionCode: z.string() })) });
export type OwnEntities = z.infer<typeof OwnEntitiesSchema>;
