import type { LoanState } from '@zhengqi/contracts/loan-applications';
import type { LoanCategory, RepaymentMethod } from '@zhengqi/contracts/loans';
import { inArray, sql } from 'drizzle-orm';
import { REGISTRY_SOURCES } from '../modules/loans/eligibility';
import { selectEntityFacts } from '../modules/loans/loan-data';
import { loanEngine, selectPublishedVersions } from '../modules/loans/loan-products-service';
import { ONGOING_CRITERIA } from '../modules/loans/loan-recheck';
import { DEFAULT_SECOND_APPROVAL_THRESHOLD_FEN } from '../modules/loans/loan-service';
import { addMonthsClamped, addMonthsToMonth, monthOf } from '../modules/loans/month-arithmetic';
import { loanDaysPastDue } from '../modules/loans/schedule';
import { loanApplications, loanDeskLog, loanDisbursements, loanRemedyTasks } from '../modules/loans/schema';
import { marketEntities } from '../modules/registry/schema';
import { createWorkingCalendar } from '../platform/calendar/working-days';
import { shanghaiToday } from '../platform/clock/clock';
import { queryRows, type Tx } from '../platform/db/database';
import { newId } from '../platform/ids/ids';
import { act, type Channel, decisionOffer, lastDues, loadActors, newSim, play, rateIn, repayToToday, type Sim, type Step, type Who, type World } from './demo-loan-play';
import { addDays, BOOK_REGIONS, BOOK_TRADES, DAY_MS, factsOf, type Firm, firmFactory, type FirmFactory, HISTORY_FROM, monthsFrom, type TradeKey, TRADES, WAN_FEN, workdayOnOrAfter, workdayOnOrBefore, workdaysAfter, workdaysBefore, yearOf } from './demo-loan-firms';
import { intBetween, pick, prng, type Rand, shuffle } from './random';

// The special-loan book (稳岗扩岗专项贷款) the seed page describes (docs/seed-figures.md, "Special
// loans"): under the 2023 version, 38 small firms — the textile company and the steel-pipe and
// railway-equipment maker the page names among them — were lent 150,000,000 CNY in all, applied for
// and disbursed from January 2023 to early 2025 and repaid up to the clock's date; under the 2025
// version, applications in every state. Every application is played through the real rules: the
// transition table with each step's organization and permission (availableLoanActions), the
// eligibility and pricing decisions of the product version in force (the zen-engine graphs, via
// loanEngine), the decision's limits (decisionIssue), maker-checker (afterDecision), schedules
// (buildSchedule, ACT/360) and repayments (allocateRepayment), on the working-day calendar. A refused
// step is a bug in this file. Deterministic for a given clock (only ids differ); a handful of batch
// inserts.

/** The earliest clock date the book fits: the 2025 version's closed loan needs a year of repayments after 2025-03-06. */
export const LOAN_BOOK_EARLIEST_TODAY = '2026-06-01';
/** The page's figures: 150,000,000 CNY (1.5亿元) to 38 small firms under the 2023 programme. */
export const PAGE_FIRMS_2023 = 38;
export const PAGE_AMOUNT_FEN_2023 = 15_000_000_000;
export const TEXTILE_NAME = '聊城玉纤纺织有限公司';
export const STEEL_PIPE_NAME = '山东欧嘉电力通信装备有限公司';
const HOUSEKEEPING_NAME = '高唐县惠民家政服务部（演示）';

const PRODUCT = 'stable-employment';
/** Registry history of the loan firms starts here: a 2023-01 application reads back to 2021-01. */
const UNIT_FEN = 10 * WAN_FEN; // amounts are whole 10万元

// ---------------------------------------------------------------------------------------------
// The 2023 book: 38 firms, 150,000,000 CNY.

type BookLoan = { sim: Sim; firm: Firm; amountUnits: number; limitUnits: number; twoTranches: boolean };

/** Scales raw amounts (in 10万元 units) to `target` exactly (largest remainder), then keeps each within [min, its limit]. */
function fitAmounts(raw: readonly number[], limits: readonly number[], min: number, target: number): number[] {
  const sum = raw.reduce((a, b) => a + b, 0);
  const exact = raw.map((v) => (v * target) / sum);
  const out = exact.map(Math.floor);
  let left = target - out.reduce((a, b) => a + b, 0);
  const order = exact.map((v, i) => ({ i, frac: v - Math.floor(v) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) {
      break;
    }
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  // Repair: lift any below the minimum and cut any above its limit, moving the difference to loans with room.
  for (let guard = 0; guard < 10_000; guard++) {
    const low = out.findIndex((v) => v < min);
    const high = out.findIndex((v, i) => v > (limits[i] ?? 0));
    if (low < 0 && high < 0) {
      return out;
    }
    if (low >= 0) {
      const donor = out.reduce((best, v, i) => (v > min && v > (out[best] ?? 0) ? i : best), -1);
      if (donor < 0) {break;}
      out[low] = (out[low] ?? 0) + 1;
      out[donor] = (out[donor] ?? 0) - 1;
    } else {
      const taker = out.findIndex((v, i) => v < (limits[i] ?? 0));
      if (taker < 0) {break;}
      out[high] = (out[high] ?? 0) - 1;
      out[taker] = (out[taker] ?? 0) + 1;
    }
  }
  throw new Error('demo-loans: the 2023 amounts cannot fit the page total within the limits');
}

/** Working days spread evenly over [from, to] with a little jitter, in order. */
function spreadDates(w: World, n: number, from: string, to: string): string[] {
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS;
  return Array.from({ length: n }, (_, i) => workdayOnOrAfter(w.cal, addDays(from, Math.round(((i + 0.2 + w.rand() * 0.6) / n) * span))));
}

async function seedBook2023(w: World, factory: FirmFactory, textile: Firm, steel: Firm): Promise<{ loans: BookLoan[]; others: Sim[] }> {
  // Application dates: the two named firms in spring 2023 (as on the page), the rest from January 2023
  // to the end of February 2025, before the 2025 version took over.
  const dates = [
    ...spreadDates(w, 9, '2023-01-09', '2023-12-15'),
    ...spreadDates(w, 19, '2024-01-08', '2024-12-20'),
    ...spreadDates(w, 8, '2025-01-06', '2025-02-27'),
  ];
  const regions = shuffle(w.rand, BOOK_REGIONS.flatMap(([r, n]) => Array.from({ length: n }, () => r)));
  const plans: Array<{ firm: Firm; appliedOn: string; channel: Channel; term: number; method: RepaymentMethod }> = [
    // The steel-pipe maker: several contacts, the credit intent confirmed on 17 March 2023, then the application.
    { firm: steel, appliedOn: '2023-03-20', channel: 'on_site', term: 36, method: 'equal_principal' },
    // The textile firm: a phone consultation on 7 April 2023, a visit (revenue and tax), the application.
    { firm: textile, appliedOn: '2023-04-11', channel: 'on_site', term: 24, method: 'equal_instalment' },
  ];
  for (const [i, appliedOn] of dates.entries()) {
    const trade = TRADES[pick(w.rand, BOOK_TRADES)];
    const firm = factory.make({ region: regions[i] ?? '371502', trade, start: intBetween(w.rand, trade.heads[0], trade.heads[1]) });
    const y = yearOf(appliedOn);
    const r = w.rand();
    const term = y === 2023 ? (r < 0.35 ? 12 : r < 0.75 ? 24 : 36) : y === 2024 ? (r < 0.1 ? 12 : r < 0.3 ? 24 : 36) : r < 0.4 ? 24 : 36;
    const m = w.rand();
    const method: RepaymentMethod = m < 0.45 ? 'equal_instalment' : m < 0.72 ? 'equal_principal' : m < 0.92 || term !== 12 ? 'interest_only' : 'bullet';
    plans.push({ firm, appliedOn, channel: w.rand() < 0.55 ? 'phone' : 'on_site', term, method });
  }

  // Up to due diligence; then the decision's offer fixes each loan's limit.
  const staged: Array<{ sim: Sim; dueOn: string; limit: number }> = [];
  for (const [i, p] of plans.entries()) {
    const sim = newSim(w, p.firm, { appliedOn: p.appliedOn, channel: p.channel, by: 'officer', requestedFen: UNIT_FEN, termMonths: p.term, method: p.method });
    const returned = i % 13 === 5;
    const steps: Array<[number, Step]> = [[w.rand() < 0.7 ? 0 : 1, { action: 'submit' }]];
    if (returned) {
      steps.push([intBetween(w.rand, 1, 3), { action: 'return', reason: '请补充最近12个月工资发放流水及社保缴费明细' }], [intBetween(w.rand, 2, 4), { action: 'submit' }]);
    }
    steps.push([intBetween(w.rand, 1, 4), { action: 'certify' }], [intBetween(w.rand, 2, 5), { action: 'diligence' }]);
    const last = await play(w, sim, steps);
    if (sim.state !== 'deciding') {
      throw new Error(`demo loan for ${p.firm.name}: ${sim.state} before the decision`);
    }
    const dueOn = workdaysAfter(w.cal, last, intBetween(w.rand, 1, 4));
    const offer = await decisionOffer(w, sim, dueOn);
    staged.push({ sim, dueOn, limit: Math.floor(offer.maxLimitFen / UNIT_FEN) });
  }

  // Amounts: the two named firms as chosen, the others sized on revenue and scaled to the page's total.
  const fixed = new Map<Firm, number>([[steel, 80], [textile, 50]]);
  const free = staged.filter((s) => !fixed.has(s.sim.firm));
  const raw = free.map((s) => {
    const heads = s.sim.certification?.headcountVerified ?? 10;
    return Math.max(8, Math.min(s.limit, Math.round((heads * s.sim.firm.perHeadWan * (0.06 + w.rand() * 0.2)) / 10)));
  });
  const target = PAGE_AMOUNT_FEN_2023 / UNIT_FEN - [...fixed.values()].reduce((a, b) => a + b, 0);
  const fitted = fitAmounts(raw, free.map((s) => s.limit), 5, target);
  const units = new Map<Sim, number>(free.map((s, i) => [s.sim, fitted[i] ?? 0]));

  const loans: BookLoan[] = [];
  for (const s of staged) {
    const amountUnits = fixed.get(s.sim.firm) ?? units.get(s.sim) ?? 0;
    if (amountUnits < 1 || amountUnits > s.limit) {
      throw new Error(`demo loan for ${s.sim.firm.name}: ${String(amountUnits)} units outside its limit`);
    }
    const amountFen = amountUnits * UNIT_FEN;
    s.sim.requestedFen = w.rand() < 0.25 ? Math.ceil((amountFen * (1.1 + w.rand() * 0.3)) / UNIT_FEN) * UNIT_FEN : amountFen;
    await act(w, s.sim, s.dueOn, { action: 'decide', approved: true, amountFen, rate: rateIn(w.rand) });
    const steps: Array<[number, Step]> = [];
    if (s.sim.state === 'second_approval') {
      steps.push([intBetween(w.rand, 1, 2), { action: 'approve', approved: true }]);
    }
    // Two loans drawn in two tranches (partial disbursements up to the approved amount).
    const twoTranches = amountUnits >= 60 && loans.filter((l) => l.twoTranches).length < 2 && w.rand() < 0.4;
    const first = twoTranches ? Math.round(amountUnits * 0.6) * UNIT_FEN : amountFen;
    steps.push([intBetween(w.rand, 1, 3), { action: 'sign' }], [intBetween(w.rand, 1, 3), { action: 'disburse', amountFen: first }]);
    if (twoTranches) {
      steps.push([intBetween(w.rand, 8, 15), { action: 'disburse', amountFen: amountFen - first }]);
    }
    await play(w, s.sim, steps);
    loans.push({ sim: s.sim, firm: s.sim.firm, amountUnits, limitUnits: s.limit, twoTranches });
  }

  // A few that never became loans: declined on the credit report, a failed pre-check withdrawn, a draft withdrawn.
  const others: Sim[] = [];
  const bad = factory.make({ region: '371522', trade: TRADES.steel, start: 36 });
  const declined = newSim(w, bad, { appliedOn: '2023-08-14', channel: 'phone', by: 'officer', requestedFen: 300 * WAN_FEN, termMonths: 24, method: 'equal_instalment' });
  await play(w, declined, [
    [0, { action: 'submit' }], [2, { action: 'certify' }],
    [3, { action: 'diligence', creditCheck: 'bad', visitNotes: '实地走访：经营正常；征信报告显示实际控制人名下一笔经营贷款逾期90天以上，尚未结清。' }],
    [2, { action: 'decide', approved: false, reason: '实际控制人征信存在未结清的不良贷款，不符合准入条件' }],
  ]);
  others.push(declined);
  const arrears = factory.make({ region: '371581', trade: TRADES.garment, start: 55 });
  for (const m of ['2024-02', '2024-03']) {
    arrears.siLate.add(m);
  }
  const failed = newSim(w, arrears, { appliedOn: '2024-05-13', channel: 'on_site', by: 'officer', requestedFen: 500 * WAN_FEN, termMonths: 36, method: 'equal_principal' });
  await play(w, failed, [[0, { action: 'submit' }], [3, { action: 'withdraw', reason: '社保欠缴补齐前暂不申请，企业撤回' }]]);
  others.push(failed);
  const drafted = factory.make({ region: 'Z15002', trade: TRADES.software, start: 18 });
  const draft = newSim(w, drafted, { appliedOn: '2024-10-21', channel: 'phone', by: 'officer', requestedFen: 100 * WAN_FEN, termMonths: 12, method: 'bullet' });
  await play(w, draft, [[2, { action: 'withdraw', reason: '企业已通过其他渠道解决资金需求，申请撤回' }]]);
  others.push(draft);
  return { loans, others };
}

// ---------------------------------------------------------------------------------------------
// Under the 2025 version: applications in every state, dated back from today.

type Case = {
  firm: Firm;
  /** The working day of the last step before repayments. */
  end: string;
  steps: ReadonlyArray<readonly [number, Step]>;
  channel?: Channel;
  by?: Who;
  priority?: boolean;
  requestedFen: number;
  termMonths: number;
  method: RepaymentMethod;
  expect: LoanState;
  /** Repay up to today; 'miss-last' and 'miss-two' leave the latest one or two instalments due unpaid. */
  repay?: 'all' | 'miss-last' | 'miss-two';
};

async function playCase(w: World, c: Case): Promise<Sim> {
  const total = c.steps.reduce((s, [gap]) => s + gap, 0);
  const appliedOn = workdaysBefore(w.cal, c.end, total);
  if (appliedOn < '2025-03-06') {
    throw new Error(`demo loan for ${c.firm.name}: applied on ${appliedOn}, before the 2025 version`);
  }
  const sim = newSim(w, c.firm, { appliedOn, channel: c.channel ?? 'phone', by: c.by ?? 'officer', requestedFen: c.requestedFen, termMonths: c.termMonths, method: c.method, priority: c.priority ?? false });
  await play(w, sim, c.steps, c.by ?? 'officer');
  if (c.repay !== undefined) {
    const [older, latest] = lastDues(w, sim);
    await repayToToday(w, sim, c.repay === 'miss-last' ? latest : c.repay === 'miss-two' ? older : undefined);
  }
  if (sim.state !== c.expect) {
    throw new Error(`demo loan for ${c.firm.name}: ended ${sim.state}, expected ${c.expect}`);
  }
  return sim;
}

/** The usual way to a disbursement: submitted at once, certified, diligence, decision, contract, money. */
function toDisbursement(rand: Rand, amountFen: number, firstFen = amountFen): Array<readonly [number, Step]> {
  const steps: Array<readonly [number, Step]> = [[0, { action: 'submit' }], [2, { action: 'certify' }], [3, { action: 'diligence' }], [2, { action: 'decide', approved: true, amountFen, rate: rateIn(rand) }]];
  if (amountFen > DEFAULT_SECOND_APPROVAL_THRESHOLD_FEN) {
    steps.push([1, { action: 'approve', approved: true }]);
  }
  steps.push([2, { action: 'sign' }], [2, { action: 'disburse', amountFen: firstFen }]);
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Rows.

/** Many rows in one INSERT … SELECT FROM unnest(…): one array parameter per column, whatever the row count. */
async function insertUnnest(tx: Tx, table: string, columns: ReadonlyArray<readonly [string, string, ReadonlyArray<string | number | null>]>, onConflict = ''): Promise<void> {
  if ((columns[0]?.[2].length ?? 0) === 0) {
    return;
  }
  const names = sql.raw(columns.map(([name]) => name).join(', '));
  const arrays = sql.join(columns.map(([, type, values]) => sql`${sql.param(values)}::${sql.raw(type)}[]`), sql`, `);
  await queryRows(tx, sql`insert into ${sql.raw(table)} (${names}) select * from unnest(${arrays}) ${sql.raw(onConflict)}`);
}

export type DemoLoansResult = { applications: number; issued2023: number; issuedFen2023: number; firms: number };

/**
 * The special-loan book: firms (new ones tagged demo) with registry history from 2021, the 2023 book
 * reproducing the page, 2025 applications in every state, a remedy task and the desk log. Runs in the
 * demo seed's transaction after the entities exist; nothing when the clock is before LOAN_BOOK_EARLIEST_TODAY.
 */
export async function seedDemoLoans(tx: Tx, now: Date): Promise<DemoLoansResult> {
  const today = shanghaiToday(now);
  if (today < LOAN_BOOK_EARLIEST_TODAY) {
    return { applications: 0, issued2023: 0, issuedFen2023: 0, firms: 0 };
  }
  const cal = createWorkingCalendar({ overrides: [], importedYears: [] });
  const versions = await selectPublishedVersions(tx, PRODUCT);
  if (versions.length === 0) {
    throw new Error('demo-loans: the stable-employment product is not published (reference data missing)');
  }
  const w: World = { today, now, cal, actors: await loadActors(tx), versions, rand: prng(20230407), clockRand: prng(20230408), contracts: 0 };
  const lastMonth = addMonthsToMonth(monthOf(today), -1);
  const factory = firmFactory(w.rand, lastMonth);

  // The entities demo-data.ts made that the book uses.
  const existing = await tx.select().from(marketEntities).where(inArray(marketEntities.name, [TEXTILE_NAME, STEEL_PIPE_NAME, HOUSEKEEPING_NAME]));
  const entity = (name: string) => {
    const e = existing.find((x) => x.name === name);
    if (e === undefined) {
      throw new Error(`demo entity ${name} missing`);
    }
    return e;
  };
  const adopt = (e: (typeof existing)[number], category: LoanCategory, trade: string, perHeadWan: number, heads: Map<string, number>): Firm => ({
    id: e.id, name: e.name, uscc: e.uscc, regionCode: e.regionCode, kind: e.kind === 'individual_business' ? 'individual_business' : 'enterprise', foundedOn: e.foundedOn,
    sizeClass: e.sizeClass, industry: e.industrySection, category, trade, perHeadWan, heads, wagesLate: new Set(), siLate: new Set(), isNew: false, writeHistory: true, tags: e.tags,
  });
  // The two firms the page names get a clean history: the textile firm 64 → 68 contributors by 2023 and
  // steady since; the steel-pipe and railway-equipment maker slowly growing below 100.
  const textileHeads = new Map(monthsFrom(HISTORY_FROM, lastMonth).map((m): [string, number] => [m, m < '2021-06' ? 64 : m < '2022-03' ? 65 : m < '2022-09' ? 66 : m < '2023-02' ? 67 : 68]));
  const textile = adopt(entity(TEXTILE_NAME), 1, '纺织', 38, textileHeads);
  let steelLevel = 88;
  const steelMonthly = prng(20230499);
  const steelHeads = new Map(monthsFrom(HISTORY_FROM, lastMonth).map((m): [string, number] => {
    const h = steelLevel;
    if (steelMonthly() < 0.15) {
      steelLevel = Math.min(99, steelLevel + 1);
    }
    return [m, h];
  }));
  const steel = adopt(entity(STEEL_PIPE_NAME), 3, '钢管及铁路专用设备', 55, steelHeads);
  // The housekeeping business (individual, 6 contributors) keeps the history demo-data.ts gave it.
  const hk = entity(HOUSEKEEPING_NAME);
  const hkFacts = await selectEntityFacts(tx, hk.id, [], true, HISTORY_FROM);
  const housekeeping: Firm = {
    ...adopt(hk, 2, '家政服务', 10, new Map(Object.entries(hkFacts?.facts.headcount ?? {}))), writeHistory: false,
    wagesLate: new Set(hkFacts?.facts.wageArrearsMonths ?? []), siLate: new Set(hkFacts?.facts.socialInsuranceArrearsMonths ?? []),
  };

  // ----- The 2023 book.
  const book = await seedBook2023(w, factory, textile, steel);

  // Repayments to today. One loan in trouble: it stopped paying two instalments ago and its social
  // insurance fell into arrears in the last two months, which this month's re-check caught. A 2023
  // loan while one is still well inside its term (until late 2027), a 2025 one after that.
  const outstandingAt = (l: BookLoan) => l.sim.instalments.some((i) => i.dueDate > addDays(today, 90)) && l.sim.instalments.some((i) => i.dueDate < addDays(today, -90));
  const troubledBook = book.loans.find((l) => l.firm.isNew && !l.twoTranches && l.sim.method === 'equal_instalment' && outstandingAt(l));
  for (const l of book.loans) {
    await repayToToday(w, l.sim, l === troubledBook ? lastDues(w, l.sim)[0] : undefined);
  }

  // ----- Under the 2025 version, dated back from today.
  const base = workdayOnOrBefore(cal, today);
  const ago = (n: number) => workdaysBefore(cal, base, n);
  /** The working day on or before `months` months ago. */
  const monthsAgo = (months: number) => workdayOnOrBefore(cal, addMonthsClamped(today, -months));
  const make = (region: string, trade: TradeKey, start: number) => factory.make({ region, trade: TRADES[trade], start });
  // Repeat borrowers: 2023 firms whose loan was repaid before they came back (a new firm when none was).
  const again = (l: BookLoan) => Math.min(l.limitUnits, 100, Math.round(l.amountUnits * 1.2)) * UNIT_FEN;
  const used = new Set<BookLoan>();
  const comeBack = (before: string, region: string, trade: TradeKey, start: number): { firm: Firm; amountFen: number } => {
    const l = book.loans.find((x) => x.firm.isNew && x !== troubledBook && !used.has(x) && x.sim.state === 'closed' && (x.sim.repayments.at(-1)?.paidOn ?? before) < before);
    if (l === undefined) {
      return { firm: make(region, trade, start), amountFen: 300 * WAN_FEN };
    }
    used.add(l);
    return { firm: l.firm, amountFen: again(l) };
  };
  const r4 = comeBack(addMonthsClamped(today, -8), '371521', 'farm', 60);
  const [r1, r2, r3] = [comeBack(addMonthsClamped(today, -1), '371581', 'textile', 70), comeBack(addMonthsClamped(today, -1), '371522', 'delivery', 50), comeBack(addMonthsClamped(today, -1), 'Z15002', 'steel', 45)];
  const disbursed = (amountFen: number) => toDisbursement(w.rand, amountFen);
  const upTo = (n: number, amountFen: number) => disbursed(amountFen).slice(0, n);

  // A garment firm whose headcount fell by a tenth over the last year: the pre-check refuses it.
  const fallen = make('371525', 'garment', 48);
  const fellFrom = addMonthsToMonth(monthOf(ago(6)), -10);
  for (const [m, h] of fallen.heads) {
    fallen.heads.set(m, m >= fellFrom ? 43 : Math.max(48, h));
  }
  // A 2025 borrower, in trouble once no 2023 loan is far enough from its end.
  const ecommerce = make('371503', 'ecommerce', 40);
  const cases: Case[] = [
    // The textile firm itself, online through ent.user, green channel: with the HR bureau now.
    { firm: textile, by: 'ent', channel: 'online', priority: true, end: ago(2), steps: upTo(1, 800 * WAN_FEN), requestedFen: 800 * WAN_FEN, termMonths: 36, method: 'equal_instalment', expect: 'certifying' },
    { firm: make('371522', 'catering', 30), end: base, steps: [], requestedFen: 200 * WAN_FEN, termMonths: 12, method: 'equal_instalment', expect: 'draft' },
    // Pre-check failures: too few contributors (an individual business with 6), and a headcount that fell 10 %.
    { firm: housekeeping, end: ago(8), steps: [[0, { action: 'submit' }]], requestedFen: 50 * WAN_FEN, termMonths: 12, method: 'bullet', expect: 'precheck_failed' },
    { firm: fallen, end: ago(6), steps: [[0, { action: 'submit' }]], requestedFen: 400 * WAN_FEN, termMonths: 24, method: 'equal_principal', expect: 'precheck_failed' },
    { firm: make('371524', 'food', 60), end: ago(9), steps: [[1, { action: 'submit' }]], requestedFen: 600 * WAN_FEN, termMonths: 36, method: 'equal_principal', expect: 'certifying' },
    { firm: make('Z15002', 'software', 25), end: ago(3), steps: [[0, { action: 'submit' }], [3, { action: 'return', reason: '请补充近一年吸纳高校毕业生、退役军人的劳动合同及参保明细' }]], requestedFen: 300 * WAN_FEN, termMonths: 24, method: 'equal_instalment', expect: 'returned' },
    { firm: make('371502', 'elderly', 35), end: ago(2), steps: upTo(2, 200 * WAN_FEN), requestedFen: 200 * WAN_FEN, termMonths: 36, method: 'interest_only', expect: 'diligence' },
    { firm: r1.firm, end: ago(8), steps: upTo(2, r1.amountFen), requestedFen: r1.amountFen, termMonths: 36, method: 'equal_instalment', expect: 'diligence' },
    { firm: make('371581', 'auto', 85), priority: true, end: ago(7), steps: upTo(3, 900 * WAN_FEN), requestedFen: 900 * WAN_FEN, termMonths: 36, method: 'equal_principal', expect: 'deciding' },
    { firm: r2.firm, end: ago(1), steps: upTo(3, r2.amountFen), requestedFen: r2.amountFen, termMonths: 24, method: 'equal_instalment', expect: 'deciding' },
    // Above the 10-million threshold: decided by boc.approver, waiting for boc.checker.
    { firm: make('371526', 'machinery', 150), end: ago(2), steps: upTo(4, 1500 * WAN_FEN), requestedFen: 1500 * WAN_FEN, termMonths: 36, method: 'equal_instalment', expect: 'second_approval' },
    { firm: make('371503', 'housekeeping', 45), priority: true, end: ago(1), steps: upTo(4, 300 * WAN_FEN), requestedFen: 300 * WAN_FEN, termMonths: 24, method: 'equal_principal', expect: 'approved' },
    {
      firm: make('371521', 'steel', 40), end: ago(12), requestedFen: 500 * WAN_FEN, termMonths: 24, method: 'equal_instalment', expect: 'declined',
      steps: [[0, { action: 'submit' }], [3, { action: 'certify' }], [4, { action: 'diligence', creditCheck: 'bad', visitNotes: '实地走访：经营基本正常；征信报告显示法定代表人有多笔信用卡逾期记录。' }], [2, { action: 'decide', approved: false, reason: '法定代表人征信存在逾期记录，暂不予授信' }]],
    },
    {
      firm: make('371502', 'garment', 180), end: ago(20), requestedFen: 1800 * WAN_FEN, termMonths: 36, method: 'equal_principal', expect: 'declined',
      steps: [...upTo(4, 1800 * WAN_FEN), [1, { action: 'approve', approved: false, reason: '复核认为申请金额超出企业实际经营需要，建议调减后重新申请' }]],
    },
    { firm: r3.firm, end: ago(6), steps: upTo(5, r3.amountFen), requestedFen: r3.amountFen, termMonths: 36, method: 'interest_only', expect: 'contracted' },
    // A first tranche of 4 of the 6 million approved.
    { firm: make('Z15001', 'coldChain', 55), end: ago(3), steps: toDisbursement(w.rand, 600 * WAN_FEN, 400 * WAN_FEN), requestedFen: 600 * WAN_FEN, termMonths: 24, method: 'equal_instalment', expect: 'disbursed' },
    { firm: steel, end: monthsAgo(5), steps: disbursed(700 * WAN_FEN), requestedFen: 700 * WAN_FEN, termMonths: 24, method: 'equal_principal', expect: 'repaying', repay: 'all' },
    {
      firm: factory.make({ region: '371522', trade: TRADES.catering, start: 14, kind: 'individual_business', founded: '2022-05-16', name: '莘县福满园餐饮店（演示）' }),
      end: monthsAgo(4), steps: disbursed(200 * WAN_FEN), requestedFen: 200 * WAN_FEN, termMonths: 12, method: 'equal_instalment', expect: 'repaying', repay: 'all',
    },
    { firm: ecommerce, end: monthsAgo(8), steps: disbursed(400 * WAN_FEN), requestedFen: 400 * WAN_FEN, termMonths: 36, method: 'interest_only', expect: 'repaying', repay: troubledBook === undefined ? 'miss-two' : 'all' },
    { firm: r4.firm, end: monthsAgo(7), steps: disbursed(r4.amountFen), requestedFen: r4.amountFen, termMonths: 24, method: 'equal_instalment', expect: 'repaying', repay: 'miss-last' },
    { firm: make('Z15003', 'childcare', 22), end: monthsAgo(13), steps: disbursed(150 * WAN_FEN), requestedFen: 150 * WAN_FEN, termMonths: 12, method: 'equal_instalment', expect: 'closed', repay: 'all' },
    { firm: make('371526', 'farm', 28), end: ago(11), steps: [[4, { action: 'withdraw', reason: '企业已通过其他渠道解决资金需求，申请撤回' }]], requestedFen: 150 * WAN_FEN, termMonths: 12, method: 'bullet', expect: 'withdrawn' },
  ];
  const recent: Sim[] = [];
  for (const c of cases) {
    recent.push(await playCase(w, c));
  }
  const troubled = troubledBook?.sim ?? recent.find((s) => s.firm === ecommerce);
  if (troubled === undefined) {
    throw new Error('demo-loans: no loan in trouble');
  }
  for (const m of [addMonthsToMonth(monthOf(today), -2), lastMonth]) {
    troubled.firm.siLate.add(m);
  }

  // ----- The remedy task this month's re-check opened on the troubled loan, from the real decision.
  const openedOn = (() => {
    const first = workdayOnOrAfter(cal, `${today.slice(0, 7)}-01`);
    return first > today ? today : first;
  })();
  const cert = troubled.certification?.categories ?? [troubled.firm.category];
  const recheckFacts = factsOf(troubled.firm, openedOn, openedOn, cert, true);
  const recheck = await loanEngine().evaluateEligibility(troubled.product, recheckFacts, openedOn, REGISTRY_SOURCES);
  const failedNow = recheck.criteria.filter((c) => !c.passed && (ONGOING_CRITERIA as readonly string[]).includes(c.code));
  if (failedNow.length === 0) {
    throw new Error('demo-loans: the troubled loan passes the re-check');
  }
  const remedy = {
    id: newId('lnt'), applicationId: troubled.id, regionCode: troubled.firm.regionCode, month: today.slice(0, 7), openedOn, failed: failedNow.map((c) => c.code),
    evidence: { asOf: openedOn, criteria: failedNow, headcount: recheckFacts.headcount, wageArrearsMonths: recheckFacts.wageArrearsMonths, socialInsuranceArrearsMonths: recheckFacts.socialInsuranceArrearsMonths },
    state: 'open' as const, resolvedNote: null,
  };

  // ----- Checks a refused figure would otherwise hide.
  const issued = book.loans.filter((l) => ['disbursed', 'repaying', 'closed'].includes(l.sim.state));
  const issuedFen = issued.reduce((s, l) => s + l.sim.disbursedFen, 0);
  if (issued.length !== PAGE_FIRMS_2023 || issuedFen !== PAGE_AMOUNT_FEN_2023 || new Set(issued.map((l) => l.firm.id)).size !== PAGE_FIRMS_2023) {
    throw new Error(`demo-loans: the 2023 book is ${String(issued.length)} loans, ${String(issuedFen)} fen`);
  }
  const dpd = [...book.loans.map((l) => l.sim), ...recent].filter((s) => loanDaysPastDue(s.instalments, today) > 0);
  if (dpd.length !== 2) {
    throw new Error(`demo-loans: ${String(dpd.length)} loans past due, expected 2`);
  }

  // ----- Desk log (政银企对接台账).
  const desk = deskEntries(w, { textile, steel, troubled: troubled.firm, openedOn, draftFirm: recent.find((s) => s.state === 'draft')?.firm ?? textile, steelLoan: recent.find((s) => s.firm === steel) });

  // ----- Rows, in a handful of batch inserts.
  const sims = [...book.loans.map((l) => l.sim), ...book.others, ...recent].sort((a, b) => (a.events[0]?.at.getTime() ?? 0) - (b.events[0]?.at.getTime() ?? 0));
  const serials = (await queryRows<{ n: string | number }>(tx, sql`select nextval('loan_number_seq') as n from generate_series(1, ${sims.length})`)).map((r) => Number(r.n)).sort((a, b) => a - b);

  const newFirms = factory.firms;
  await tx.insert(marketEntities).values(newFirms.map((f) => ({
    id: f.id, regionCode: f.regionCode, uscc: f.uscc, name: f.name, kind: f.kind, foundedOn: f.foundedOn, industrySection: f.industry, sizeClass: f.sizeClass, tags: f.tags, createdAt: now, updatedAt: now,
  })));
  const historied = [...newFirms, textile, steel].filter((f) => f.writeHistory);
  const heads = historied.flatMap((f) => [...f.heads].map(([month, n]) => ({ f, month, n })));
  await insertUnnest(tx, 'entity_headcounts', [
    ['entity_id', 'text', heads.map((h) => h.f.id)], ['region_code', 'text', heads.map((h) => h.f.regionCode)], ['month', 'text', heads.map((h) => h.month)],
    ['pension_contributors', 'int4', heads.map((h) => h.n)],
  ], 'on conflict (entity_id, month) do update set pension_contributors = excluded.pension_contributors');
  const status = (late: Set<string>, m: string) => (late.has(m) ? 'late' : 'on_time');
  await insertUnnest(tx, 'entity_payment_records', [
    ['entity_id', 'text', heads.map((h) => h.f.id)], ['region_code', 'text', heads.map((h) => h.f.regionCode)], ['month', 'text', heads.map((h) => h.month)],
    ['wages', 'text', heads.map((h) => status(h.f.wagesLate, h.month))], ['social_insurance', 'text', heads.map((h) => status(h.f.siLate, h.month))],
  ], 'on conflict (entity_id, month) do update set wages = excluded.wages, social_insurance = excluded.social_insurance');

  const appRows = sims.map((s, i) => ({
    id: s.id, number: `DK-${s.appliedOn.slice(0, 4)}-${String(serials[i] ?? 0).padStart(5, '0')}`, regionCode: s.firm.regionCode, entityId: s.firm.id, entityName: s.firm.name, entityUscc: s.firm.uscc,
    applicantKind: s.firm.kind, productCode: s.product.productCode, productVersion: s.product.version, bankCode: s.product.bank.code, appliedOn: s.appliedOn, state: s.state, channel: s.channel,
    priority: s.priority, requestedAmountFen: s.requestedFen, termMonths: s.termMonths, method: s.method, categoriesClaimed: s.categories, contactNote: s.contactNote,
    eligibility: s.eligibility, factsSnapshot: s.facts, certification: s.certification, diligence: s.diligence, decision: s.decision, contract: s.contract,
    headcountAtDecision: s.headcountAtDecision, approvedAmountFen: s.approvedFen, annualRate: s.annualRate, disbursedFen: s.disbursedFen, repaidPrincipalFen: s.repaidPrincipalFen,
    stepSince: s.stepSince, stepDeadline: s.stepDeadline, createdBy: s.createdBy, version: s.version, createdAt: s.events[0]?.at ?? now, updatedAt: s.events.at(-1)?.at ?? now,
  }));
  await tx.insert(loanApplications).values(appRows);
  const events = sims.flatMap((s) => s.events.map((e, k) => ({ s, e, seq: k + 1 })));
  await insertUnnest(tx, 'loan_events', [
    ['application_id', 'text', events.map((x) => x.s.id)], ['region_code', 'text', events.map((x) => x.s.firm.regionCode)], ['seq', 'int4', events.map((x) => x.seq)],
    ['at', 'timestamptz', events.map((x) => x.e.at.toISOString())], ['actor_id', 'text', events.map((x) => x.e.actorId)], ['action', 'text', events.map((x) => x.e.action)],
    ['from_state', 'text', events.map((x) => x.e.from)], ['to_state', 'text', events.map((x) => x.e.to)], ['note', 'text', events.map((x) => x.e.note)],
  ]);
  const disbursementRows = sims.flatMap((s) => s.disbursements.map((d) => ({ id: d.id, applicationId: s.id, regionCode: s.firm.regionCode, idempotencyKey: d.key, amountFen: d.amountFen, disbursedOn: d.disbursedOn, createdBy: d.createdBy, createdAt: d.createdAt })));
  await tx.insert(loanDisbursements).values(disbursementRows);
  const lines = sims.flatMap((s) => s.instalments.map((i) => ({ s, i })));
  await insertUnnest(tx, 'loan_instalments', [
    ['disbursement_id', 'text', lines.map((x) => x.i.disbursementId)], ['application_id', 'text', lines.map((x) => x.s.id)], ['region_code', 'text', lines.map((x) => x.s.firm.regionCode)],
    ['n', 'int4', lines.map((x) => x.i.n)], ['due_date', 'date', lines.map((x) => x.i.dueDate)], ['principal_fen', 'int8', lines.map((x) => x.i.principalFen)],
    ['interest_fen', 'int8', lines.map((x) => x.i.interestFen)], ['paid_principal_fen', 'int8', lines.map((x) => x.i.paidPrincipalFen)], ['paid_interest_fen', 'int8', lines.map((x) => x.i.paidInterestFen)],
  ]);
  const paid = sims.flatMap((s) => s.repayments.map((r) => ({ s, r })));
  await insertUnnest(tx, 'loan_repayments', [
    ['id', 'text', paid.map((x) => x.r.id)], ['application_id', 'text', paid.map((x) => x.s.id)], ['region_code', 'text', paid.map((x) => x.s.firm.regionCode)],
    ['amount_fen', 'int8', paid.map((x) => x.r.amountFen)], ['interest_fen', 'int8', paid.map((x) => x.r.interestFen)], ['principal_fen', 'int8', paid.map((x) => x.r.principalFen)],
    ['paid_on', 'date', paid.map((x) => x.r.paidOn)], ['created_by', 'text', paid.map((x) => x.r.createdBy)], ['created_at', 'timestamptz', paid.map((x) => x.r.createdAt.toISOString())],
  ]);
  await tx.insert(loanRemedyTasks).values(remedy);
  await tx.insert(loanDeskLog).values(desk);
  return { applications: sims.length, issued2023: issued.length, issuedFen2023: issuedFen, firms: newFirms.length };
}

function deskEntries(w: World, o: { textile: Firm; steel: Firm; troubled: Firm; openedOn: string; draftFirm: Firm; steelLoan: Sim | undefined }): Array<typeof loanDeskLog.$inferInsert> {
  const hr = w.actors.hr.userId;
  const officer = w.actors.officer.userId;
  const at = (d: string, h: number) => new Date(Math.min(Date.parse(`${d}T${String(h).padStart(2, '0')}:30:00+08:00`), w.now.getTime() - 60_000));
  const entry = (kind: 'meeting' | 'consultation' | 'follow_up', heldOn: string, subject: string, attendees: string, outcome: string, firm: Firm | null, by: string, hour: number) => ({
    id: newId('dsk'), regionCode: firm?.regionCode ?? '371500', kind, heldOn, subject, attendees, outcome, entityId: firm?.id ?? null, entityName: firm?.name ?? null, createdBy: by, createdAt: at(heldOn, hour),
  });
  const steelVisit = o.steelLoan?.disbursements[0]?.disbursedOn;
  const followSteel = steelVisit === undefined ? null : workdaysAfter(w.cal, steelVisit, 22);
  const remedyVisit = (() => {
    const d = workdaysAfter(w.cal, o.openedOn, 2);
    return d > w.today ? w.today : d;
  })();
  return [
    entry('meeting', '2023-02-15', '稳岗扩岗专项贷款政银企对接会', '市人社局就业促进科；中国银行聊城分行普惠金融部；各县（市、区）人社局；23家小微企业负责人',
      '宣讲稳岗扩岗专项贷款政策（成立满1年、参保不少于10人、用工不减、工资社保按时足额，单户最高3000万元、利率不高于4%）；现场登记融资需求17户；建立政银企三方常态化沟通机制，人社部门按月推送稳岗扩岗优质企业名单。', null, hr, 15),
    entry('follow_up', '2023-03-08', '走访了解资金周转需求', '市人社局就业促进科；中行聊城分行客户经理；企业财务经理', '企业生产钢管、铁路专用设备及器材，原材料价格上涨占用流动资金；介绍专项贷款条件，企业参保人数、工资社保缴纳情况均符合要求。', o.steel, hr, 10),
    entry('follow_up', '2023-03-17', '授信意向确认', '中行聊城分行客户经理；企业财务经理', '经多次沟通了解，正式确定授信意向；开辟绿色通道，资料齐全后优先审批。', o.steel, officer, 14),
    entry('consultation', '2023-04-07', '电话咨询专项贷款', '中行聊城分行客户经理；企业业务经理', '一对一线上了解营业收入、纳税情况，有针对性地提出贷款建议；约定择日上门走访，提供更全面细致的服务。', o.textile, officer, 11),
    entry('consultation', '2023-04-07', '电话咨询：原材料、运输成本上涨，资金周转紧张', '中行聊城分行客户经理；企业负责人', '介绍专项贷款的具体内容和申请条件；企业参保人数不足10人，建议吸纳就业后再申请。', null, officer, 16),
    entry('meeting', '2025-03-12', '稳岗扩岗专项贷款（升级版）政策宣讲暨政银企对接会', '市人社局就业促进科；中国银行聊城分行；各县（市、区）人社局；企业及个体工商户代表',
      '宣讲2025年升级政策：企业最高5000万元、个体工商户最高1000万元，利率不高于4%；用工人数降幅低于城镇调查失业率控制目标（5.5%）即可；优先授信、绿色通道。', null, hr, 15),
    ...(followSteel !== null && followSteel <= w.today ? [entry('follow_up', followSteel, '贷后跟踪回访', '中行聊城分行客户经理；企业财务经理', '贷款按约使用，资金压力缓解；企业用工稳定，按期还本付息。', o.steel, officer, 10)] : []),
    entry('follow_up', remedyVisit, '持续条件复核：社保缴费逾期', '市人社局就业促进科；中行聊城分行客户经理；企业负责人', '企业说明近两个月社保因资金周转延迟缴纳，承诺本月补缴；贷款已有两期本息逾期，银行同步催收并跟踪用工情况。', o.troubled, hr, 10),
    entry('consultation', workdayOnOrBefore(w.cal, w.today), '电话咨询专项贷款（升级版）', '中行聊城分行客户经理；企业负责人', '介绍升级版政策，企业有意申请200万元流动资金贷款，已代为录入草稿。', o.draftFirm, officer, 9),
  ];
}
