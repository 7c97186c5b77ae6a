import { DEFAULT_STEP_WORKDAYS, TIMED_LOAN_STATES, type LoanAction, type LoanState } from '@zhengqi/contracts/loan-applications';
import type { EligibilityFacts, EligibilityResult, LoanCategory, LoanOffer, LoanProductVersion, RepaymentMethod } from '@zhengqi/contracts/loans';
import { BUILTIN_ROLES, type Permission } from '@zhengqi/contracts/permissions';
import { eq, inArray, sql } from 'drizzle-orm';
import { PRECHECK_SOURCES, REGISTRY_SOURCES, type FactSources } from '../modules/loans/eligibility';
import { selectEntityFacts } from '../modules/loans/loan-data';
import { afterDecision, availableLoanActions, decisionIssue, isRepaidInFull, transitionOf, type LoanActor } from '../modules/loans/loan-flow';
import { loanEngine, selectPublishedVersions } from '../modules/loans/loan-products-service';
import { ONGOING_CRITERIA } from '../modules/loans/loan-recheck';
import { DEFAULT_SECOND_APPROVAL_THRESHOLD_FEN } from '../modules/loans/loan-service';
import { addMonthsClamped, addMonthsToMonth, monthOf } from '../modules/loans/month-arithmetic';
import { selectVersion } from '../modules/loans/product-versions';
import { allocateRepayment, buildSchedule, loanDaysPastDue, type LoanLine } from '../modules/loans/schedule';
import { loanApplications, loanDeskLog, loanDisbursements, loanRemedyTasks } from '../modules/loans/schema';
import { marketEntities } from '../modules/registry/schema';
import { makeUscc } from '../modules/registry/uscc';
import { createWorkingCalendar, type WorkingCalendar } from '../platform/calendar/working-days';
import { shanghaiToday } from '../platform/clock/clock';
import { queryRows, type Tx } from '../platform/db/database';
import { organizations, userRoles, users } from '../platform/db/schema';
import { newId } from '../platform/ids/ids';

// The special-loan book (稳岗扩岗专项贷款) the seed page describes (docs/seed-figures.md, "Special
// loans"): under the 2023 version, 38 small firms — the textile company and the steel-pipe and
// railway-equipment maker the page names among them — were lent 150,000,000 CNY in all, applied for
// and disbursed from January 2023 to early 2025 and repaid up to the clock's date; under the 2025
// version, applications in every state. Every application is played through the real rules: the
// transition table with each step's organization and permission (availableLoanActions), the
// eligibility and pricing decisions of the product version in force (the zen-engine graphs, via
// loanEngine), the decision's limits (decisionIssue), maker-checker (afterDecision), schedules
// (buildSchedule, ACT/360) and repayments (applyRepayment), on the working-day calendar. A refused
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
const HISTORY_FROM = '2021-01';
const WAN_FEN = 1_000_000; // 1万元 in fen
const UNIT_FEN = 10 * WAN_FEN; // amounts are whole 10万元

// ---------------------------------------------------------------------------------------------
// A deterministic generator (the same one demo-data.ts uses) and civil dates.

type Rand = () => number;
function prng(seed: number): Rand {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const intBetween = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
function pick<T>(rand: Rand, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) {
    throw new RangeError('pick from an empty list');
  }
  return item;
}
function shuffle<T>(rand: Rand, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const DAY_MS = 86_400_000;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const yearOf = (iso: string) => Number(iso.slice(0, 4));

function workdayOnOrAfter(cal: WorkingCalendar, d: string): string {
  let x = d;
  while (!cal.isWorkingDay(x)) {
    x = addDays(x, 1);
  }
  return x;
}
function workdayOnOrBefore(cal: WorkingCalendar, d: string): string {
  let x = d;
  while (!cal.isWorkingDay(x)) {
    x = addDays(x, -1);
  }
  return x;
}
/** `n` working days after the working day `d` (day 1 is the first working day after it). */
const workdaysAfter = (cal: WorkingCalendar, d: string, n: number) => (n === 0 ? d : cal.addWorkingDays(d, n).deadline);
function workdaysBefore(cal: WorkingCalendar, d: string, n: number): string {
  let x = d;
  for (let left = n; left > 0; ) {
    x = addDays(x, -1);
    if (cal.isWorkingDay(x)) {
      left -= 1;
    }
  }
  return x;
}
function monthsFrom(from: string, through: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= through; m = addMonthsToMonth(m, 1)) {
    out.push(m);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Firms and their registry history.

type SizeClass = 'large' | 'medium' | 'small' | 'micro';
type Firm = {
  id: string;
  name: string;
  uscc: string;
  regionCode: string;
  kind: 'enterprise' | 'individual_business';
  foundedOn: string;
  sizeClass: SizeClass;
  industry: string;
  category: LoanCategory;
  trade: string;
  /** Revenue per employee, 万元 a year (due diligence). */
  perHeadWan: number;
  heads: Map<string, number>;
  wagesLate: Set<string>;
  siLate: Set<string>;
  /** Created here (else an entity demo-data.ts made). */
  isNew: boolean;
  /** Its history is written here (new firms, and the two firms the page names). */
  writeHistory: boolean;
  tags: string[];
};

type Trade = { word: string; category: LoanCategory; industry: string; heads: readonly [number, number]; perHeadWan: readonly [number, number] };
/** Trades of labour-intensive small firms, by the page's four categories (1 HR-certified quality firms, 2 elderly care, childcare, housekeeping, catering, delivery, 3 stable production and supply, 4 absorbing graduates and other target groups). */
const TRADES = {
  textile: { word: '纺织', category: 1, industry: 'C', heads: [40, 150], perHeadWan: [30, 45] },
  bearing: { word: '轴承', category: 1, industry: 'C', heads: [30, 170], perHeadWan: [40, 60] },
  machinery: { word: '机械制造', category: 1, industry: 'C', heads: [25, 150], perHeadWan: [40, 60] },
  medical: { word: '医疗器械', category: 1, industry: 'C', heads: [20, 90], perHeadWan: [45, 70] },
  auto: { word: '汽车零部件', category: 3, industry: 'C', heads: [40, 200], perHeadWan: [45, 65] },
  steel: { word: '钢结构', category: 3, industry: 'C', heads: [20, 120], perHeadWan: [50, 80] },
  food: { word: '食品', category: 3, industry: 'C', heads: [20, 160], perHeadWan: [35, 55] },
  farm: { word: '农产品加工', category: 3, industry: 'C', heads: [15, 90], perHeadWan: [30, 50] },
  coldChain: { word: '冷链物流', category: 3, industry: 'G', heads: [15, 80], perHeadWan: [30, 50] },
  garment: { word: '服装', category: 4, industry: 'C', heads: [30, 190], perHeadWan: [20, 35] },
  ecommerce: { word: '电子商务', category: 4, industry: 'I', heads: [12, 60], perHeadWan: [40, 80] },
  software: { word: '信息技术', category: 4, industry: 'I', heads: [12, 80], perHeadWan: [35, 60] },
  elderly: { word: '养老服务', category: 2, industry: 'Q', heads: [12, 70], perHeadWan: [12, 20] },
  childcare: { word: '托育服务', category: 2, industry: 'O', heads: [10, 40], perHeadWan: [10, 18] },
  housekeeping: { word: '家政服务', category: 2, industry: 'O', heads: [15, 90], perHeadWan: [8, 15] },
  catering: { word: '餐饮管理', category: 2, industry: 'H', heads: [15, 110], perHeadWan: [15, 25] },
  delivery: { word: '同城配送', category: 2, industry: 'G', heads: [20, 140], perHeadWan: [10, 20] },
} satisfies Record<string, Trade>;
type TradeKey = keyof typeof TRADES;
const BOOK_TRADES = Object.keys(TRADES) as TradeKey[];

/** Brand words not used elsewhere in the demo data. */
const BRANDS = [
  '鑫源', '华盛', '宏达', '瑞祥', '嘉禾', '鲁润', '泰和', '永盛', '安康', '益丰', '福泽', '康宁', '众诚', '华泰', '东顺', '德润', '兴隆', '天顺', '新源', '明德',
  '祥和', '利民', '聚福', '合力', '佳禾', '宏远', '信诚', '荣达', '盛世', '万和', '昊天', '广源', '汇通', '康泰', '金穗', '丰泽', '远航', '北辰', '同心', '和顺',
  '乐康', '锦程', '优诺', '卓越', '启航', '宇恒', '凯瑞', '润泽', '九州', '安泰', '家和', '立信', '恒达', '顺通', '瑞丰', '天成', '隆昌', '美达', '大成', '新兴',
];

/** How firm names start in each county or zone. */
const NAME_PREFIX: Record<string, string> = {
  '371502': '聊城', '371503': '茌平', '371521': '阳谷', '371522': '莘县', '371524': '东阿', '371525': '冠县', '371526': '高唐', '371581': '临清',
  Z15001: '聊城', Z15002: '聊城', Z15003: '聊城',
};
/** The 2023 book's 36 generated firms by county and zone (with the two named firms: 38). */
const BOOK_REGIONS: ReadonlyArray<readonly [string, number]> = [
  ['371502', 5], ['371503', 4], ['371521', 4], ['371522', 4], ['371524', 3], ['371525', 3], ['371526', 4], ['371581', 4], ['Z15001', 2], ['Z15002', 2], ['Z15003', 1],
];

type FirmFactory = {
  make(o: { region: string; trade: Trade; start: number; growth?: number; founded?: string; kind?: 'enterprise' | 'individual_business'; name?: string }): Firm;
  firms: Firm[];
};

/** New firms (tagged demo, synthetic valid USCCs MA3DL001…) with a headcount that never falls and wages and social insurance paid on time. */
function firmFactory(rand: Rand, lastMonth: string): FirmFactory {
  const firms: Firm[] = [];
  const brands = shuffle(rand, [...BRANDS]);
  return {
    firms,
    make(o) {
      const i = firms.length + 1;
      const brand = brands[i - 1];
      if (brand === undefined) {
        throw new RangeError('demo-loans: out of brand names');
      }
      const kind = o.kind ?? 'enterprise';
      const founded = o.founded ?? `${intBetween(rand, 2008, 2020)}-${String(intBetween(rand, 1, 12)).padStart(2, '0')}-${String(intBetween(rand, 1, 28)).padStart(2, '0')}`;
      const region6 = /^\d{6}$/.test(o.region) ? o.region : '371500';
      const first = monthOf(founded) > HISTORY_FROM ? monthOf(founded) : HISTORY_FROM;
      // Hiring now and then, never shedding: the headcount is stable or grows (the 2023 rule: not reduced).
      // Each firm's months come from a generator of its own, so the clock (how many months there are)
      // never shifts the rest of the book.
      const growth = o.growth ?? 0.08 + rand() * 0.22;
      const step = o.start >= 80 ? 3 : o.start >= 30 ? 2 : 1;
      const heads = new Map<string, number>();
      const monthly = prng(20230500 + i);
      let h = o.start;
      for (const m of monthsFrom(first, lastMonth)) {
        heads.set(m, h);
        if (monthly() < growth) {
          h = Math.min(290, h + intBetween(monthly, 1, step));
        }
      }
      const f: Firm = {
        id: newId('ent'),
        name: o.name ?? `${NAME_PREFIX[o.region] ?? '聊城'}${brand}${o.trade.word}有限公司（演示）`,
        uscc: makeUscc(kind === 'individual_business' ? '92' : '91', region6, `MA3DL${String(i).padStart(3, '0')}`),
        regionCode: o.region,
        kind,
        foundedOn: founded,
        sizeClass: o.start < 20 ? 'micro' : 'small',
        industry: o.trade.industry,
        category: o.trade.category,
        trade: o.trade.word,
        perHeadWan: intBetween(rand, o.trade.perHeadWan[0], o.trade.perHeadWan[1]),
        heads,
        wagesLate: new Set(),
        siLate: new Set(),
        isNew: true,
        writeHistory: true,
        tags: o.trade.category === 1 ? ['quality_employer', 'demo'] : ['demo'],
      };
      firms.push(f);
      return f;
    },
  };
}

/** The facts an eligibility decision on `date` reads (months from two years before it), as the registry held them on `stepDate`. */
function factsOf(f: Firm, date: string, stepDate: string, categories: readonly LoanCategory[], goodCredit: boolean): EligibilityFacts {
  const from = `${String(yearOf(date) - 2)}-${date.slice(5, 7)}`;
  const until = addMonthsToMonth(monthOf(stepDate), -1);
  const within = (m: string) => m >= from && m <= until;
  return {
    kind: f.kind,
    foundedOn: f.foundedOn,
    sizeClass: f.sizeClass,
    headcount: Object.fromEntries([...f.heads].filter(([m]) => within(m)).sort(([a], [b]) => (a < b ? -1 : 1))),
    wageArrearsMonths: [...f.wagesLate].filter(within).sort(),
    socialInsuranceArrearsMonths: [...f.siLate].filter(within).sort(),
    categories: [...new Set(categories)].sort((a, b) => a - b),
    goodCredit,
  };
}

// ---------------------------------------------------------------------------------------------
// The people acting: the demo users as stored, with their organizations and the permissions of their roles.

type Who = 'officer' | 'hr' | 'approver' | 'checker' | 'ent';
const USERNAMES: Record<Who, string> = { officer: 'boc.officer', hr: 'hr.officer', approver: 'boc.approver', checker: 'boc.checker', ent: 'ent.user' };

async function loadActors(tx: Tx): Promise<Record<Who, LoanActor>> {
  const rows = await tx
    .select({ id: users.id, username: users.username, kind: organizations.kind, agencyType: organizations.agencyType, uscc: organizations.uscc, role: userRoles.roleCode })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(inArray(users.username, Object.values(USERNAMES)));
  const actor = (who: Who): LoanActor => {
    const mine = rows.filter((r) => r.username === USERNAMES[who]);
    const first = mine[0];
    if (first === undefined) {
      throw new Error(`demo user ${USERNAMES[who]} missing`);
    }
    const permissions = new Set<Permission>(mine.flatMap((r) => BUILTIN_ROLES.find((b) => b.code === r.role)?.permissions ?? []));
    return { userId: first.id, permissions, organizationKind: first.kind, agencyType: first.agencyType, organizationUscc: first.uscc };
  };
  return { officer: actor('officer'), hr: actor('hr'), approver: actor('approver'), checker: actor('checker'), ent: actor('ent') };
}

// ---------------------------------------------------------------------------------------------
// One application, played step by step as loan-service.ts would have recorded it.

type Channel = 'online' | 'phone' | 'on_site';
type Certification = { categories: LoanCategory[]; headcountVerified: number; note: string; by: string; on: string };
type Diligence = { annualRevenueFen: number; annualTaxFen: number; visitNotes: string; creditCheck: 'good' | 'bad'; by: string; on: string };
type Decision = {
  approved: boolean; amountFen: number | null; annualRate: string | null; termMonths: number | null; method: RepaymentMethod | null; reason: string | null; note: string;
  decidedBy: string; decidedOn: string; secondApproverId: string | null; needsSecondApproval: boolean;
};
type EventRow = { at: Date; actorId: string; action: string; from: LoanState | null; to: LoanState; note: string | null };
type InstalmentRow = LoanLine;

type Sim = {
  id: string;
  firm: Firm;
  product: LoanProductVersion;
  appliedOn: string;
  channel: Channel;
  priority: boolean;
  requestedFen: number;
  termMonths: number;
  method: RepaymentMethod;
  categories: LoanCategory[];
  contactNote: string;
  createdBy: string;
  state: LoanState;
  version: number;
  eligibility: EligibilityResult | null;
  facts: EligibilityFacts | null;
  certification: Certification | null;
  diligence: Diligence | null;
  decision: Decision | null;
  contract: { number: string; signedOn: string } | null;
  headcountAtDecision: number | null;
  approvedFen: number | null;
  annualRate: string | null;
  disbursedFen: number;
  repaidPrincipalFen: number;
  stepSince: string | null;
  stepDeadline: string | null;
  events: EventRow[];
  disbursements: Array<{ id: string; key: string; amountFen: number; disbursedOn: string; createdBy: string; createdAt: Date }>;
  instalments: InstalmentRow[];
  repayments: Array<{ id: string; amountFen: number; interestFen: number; principalFen: number; paidOn: string; createdBy: string; createdAt: Date }>;
  /** The last event's instant (ms), so the timeline is in order, and the last step's date. */
  lastAt: number;
  lastOn: string;
  /** The decision's judgment, once computed for the date the decision is taken. */
  atDecision: { on: string; facts: EligibilityFacts; result: EligibilityResult } | null;
};

type Step =
  | { action: 'submit' }
  | { action: 'certify'; categories?: LoanCategory[]; note?: string }
  | { action: 'return'; reason: string }
  | { action: 'diligence'; creditCheck?: 'good' | 'bad'; visitNotes?: string }
  | { action: 'decide'; approved: true; amountFen: number; termMonths?: number; method?: RepaymentMethod; note?: string; rate?: (offer: LoanOffer) => string }
  | { action: 'decide'; approved: false; reason: string }
  | { action: 'approve'; approved: boolean; reason?: string }
  | { action: 'sign' }
  | { action: 'disburse'; amountFen: number }
  | { action: 'repay'; amountFen: number; paidOn: string }
  | { action: 'withdraw'; reason: string };


/** What a decision or a rule needs from the world: the clock, the calendar, the people, the product versions, the generator. */
type World = {
  today: string;
  now: Date;
  cal: WorkingCalendar;
  actors: Record<Who, LoanActor>;
  versions: LoanProductVersion[];
  rand: Rand;
  /** For event instants only, so timing never shifts the book. */
  clockRand: Rand;
  /** Contracts signed so far (their numbers). */
  contracts: number;
};

const VISITS = [
  '实地走访：生产经营正常，订单饱满，用工稳定',
  '上门走访：车间满负荷运转，工资按月足额发放',
  '实地核查：经营场所自有，设备运转正常，近期有扩产计划',
  '走访企业负责人及财务：受原材料、运输成本上涨影响，资金周转偏紧',
];
const CERT_NOTES: Record<LoanCategory, string> = {
  1: '经核实，属人社部门认定的稳岗扩岗优质企业，参保人数与社保系统一致。',
  2: '经核实，属就业弹性大、民生关联度高的服务业企业，参保人数与社保系统一致。',
  3: '经核实，属“用工难、用工贵”问题突出的稳产保供企业，参保人数与社保系统一致。',
  4: '经核实，近一年吸纳高校毕业生、退役军人等重点群体较多，参保人数与社保系统一致。',
};
const PHONE_NOTES = [
  '企业负责人来电咨询：受原材料、运输成本上涨影响，资金周转紧张，希望申请专项贷款。',
  '企业财务负责人来电了解专项贷款的具体内容，经一对一线上沟通后代为录入。',
  '人社部门推荐，客户经理电话对接后代为录入。',
];
const VISIT_NOTES = ['客户经理上门走访，详细了解营业收入和纳税情况后代为录入。', '政银企对接会后登记融资需求，客户经理实地走访后代为录入。'];

function newSim(w: World, firm: Firm, o: { appliedOn: string; channel: Channel; by: Who; requestedFen: number; termMonths: number; method: RepaymentMethod; categories?: LoanCategory[]; priority?: boolean; contactNote?: string }): Sim {
  const product = selectVersion(w.versions, o.appliedOn);
  const sim: Sim = {
    id: newId('lna'), firm, product, appliedOn: o.appliedOn, channel: o.channel, priority: o.priority ?? false, requestedFen: o.requestedFen, termMonths: o.termMonths,
    method: o.method, categories: [...new Set(o.categories ?? [firm.category])].sort((a, b) => a - b),
    contactNote: o.contactNote ?? (o.channel === 'phone' ? pick(w.rand, PHONE_NOTES) : o.channel === 'on_site' ? pick(w.rand, VISIT_NOTES) : ''),
    createdBy: w.actors[o.by].userId, state: 'draft', version: 1, eligibility: null, facts: null, certification: null, diligence: null, decision: null, contract: null,
    headcountAtDecision: null, approvedFen: null, annualRate: null, disbursedFen: 0, repaidPrincipalFen: 0, stepSince: null, stepDeadline: null,
    events: [], disbursements: [], instalments: [], repayments: [], lastAt: 0, lastOn: o.appliedOn, atDecision: null,
  };
  if (!availableLoanActions({ state: 'draft', entityUscc: firm.uscc, decidedBy: null }, w.actors[o.by]).includes('submit')) {
    throw new Error(`demo loan for ${firm.name}: ${USERNAMES[o.by]} may not apply for it`);
  }
  sim.events.push({ at: stamp(w, sim, o.appliedOn), actorId: sim.createdBy, action: 'create', from: null, to: 'draft', note: o.channel === 'online' ? null : `channel: ${o.channel}` });
  return sim;
}

/** An instant on `date` in Shanghai office hours, after the application's last event and never after now. */
function stamp(w: World, sim: Sim, date: string): Date {
  const base = Date.parse(`${date}T09:00:00+08:00`) + Math.floor(w.clockRand() * 7 * 60) * 60_000;
  let at = Math.max(base, sim.lastAt + (5 + Math.floor(w.clockRand() * 40)) * 60_000);
  at = Math.max(Math.min(at, w.now.getTime() - 60_000), sim.lastAt + 1_000);
  sim.lastAt = at;
  return new Date(at);
}

async function judge(w: World, sim: Sim, on: string, categories: readonly LoanCategory[], goodCredit: boolean, sources: FactSources) {
  const facts = factsOf(sim.firm, sim.appliedOn, on, categories, goodCredit);
  const result = await loanEngine().evaluateEligibility(sim.product, facts, sim.appliedOn, sources);
  return { facts, result };
}

/** The judgment a decision on `on` sees, as the service judges it: the certified categories and the bank's credit check. */
async function decisionJudgment(w: World, sim: Sim, on: string) {
  if (sim.atDecision?.on !== on) {
    const j = await judge(w, sim, on, sim.certification?.categories ?? [], sim.diligence?.creditCheck !== 'bad', REGISTRY_SOURCES);
    sim.atDecision = { on, ...j };
  }
  return sim.atDecision;
}

/** The offer a decision on `on` would see; the firm must be eligible then. */
async function decisionOffer(w: World, sim: Sim, on: string): Promise<LoanOffer> {
  const j = await decisionJudgment(w, sim, on);
  if (!j.result.eligible || j.result.offer === undefined) {
    throw new Error(`demo loan for ${sim.firm.name}: not eligible at the decision (${j.result.criteria.filter((c) => !c.passed).map((c) => c.code).join(', ')})`);
  }
  return j.result.offer;
}

const WHO_ACTS: Record<Exclude<LoanAction, 'submit' | 'withdraw'>, Who> = {
  certify: 'hr', return: 'hr', diligence: 'officer', decide: 'approver', approve: 'checker', sign: 'officer', disburse: 'officer', repay: 'officer',
};

/** One step on `on` (a working day): the transition table, the actor's organization and permission, the step's rule; state, timeline and step deadline as the service sets them. */
async function act(w: World, sim: Sim, on: string, step: Step, submitter: Who = 'officer'): Promise<void> {
  const who: Who = step.action === 'submit' || step.action === 'withdraw' ? submitter : WHO_ACTS[step.action];
  const actor = w.actors[who];
  const from = sim.state;
  const t = transitionOf(from, step.action);
  if (t === undefined || !availableLoanActions({ state: from, entityUscc: sim.firm.uscc, decidedBy: sim.decision?.decidedBy ?? null }, actor).includes(step.action)) {
    throw new Error(`demo loan for ${sim.firm.name}: ${step.action} by ${USERNAMES[who]} refused while ${from}`);
  }
  const at = stamp(w, sim, on);
  let to: LoanState;
  let note: string | null;
  switch (step.action) {
    case 'submit': {
      const j = await judge(w, sim, on, sim.categories, true, PRECHECK_SOURCES);
      sim.eligibility = j.result;
      sim.facts = j.facts;
      const failed = j.result.criteria.filter((c) => !c.passed).map((c) => c.code);
      to = j.result.eligible ? 'certifying' : 'precheck_failed';
      note = j.result.eligible ? 'pre-check passed' : `pre-check failed: ${failed.join(', ')}`;
      break;
    }
    case 'certify': {
      const categories = [...new Set(step.categories ?? sim.categories)].sort((a, b) => a - b);
      // The form starts from the headcount the pre-check read.
      const seen = sim.eligibility?.criteria.find((c) => c.code === 'pension_contributors')?.seen;
      const headcountVerified = typeof seen === 'number' ? seen : 0;
      sim.certification = { categories, headcountVerified, note: step.note ?? CERT_NOTES[categories[0] ?? 1], by: actor.userId, on };
      to = 'diligence';
      note = `categories ${categories.join(', ')}; headcount ${String(headcountVerified)}`;
      break;
    }
    case 'return':
      to = 'returned';
      note = step.reason;
      break;
    case 'diligence': {
      const heads = sim.certification?.headcountVerified ?? 0;
      const revenueWan = Math.max(100, Math.round((heads * sim.firm.perHeadWan * (0.85 + w.rand() * 0.3)) / 10) * 10);
      const taxWan = Math.max(3, Math.round(revenueWan * (0.025 + w.rand() * 0.025)));
      const creditCheck = step.creditCheck ?? 'good';
      const visitNotes = step.visitNotes ?? `${pick(w.rand, VISITS)}；参保${String(heads)}人，近一年营业收入约${String(revenueWan)}万元、纳税约${String(taxWan)}万元；法定代表人及实际控制人征信无不良记录。`;
      sim.diligence = { annualRevenueFen: revenueWan * WAN_FEN, annualTaxFen: taxWan * WAN_FEN, visitNotes, creditCheck, by: actor.userId, on };
      to = 'deciding';
      note = `credit check: ${creditCheck}`;
      break;
    }
    case 'decide': {
      if (!step.approved) {
        sim.decision = { approved: false, amountFen: null, annualRate: null, termMonths: null, method: null, reason: step.reason, note: '', decidedBy: actor.userId, decidedOn: on, secondApproverId: null, needsSecondApproval: false };
        to = 'declined';
        note = step.reason;
        break;
      }
      // Judged again with the certified categories and the bank's credit check, as the service does.
      const offer = await decisionOffer(w, sim, on);
      const j = await decisionJudgment(w, sim, on);
      const termMonths = step.termMonths ?? sim.termMonths;
      const method = step.method ?? sim.method;
      const annualRate = (step.rate ?? ((o: LoanOffer) => o.rateRange.min))(offer);
      const issue = decisionIssue({ maxLimitFen: offer.maxLimitFen, rateMin: offer.rateRange.min, rateMax: offer.rateRange.max, termsMonths: sim.product.termsMonths, methods: sim.product.methods }, { amountFen: step.amountFen, annualRate, termMonths, method });
      if (issue !== null) {
        throw new Error(`demo loan for ${sim.firm.name}: ${issue.field} ${issue.detail}`);
      }
      to = afterDecision(true, step.amountFen, DEFAULT_SECOND_APPROVAL_THRESHOLD_FEN);
      sim.decision = {
        approved: true, amountFen: step.amountFen, annualRate, termMonths, method, reason: null, note: step.note ?? '同意授信，按月监测用工情况。', decidedBy: actor.userId, decidedOn: on,
        secondApproverId: null, needsSecondApproval: to === 'second_approval',
      };
      sim.eligibility = j.result;
      sim.facts = j.facts;
      sim.headcountAtDecision = sim.certification?.headcountVerified ?? null;
      sim.approvedFen = to === 'approved' ? step.amountFen : null;
      sim.annualRate = annualRate;
      sim.termMonths = termMonths;
      sim.method = method;
      note = `${String(step.amountFen / 100)} CNY at ${annualRate} %, ${String(termMonths)} months`;
      break;
    }
    case 'approve': {
      const d = sim.decision;
      if (d === null || d.decidedBy === actor.userId) {
        throw new Error(`demo loan for ${sim.firm.name}: second approval by the maker`);
      }
      if (step.approved) {
        sim.decision = { ...d, secondApproverId: actor.userId };
        sim.approvedFen = d.amountFen;
        to = 'approved';
        note = 'second approval given';
      } else {
        sim.decision = { ...d, approved: false, reason: step.reason ?? '', secondApproverId: actor.userId };
        sim.approvedFen = null;
        to = 'declined';
        note = step.reason ?? null;
      }
      break;
    }
    case 'sign': {
      w.contracts += 1;
      const number = `${on.slice(0, 4)}年中银聊稳岗借字第${String(w.contracts).padStart(3, '0')}号`;
      sim.contract = { number, signedOn: on };
      to = 'contracted';
      note = number;
      break;
    }
    case 'disburse': {
      if (sim.disbursedFen + step.amountFen > (sim.approvedFen ?? 0)) {
        throw new Error(`demo loan for ${sim.firm.name}: disbursement above the approved amount`);
      }
      const schedule = buildSchedule({ principalFen: step.amountFen, annualRate: sim.annualRate ?? '0', months: sim.termMonths, method: sim.method, startDate: on, dayCount: sim.product.dayCount });
      const id = newId('lnd');
      sim.disbursements.push({ id, key: `demo-${sim.id.slice(-12)}-${String(sim.disbursements.length + 1)}`, amountFen: step.amountFen, disbursedOn: on, createdBy: actor.userId, createdAt: at });
      sim.instalments.push(...schedule.instalments.map((i) => ({ disbursementId: id, n: i.n, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen, paidPrincipalFen: 0, paidInterestFen: 0 })));
      sim.disbursedFen += step.amountFen;
      to = 'disbursed';
      note = `${String(step.amountFen / 100)} CNY on ${on}`;
      break;
    }
    case 'repay': {
      // As the service (allocateRepayment); the demo book has no prepayments.
      const terms = { annualRate: sim.annualRate ?? '0', method: sim.method, dayCount: sim.product.dayCount, termMonths: sim.termMonths, disbursements: sim.disbursements };
      const split = allocateRepayment(sim.instalments, terms, step.amountFen, step.paidOn);
      if (split.prepaidFen > 0 || split.excessFen > 0) {
        throw new Error(`demo loan for ${sim.firm.name}: a repayment beyond what is due`);
      }
      const { interestFen: interest, principalFen: principal } = split;
      sim.instalments = split.lines;
      sim.repaidPrincipalFen += principal;
      const closed = isRepaidInFull(sim.disbursedFen, sim.approvedFen, split.lines);
      sim.repayments.push({ id: newId('lnr'), amountFen: step.amountFen, interestFen: interest, principalFen: principal, paidOn: step.paidOn, createdBy: actor.userId, createdAt: at });
      to = closed ? 'closed' : 'repaying';
      note = `${String(step.amountFen / 100)} CNY on ${step.paidOn}: interest ${String(interest / 100)}, principal ${String(principal / 100)}`;
      break;
    }
    case 'withdraw':
      to = 'withdrawn';
      note = step.reason;
      break;
  }
  if (to !== from) {
    sim.stepSince = on;
    sim.stepDeadline = TIMED_LOAN_STATES[to] === undefined ? null : w.cal.addWorkingDays(on, DEFAULT_STEP_WORKDAYS).deadline;
  }
  sim.state = to;
  sim.version += 1;
  sim.lastOn = on;
  sim.events.push({ at, actorId: actor.userId, action: step.action, from, to, note });
}

/** Steps `gaps[k]` working days apart from the application date (gaps[0]: application to the first step). */
async function play(w: World, sim: Sim, steps: ReadonlyArray<readonly [number, Step]>, submitter: Who = 'officer'): Promise<string> {
  let on = sim.lastOn;
  for (const [gap, step] of steps) {
    on = workdaysAfter(w.cal, on, gap);
    if (on > w.today) {
      throw new Error(`demo loan for ${sim.firm.name}: ${step.action} on ${on} is after today`);
    }
    await act(w, sim, on, step, submitter);
  }
  return on;
}

/**
 * Repayments up to today: each instalment in full on its due date, recorded the next working day
 * (never after today). Instalments due on or after `missFrom` are left unpaid (days past due).
 */
async function repayToToday(w: World, sim: Sim, missFrom?: string): Promise<void> {
  const dues = [...new Set(sim.instalments.map((i) => i.dueDate))].filter((d) => d < w.today && (missFrom === undefined || d < missFrom)).sort();
  for (const due of dues) {
    if (sim.state === 'closed') {
      break;
    }
    const owed = sim.instalments.filter((i) => i.dueDate <= due).reduce((s, i) => s + i.principalFen - i.paidPrincipalFen + i.interestFen - i.paidInterestFen, 0);
    if (owed <= 0) {
      continue;
    }
    const recorded = workdayOnOrAfter(w.cal, due);
    await act(w, sim, recorded > w.today ? w.today : recorded, { action: 'repay', amountFen: owed, paidOn: due });
  }
}

/** The two latest due dates before today (the older first). */
function lastDues(w: World, sim: Sim): [string | undefined, string | undefined] {
  const dues = [...new Set(sim.instalments.map((i) => i.dueDate))].filter((d) => d < w.today).sort();
  return [dues.at(-2), dues.at(-1)];
}

/** A rate inside the offer's range, in 0.05-point steps. */
function rateIn(rand: Rand): (offer: LoanOffer) => string {
  const u = rand();
  return (offer) => {
    const lo = Math.round(Number(offer.rateRange.min) * 100);
    const hi = Math.round(Number(offer.rateRange.max) * 100);
    const steps = Math.floor((hi - lo) / 5);
    return ((lo + 5 * Math.min(steps, Math.floor(u * (steps + 1)))) / 100).toFixed(2);
  };
}

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
