import type { ScreeningJob } from '@zhengqi/contracts/loan-applications';
import { ELIGIBILITY_CRITERIA, type EligibilityCriterionCode, type EligibilityFacts, type LoanOffer, type LoanProductVersion } from '@zhengqi/contracts/loans';
import { sql } from 'drizzle-orm';
import type { Database, Scope, Tx } from '../../platform/db/database';
import { queryRows } from '../../platform/db/database';
import type { LoanDecisionEngine } from './decision-engine';
import { deriveIndicators, type EligibilityIndicators } from './facts';
import { capOffer, type PricingDecisionOutput } from './pricing';
import { fastDecisionOf, type ScreenMode, type ScreenProgress } from './screen';

// Screening a whole jurisdiction without holding it in memory (B6: a million enterprises); the
// screening job (loan-screening.ts) runs this. One statement, read through a cursor a page at a
// time, returns one row a firm with its history already gathered into arrays by the database (only
// the months in arrears of the payment records), and the next page is on its way while this one is
// screened. The facts, their indicators and the criteria are the same code as a single application's
// (deriveIndicators, the version's fast path or the engine); each firm's failed criteria are kept,
// not only the eligible firms.

export type ScreeningHit = ScreeningJob['hits'][number];

export type StreamScreenOptions = {
  /** Only these regions (within what the scope sees); all of the scope's otherwise. */
  regions?: readonly string[];
  /** Firms a FETCH (default 5,000). */
  pageSize?: number;
  /** 'auto' (default) takes the fast path when the version has one. */
  mode?: 'auto' | ScreenMode;
  /** Engine evaluations in flight at once; default 64. */
  concurrency?: number;
  /** Reported after every page and every `progressEvery` firms (default 500), when the event loop is given a turn too. */
  onProgress?: (p: ScreenProgress) => void;
  progressEvery?: number;
};

export type StreamScreenResult = {
  mode: ScreenMode;
  checked: number;
  /** The eligible firms with their indicative offer, in the order read. */
  hits: ScreeningHit[];
  /** Every firm screened, in the order read … */
  ids: string[];
  /** … and the criteria it failed: bit i set when ELIGIBILITY_CRITERIA[i] failed (0 = eligible). */
  failed: Uint16Array;
  /** How many firms failed each criterion. */
  failedCounts: Record<EligibilityCriterionCode, number>;
};

/** The codes of a `failed` mask. */
export function failedCriteria(mask: number): EligibilityCriterionCode[] {
  return ELIGIBILITY_CRITERIA.filter((_, i) => (mask & (1 << i)) !== 0);
}

type CandidateRow = {
  id: string;
  name: string;
  uscc: string;
  region_code: string;
  kind: string;
  founded_on: string;
  size_class: EligibilityFacts['sizeClass'];
  months: string[] | null;
  counts: number[] | null;
  wage_months: string[] | null;
  si_months: string[] | null;
};

const CURSOR = 'zq_screen_candidates';

/** The firms screened: every enterprise and individual business the scope sees, in `regions` when given. */
function candidateFilter(alias: string, regions: readonly string[] | undefined) {
  const e = sql.raw(alias);
  return sql`${e}.kind in ('enterprise', 'individual_business')${regions === undefined ? sql`` : sql` and ${e}.region_code = any(${sql.param([...regions])}::text[])`}`;
}

/** How many firms `screenJurisdiction` would read (the job's progress total). */
export async function countCandidates(tx: Tx, regions?: readonly string[]): Promise<number> {
  const [r] = await queryRows<{ n: string | number }>(tx, sql`select count(*) as n from market_entities e where ${candidateFilter('e', regions)}`);
  return Number(r?.n ?? 0);
}

function declareCandidates(tx: Tx, fromMonth: string, regions: readonly string[] | undefined) {
  // A firm's history is read whatever region its rows were recorded under (a firm that moved keeps
  // its older rows' region code); only the scope's row-level security limits it, as for one application.
  const ofCandidates = regions === undefined ? sql`` : sql` and entity_id in (select c.id from market_entities c where ${candidateFilter('c', regions)})`;
  return tx.execute(sql`declare ${sql.raw(CURSOR)} no scroll cursor for
    select e.id, e.name, e.uscc, e.region_code, e.kind, e.founded_on::text as founded_on, e.size_class,
           h.months, h.counts, p.wage_months, p.si_months
    from market_entities e
    left join (
      select entity_id, array_agg(month) as months, array_agg(pension_contributors) as counts
      from entity_headcounts where month >= ${fromMonth}${ofCandidates} group by entity_id
    ) h on h.entity_id = e.id
    left join (
      select entity_id, array_agg(month) filter (where wages <> 'on_time') as wage_months, array_agg(month) filter (where social_insurance <> 'on_time') as si_months
      from entity_payment_records where month >= ${fromMonth} and (wages <> 'on_time' or social_insurance <> 'on_time')${ofCandidates} group by entity_id
    ) p on p.entity_id = e.id
    where ${candidateFilter('e', regions)}`);
}

/** The facts of a firm as screened: category and credit are not in the registry, so assumed (one certified category, good credit). */
function factsOf(r: CandidateRow): EligibilityFacts {
  const headcount: Record<string, number> = {};
  const months = r.months ?? [];
  const counts = r.counts ?? [];
  for (let i = 0; i < months.length; i++) {
    headcount[months[i] as string] = counts[i] as number;
  }
  return {
    kind: r.kind === 'individual_business' ? 'individual_business' : 'enterprise',
    foundedOn: r.founded_on,
    sizeClass: r.size_class,
    headcount,
    wageArrearsMonths: r.wage_months ?? [],
    socialInsuranceArrearsMonths: r.si_months ?? [],
    categories: [1],
    goodCredit: true,
  };
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Screens every enterprise and individual business the scope sees (or in `regions`) under
 * `version` on `date` (YYYY-MM-DD), reading the registry a page at a time.
 */
export async function screenJurisdiction(db: Database, scope: Scope, engine: LoanDecisionEngine, version: LoanProductVersion, date: string, options: StreamScreenOptions = {}): Promise<StreamScreenResult> {
  const fast = options.mode === 'engine' ? null : fastDecisionOf(version);
  if (options.mode === 'fast' && fast === null) {
    throw new Error(`product ${version.productCode}@${version.version} has no fast path: its graphs are not in the shipped shape`);
  }
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 5000));
  const concurrency = Math.max(1, options.concurrency ?? 64);
  const every = Math.max(1, Math.floor(options.progressEvery ?? 500));
  // The months read: from the same month two years back.
  const fromMonth = `${String(Number(date.slice(0, 4)) - 2)}-${date.slice(5, 7)}`;
  const result: StreamScreenResult = {
    mode: fast === null ? 'engine' : 'fast',
    checked: 0,
    hits: [],
    ids: [],
    failed: new Uint16Array(1024),
    failedCounts: Object.fromEntries(ELIGIBILITY_CRITERIA.map((c) => [c, 0])) as Record<EligibilityCriterionCode, number>,
  };
  const bits = ELIGIBILITY_CRITERIA.map((c, i) => [c, 1 << i] as const);
  const offers = new Map<PricingDecisionOutput, Map<string, LoanOffer | null>>();
  const offerFor = (ind: EligibilityIndicators, pricing: PricingDecisionOutput): LoanOffer | null => {
    let byKind = offers.get(pricing);
    if (byKind === undefined) {
      byKind = new Map();
      offers.set(pricing, byKind);
    }
    let offer = byKind.get(ind.kind);
    if (offer === undefined) {
      offer = capOffer(version, ind.kind, pricing) ?? null;
      byKind.set(ind.kind, offer);
    }
    return offer;
  };
  const record = (r: CandidateRow, mask: number, headcount: number | null, offer: LoanOffer | null | undefined) => {
    const at = result.checked++;
    if (at === result.failed.length) {
      const grown = new Uint16Array(at * 2);
      grown.set(result.failed);
      result.failed = grown;
    }
    result.ids.push(r.id);
    result.failed[at] = mask;
    if (mask === 0 && offer !== null && offer !== undefined) {
      result.hits.push({
        entityId: r.id, name: r.name, uscc: r.uscc, regionCode: r.region_code, kind: r.kind === 'individual_business' ? 'individual_business' : 'enterprise',
        headcount: headcount ?? 0, maxLimitFen: offer.maxLimitFen, rateMin: offer.rateRange.min, rateMax: offer.rateRange.max,
      });
    }
    for (const [c, bit] of bits) {
      if ((mask & bit) !== 0) {
        result.failedCounts[c]++;
      }
    }
  };

  const report = () => options.onProgress?.({ checked: result.checked, eligible: result.hits.length });
  const screenPage = async (rows: readonly CandidateRow[]) => {
    if (fast !== null) {
      for (const r of rows) {
        const ind = deriveIndicators(factsOf(r), date);
        const criteria = fast.eligibility(ind).criteria;
        let mask = 0;
        for (const [c, bit] of bits) {
          mask |= criteria[c] ? 0 : bit;
        }
        record(r, mask, ind.headcountNow, mask === 0 ? offerFor(ind, fast.pricing(ind)) : null);
        // Now and then the event loop turns, so the next page's rows are read while this one is
        // screened (and the server answers meanwhile, the job's progress polls among others).
        if (result.checked % every === 0) {
          report();
          await yieldToLoop();
        }
      }
      return;
    }
    for (let k = 0; k < rows.length; k += concurrency) {
      const before = result.checked;
      const part = rows.slice(k, k + concurrency);
      const results = await Promise.all(part.map((r) => {
        const ind = deriveIndicators(factsOf(r), date);
        return engine.evaluateIndicators(version, ind).then((res) => ({ ind, res }));
      }));
      for (const [i, { ind, res }] of results.entries()) {
        let mask = 0;
        for (const c of res.criteria) {
          mask |= c.passed ? 0 : 1 << ELIGIBILITY_CRITERIA.indexOf(c.code);
        }
        record(part[i] as CandidateRow, mask, ind.headcountNow, res.offer);
      }
      if (Math.floor(result.checked / every) > Math.floor(before / every)) {
        report();
      }
    }
  };

  await db.tx(scope, async (tx) => {
    // A whole-registry statement costs enough for PostgreSQL to JIT-compile it with inlining and
    // optimization, which takes longer than it saves here (seconds on a busy 2-core machine).
    await tx.execute(sql`set local jit = off`);
    await declareCandidates(tx, fromMonth, options.regions);
    const fetchPage = () => queryRows<CandidateRow>(tx, sql`fetch forward ${sql.raw(String(pageSize))} from ${sql.raw(CURSOR)}`);
    let next: Promise<CandidateRow[]> | null = fetchPage();
    while (next !== null) {
      const rows: CandidateRow[] = await next;
      next = rows.length < pageSize ? null : fetchPage();
      // A failed prefetch is thrown when awaited, not reported as unhandled meanwhile.
      next?.catch(() => undefined);
      await screenPage(rows);
      report();
    }
    await tx.execute(sql`close ${sql.raw(CURSOR)}`);
  });
  result.failed = result.failed.slice(0, result.checked);
  return result;
}
