import { z } from 'zod';
import { IdSchema, IsoDateSchema, MonthSchema } from './common';
import { SizeClassSchema } from './entities';

// Employment-linked special loans (稳岗扩岗专项贷款), DOMAIN.md "Employment-linked special loan" and
// "Repayment schedules". Money is integer fen; rates are decimal strings in percent ("3.85"),
// never floats, so "3.85" stays 3.85 end to end (the server computes with decimal.js).

type Label = { zh: string; en: string };

const FenSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('integer fen (1 CNY = 100 fen)');

/** A rate in percent per year as a decimal string: "3.85" is 3.85 %. */
export const RatePercentSchema = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage such as "3.85" (at most 4 decimals)')
  .describe('annual rate in percent as a decimal string, e.g. "3.85"');

/** The highest rate a schedule preview accepts, in percent: a sanity bound for the calculator, not a legal limit. */
export const MAX_PREVIEW_RATE_PERCENT = 24;

export const LOAN_APPLICANT_KINDS = ['enterprise', 'individual_business'] as const;
export const LoanApplicantKindSchema = z.enum(LOAN_APPLICANT_KINDS);
export type LoanApplicantKind = z.infer<typeof LoanApplicantKindSchema>;

/** The four target categories (any one qualifies); certified by the HR bureau. */
export const LOAN_CATEGORIES = [1, 2, 3, 4] as const;
export const LoanCategorySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type LoanCategory = z.infer<typeof LoanCategorySchema>;
export const LOAN_CATEGORY_LABELS: Record<LoanCategory, Label> = {
  1: { zh: '人社部门认定的稳岗扩岗优质企业', en: 'Quality job-stabilising firm certified by the HR bureau' },
  2: { zh: '养老托育、家政服务、餐饮、外卖等行业企业', en: 'Elderly care, childcare, domestic services, catering, food delivery' },
  3: { zh: '招工难的保供企业', en: 'Supply-security firm that struggles to hire' },
  4: { zh: '吸纳高校毕业生、返乡人员、退役军人、登记失业人员或就业困难人员较多的企业', en: 'Firm absorbing many graduates, returnees, veterans, registered unemployed or hard-to-employ people' },
};

/**
 * The facts an eligibility decision reads. `headcount` is the number of basic-pension contributors
 * at each month's end; arrears months list the months whose wages / social insurance were not paid
 * on time and in full.
 */
export const EligibilityFactsSchema = z.object({
  kind: LoanApplicantKindSchema,
  foundedOn: IsoDateSchema,
  sizeClass: SizeClassSchema,
  headcount: z.record(MonthSchema, z.number().int().min(0).max(10_000_000)),
  wageArrearsMonths: z.array(MonthSchema).max(600),
  socialInsuranceArrearsMonths: z.array(MonthSchema).max(600),
  categories: z.array(LoanCategorySchema).max(4),
  goodCredit: z.boolean().describe('legal representative and actual controller of good credit, no bad loans (the bank’s input)'),
});
export type EligibilityFacts = z.infer<typeof EligibilityFactsSchema>;

export const EligibilityRequestSchema = z
  .object({
    entityId: IdSchema.optional(),
    facts: EligibilityFactsSchema.optional(),
    productCode: z.string().min(1).max(64),
    date: IsoDateSchema.describe('application date; the product version in force on it decides'),
  })
  .refine((b) => (b.entityId === undefined) !== (b.facts === undefined), {
    path: ['entityId'],
    message: 'give exactly one of entityId (a registry record) or facts (a what-if)',
  });
export type EligibilityRequest = z.infer<typeof EligibilityRequestSchema>;

/** Criterion codes in the order results list them. */
export const ELIGIBILITY_CRITERIA = [
  'entity_kind',
  'operating_period',
  'pension_contributors',
  'headcount_stable',
  'wages_on_time',
  'social_insurance_on_time',
  'good_credit',
  'small_micro',
  'category',
] as const;
export const EligibilityCriterionCodeSchema = z.enum(ELIGIBILITY_CRITERIA);
export type EligibilityCriterionCode = z.infer<typeof EligibilityCriterionCodeSchema>;

/**
 * What each criterion reports. `seen` is the value read from the facts, `required` the threshold of
 * the product version; both are plain JSON values whose meaning is fixed per code (below), so the web
 * can render "seen 11 / required ≥ 12 months" in either language. `seen` is null when the facts lack
 * the data (the criterion then fails).
 */
export const ELIGIBILITY_CRITERION_LABELS: Record<EligibilityCriterionCode, Label & { seen: string; required: string }> = {
  entity_kind: { zh: '主体类型', en: 'Applicant kind', seen: 'kind (string)', required: 'kinds the version lends to (string[])' },
  operating_period: { zh: '经营时间', en: 'Operating period', seen: 'full months since founding (number)', required: 'minimum months (number, ≥)' },
  pension_contributors: { zh: '参保职工人数', en: 'Pension contributors', seen: 'contributors at the latest month-end before the application month (number)', required: 'minimum (number, ≥)' },
  headcount_stable: {
    zh: '参保人数不减少',
    en: 'Headcount not reduced',
    seen: 'largest fall against 12 months earlier and the last year-end, as a fraction (number; 0.032 = fell 3.2 %, negative = grew)',
    required: 'tolerated fall (number; 0 = must not fall, 0.055 = must fall by less than 5.5 %)',
  },
  wages_on_time: { zh: '按时足额发放工资', en: 'Wages paid on time', seen: 'months in arrears in the last 12 months (number)', required: 'maximum (number, ≤)' },
  social_insurance_on_time: { zh: '按时足额缴纳社保', en: 'Social insurance paid on time', seen: 'months in arrears in the last 12 months (number)', required: 'maximum (number, ≤)' },
  good_credit: { zh: '法定代表人及实际控制人信用良好', en: 'Good credit of the legal representative and actual controller', seen: 'boolean', required: 'true' },
  small_micro: { zh: '小微企业', en: 'Small or micro size', seen: 'size class (string)', required: 'size classes accepted (string[])' },
  category: { zh: '属于四类支持对象', en: 'In one of the four categories', seen: 'certified categories (number[])', required: 'any one of (number[])' },
};

export const CriterionValueSchema = z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.number(), z.string()])), z.null()]);
export type CriterionValue = z.infer<typeof CriterionValueSchema>;

export const EligibilityCriterionSchema = z.object({
  code: EligibilityCriterionCodeSchema,
  passed: z.boolean(),
  seen: CriterionValueSchema,
  required: CriterionValueSchema,
  source: z.string().describe('where the seen value came from: registry.headcount, bank.credit, hr.certification, facts …'),
});
export type EligibilityCriterion = z.infer<typeof EligibilityCriterionSchema>;

export const RateRangeSchema = z.object({ min: RatePercentSchema, max: RatePercentSchema });
export type RateRange = z.infer<typeof RateRangeSchema>;

export const LoanOfferSchema = z.object({
  maxLimitFen: FenSchema,
  rateRange: RateRangeSchema,
});
export type LoanOffer = z.infer<typeof LoanOfferSchema>;

export const EligibilityResultSchema = z.object({
  eligible: z.boolean(),
  productVersion: z.string().describe('the version in force on the date, named by its year: "2023", "2025"'),
  criteria: z.array(EligibilityCriterionSchema),
  offer: LoanOfferSchema.optional().describe('indicative limit and rate range; only when eligible'),
});
export type EligibilityResult = z.infer<typeof EligibilityResultSchema>;

export const REPAYMENT_METHODS = ['equal_instalment', 'equal_principal', 'interest_only', 'bullet'] as const;
export const RepaymentMethodSchema = z.enum(REPAYMENT_METHODS);
export type RepaymentMethod = z.infer<typeof RepaymentMethodSchema>;
export const REPAYMENT_METHOD_LABELS: Record<RepaymentMethod, Label> = {
  equal_instalment: { zh: '等额本息', en: 'Equal instalments' },
  equal_principal: { zh: '等额本金', en: 'Equal principal' },
  interest_only: { zh: '按月付息、到期还本', en: 'Monthly interest, principal at maturity' },
  bullet: { zh: '到期一次还本付息', en: 'Principal and interest at maturity' },
};

export const DAY_COUNTS = ['30/360', 'ACT/360'] as const;
export const DayCountSchema = z.enum(DAY_COUNTS);
export type DayCount = z.infer<typeof DayCountSchema>;

/**
 * The calculator's day count when the request names none. 30/360 (monthly rate = annual ÷ 12) so a
 * preview matches the textbook formula and other banks' calculators; a real schedule uses its
 * product's day count (ACT/360 for stable-employment), passed explicitly at disbursement.
 */
export const PREVIEW_DEFAULT_DAY_COUNT: DayCount = '30/360';

export const SchedulePreviewRequestSchema = z.object({
  principalFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  annualRate: RatePercentSchema.refine((r) => Number(r) <= MAX_PREVIEW_RATE_PERCENT, `at most ${MAX_PREVIEW_RATE_PERCENT} %`),
  months: z.number().int().min(1).max(360),
  method: RepaymentMethodSchema,
  startDate: IsoDateSchema.describe('disbursement date; instalments fall due on the same day of each following month'),
  dayCount: DayCountSchema.default(PREVIEW_DEFAULT_DAY_COUNT),
});
export type SchedulePreviewRequest = z.infer<typeof SchedulePreviewRequestSchema>;

export const InstalmentSchema = z.object({
  n: z.number().int().min(1),
  dueDate: IsoDateSchema,
  principalFen: FenSchema,
  interestFen: FenSchema,
  totalFen: FenSchema,
  remainingFen: FenSchema.describe('principal outstanding after this instalment'),
});
export type Instalment = z.infer<typeof InstalmentSchema>;

export const SchedulePreviewSchema = z.object({
  instalments: z.array(InstalmentSchema),
  totalInterestFen: FenSchema,
});
export type SchedulePreview = z.infer<typeof SchedulePreviewSchema>;

export const LoanStatsQuerySchema = z.object({
  productCode: z.string().min(1).max(64).optional(),
  version: z.string().min(1).max(16).optional(),
  region: z.string().optional(),
});
export type LoanStatsQuery = z.infer<typeof LoanStatsQuerySchema>;

export const LoanStatsSchema = z.object({
  issuedCount: z.number().int().min(0),
  issuedAmountFen: FenSchema,
  outstandingFen: FenSchema,
  jobsSustained: z.number().int().min(0).describe('sum of the borrowers’ headcounts at decision'),
});
export type LoanStats = z.infer<typeof LoanStatsSchema>;

/** A JDM decision graph (GoRules JSON Decision Model), edited with the JDM editor and run by zen-engine. */
export const JdmGraphSchema = z.looseObject({
  nodes: z.array(z.looseObject({ id: z.string(), type: z.string(), name: z.string(), content: z.unknown() })).min(2),
  edges: z.array(z.looseObject({ id: z.string(), sourceId: z.string(), targetId: z.string() })),
});
export type JdmGraph = z.infer<typeof JdmGraphSchema>;

/**
 * One version of a loan product: terms in force from `effectiveFrom` to `effectiveTo` (inclusive,
 * null = open-ended). `maxLimitFen` lists the applicant kinds the version lends to with each one's
 * cap; the pricing decision's limit is never allowed above it, nor its rates outside [floor, cap].
 */
export const LoanProductVersionSchema = z.object({
  productCode: z.string().min(1).max(64),
  version: z.string().min(1).max(16),
  name: z.object({ zh: z.string(), en: z.string() }),
  policyBasis: z.string().describe('the policy document, e.g. 人社厅函〔2022〕164号'),
  effectiveFrom: IsoDateSchema,
  effectiveTo: IsoDateSchema.nullable(),
  bank: z.object({ code: z.string(), name: z.string() }),
  policyPartner: z.object({ name: z.string() }),
  maxLimitFen: z.partialRecord(LoanApplicantKindSchema, FenSchema),
  rateCap: RatePercentSchema,
  rateFloor: RatePercentSchema.nullable(),
  termsMonths: z.array(z.number().int().min(1).max(360)).min(1),
  methods: z.array(RepaymentMethodSchema).min(1),
  dayCount: DayCountSchema,
  certificationRequired: z.boolean(),
  eligibilityDecision: JdmGraphSchema,
  pricingDecision: JdmGraphSchema,
});
export type LoanProductVersion = z.infer<typeof LoanProductVersionSchema>;
