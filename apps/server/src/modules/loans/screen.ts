import type { EligibilityFacts, EligibilityResult, LoanOffer, LoanProductVersion } from '@zhengqi/contracts/loans';
import type { LoanDecisionEngine } from './decision-engine';
import { eligibilityResult, type FactSources } from './eligibility';
import { compileFastDecision, type FastDecision } from './fast-decision';
import { deriveIndicators, type EligibilityIndicators } from './facts';
import { capOffer, type PricingDecisionOutput } from './pricing';

// Screening (issue 5): run a product version's eligibility over many firms and keep the eligible
// ones with their indicative offer. The fast path (fast-decision.ts) reads the same JDM tables and
// runs in-process; the engine is the fallback when a version's graphs are not in the shipped shape.

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

export type ScreenEntry<K> = { key: K; facts: EligibilityFacts };
/** An eligible firm: its key, its headcount (jobs it sustains) and its indicative offer. */
export type ScreenHit<K> = { key: K; headcount: number | null; offer: LoanOffer | null };
export type ScreenProgress = { checked: number; eligible: number };
export type ScreenSummary<K> = { mode: ScreenMode; checked: number; hits: ScreenHit<K>[] };

export type ScreenOptions = {
  /** 'auto' (default) takes the fast path when the version has one. */
  mode?: 'auto' | ScreenMode;
  onProgress?: (p: ScreenProgress) => void;
  /** How many firms between progress reports (and yields to the event loop); default 10,000. */
  progressEvery?: number;
  /** Engine evaluations in flight at once; default 64. */
  concurrency?: number;
};

/**
 * Screens `entries` (any iterable, sync or async, so a caller can stream rows from the database)
 * against `version` on `date`; returns the eligible ones in input order.
 */
export async function screenEntities<K>(
  engine: LoanDecisionEngine,
  version: LoanProductVersion,
  entries: Iterable<ScreenEntry<K>> | AsyncIterable<ScreenEntry<K>>,
  date: string,
  options: ScreenOptions = {},
): Promise<ScreenSummary<K>> {
  const every = Math.max(1, options.progressEvery ?? 10_000);
  const fast = options.mode === 'engine' ? null : fastDecisionOf(version);
  if (options.mode === 'fast' && fast === null) {
    throw new Error(`product ${version.productCode}@${version.version} has no fast path: its graphs are not in the shipped shape`);
  }
  const hits: ScreenHit<K>[] = [];
  let checked = 0;
  const report = async () => {
    options.onProgress?.({ checked, eligible: hits.length });
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  if (fast !== null) {
    // The fast pricing returns one object per table-row pair, so the capped offer is computed once per pair and kind.
    const offers = new Map<PricingDecisionOutput, Map<string, LoanOffer | null>>();
    const offerFor = (kind: EligibilityIndicators['kind'], pricing: PricingDecisionOutput): LoanOffer | null => {
      let byKind = offers.get(pricing);
      if (byKind === undefined) {
        byKind = new Map();
        offers.set(pricing, byKind);
      }
      let offer = byKind.get(kind);
      if (offer === undefined) {
        offer = capOffer(version, kind, pricing) ?? null;
        byKind.set(kind, offer);
      }
      return offer;
    };
    const check = ({ key, facts }: ScreenEntry<K>) => {
      const indicators = deriveIndicators(facts, date);
      const decision = fast.eligibility(indicators);
      if (Object.values(decision.criteria).every(Boolean)) {
        hits.push({ key, headcount: indicators.headcountNow, offer: offerFor(indicators.kind, fast.pricing(indicators)) });
      }
      return ++checked % every === 0;
    };
    // A plain loop over a synchronous source: `for await` would cost a microtask per firm.
    if (Symbol.iterator in entries) {
      for (const entry of entries) {
        if (check(entry)) {
          await report();
        }
      }
    } else {
      for await (const entry of entries) {
        if (check(entry)) {
          await report();
        }
      }
    }
    await report();
    return { mode: 'fast', checked, hits };
  }

  // Engine: a window of evaluations in flight, results kept in input order.
  const limit = Math.max(1, options.concurrency ?? 64);
  const inFlight: { key: K; headcount: number | null; result: Promise<EligibilityResult> }[] = [];
  const settle = async (item: (typeof inFlight)[number]) => {
    const r = await item.result;
    if (r.eligible) {
      hits.push({ key: item.key, headcount: item.headcount, offer: r.offer ?? null });
    }
    if (++checked % every === 0) {
      await report();
    }
  };
  for await (const { key, facts } of entries) {
    const indicators = deriveIndicators(facts, date);
    const result = engine.evaluateIndicators(version, indicators);
    // a failure is thrown when its turn comes; until then it must not count as unhandled
    result.catch(() => undefined);
    inFlight.push({ key, headcount: indicators.headcountNow, result });
    if (inFlight.length >= limit) {
      await settle(inFlight.shift() as (typeof inFlight)[number]);
    }
  }
  for (const item of inFlight) {
    await settle(item);
  }
  await report();
  return { mode: 'engine', checked, hits };
}
