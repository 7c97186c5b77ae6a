import {
  DEFAULT_STEP_WORKDAYS, TIMED_LOAN_STATES, type OwnEntities, type LoanAction, type LoanActionInputs, type LoanApplicationCreateBody, type LoanDetail, type LoanState, type LoanSummary,
} from '@zhengqi/contracts/loan-applications';
import type { EligibilityFacts, EligibilityResult, LoanCategory, LoanProductVersion, RepaymentMethod, DayCount } from '@zhengqi/contracts/loans';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, ownEntityScope, scopeOf, type Actor } from '../../platform/authz/actor';
import type { WorkingCalendar } from '../../platform/calendar/working-days';
import { shanghaiToday } from '../../platform/clock/clock';
import type { Tx } from '../../platform/db/database';
import { appSettings } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors/domain-error';
import { newId } from '../../platform/ids/ids';
import { marketEntities } from '../registry/schema';
import { PRECHECK_SOURCES, REGISTRY_SOURCES, type FactSources } from './eligibility';
import { afterDecision, availableLoanActions, decisionIssue, isParty, isRepaidInFull, transitionOf, type LoanActor } from './loan-flow';
import { insertLoanEvent, nextLoanSerial, selectEntityFacts, selectLoanPage, selectLoanParts, selectLoanRow, type LoanRow } from './loan-data';
import { loanEngine, versionInForce, selectProductVersion } from './loan-products-service';
import { allocateRepayment, buildSchedule, loanDaysPastDue, payoffFen, type LoanTerms } from './schedule';
import { loanApplications, loanDisbursements, loanInstalments, loanRepayments } from './schema';

/** Settings (app_settings) with their defaults: the maker-checker threshold and the green-channel step limit. */
export const SECOND_APPROVAL_THRESHOLD_KEY = 'loans.second_approval_threshold_fen';
export const DEFAULT_SECOND_APPROVAL_THRESHOLD_FEN = 10_000_000_00; // 10 million CNY
export const STEP_WORKDAYS_KEY = 'loans.step_workdays';

async function setting(tx: Tx, key: string, fallback: number): Promise<number> {
  const [r] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key));
  return typeof r?.value === 'number' && Number.isSafeInteger(r.value) && r.value > 0 ? r.value : fallback;
}

function loanActor(actor: Actor): LoanActor {
  return { userId: actor.userId, permissions: actor.permissions, organizationKind: actor.organizationKind, agencyType: actor.organizationAgencyType, organizationUscc: actor.organizationUscc };
}

/** Months back from `date` an eligibility decision reads (25: this month-end and the previous two years' ends). */
function factsFromMonth(date: string): string {
  const y = Number(date.slice(0, 4)) - 2;
  return `${String(y)}-${date.slice(5, 7)}`;
}

const PENDING_CHECKS: FactSources = { ...REGISTRY_SOURCES, credit: 'bank.credit (pending due diligence)', categories: 'hr.certification (pending)' };

/** Eligibility of a registry record on `date` under the version in force, with its facts snapshot. */
async function judge(tx: Tx, entityId: string, version: LoanProductVersion, date: string, categories: readonly LoanCategory[], goodCredit: boolean, sources: FactSources) {
  const found = await selectEntityFacts(tx, entityId, categories, goodCredit, factsFromMonth(date));
  if (found === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'entityId', detail: 'no such market entity in your jurisdiction' });
  }
  const result = await loanEngine().evaluateEligibility(version, found.facts, date, sources);
  return { entity: found.entity, facts: found.facts, result };
}

function stepDeadlineOf(state: LoanState, since: string, calendar: WorkingCalendar, workdays: number): string | null {
  return TIMED_LOAN_STATES[state] === undefined ? null : calendar.addWorkingDays(since, workdays).deadline;
}

function outstandingOf(r: LoanRow): number {
  return Math.max(0, r.disbursedFen - r.repaidPrincipalFen);
}

function summaryOf(r: LoanRow, today: string, calendar: WorkingCalendar): LoanSummary {
  const overdue = r.stepDeadline !== null && r.stepDeadline < today;
  return {
    id: r.id, number: r.number, entityId: r.entityId, entityName: r.entityName, applicantKind: r.applicantKind, regionCode: r.regionCode,
    productCode: r.productCode, productVersion: r.productVersion, appliedOn: r.appliedOn, state: r.state as LoanState, channel: r.channel as LoanSummary['channel'],
    priority: r.priority, requestedAmountFen: r.requestedAmountFen, approvedAmountFen: r.approvedAmountFen, disbursedFen: r.disbursedFen, outstandingFen: outstandingOf(r),
    annualRate: r.annualRate, stepDeadline: r.stepDeadline, overdue, daysOverdue: overdue && r.stepDeadline !== null ? Math.max(1, calendar.workingDaysBetween(r.stepDeadline, today)) : 0,
    version: r.version,
  };
}

// ---------------------------------------------------------------------------------------------
// Eligibility and previews

/** Eligibility of a registry record or of given facts, under the version in force on `date`. */
export async function checkEligibility(ctx: AppContext, actor: Actor, body: { entityId?: string | undefined; facts?: EligibilityFacts | undefined; productCode: string; date: string }): Promise<EligibilityResult> {
  authorize(actor, 'loan.read');
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const version = await versionInForce(tx, body.productCode, body.date);
    if (body.facts !== undefined) {
      return loanEngine().evaluateEligibility(version, body.facts, body.date, 'facts');
    }
    const owner = ownEntityScope(actor);
    // The registry holds neither the category (the HR bureau certifies it) nor the credit report (the
    // bank checks it): both are assumed and labelled as pending in the explanation.
    const j = await judge(tx, body.entityId ?? '', version, body.date, [1], true, PENDING_CHECKS);
    if (owner !== undefined && j.entity.uscc !== owner) {
      throw new DomainError('NOT_FOUND', { field: 'entityId' });
    }
    return j.result;
  });
}

// ---------------------------------------------------------------------------------------------
// Applications

/** Records an application (draft) for a market entity: by the enterprise itself, or by a bank officer after a phone or on-site consultation. */
export async function createApplication(ctx: AppContext, actor: Actor, body: LoanApplicationCreateBody): Promise<LoanDetail> {
  authorize(actor, 'loan.apply');
  const now = ctx.clock.now();
  const today = shanghaiToday(now);
  const appliedOn = body.appliedOn ?? today;
  if (appliedOn > today) {
    throw new DomainError('VALIDATION_FAILED', { field: 'appliedOn', detail: 'an application date cannot be in the future' });
  }
  const id = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const version = await versionInForce(tx, body.productCode ?? 'stable-employment', appliedOn);
    const found = await selectEntityFacts(tx, body.entityId, [], true, factsFromMonth(appliedOn));
    if (found === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'entityId', detail: 'no such market entity in your jurisdiction' });
    }
    const e = found.entity;
    if (!isParty('applicant', loanActor(actor), { entityUscc: e.uscc })) {
      throw new DomainError('FORBIDDEN', { field: 'entityId', detail: 'an enterprise applies for itself; officers record for enterprises' });
    }
    if (e.kind === 'farmers_cooperative') {
      throw new DomainError('LOAN_NOT_ELIGIBLE', { field: 'entityId', detail: 'the special loan lends to enterprises and individual businesses' });
    }
    const channel = body.channel ?? 'online';
    const row = {
      id: newId('lna'), number: `DK-${appliedOn.slice(0, 4)}-${String(await nextLoanSerial(tx)).padStart(5, '0')}`, regionCode: e.regionCode, entityId: e.id,
      entityName: e.name, entityUscc: e.uscc, applicantKind: found.facts.kind, productCode: version.productCode, productVersion: version.version, bankCode: version.bank.code,
      appliedOn, state: 'draft', channel, priority: body.priority ?? false, requestedAmountFen: body.requestedAmountFen, termMonths: body.termMonths, method: body.method,
      categoriesClaimed: [...new Set(body.categories)].sort(), contactNote: body.contactNote ?? '', createdBy: actor.userId, version: 1, createdAt: now, updatedAt: now,
    };
    await tx.insert(loanApplications).values(row);
    await insertLoanEvent(tx, { applicationId: row.id, regionCode: row.regionCode, at: now, actorId: actor.userId, action: 'create', fromState: null, toState: 'draft', note: channel === 'online' ? null : `channel: ${channel}` });
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'loan.created', entityType: 'loan_application', entityId: row.id, regionCode: row.regionCode, before: null, after: row, requestId: actor.requestId ?? null });
    return row.id;
  });
  return getApplication(ctx, actor, id);
}

/** A page of applications in the caller's jurisdiction (an enterprise sees its own only). */
export async function listApplications(ctx: AppContext, actor: Actor, q: { state?: LoanState | undefined; region?: string | undefined; q?: string | undefined; overdue?: boolean | undefined; waitingFor?: 'me' | undefined; page: number; pageSize: number }) {
  authorize(actor, 'loan.read');
  const today = shanghaiToday(ctx.clock.now());
  const calendar = await ctx.calendar.get();
  const owner = ownEntityScope(actor);
  const states = q.waitingFor === 'me' ? waitingStates(loanActor(actor)) : undefined;
  const r = await ctx.db.tx(scopeOf(actor), (tx) => selectLoanPage(tx, {
    ...(q.state === undefined ? {} : { state: q.state }),
    ...(q.region === undefined ? {} : { regions: ctx.regions.subtree(q.region).filter((c) => actor.regions.includes(c)) }),
    ...(q.q === undefined ? {} : { q: q.q }),
    ...(q.overdue === true ? { overdueAsOf: today } : q.overdue === false ? { notOverdueAsOf: today } : {}),
    ...(owner === undefined ? {} : { ownerUscc: owner }),
    ...(states === undefined ? {} : { states }),
  }, q.page, q.pageSize));
  return { total: r.total, items: r.rows.map((x) => summaryOf(x, today, calendar)), page: q.page, pageSize: q.pageSize };
}

/** The states in which the caller's organization and permissions act (the "waiting for me" list). */
function waitingStates(a: LoanActor): LoanState[] {
  const probe = { entityUscc: a.organizationUscc ?? '-', decidedBy: null };
  const states = new Set<LoanState>();
  for (const s of ['draft', 'returned', 'precheck_failed', 'certifying', 'diligence', 'deciding', 'second_approval', 'approved', 'contracted', 'disbursed'] as const) {
    if (availableLoanActions({ ...probe, state: s }, a).some((x) => x !== 'withdraw' && x !== 'repay')) {
      states.add(s);
    }
  }
  return [...states];
}

/** One application with its timeline, eligibility explanation, schedule and what the caller may do now. */
export async function getApplication(ctx: AppContext, actor: Actor, id: string): Promise<LoanDetail> {
  authorize(actor, 'loan.read');
  const today = shanghaiToday(ctx.clock.now());
  const calendar = await ctx.calendar.get();
  const d = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const r = await selectLoanRow(tx, id, ownEntityScope(actor));
    if (r === undefined) {
      return undefined;
    }
    const parts = await selectLoanParts(tx, id);
    // The day count (for a payoff quote) only matters once there is a schedule.
    const dayCount = parts.instalments.length === 0 ? null : (await versionOf(tx, r)).dayCount;
    return { r, parts, dayCount };
  });
  if (d === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  const { r, parts, dayCount } = d;
  const decision = r.decision as LoanDetail['decision'];
  const lines = parts.instalments;
  return {
    ...summaryOf(r, today, calendar),
    termMonths: r.termMonths,
    method: r.method as RepaymentMethod,
    categoriesClaimed: r.categoriesClaimed as LoanCategory[],
    contactNote: r.contactNote,
    eligibility: (r.eligibility ?? null) as LoanDetail['eligibility'],
    factsSnapshot: (r.factsSnapshot ?? null) as LoanDetail['factsSnapshot'],
    certification: (r.certification ?? null) as LoanDetail['certification'],
    diligence: (r.diligence ?? null) as LoanDetail['diligence'],
    decision: decision ?? null,
    contract: (r.contract ?? null) as LoanDetail['contract'],
    headcountAtDecision: r.headcountAtDecision,
    disbursements: parts.disbursements.map((x) => {
      const own = lines.filter((i) => i.disbursementId === x.id).sort((a, b) => a.n - b.n);
      let remaining = x.amountFen;
      return {
        id: x.id, amountFen: x.amountFen, disbursedOn: x.disbursedOn,
        schedule: own.map((i) => {
          remaining -= i.principalFen;
          const paid = i.paidPrincipalFen + i.paidInterestFen;
          const total = i.principalFen + i.interestFen;
          const status = paid >= total ? 'paid' as const : i.dueDate < today ? 'overdue' as const : paid > 0 ? 'partial' as const : 'due' as const;
          return { n: i.n, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen, totalFen: total, remainingFen: remaining, paidPrincipalFen: i.paidPrincipalFen, paidInterestFen: i.paidInterestFen, status };
        }),
      };
    }),
    repayments: parts.repayments.map((p) => ({ id: p.id, amountFen: p.amountFen, paidOn: p.paidOn, interestFen: p.interestFen, principalFen: p.principalFen })),
    remedyTasks: parts.remedies.map((t) => ({ id: t.id, openedOn: t.openedOn, failed: t.failed, evidence: t.evidence, state: t.state, resolvedNote: t.resolvedNote })),
    daysPastDue: loanDaysPastDue(lines, today),
    payoffFen: dayCount === null ? 0 : payoffFen(lines, loanTermsOf(r, parts.disbursements, dayCount), today),
    availableActions: availableLoanActions({ state: r.state as LoanState, entityUscc: r.entityUscc, decidedBy: decision?.decidedBy ?? null }, loanActor(actor)),
    timeline: parts.events.map(({ e, actorName }) => ({ seq: e.seq, at: e.at.toISOString(), actorId: e.actorId, actorName, action: e.action, from: (e.fromState ?? null) as LoanState | null, to: e.toState as LoanState, note: e.note })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

type Change = { to: LoanState; set: Partial<typeof loanApplications.$inferInsert>; note: string | null; after?: (tx: Tx, row: LoanRow) => Promise<void> };

/**
 * One step of the flow: the transition table, the caller's permission and organization, the
 * version check, the step's rules; the change, its timeline event and its audit row in one transaction.
 */
export async function actOnApplication<A extends LoanAction>(ctx: AppContext, actor: Actor, id: string, action: A, input: LoanActionInputs[A], idempotencyKey?: string): Promise<LoanDetail> {
  const now = ctx.clock.now();
  const today = shanghaiToday(now);
  const calendar = await ctx.calendar.get();
  const la = loanActor(actor);
  if (action === 'disburse' && (idempotencyKey === undefined || idempotencyKey.trim() === '')) {
    throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', { field: 'Idempotency-Key' });
  }
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await selectLoanRow(tx, id, ownEntityScope(actor));
    if (before === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    const state = before.state as LoanState;
    // A repeated disbursement with the same key answers with the application as it is (whatever its version now).
    if (action === 'disburse' && (await sameDisbursement(tx, id, idempotencyKey ?? ''))) {
      return;
    }
    const t = transitionOf(state, action);
    if (t === undefined) {
      throw new DomainError('ACTION_NOT_ALLOWED', { detail: `${action} is not possible while ${state}` });
    }
    authorize(actor, t.permission);
    if (!isParty(t.party, la, before)) {
      throw new DomainError('FORBIDDEN', { detail: `${action} is the ${t.party === 'hr' ? 'HR bureau' : t.party === 'bank' ? 'bank' : 'applicant'}'s step` });
    }
    const v = (input).version;
    if (v !== undefined && v !== before.version) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version', extra: { currentVersion: before.version } });
    }
    const change = await stepChange(tx, ctx, actor, before, action, input, today, idempotencyKey ?? '');
    const stepWorkdays = await setting(tx, STEP_WORKDAYS_KEY, DEFAULT_STEP_WORKDAYS);
    const moved = change.to !== state;
    const set = {
      ...change.set, state: change.to, version: before.version + 1, updatedAt: now,
      ...(moved ? { stepSince: today, stepDeadline: stepDeadlineOf(change.to, today, calendar, stepWorkdays) } : {}),
    };
    const [after] = await tx.update(loanApplications).set(set).where(and(eq(loanApplications.id, id), eq(loanApplications.version, before.version))).returning();
    if (after === undefined) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version', extra: { currentVersion: before.version } });
    }
    await change.after?.(tx, after);
    await insertLoanEvent(tx, { applicationId: id, regionCode: before.regionCode, at: now, actorId: actor.userId, action, fromState: state, toState: change.to, note: change.note });
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: `loan.${action}`, entityType: 'loan_application', entityId: id, regionCode: before.regionCode,
      before: { state, version: before.version }, after: { state: change.to, version: after.version, ...change.set }, requestId: actor.requestId ?? null,
    });
  });
  return getApplication(ctx, actor, id);
}

async function sameDisbursement(tx: Tx, id: string, key: string): Promise<boolean> {
  const [d] = await tx.select({ id: loanDisbursements.id }).from(loanDisbursements).where(and(eq(loanDisbursements.applicationId, id), eq(loanDisbursements.idempotencyKey, key)));
  return d !== undefined;
}

/** The terms a repayment is allocated by; a prepayment goes to the oldest disbursement first. */
function loanTermsOf(r: LoanRow, disbursements: ReadonlyArray<{ id: string; disbursedOn: string }>, dayCount: DayCount): LoanTerms {
  const oldestFirst = [...disbursements].sort((x, y) => (x.disbursedOn < y.disbursedOn ? -1 : x.disbursedOn > y.disbursedOn ? 1 : 0));
  return { annualRate: r.annualRate ?? '0', method: r.method as RepaymentMethod, dayCount, termMonths: r.termMonths, disbursements: oldestFirst };
}

async function versionOf(tx: Tx, r: LoanRow): Promise<LoanProductVersion> {
  const v = await selectProductVersion(tx, r.productCode, r.productVersion);
  if (v === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'productVersion' });
  }
  return v.content;
}

async function stepChange(tx: Tx, ctx: AppContext, actor: Actor, r: LoanRow, action: LoanAction, input: unknown, today: string, key: string): Promise<Change> {
  const version = await versionOf(tx, r);
  switch (action) {
    case 'submit': {
      // Pre-check (预审): the registry's facts on the application date, credit pending the bank's check.
      const j = await judge(tx, r.entityId, version, r.appliedOn, r.categoriesClaimed as LoanCategory[], true, PRECHECK_SOURCES);
      const failed = j.result.criteria.filter((c) => !c.passed).map((c) => c.code);
      return {
        to: j.result.eligible ? 'certifying' : 'precheck_failed',
        set: { eligibility: j.result, factsSnapshot: j.facts },
        note: j.result.eligible ? 'pre-check passed' : `pre-check failed: ${failed.join(', ')}`,
      };
    }
    case 'certify': {
      const b = input as LoanActionInputs['certify'];
      return {
        to: 'diligence',
        set: { certification: { categories: [...new Set(b.categories)].sort(), headcountVerified: b.headcountVerified, note: b.note, by: actor.userId, on: today } },
        note: `categories ${b.categories.join(', ')}; headcount ${String(b.headcountVerified)}`,
      };
    }
    case 'return': {
      const b = input as LoanActionInputs['return'];
      return { to: 'returned', set: {}, note: b.reason };
    }
    case 'diligence': {
      const b = input as LoanActionInputs['diligence'];
      return {
        to: 'deciding',
        set: { diligence: { annualRevenueFen: b.annualRevenueFen, annualTaxFen: b.annualTaxFen, visitNotes: b.visitNotes, creditCheck: b.creditCheck, by: actor.userId, on: today } },
        note: `credit check: ${b.creditCheck}`,
      };
    }
    case 'decide': {
      const b = input as LoanActionInputs['decide'];
      if (!b.approved) {
        return { to: 'declined', set: { decision: { approved: false, amountFen: null, annualRate: null, termMonths: null, method: null, reason: b.reason, note: '', decidedBy: actor.userId, decidedOn: today, secondApproverId: null, needsSecondApproval: false } }, note: b.reason };
      }
      // The decision is judged again with the certified categories and the bank's credit check.
      const cert = r.certification as { categories: LoanCategory[]; headcountVerified: number } | null;
      const dil = r.diligence as { creditCheck: 'good' | 'bad' } | null;
      const j = await judge(tx, r.entityId, version, r.appliedOn, cert?.categories ?? [], dil?.creditCheck !== 'bad', REGISTRY_SOURCES);
      if (!j.result.eligible || j.result.offer === undefined) {
        const failed = j.result.criteria.filter((c) => !c.passed).map((c) => c.code);
        throw new DomainError('LOAN_NOT_ELIGIBLE', { field: 'approved', detail: `failed: ${failed.join(', ') || 'no offer'}` });
      }
      const issue = decisionIssue({ maxLimitFen: j.result.offer.maxLimitFen, rateMin: j.result.offer.rateRange.min, rateMax: j.result.offer.rateRange.max, termsMonths: version.termsMonths, methods: version.methods }, b);
      if (issue !== null) {
        throw new DomainError('LOAN_TERMS_OUT_OF_RANGE', issue);
      }
      const threshold = await setting(tx, SECOND_APPROVAL_THRESHOLD_KEY, DEFAULT_SECOND_APPROVAL_THRESHOLD_FEN);
      const to = afterDecision(true, b.amountFen, threshold);
      return {
        to,
        set: {
          decision: { approved: true, amountFen: b.amountFen, annualRate: b.annualRate, termMonths: b.termMonths, method: b.method, reason: null, note: b.note, decidedBy: actor.userId, decidedOn: today, secondApproverId: null, needsSecondApproval: to === 'second_approval' },
          eligibility: j.result, factsSnapshot: j.facts, headcountAtDecision: cert?.headcountVerified ?? lastHeadcount(j.facts),
          approvedAmountFen: to === 'approved' ? b.amountFen : null, annualRate: b.annualRate, termMonths: b.termMonths, method: b.method,
        },
        note: `${String(b.amountFen / 100)} CNY at ${b.annualRate} %, ${String(b.termMonths)} months`,
      };
    }
    case 'approve': {
      const b = input as LoanActionInputs['approve'];
      const d = r.decision as NonNullable<LoanDetail['decision']>;
      if (d.decidedBy === actor.userId) {
        throw new DomainError('SECOND_APPROVER_REQUIRED');
      }
      if (!b.approved) {
        return { to: 'declined', set: { decision: { ...d, approved: false, reason: b.reason ?? '', secondApproverId: actor.userId }, approvedAmountFen: null }, note: b.reason ?? null };
      }
      return { to: 'approved', set: { decision: { ...d, secondApproverId: actor.userId }, approvedAmountFen: d.amountFen }, note: 'second approval given' };
    }
    case 'sign': {
      const b = input as LoanActionInputs['sign'];
      if (b.signedOn > today) {
        throw new DomainError('VALIDATION_FAILED', { field: 'signedOn', detail: 'in the future' });
      }
      return { to: 'contracted', set: { contract: { number: b.contractNumber, signedOn: b.signedOn } }, note: b.contractNumber };
    }
    case 'disburse': {
      const b = input as LoanActionInputs['disburse'];
      const approved = r.approvedAmountFen ?? 0;
      if (r.disbursedFen + b.amountFen > approved) {
        throw new DomainError('LOAN_AMOUNT_EXCEEDED', { field: 'amountFen', detail: `approved ${String(approved)}, already disbursed ${String(r.disbursedFen)}` });
      }
      if (b.disbursedOn > today) {
        throw new DomainError('VALIDATION_FAILED', { field: 'disbursedOn', detail: 'in the future' });
      }
      const schedule = buildSchedule({ principalFen: b.amountFen, annualRate: r.annualRate ?? '0', months: r.termMonths, method: r.method as RepaymentMethod, startDate: b.disbursedOn, dayCount: version.dayCount });
      const disbursementId = newId('lnd');
      return {
        to: 'disbursed',
        set: { disbursedFen: r.disbursedFen + b.amountFen },
        note: `${String(b.amountFen / 100)} CNY on ${b.disbursedOn}`,
        after: async (t) => {
          await t.insert(loanDisbursements).values({ id: disbursementId, applicationId: r.id, regionCode: r.regionCode, idempotencyKey: key, amountFen: b.amountFen, disbursedOn: b.disbursedOn, createdBy: actor.userId, createdAt: ctx.clock.now() });
          await t.insert(loanInstalments).values(schedule.instalments.map((i) => ({ disbursementId, applicationId: r.id, regionCode: r.regionCode, n: i.n, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen })));
        },
      };
    }
    case 'repay': {
      const b = input as LoanActionInputs['repay'];
      if (b.paidOn > today) {
        throw new DomainError('VALIDATION_FAILED', { field: 'paidOn', detail: 'in the future' });
      }
      const parts = await selectLoanParts(tx, r.id);
      const rows = parts.instalments;
      const split = allocateRepayment(rows, loanTermsOf(r, parts.disbursements, version.dayCount), b.amountFen, b.paidOn);
      if (split.excessFen > 0) {
        throw new DomainError('LOAN_AMOUNT_EXCEEDED', { field: 'amountFen', detail: `only ${String(b.amountFen - split.excessFen)} fen is owed` });
      }
      const repaid = r.repaidPrincipalFen + split.principalFen;
      return {
        to: isRepaidInFull(r.disbursedFen, r.approvedAmountFen, split.lines) ? 'closed' : 'repaying',
        set: { repaidPrincipalFen: repaid },
        note: `${String(b.amountFen / 100)} CNY on ${b.paidOn}: interest ${String(split.interestFen / 100)}, principal ${String(split.principalFen / 100)}${split.prepaidFen > 0 ? ` (prepaid ${String(split.prepaidFen / 100)}, the rest of the schedule recomputed)` : ''}`,
        after: async (t) => {
          for (const [k, x] of split.lines.entries()) {
            const row = rows[k];
            if (row === undefined || (x.paidPrincipalFen === row.paidPrincipalFen && x.paidInterestFen === row.paidInterestFen && x.principalFen === row.principalFen && x.interestFen === row.interestFen)) {continue;}
            await t.update(loanInstalments).set({ principalFen: x.principalFen, interestFen: x.interestFen, paidPrincipalFen: x.paidPrincipalFen, paidInterestFen: x.paidInterestFen })
              .where(and(eq(loanInstalments.disbursementId, row.disbursementId), eq(loanInstalments.n, row.n)));
          }
          await t.insert(loanRepayments).values({ id: newId('lnr'), applicationId: r.id, regionCode: r.regionCode, amountFen: b.amountFen, interestFen: split.interestFen, principalFen: split.principalFen, paidOn: b.paidOn, createdBy: actor.userId, createdAt: ctx.clock.now() });
        },
      };
    }
    case 'withdraw': {
      const b = input as LoanActionInputs['withdraw'];
      return { to: 'withdrawn', set: {}, note: b.reason };
    }
  }
}

function lastHeadcount(f: EligibilityFacts): number {
  const months = Object.keys(f.headcount).sort();
  const last = months.at(-1);
  return last === undefined ? 0 : (f.headcount[last] ?? 0);
}

/** The market entities the caller acts for: its organization's own firm (none for government or bank staff). */
export async function ownEntities(ctx: AppContext, actor: Actor): Promise<OwnEntities> {
  authorize(actor, 'loan.apply');
  const owner = ownEntityScope(actor);
  if (owner === undefined) {
    return { items: [] };
  }
  const rows = await ctx.db.tx(scopeOf(actor), (tx) => tx.select().from(marketEntities).where(eq(marketEntities.uscc, owner)));
  return { items: rows.map((e) => ({ id: e.id, name: e.name, uscc: e.uscc, kind: e.kind, regionCode: e.regionCode })) };
}
