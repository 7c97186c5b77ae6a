import type { EligibilityResult, LoanProductVersion } from '@zhengqi/contracts/loans';
import { eligibilityResult, type FactSources } from './eligibility';
import { compileFastDecision, type FastDecision } from './fast-decision';
import type { EligibilityIndicators } from './facts';

// Screening (issue 5) runs a product version's eligibility over many firms (screenJurisdiction in
// loan-screening-stream.ts). The fast path (fast-decision.ts) reads the same JDM tables and runs
// in-process; the engine is the fallback when a version's graphs are not in the shipped shape.

export type ScreenMode = 'fast' | 'engine';

const fastCache = new WeakMap<LoanProductVersion, FastDecision | null>();

/** The fast path of a version, compiled once per version object; null when it has none. */
export function fastDecisionOf(version: LoanProductVersion): FastDecision | null {
  let fast = fastCache.get(version);
  if (fast === undefined) {
    fast = compileFastDecision(version);
    fastCache.set(version, fast);
  }
  return fast;
}

/** The full explained result through the fast path: the same answer as LoanDecisionEngine.evaluateIndicators. */
export function evaluateFast(version: LoanProductVersion, fast: FastDecision, indicators: EligibilityIndicators, sources: FactSources | string = 'facts'): EligibilityResult {
  const decision = fast.eligibility(indicators);
  const eligible = Object.values(decision.criteria).every(Boolean);
  return eligibilityResult(version, indicators, decision, eligible ? fast.pricing(indicators) : null, sources);
}

export type ScreenProgress = { checked: number; eligible: number };
