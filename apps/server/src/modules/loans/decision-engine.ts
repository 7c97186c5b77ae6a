import { createHash } from 'node:crypto';
import { ZenEngine, type ZenDecision } from '@gorules/zen-engine';
import type { EligibilityFacts, EligibilityResult, LoanProductVersion } from '@zhengqi/contracts/loans';
import { DomainError } from '../../platform/errors/domain-error';
import { deriveIndicators, type EligibilityIndicators } from './facts';
import {
  EligibilityDecisionOutputSchema,
  PricingDecisionOutputSchema,
  eligibilityResult,
  parseDecisionOutput,
  type EligibilityDecisionOutput,
  type FactSources,
} from './eligibility';
import type { PricingDecisionOutput } from './pricing';

type Compiled = { fingerprint: string; eligibility: ZenDecision; pricing: ZenDecision };

const fingerprints = new WeakMap<LoanProductVersion, string>();

/** A digest of a version's two decisions, so an edited draft under the same name is recompiled. */
function fingerprintOf(version: LoanProductVersion): string {
  let f = fingerprints.get(version);
  if (f === undefined) {
    f = createHash('sha256').update(JSON.stringify([version.eligibilityDecision, version.pricingDecision])).digest('hex');
    fingerprints.set(version, f);
  }
  return f;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unknown error';
}

/**
 * Runs a product version's JDM decisions with zen-engine. Compiled decisions are cached per
 * product code and version (and recompiled when the graph content changes, as in the test panel).
 * One instance per process; evaluation is async because zen runs off the JS thread.
 */
export class LoanDecisionEngine {
  readonly #zen = new ZenEngine();
  readonly #compiled = new Map<string, Compiled>();

  /** The compiled decisions of a version; throws LOAN_DECISION_FAILED when a graph does not compile. */
  compile(version: LoanProductVersion): Compiled {
    const key = `${version.productCode}@${version.version}`;
    const fingerprint = fingerprintOf(version);
    const cached = this.#compiled.get(key);
    if (cached?.fingerprint === fingerprint) {
      return cached;
    }
    const create = (content: object, which: string): ZenDecision => {
      try {
        const d = this.#zen.createDecision(content);
        d.validate();
        return d;
      } catch (e) {
        throw new DomainError('LOAN_DECISION_FAILED', { detail: `${key} ${which}: ${errorText(e)}` });
      }
    };
    const compiled = { fingerprint, eligibility: create(version.eligibilityDecision, 'eligibility'), pricing: create(version.pricingDecision, 'pricing') };
    this.#compiled.set(key, compiled);
    return compiled;
  }

  /** Eligibility of `facts` on `date` (the application date) under `version`, explained criterion by criterion. */
  async evaluateEligibility(version: LoanProductVersion, facts: EligibilityFacts, date: string, sources: FactSources | string = 'facts'): Promise<EligibilityResult> {
    return this.evaluateIndicators(version, deriveIndicators(facts, date), sources);
  }

  /** As evaluateEligibility, from indicators already derived (screening derives them in bulk). */
  async evaluateIndicators(version: LoanProductVersion, indicators: EligibilityIndicators, sources: FactSources | string = 'facts'): Promise<EligibilityResult> {
    const compiled = this.compile(version);
    const decision = await this.#run(compiled.eligibility, indicators, EligibilityDecisionOutputSchema, `${version.version} eligibility`);
    const eligible = Object.values(decision.criteria).every(Boolean);
    const pricing = eligible ? await this.#run(compiled.pricing, indicators, PricingDecisionOutputSchema, `${version.version} pricing`) : null;
    return eligibilityResult(version, indicators, decision, pricing, sources);
  }

  /** The raw outputs of both decisions, for the product editor's test panel and the fast path's cross-check. */
  async decide(version: LoanProductVersion, indicators: EligibilityIndicators): Promise<{ eligibility: EligibilityDecisionOutput; pricing: PricingDecisionOutput }> {
    const compiled = this.compile(version);
    const [eligibility, pricing] = await Promise.all([
      this.#run(compiled.eligibility, indicators, EligibilityDecisionOutputSchema, `${version.version} eligibility`),
      this.#run(compiled.pricing, indicators, PricingDecisionOutputSchema, `${version.version} pricing`),
    ]);
    return { eligibility, pricing };
  }

  /** Frees the native engine; the instance is unusable afterwards. */
  dispose(): void {
    this.#compiled.clear();
    this.#zen.dispose();
  }

  async #run<T>(decision: ZenDecision, input: EligibilityIndicators, schema: Parameters<typeof parseDecisionOutput<T>>[0], which: string): Promise<T> {
    let raw: unknown;
    try {
      raw = (await decision.evaluate(input)).result;
    } catch (e) {
      throw new DomainError('LOAN_DECISION_FAILED', { detail: `${which}: ${errorText(e)}` });
    }
    return parseDecisionOutput(schema, raw, which);
  }
}
