import type { LoanOffer, LoanProductVersion, RepaymentMethod } from '@zhengqi/contracts/loans';
import { sql } from 'drizzle-orm';
import type { Database, Scope, Tx } from '../../platform/db/database';
import { queryRows } from '../../platform/db/database';
import { newId } from '../../platform/ids/ids';
import type { LoanDecisionEngine } from './decision-engine';
import type { EligibilityIndicators } from './facts';
import { decisionIssue } from './loan-flow';
import { capOffer, type PricingDecisionOutput } from './pricing';
import { buildScheduleFast } from './schedule-fast';
import { fastDecisionOf } from './screen';

// Batch disbursement (a bank's import of approved loans, or re-pricing a book): each loan priced by
// its product version's pricing decision, its schedule built, and the disbursements with their
// instalments written a batch at a time, one multi-row INSERT … SELECT FROM unnest(…) per batch
// (any number of rows in a fixed number of parameters, on PostgreSQL and PGlite alike). The next
// batch is priced and scheduled while the previous one is being written. Each batch is its own
// transaction and a line already imported (same application and key) is skipped, so a failed
// import is resumed by running it again.
//
// Pricing takes the version's fast path (fast-decision.ts, the path screening uses) when its graphs
// are in the shipped shape, zen-engine otherwise. The single-loan `disburse` action stays in
// loan-service.ts; what this does NOT do is the caller's: authorization (loan.disburse), checking
// the applications' state and approved amounts, moving them to `disbursed`, events and audit.

/** One approved loan to disburse. */
export type BulkDisbursement = {
  applicationId: string;
  regionCode: string;
  /** The import line's key: a repeated line adds nothing (loan_disbursements_key_uq). */
  idempotencyKey: string;
  /** What the credit decision judged (its facts snapshot, derived): pricing reads the kind, the headcount and the new jobs. */
  indicators: EligibilityIndicators;
  amountFen: number;
  termMonths: number;
  method: RepaymentMethod;
  disbursedOn: string;
  /** The decided rate, checked against the offer; absent: the offer's lowest rate (re-pricing a book). */
  annualRate?: string;
};

export type BulkRejection = { applicationId: string; field: string; detail: string };

/** A batch ready to write: one entry per disbursement and one per instalment, column by column. */
export type DisbursementColumns = {
  id: string[];
  applicationId: string[];
  regionCode: string[];
  idempotencyKey: string[];
  amountFen: number[];
  disbursedOn: string[];
  /** Instalments: the position of their disbursement in the arrays above (from 1), then their own columns. */
  of: number[];
  n: number[];
  dueDate: string[];
  principalFen: number[];
  interestFen: number[];
};

export type BulkOptions = {
  createdBy: string;
  now: Date;
  /** Loans a transaction (default 1000; a 36-month loan is 36 instalment rows). */
  batchSize?: number;
  /** 'auto' (default) takes the fast path when the version has one. */
  mode?: 'auto' | 'fast' | 'engine';
  /** Engine evaluations in flight at once; default 64. */
  concurrency?: number;
  onProgress?: (p: { done: number; disbursed: number }) => void;
};

export type BulkSummary = {
  mode: 'fast' | 'engine';
  /** Loans read. */
  checked: number;
  disbursed: number;
  instalments: number;
  /** Lines already imported before (same application and key). */
  skipped: number;
  rejected: BulkRejection[];
};

type Pricer = (indicators: EligibilityIndicators) => LoanOffer | null | Promise<LoanOffer | null>;

/** The capped offer for a loan's indicators: the version's fast path (memoized per table row and kind), or the engine. */
export function bulkPricer(engine: LoanDecisionEngine, version: LoanProductVersion, mode: BulkOptions['mode'] = 'auto'): { mode: 'fast' | 'engine'; price: Pricer } {
  const fast = mode === 'engine' ? null : fastDecisionOf(version);
  if (mode === 'fast' && fast === null) {
    throw new Error(`product ${version.productCode}@${version.version} has no fast path: its graphs are not in the shipped shape`);
  }
  if (fast === null) {
    return { mode: 'engine', price: async (ind) => capOffer(version, ind.kind, (await engine.decide(version, ind)).pricing) ?? null };
  }
  // The fast pricing returns one object per pair of table rows, so each capped offer is computed once per pair and kind.
  const offers = new Map<PricingDecisionOutput, Map<string, LoanOffer | null>>();
  return {
    mode: 'fast',
    price: (ind) => {
      const raw = fast.pricing(ind);
      let byKind = offers.get(raw);
      if (byKind === undefined) {
        byKind = new Map();
        offers.set(raw, byKind);
      }
      let offer = byKind.get(ind.kind);
      if (offer === undefined) {
        offer = capOffer(version, ind.kind, raw) ?? null;
        byKind.set(ind.kind, offer);
      }
      return offer;
    },
  };
}

function emptyColumns(): DisbursementColumns {
  return { id: [], applicationId: [], regionCode: [], idempotencyKey: [], amountFen: [], disbursedOn: [], of: [], n: [], dueDate: [], principalFen: [], interestFen: [] };
}

/**
 * Checks each loan against its offer (amount, rate, term, method, as the credit decision does) and
 * builds its schedule with the version's day count; returns the batch as columns and the rejections.
 */
export function scheduleBatch(version: LoanProductVersion, loans: readonly BulkDisbursement[], offers: readonly (LoanOffer | null)[]): { columns: DisbursementColumns; rejected: BulkRejection[] } {
  const c = emptyColumns();
  const rejected: BulkRejection[] = [];
  for (const [k, loan] of loans.entries()) {
    const offer = offers[k] ?? null;
    if (offer === null) {
      rejected.push({ applicationId: loan.applicationId, field: 'indicators', detail: 'the pricing decision makes no offer' });
      continue;
    }
    const annualRate = loan.annualRate ?? offer.rateRange.min;
    const issue = decisionIssue(
      { maxLimitFen: offer.maxLimitFen, rateMin: offer.rateRange.min, rateMax: offer.rateRange.max, termsMonths: version.termsMonths, methods: version.methods },
      { amountFen: loan.amountFen, annualRate, termMonths: loan.termMonths, method: loan.method },
    );
    if (issue !== null) {
      rejected.push({ applicationId: loan.applicationId, ...issue });
      continue;
    }
    let schedule;
    try {
      schedule = buildScheduleFast({ principalFen: loan.amountFen, annualRate, months: loan.termMonths, method: loan.method, startDate: loan.disbursedOn, dayCount: version.dayCount });
    } catch (e) {
      rejected.push({ applicationId: loan.applicationId, field: 'amountFen', detail: e instanceof Error ? e.message : String(e) });
      continue;
    }
    c.id.push(newId('lnd'));
    const at = c.id.length;
    c.applicationId.push(loan.applicationId);
    c.regionCode.push(loan.regionCode);
    c.idempotencyKey.push(loan.idempotencyKey);
    c.amountFen.push(loan.amountFen);
    c.disbursedOn.push(loan.disbursedOn);
    for (const i of schedule.instalments) {
      c.of.push(at);
      c.n.push(i.n);
      c.dueDate.push(i.dueDate);
      c.principalFen.push(i.principalFen);
      c.interestFen.push(i.interestFen);
    }
  }
  return { columns: c, rejected };
}

/**
 * Writes a batch in one statement: the disbursements (a line whose application and key are already
 * there is skipped) and the instalments of those written. Returns how many of each were written.
 */
export async function insertDisbursements(tx: Tx, c: DisbursementColumns, createdBy: string, now: Date): Promise<{ disbursed: number; instalments: number }> {
  if (c.id.length === 0) {
    return { disbursed: 0, instalments: 0 };
  }
  const p = sql.param;
  // The instalments name their disbursement by its position (`of`), joined to the rows written.
  const [r] = await queryRows<{ written: number[] }>(tx, sql`
    with d as (
      insert into loan_disbursements (id, application_id, region_code, idempotency_key, amount_fen, disbursed_on, created_by, created_at)
      select t.id, t.application_id, t.region_code, t.idempotency_key, t.amount_fen, t.disbursed_on, ${createdBy}, ${now}
      from unnest(${p(c.id)}::text[], ${p(c.applicationId)}::text[], ${p(c.regionCode)}::text[], ${p(c.idempotencyKey)}::text[], ${p(c.amountFen)}::int8[], ${p(c.disbursedOn)}::date[])
        as t(id, application_id, region_code, idempotency_key, amount_fen, disbursed_on)
      on conflict (application_id, idempotency_key) do nothing
      returning id, application_id, region_code
    ), ks as (
      select d.id, d.application_id, d.region_code, t.k::int4 as k from d join unnest(${p(c.id)}::text[]) with ordinality as t(id, k) on t.id = d.id
    ), i as (
      insert into loan_instalments (disbursement_id, application_id, region_code, n, due_date, principal_fen, interest_fen)
      select ks.id, ks.application_id, ks.region_code, x.n, x.due_date, x.principal_fen, x.interest_fen
      from unnest(${p(c.of)}::int4[], ${p(c.n)}::int4[], ${p(c.dueDate)}::date[], ${p(c.principalFen)}::int8[], ${p(c.interestFen)}::int8[])
        as x(k, n, due_date, principal_fen, interest_fen)
      join ks on ks.k = x.k
    )
    select coalesce(array_agg(k), '{}') as written from ks`);
  const written = new Set(r?.written ?? []);
  let instalments = 0;
  if (written.size === c.id.length) {
    instalments = c.of.length;
  } else {
    for (const k of c.of) {
      instalments += written.has(k) ? 1 : 0;
    }
  }
  return { disbursed: written.size, instalments };
}

async function* batches<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const x of items) {
    batch.push(x);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) {
    yield batch;
  }
}

async function priceAll(price: Pricer, loans: readonly BulkDisbursement[], concurrency: number): Promise<(LoanOffer | null)[]> {
  const out: (LoanOffer | null)[] = new Array<LoanOffer | null>(loans.length);
  const pending: Promise<void>[] = [];
  for (const [k, loan] of loans.entries()) {
    const o = price(loan.indicators);
    if (o instanceof Promise) {
      pending.push(o.then((v) => void (out[k] = v)));
      if (pending.length >= concurrency) {
        await Promise.all(pending.splice(0));
      }
    } else {
      out[k] = o;
    }
  }
  await Promise.all(pending);
  return out;
}

/**
 * Prices, schedules and writes `loans` under `version`, a batch per transaction in `scope`, the
 * next batch prepared while the previous one is written.
 */
export async function disburseBulk(
  db: Database,
  scope: Scope,
  engine: LoanDecisionEngine,
  version: LoanProductVersion,
  loans: Iterable<BulkDisbursement> | AsyncIterable<BulkDisbursement>,
  options: BulkOptions,
): Promise<BulkSummary> {
  const { mode, price } = bulkPricer(engine, version, options.mode);
  const summary: BulkSummary = { mode, checked: 0, disbursed: 0, instalments: 0, skipped: 0, rejected: [] };
  let writing: Promise<void> | null = null;
  const write = async (columns: DisbursementColumns) => {
    const r = await db.tx(scope, (tx) => insertDisbursements(tx, columns, options.createdBy, options.now));
    summary.disbursed += r.disbursed;
    summary.instalments += r.instalments;
    summary.skipped += columns.id.length - r.disbursed;
    options.onProgress?.({ done: summary.checked, disbursed: summary.disbursed });
  };
  try {
    for await (const batch of batches(loans, Math.max(1, options.batchSize ?? 1000))) {
      const offers = await priceAll(price, batch, Math.max(1, options.concurrency ?? 64));
      const { columns, rejected } = scheduleBatch(version, batch, offers);
      summary.checked += batch.length;
      summary.rejected.push(...rejected);
      if (writing !== null) {
        await writing;
      }
      writing = write(columns);
      // Until it is awaited (next turn, or below) a failure must not count as unhandled.
      writing.catch(() => undefined);
    }
  } catch (e) {
    await writing?.catch(() => undefined);
    throw e;
  }
  await writing;
  return summary;
}
