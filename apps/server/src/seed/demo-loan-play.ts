import { DEFAULT_STEP_WORKDAYS, TIMED_LOAN_STATES, type LoanAction, type LoanState } from '@zhengqi/contracts/loan-applications';
import type { EligibilityFacts, EligibilityResult, LoanCategory, LoanOffer, LoanProductVersion, RepaymentMethod } from '@zhengqi/contracts/loans';
import { BUILTIN_ROLES, type Permission } from '@zhengqi/contracts/permissions';
import { eq, inArray } from 'drizzle-orm';
import { PRECHECK_SOURCES, REGISTRY_SOURCES, type FactSources } from '../modules/loans/eligibility';
import { afterDecision, availableLoanActions, decisionIssue, isRepaidInFull, transitionOf, type LoanActor } from '../modules/loans/loan-flow';
import { loanEngine } from '../modules/loans/loan-products-service';
import { DEFAULT_SECOND_APPROVAL_THRESHOLD_FEN } from '../modules/loans/loan-service';
import { selectVersion } from '../modules/loans/product-versions';
import { allocateRepayment, buildSchedule, type LoanLine } from '../modules/loans/schedule';
import type { WorkingCalendar } from '../platform/calendar/working-days';
import type { Tx } from '../platform/db/database';
import { organizations, userRoles, users } from '../platform/db/schema';
import { newId } from '../platform/ids/ids';
import { factsOf, type Firm, WAN_FEN, workdayOnOrAfter, workdaysAfter } from './demo-loan-firms';
import { pick, type Rand } from './random';

// One demo application played through the real rules (demo-loans.ts): the acting users, the steps,
// and the state each step leaves, as loan-service.ts would have recorded it.

// ---------------------------------------------------------------------------------------------
// The people acting: the demo users as stored, with their organizations and the permissions of their roles.

export type Who = 'officer' | 'hr' | 'approver' | 'checker' | 'ent';
export const USERNAMES: Record<Who, string> = { officer: 'boc.officer', hr: 'hr.officer', approver: 'boc.approver', checker: 'boc.checker', ent: 'ent.user' };

export async function loadActors(tx: Tx): Promise<Record<Who, LoanActor>> {
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

export type Channel = 'online' | 'phone' | 'on_site';
export type Certification = { categories: LoanCategory[]; headcountVerified: number; note: string; by: string; on: string };
export type Diligence = { annualRevenueFen: number; annualTaxFen: number; visitNotes: string; creditCheck: 'good' | 'bad'; by: string; on: string };
export type Decision = {
  approved: boolean; amountFen: number | null; annualRate: string | null; termMonths: number | null; method: RepaymentMethod | null; reason: string | null; note: string;
  decidedBy: string; decidedOn: string; secondApproverId: string | null; needsSecondApproval: boolean;
};
export type EventRow = { at: Date; actorId: string; action: string; from: LoanState | null; to: LoanState; note: string | null };
export type InstalmentRow = LoanLine;

export type Sim = {
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

export type Step =
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
export type World = {
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

export const VISITS = [
  '实地走访：生产经营正常，订单饱满，用工稳定',
  '上门走访：车间满负荷运转，工资按月足额发放',
  '实地核查：经营场所自有，设备运转正常，近期有扩产计划',
  '走访企业负责人及财务：受原材料、运输成本上涨影响，资金周转偏紧',
];
export const CERT_NOTES: Record<LoanCategory, string> = {
  1: '经核实，属人社部门认定的稳岗扩岗优质企业，参保人数与社保系统一致。',
  2: '经核实，属就业弹性大、民生关联度高的服务业企业，参保人数与社保系统一致。',
  3: '经核实，属“用工难、用工贵”问题突出的稳产保供企业，参保人数与社保系统一致。',
  4: '经核实，近一年吸纳高校毕业生、退役军人等重点群体较多，参保人数与社保系统一致。',
};
export const PHONE_NOTES = [
  '企业负责人来电咨询：受原材料、运输成本上涨影响，资金周转紧张，希望申请专项贷款。',
  '企业财务负责人来电了解专项贷款的具体内容，经一对一线上沟通后代为录入。',
  '人社部门推荐，客户经理电话对接后代为录入。',
];
export const VISIT_NOTES = ['客户经理上门走访，详细了解营业收入和纳税情况后代为录入。', '政银企对接会后登记融资需求，客户经理实地走访后代为录入。'];

export function newSim(w: World, firm: Firm, o: { appliedOn: string; channel: Channel; by: Who; requestedFen: number; termMonths: number; method: RepaymentMethod; categories?: LoanCategory[]; priority?: boolean; contactNote?: string }): Sim {
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
export function stamp(w: World, sim: Sim, date: string): Date {
  const base = Date.parse(`${date}T09:00:00+08:00`) + Math.floor(w.clockRand() * 7 * 60) * 60_000;
  let at = Math.max(base, sim.lastAt + (5 + Math.floor(w.clockRand() * 40)) * 60_000);
  at = Math.max(Math.min(at, w.now.getTime() - 60_000), sim.lastAt + 1_000);
  sim.lastAt = at;
  return new Date(at);
}

export async function judge(w: World, sim: Sim, on: string, categories: readonly LoanCategory[], goodCredit: boolean, sources: FactSources) {
  const facts = factsOf(sim.firm, sim.appliedOn, on, categories, goodCredit);
  const result = await loanEngine().evaluateEligibility(sim.product, facts, sim.appliedOn, sources);
  return { facts, result };
}

/** The judgment a decision on `on` sees, as the service judges it: the certified categories and the bank's credit check. */
export async function decisionJudgment(w: World, sim: Sim, on: string) {
  if (sim.atDecision?.on !== on) {
    const j = await judge(w, sim, on, sim.certification?.categories ?? [], sim.diligence?.creditCheck !== 'bad', REGISTRY_SOURCES);
    sim.atDecision = { on, ...j };
  }
  return sim.atDecision;
}

/** The offer a decision on `on` would see; the firm must be eligible then. */
export async function decisionOffer(w: World, sim: Sim, on: string): Promise<LoanOffer> {
  const j = await decisionJudgment(w, sim, on);
  if (!j.result.eligible || j.result.offer === undefined) {
    throw new Error(`demo loan for ${sim.firm.name}: not eligible at the decision (${j.result.criteria.filter((c) => !c.passed).map((c) => c.code).join(', ')})`);
  }
  return j.result.offer;
}

export const WHO_ACTS: Record<Exclude<LoanAction, 'submit' | 'withdraw'>, Who> = {
  certify: 'hr', return: 'hr', diligence: 'officer', decide: 'approver', approve: 'checker', sign: 'officer', disburse: 'officer', repay: 'officer',
};

/** One step on `on` (a working day): the transition table, the actor's organization and permission, the step's rule; state, timeline and step deadline as the service sets them. */
export async function act(w: World, sim: Sim, on: string, step: Step, submitter: Who = 'officer'): Promise<void> {
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
export async function play(w: World, sim: Sim, steps: ReadonlyArray<readonly [number, Step]>, submitter: Who = 'officer'): Promise<string> {
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
export async function repayToToday(w: World, sim: Sim, missFrom?: string): Promise<void> {
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
export function lastDues(w: World, sim: Sim): [string | undefined, string | undefined] {
  const dues = [...new Set(sim.instalments.map((i) => i.dueDate))].filter((d) => d < w.today).sort();
  return [dues.at(-2), dues.at(-1)];
}

/** A rate inside the offer's range, in 0.05-point steps. */
export function rateIn(rand: Rand): (offer: LoanOffer) => string {
  const u = rand();
  return (offer) => {
    const lo = Math.round(Number(offer.rateRange.min) * 100);
    const hi = Math.round(Number(offer.rateRange.max) * 100);
    const steps = Math.floor((hi - lo) / 5);
    return ((lo + 5 * Math.min(steps, Math.floor(u * (steps + 1)))) / 100).toFixed(2);
  };
}

