// B3: special-loan pricing + amortization for N approved loans with their schedules persisted, vs
// (a) the bare annuity loop in integer fen (no pricing, no decimals, no database) and (b) COPY of
// the same rows. Ours is disburseBulk (apps/server/src/modules/loans/loan-bulk.ts): the 2025
// version's pricing decision through its fast path (the one screening uses; zen-engine is what a
// single application's credit decision runs, timed here on a sample for comparison), capOffer, the
// offer check, buildScheduleFast (= buildSchedule, property-tested), and one unnest INSERT per
// 1000 loans writing the disbursements and instalments, in a bank officer's scope (RLS on), the
// next batch prepared while the previous one is written. Loans come from a seeded generator; the
// approved applications they disburse are seeded in SQL. Rounds alternate ours / bare / COPY.
import { loadavg } from 'node:os';
import pg from 'pg';
import type { LoanOffer, LoanProductVersion } from '@zhengqi/contracts/loans';
import { LoanDecisionEngine } from '../apps/server/src/modules/loans/decision-engine';
import type { EligibilityIndicators } from '../apps/server/src/modules/loans/facts';
import { bulkPricer, disburseBulk, scheduleBatch, type BulkDisbursement, type DisbursementColumns } from '../apps/server/src/modules/loans/loan-bulk';
import { STABLE_EMPLOYMENT_VERSIONS } from '../apps/server/src/modules/loans/product-versions';
import { openPostgres } from '../apps/server/src/platform/db/database';
import { createRegionDirectory } from '../apps/server/src/platform/regions/region-directory';
import { ensureReferenceData } from '../apps/server/src/seed/reference-data';
import type { Row } from './b1-problem-transitions';

const ROUNDS = 3;
const BATCH = 1000;
const TERM = 36;
const SEED = 20_261_128;
const ENGINE_SAMPLE = 2000;
const DAY_MS = 86_400_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

/** mulberry32: a small seeded generator, so every run disburses the same book. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const appId = (k: number) => `lna_b3${String(k).padStart(10, '0')}`;

/** N approved 36-month equal-instalment loans: 90 % enterprises, 10–600 contributors, 0.1–3 M CNY, disbursed on any day of 2026. */
function generateLoans(n: number, regions: readonly string[]): BulkDisbursement[] {
  const rnd = random(SEED);
  const loans: BulkDisbursement[] = [];
  const jan1 = Date.UTC(2026, 0, 1);
  for (let k = 1; k <= n; k++) {
    const kind = rnd() < 0.1 ? 'individual_business' : 'enterprise';
    const now = 10 + Math.floor(rnd() ** 2 * 590);
    const added = Math.min(now - 10, Math.floor(rnd() * 70));
    const indicators: EligibilityIndicators = {
      kind, sizeClass: rnd() < 0.7 ? 'micro' : 'small', monthsOperating: 12 + Math.floor(rnd() * 200), referenceMonth: '2025-12',
      headcountNow: now, headcountNowMonth: '2025-12', headcountYearAgo: now - added, headcountYearAgoMonth: '2024-12', lastYearEndHeadcount: now - added, lastYearEndMonth: '2024-12',
      headcountDecline: -added / Math.max(1, now - added), jobsAdded: added, wageArrearsMonths: 0, socialInsuranceArrearsMonths: 0, goodCredit: true, categories: [1],
    };
    loans.push({
      applicationId: appId(k), regionCode: regions[k % regions.length] ?? '', idempotencyKey: 'b3-import:1', indicators,
      amountFen: (10 + Math.floor(rnd() * 291)) * 1_000_000, termMonths: TERM, method: 'equal_instalment',
      disbursedOn: new Date(jan1 + Math.floor(rnd() * 365) * DAY_MS).toISOString().slice(0, 10),
    });
  }
  return loans;
}

/** COPY … FROM STDIN as a pg submittable (the protocol's CopyData messages, no extra package). */
class CopyIn {
  readonly text: string;
  readonly #chunks: readonly string[];
  readonly #done: Promise<void>;
  #resolve: () => void = () => undefined;
  #reject: (e: Error) => void = () => undefined;
  #error: Error | null = null;
  constructor(text: string, chunks: readonly string[]) {
    this.text = text;
    this.#chunks = chunks;
    this.#done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    for (const c of this.#chunks) {
      connection.sendCopyFromChunk(Buffer.from(c));
    }
    connection.endCopyFrom();
  }
  handleError(e: Error): void {
    this.#error = e;
  }
  handleReadyForQuery(): void {
    if (this.#error === null) {
      this.#resolve();
    } else {
      this.#reject(this.#error);
    }
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  get done(): Promise<void> {
    return this.#done;
  }
}

async function copyIn(client: pg.PoolClient, text: string, chunks: readonly string[]): Promise<void> {
  const q = new CopyIn(text, chunks);
  void client.query(q as unknown as pg.QueryConfig);
  await q.done;
}

/** The batch's rows in COPY text format (the ids, keys and codes are plain ASCII). */
function copyText(c: DisbursementColumns, createdBy: string, at: string): { disbursements: string[]; instalments: string[] } {
  const d: string[] = [];
  for (let k = 0; k < c.id.length; k++) {
    d.push(`${c.id[k]}\t${c.applicationId[k]}\t${c.regionCode[k]}\t${c.idempotencyKey[k]}\t${c.amountFen[k]}\t${c.disbursedOn[k]}\t${createdBy}\t${at}\n`);
  }
  const lines: string[] = [];
  let chunk = '';
  for (let r = 0; r < c.of.length; r++) {
    const k = (c.of[r] ?? 1) - 1;
    chunk += `${c.id[k]}\t${c.applicationId[k]}\t${c.regionCode[k]}\t${c.n[r]}\t${c.dueDate[r]}\t${c.principalFen[r]}\t${c.interestFen[r]}\n`;
    if (chunk.length > 65_536) {
      lines.push(chunk);
      chunk = '';
    }
  }
  lines.push(chunk);
  return { disbursements: [d.join('')], instalments: lines };
}

type Bare = { principal: Float64Array; interest: Float64Array };

/** The bare annuity loop: integer fen in doubles, Math.round, ACT/360 days from day numbers; nothing else. */
function bareLoop(loans: readonly { p: number; rate: number; y: number; m: number; d: number }[], n: number, out: Bare): void {
  let w = 0;
  for (const l of loans) {
    const r = l.rate / 1200;
    const g = (1 + r) ** n;
    const payment = Math.round((l.p * r * g) / (g - 1));
    let outstanding = l.p;
    let prev = Date.UTC(l.y, l.m - 1, l.d) / DAY_MS;
    for (let j = 1; j <= n; j++) {
      const index = l.y * 12 + l.m - 1 + j;
      const y = Math.floor(index / 12);
      const m = index % 12;
      const due = Date.UTC(y, m, Math.min(l.d, new Date(Date.UTC(y, m + 1, 0)).getUTCDate())) / DAY_MS;
      const interest = Math.round((outstanding * l.rate * (due - prev)) / 36_000);
      const principal = j === n ? outstanding : Math.min(Math.max(payment - interest, 0), outstanding);
      outstanding -= principal;
      out.principal[w] = principal;
      out.interest[w] = interest;
      w++;
      prev = due;
    }
  }
}

export async function runB3(opts: { url: string; full: boolean; row: Row }): Promise<void> {
  const n = opts.full ? 100_000 : 20_000;
  const version = STABLE_EMPLOYMENT_VERSIONS[1] as LoanProductVersion;
  const regions = createRegionDirectory().subtree('371500');
  const db = await openPostgres(opts.url, 4, 4);
  await db.migrate();
  await ensureReferenceData(db);
  const pool = new pg.Pool({ connectionString: opts.url, max: 2 });
  const engine = new LoanDecisionEngine();
  const loadStart = load();

  // The approved applications (contracted, waiting for the money), as the loans' generator names them.
  const seedStart = performance.now();
  await pool.query(
    `insert into loan_applications (id, number, region_code, entity_id, entity_name, entity_uscc, applicant_kind, product_code, product_version, bank_code, applied_on, state, channel,
       requested_amount_fen, term_months, method, categories_claimed, created_by, created_at, updated_at)
     select 'lna_b3' || lpad(g::text, 10, '0'), 'B3-' || g, ($2::text[])[1 + g % cardinality($2::text[])], 'ent_b3' || g, '基准企业 ' || g, 'B3' || lpad(g::text, 16, '0'),
       'enterprise', 'stable-employment', '2025', 'BOC', '2025-12-01', 'contracted', 'online', 300000000, ${TERM}, 'equal_instalment', '{1}', 'usr_bench', now(), now()
     from generate_series(1, $1::int) g`,
    [n, regions],
  );
  await pool.query('vacuum analyze loan_applications');
  const loans = generateLoans(n, regions);
  console.log(`B3: ${n} approved loans seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; ${ROUNDS} rounds alternating ours / bare loop / COPY; load ${loadStart}`);

  // The same rows for the bare loop and for COPY: each loan's priced rate (untimed).
  const { price } = bulkPricer(engine, version, 'fast');
  const offerOf = (l: BulkDisbursement) => price(l.indicators) as LoanOffer | null;
  const rates = loans.map((l) => offerOf(l)?.rateRange.min ?? '0');
  const bareInput = loans.map((l, k) => ({ p: l.amountFen, rate: Number(rates[k]), y: Number(l.disbursedOn.slice(0, 4)), m: Number(l.disbursedOn.slice(5, 7)), d: Number(l.disbursedOn.slice(8, 10)) }));
  const bare: Bare = { principal: new Float64Array(n * TERM), interest: new Float64Array(n * TERM) };

  // zen-engine (what one application's credit decision runs), on a sample: its pricing alone, one loan at a time as the API does.
  const engineStart = performance.now();
  for (const l of loans.slice(0, ENGINE_SAMPLE)) {
    await engine.decide(version, l.indicators);
  }
  const engineRate = ENGINE_SAMPLE / ((performance.now() - engineStart) / 1000);

  const scope = { kind: 'user' as const, userId: 'usr_bench', regions };
  const reset = async () => {
    await pool.query('truncate loan_disbursements cascade');
    await pool.query('checkpoint');
  };
  const at = new Date();
  const ours: number[] = [];
  const compute: number[] = [];
  const bareRates: number[] = [];
  const copy: number[] = [];
  let wrong = 0;
  let differ = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Ours, end to end.
    await reset();
    let t = performance.now();
    const s = await disburseBulk(db, scope, engine, version, loans, { createdBy: 'usr_bench', now: at, batchSize: BATCH, mode: 'auto' });
    ours.push(n / ((performance.now() - t) / 1000));
    wrong += s.disbursed === n && s.instalments === n * TERM && s.rejected.length === 0 ? 0 : 1;

    // Ours without the database: pricing and schedules only, for where the time goes.
    t = performance.now();
    for (let k = 0; k < n; k += BATCH) {
      const batch = loans.slice(k, k + BATCH);
      scheduleBatch(version, batch, batch.map(offerOf));
    }
    compute.push(n / ((performance.now() - t) / 1000));

    // (a) the bare annuity loop.
    t = performance.now();
    bareLoop(bareInput, TERM, bare);
    bareRates.push(n / ((performance.now() - t) / 1000));

    // (b) COPY of the same rows, a transaction per batch as ours; only serializing and copying is timed.
    await reset();
    const client = await pool.connect();
    let copySeconds = 0;
    try {
      for (let k = 0; k < n; k += BATCH) {
        const batch = loans.slice(k, k + BATCH);
        const { columns } = scheduleBatch(version, batch, batch.map(offerOf));
        if (round === 0) {
          // The bare loop's rows against ours (float rounding may differ by a fen now and then).
          for (let r = 0; r < columns.n.length; r++) {
            differ += columns.principalFen[r] === bare.principal[k * TERM + r] && columns.interestFen[r] === bare.interest[k * TERM + r] ? 0 : 1;
          }
        }
        const c0 = performance.now();
        const text = copyText(columns, 'usr_bench', at.toISOString());
        await client.query('begin');
        await copyIn(client, 'copy loan_disbursements (id, application_id, region_code, idempotency_key, amount_fen, disbursed_on, created_by, created_at) from stdin', text.disbursements);
        await copyIn(client, 'copy loan_instalments (disbursement_id, application_id, region_code, n, due_date, principal_fen, interest_fen) from stdin', text.instalments);
        await client.query('commit');
        copySeconds += (performance.now() - c0) / 1000;
      }
    } finally {
      client.release();
    }
    const copied = Number((await pool.query<{ n: string }>('select count(*) as n from loan_instalments')).rows[0]?.n ?? 0);
    wrong += copied === n * TERM ? 0 : 1;
    copy.push(n / copySeconds);
    console.log(`  round ${round + 1}: ours ${ours[round]?.toFixed(0)} loans/s (pricing + schedules alone ${compute[round]?.toFixed(0)}/s) · bare loop ${bareRates[round]?.toFixed(0)}/s · COPY ${copy[round]?.toFixed(0)}/s`);
  }
  await reset();
  const loadEnd = load();

  const ratio = median(ours.map((o, i) => o / (copy[i] ?? 1)));
  const rows = (x: number) => `${x.toFixed(0)} loans/s = ${((x * TERM) / 1000).toFixed(0)} k rows/s`;
  opts.row(
    'B3',
    `pricing (2025 JDM pricing decision, fast path) + offer check + schedule (ACT/360) + disbursement and ${TERM} instalment rows written for ${n} approved loans: disburseBulk, unnest INSERT per ${BATCH} loans, bank officer's scope (RLS)`,
    `${rows(median(ours))}; pricing + schedules alone ${median(compute).toFixed(0)} loans/s${wrong > 0 ? `; ${wrong} passes with a wrong count` : ''}`,
    `COPY of the same rows ${rows(median(copy))}; bare annuity loop ${median(bareRates).toFixed(0)} loans/s (${differ} of ${n * TERM} rows differ from ours by rounding); zen-engine pricing one at a time ≈ ${engineRate.toFixed(0)} loans/s; load ${loadStart} → ${loadEnd}`,
    ratio,
    '≥ 0.25 × COPY',
    ratio >= 0.25 && wrong === 0,
  );
  engine.dispose();
  await db.close();
  await pool.end();
}
