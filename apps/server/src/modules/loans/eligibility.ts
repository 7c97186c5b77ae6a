import { z } from 'zod';
import {
  ELIGIBILITY_CRITERIA,
  type EligibilityCriterion,
  type EligibilityCriterionCode,
  type EligibilityResult,
  type LoanApplicantKind,
  type LoanProductVersion,
} from '@zhengqi/contracts/loans';
import { DomainError } from '../../platform/errors/domain-error';
import type { EligibilityIndicators } from './facts';
import { capOffer, type PricingDecisionOutput } from './pricing';

// Turns what the two JDM decisions return into the explainable result: one line per criterion with
// the value seen, the value required and where the seen value came from.

/** The thresholds the eligibility decision's table chose for the applicant's kind. */
export const EligibilityRuleSchema = z.object({
  kindAllowed: z.boolean(),
  minMonthsOperating: z.number(),
  minPensionContributors: z.number(),
  headcountDeclineTolerance: z.number(),
  maxWageArrearsMonths: z.number(),
  maxSocialInsuranceArrearsMonths: z.number(),
  sizeClasses: z.array(z.string()),
  categories: z.array(z.number()),
});
export type EligibilityRule = z.infer<typeof EligibilityRuleSchema>;

export const EligibilityDecisionOutputSchema = z.object({
  criteria: z.object(Object.fromEntries(ELIGIBILITY_CRITERIA.map((c) => [c, z.boolean()])) as Record<EligibilityCriterionCode, z.ZodBoolean>),
  rule: EligibilityRuleSchema,
});
export type EligibilityDecisionOutput = z.infer<typeof EligibilityDecisionOutputSchema>;

// zen-engine leaves a null expression out of its output, so a missing key reads as null; `matched`
// is always there, so a graph that lost its edges is told apart from a table that matched no row.
const nullableNumber = z
  .number()
  .nullish()
  .transform((v) => v ?? null);
export const PricingDecisionOutputSchema = z
  .object({ matched: z.boolean(), limitFen: nullableNumber, rateMin: nullableNumber, rateMax: nullableNumber })
  .transform(({ matched, limitFen, rateMin, rateMax }): PricingDecisionOutput => (matched ? { limitFen, rateMin, rateMax } : { limitFen: null, rateMin: null, rateMax: null }));

/** Where each kind of fact came from; one label for all when the caller passed facts directly. */
export type FactSources = {
  entity: string;
  headcount: string;
  wages: string;
  socialInsurance: string;
  credit: string;
  categories: string;
};

/** The sources of a decision on a registry record (the data flow). */
export const REGISTRY_SOURCES: FactSources = {
  entity: 'registry.entity',
  headcount: 'registry.headcount',
  wages: 'registry.wages',
  socialInsurance: 'registry.social_insurance',
  credit: 'bank.credit',
  categories: 'hr.certification',
};

/** Pre-check at submission: the credit check and the categories are not established yet. */
export const PRECHECK_SOURCES: FactSources = { ...REGISTRY_SOURCES, credit: 'bank.credit (pending due diligence)', categories: 'applicant.claimed' };

const SOURCE_OF: Record<EligibilityCriterionCode, keyof FactSources> = {
  entity_kind: 'entity',
  operating_period: 'entity',
  pension_contributors: 'headcount',
  headcount_stable: 'headcount',
  wages_on_time: 'wages',
  social_insurance_on_time: 'socialInsurance',
  good_credit: 'credit',
  small_micro: 'entity',
  category: 'categories',
};

/** Validates what a decision returned; a graph edited into another shape is a configuration error. */
export function parseDecisionOutput<T>(schema: z.ZodType<T>, raw: unknown, which: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('LOAN_DECISION_FAILED', { detail: `${which} returned ${z.prettifyError(parsed.error)}` });
  }
  return parsed.data;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The explained criteria, in ELIGIBILITY_CRITERIA order. */
export function explainCriteria(
  version: LoanProductVersion,
  indicators: EligibilityIndicators,
  decision: EligibilityDecisionOutput,
  sources: FactSources | string,
): EligibilityCriterion[] {
  const { rule } = decision;
  const lendsTo = Object.keys(version.maxLimitFen) as LoanApplicantKind[];
  const values: Record<EligibilityCriterionCode, Pick<EligibilityCriterion, 'seen' | 'required'>> = {
    entity_kind: { seen: indicators.kind, required: lendsTo },
    operating_period: { seen: indicators.monthsOperating, required: rule.minMonthsOperating },
    pension_contributors: { seen: indicators.headcountNow, required: rule.minPensionContributors },
    headcount_stable: { seen: indicators.headcountDecline === null ? null : round4(indicators.headcountDecline), required: rule.headcountDeclineTolerance },
    wages_on_time: { seen: indicators.wageArrearsMonths, required: rule.maxWageArrearsMonths },
    social_insurance_on_time: { seen: indicators.socialInsuranceArrearsMonths, required: rule.maxSocialInsuranceArrearsMonths },
    good_credit: { seen: indicators.goodCredit, required: true },
    small_micro: { seen: indicators.sizeClass, required: rule.sizeClasses },
    category: { seen: indicators.categories, required: rule.categories },
  };
  return ELIGIBILITY_CRITERIA.map((code) => ({
    code,
    passed: decision.criteria[code],
    ...values[code],
    source: typeof sources === 'string' ? sources : sources[SOURCE_OF[code]],
  }));
}

/** The whole result: eligible when every criterion passed; an offer (capped) only then. */
export function eligibilityResult(
  version: LoanProductVersion,
  indicators: EligibilityIndicators,
  decision: EligibilityDecisionOutput,
  pricing: PricingDecisionOutput | null,
  sources: FactSources | string,
): EligibilityResult {
  const criteria = explainCriteria(version, indicators, decision, sources);
  const eligible = criteria.every((c) => c.passed);
  const offer = eligible && pricing !== null ? capOffer(version, indicators.kind, pricing) : undefined;
  return offer === undefined ? { eligible, productVersion: version.version, criteria } : { eligible, productVersion: version.version, criteria, offer };
}
