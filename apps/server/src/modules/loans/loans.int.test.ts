import type { LoanDetail, LoanSummary } from '@zhengqi/contracts/loan-applications';
import type { EligibilityResult, LoanStats } from '@zhengqi/contracts/loans';
import { and, eq, gte } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSettings } from '../../platform/db/schema';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { entityHeadcounts, entityPaymentRecords, marketEntities } from '../registry/schema';
import { recheckOutstandingLoans } from './loan-recheck';

let t: TestApp;
let officer: Client;
let hr: Client;
let approver: Client;
let checker: Client;
let ent: Client;
let entityId: string;

type Page<T> = { items: T[]; total: number };

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 400)).toBe(status);
  return res.json<T>();
}
function problem(res: LightMyRequestResponse, status: number, code: string): { field?: string } {
  const b = res.json<{ code: string; field?: string }>();
  expect({ status: res.statusCode, code: b.code }, res.body.slice(0, 300)).toEqual({ status, code });
  return b;
}

const TEXTILE = '聊城玉纤纺织有限公司';
const act = (c: Client, id: string, action: string, body: object, extra?: Record<string, string>) => c.post(`/api/v1/loans/applications/${id}/${action}`, body, extra);

/** The textile firm's registry record made clean: 68 contributors every month, wages and social insurance on time. */
async function cleanHistory(): Promise<void> {
  await t.db.tx({ kind: 'system' }, async (tx) => {
    await tx.update(entityHeadcounts).set({ pensionContributors: 68 }).where(eq(entityHeadcounts.entityId, entityId));
    await tx.update(entityPaymentRecords).set({ wages: 'on_time', socialInsurance: 'on_time' }).where(eq(entityPaymentRecords.entityId, entityId));
  });
}

async function newApplication(over: object = {}): Promise<LoanDetail> {
  return ok<LoanDetail>(await officer.post('/api/v1/loans/applications', { entityId, requestedAmountFen: 300_000_000, termMonths: 12, method: 'equal_instalment', categories: [1], channel: 'phone', ...over }), 201);
}

/** Takes a new application to the credit decision: submit, certify, diligence. */
async function toDeciding(): Promise<LoanDetail> {
  const a = await newApplication();
  const s = ok<LoanDetail>(await act(officer, a.id, 'submit', { version: a.version }));
  const c = ok<LoanDetail>(await act(hr, s.id, 'certify', { categories: [1], headcountVerified: 68, version: s.version }));
  return ok<LoanDetail>(await act(officer, c.id, 'diligence', { annualRevenueFen: 2_800_000_000, annualTaxFen: 120_000_000, visitNotes: '实地走访，生产正常', creditCheck: 'good', version: c.version }));
}

beforeAll(async () => {
  t = await makeTestApp();
  officer = await t.login('boc.officer');
  hr = await t.login('hr.officer');
  approver = await t.login('boc.approver');
  checker = await t.login('boc.checker');
  ent = await t.login('ent.user');
  const [e] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(marketEntities).where(eq(marketEntities.name, TEXTILE)));
  entityId = e?.id ?? '';
  await cleanHistory();
});
afterAll(async () => t.close());

describe('eligibility and the calculator', () => {
  it('explains each criterion for a registry record and for what-if facts, by the version in force', async () => {
    const r = ok<EligibilityResult>(await officer.post('/api/v1/loans/eligibility', { entityId, productCode: 'stable-employment', date: '2026-11-20' }));
    expect(r.productVersion).toBe('2025');
    expect(r.eligible).toBe(true);
    expect(r.criteria.find((c) => c.code === 'pension_contributors')).toMatchObject({ passed: true, source: 'registry.headcount' });
    expect(r.offer?.maxLimitFen).toBe(1_000_000_000);
    const old = ok<EligibilityResult>(await officer.post('/api/v1/loans/eligibility', { entityId, productCode: 'stable-employment', date: '2024-06-01' }));
    expect(old.productVersion).toBe('2023');
    const facts = { kind: 'enterprise', foundedOn: '2020-01-01', sizeClass: 'small', headcount: { '2025-10': 9, '2026-10': 9 }, wageArrearsMonths: [], socialInsuranceArrearsMonths: [], categories: [2], goodCredit: true };
    const small = ok<EligibilityResult>(await ent.post('/api/v1/loans/eligibility', { facts, productCode: 'stable-employment', date: '2026-11-20' }));
    expect(small.eligible).toBe(false);
    expect(small.criteria.find((c) => c.code === 'pension_contributors')).toMatchObject({ passed: false, seen: 9, source: 'facts' });
    problem(await officer.post('/api/v1/loans/eligibility', { productCode: 'stable-employment', date: '2026-11-20' }), 400, 'VALIDATION_FAILED');
  });

  it('previews a schedule whose principal sums to the amount', async () => {
    const s = ok<{ instalments: Array<{ principalFen: number; remainingFen: number }>; totalInterestFen: number }>(await ent.post('/api/v1/loans/schedule-preview', { principalFen: 100_000_000, annualRate: '4.35', months: 12, method: 'equal_instalment', startDate: '2026-01-15' }));
    expect(s.instalments).toHaveLength(12);
    expect(s.instalments.reduce((a, i) => a + i.principalFen, 0)).toBe(100_000_000);
    expect(s.instalments.at(-1)?.remainingFen).toBe(0);
    problem(await ent.post('/api/v1/loans/schedule-preview', { principalFen: -1, annualRate: '4.35', months: 12, method: 'equal_instalment', startDate: '2026-01-15' }), 400, 'VALIDATION_FAILED');
  });
});

describe('the application flow', () => {
  it('goes from a phone consultation to disbursement and repayment, each step by its organization', async () => {
    const a = await newApplication();
    expect(a).toMatchObject({ state: 'draft', channel: 'phone', productVersion: '2025', entityName: TEXTILE });
    expect(a.availableActions).toEqual(['submit', 'withdraw']);
    problem(await act(hr, a.id, 'submit', {}), 403, 'FORBIDDEN');
    const s = ok<LoanDetail>(await act(officer, a.id, 'submit', { version: a.version }));
    expect(s.state).toBe('certifying');
    expect(s.eligibility?.eligible).toBe(true);
    expect(s.factsSnapshot?.headcount).toBeDefined();
    expect(s.stepDeadline).not.toBeNull();
    // The bank cannot certify; the bureau cannot decide credit.
    problem(await act(officer, s.id, 'certify', { categories: [1], headcountVerified: 68 }), 403, 'FORBIDDEN');
    const c = ok<LoanDetail>(await act(hr, s.id, 'certify', { categories: [1], headcountVerified: 68, version: s.version }));
    expect(c.state).toBe('diligence');
    problem(await act(hr, c.id, 'diligence', { annualRevenueFen: 1, annualTaxFen: 1, visitNotes: '走访', creditCheck: 'good' }), 403, 'FORBIDDEN');
    const d = ok<LoanDetail>(await act(officer, c.id, 'diligence', { annualRevenueFen: 2_800_000_000, annualTaxFen: 120_000_000, visitNotes: '实地走访，生产正常', creditCheck: 'good', version: c.version }));
    expect(d.state).toBe('deciding');
    problem(await act(hr, d.id, 'decide', { approved: true, amountFen: 300_000_000, annualRate: '3.60', termMonths: 12, method: 'equal_instalment' }), 403, 'FORBIDDEN');
    // Above the pricing table's limit (68 contributors: 10 million) or its rates: refused with the field.
    expect(problem(await act(approver, d.id, 'decide', { approved: true, amountFen: 1_200_000_000, annualRate: '3.60', termMonths: 12, method: 'equal_instalment' }), 422, 'LOAN_TERMS_OUT_OF_RANGE').field).toBe('amountFen');
    expect(problem(await act(approver, d.id, 'decide', { approved: true, amountFen: 300_000_000, annualRate: '4.10', termMonths: 12, method: 'equal_instalment' }), 422, 'LOAN_TERMS_OUT_OF_RANGE').field).toBe('annualRate');
    const dec = ok<LoanDetail>(await act(approver, d.id, 'decide', { approved: true, amountFen: 300_000_000, annualRate: '3.60', termMonths: 12, method: 'equal_instalment', version: d.version }));
    expect(dec).toMatchObject({ state: 'approved', approvedAmountFen: 300_000_000, annualRate: '3.60', headcountAtDecision: 68 });
    const signed = ok<LoanDetail>(await act(officer, dec.id, 'sign', { contractNumber: 'BOC-LC-2026-001', signedOn: '2026-11-20', version: dec.version }));
    expect(signed.state).toBe('contracted');
    problem(await act(officer, signed.id, 'disburse', { amountFen: 100_000_000, disbursedOn: '2026-11-20' }), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    // The same key twice: one disbursement.
    const key = { 'idempotency-key': 'disb-0001-abcdef' };
    const first = ok<LoanDetail>(await act(officer, signed.id, 'disburse', { amountFen: 200_000_000, disbursedOn: '2026-11-20' }, key));
    // Replayed with the version the first request carried: still the same single disbursement.
    const again = ok<LoanDetail>(await act(officer, signed.id, 'disburse', { amountFen: 200_000_000, disbursedOn: '2026-11-20', version: signed.version }, key));
    expect(first.disbursements).toHaveLength(1);
    expect(again.disbursements).toHaveLength(1);
    expect(again.disbursedFen).toBe(200_000_000);
    problem(await act(officer, signed.id, 'disburse', { amountFen: 100_000_001, disbursedOn: '2026-11-21' }, { 'idempotency-key': 'disb-0002-abcdef' }), 422, 'LOAN_AMOUNT_EXCEEDED');
    const rest = ok<LoanDetail>(await act(officer, signed.id, 'disburse', { amountFen: 100_000_000, disbursedOn: '2026-11-21' }, { 'idempotency-key': 'disb-0003-abcdef' }));
    expect(rest.disbursedFen).toBe(300_000_000);
    const sched = rest.disbursements[0]?.schedule ?? [];
    expect(sched).toHaveLength(12);
    expect(sched.reduce((s, l) => s + l.principalFen, 0)).toBe(200_000_000);
    // A repayment goes to interest first, then principal.
    const firstDue = sched[0];
    const paid = ok<LoanDetail>(await act(officer, rest.id, 'repay', { amountFen: firstDue?.interestFen ?? 0, paidOn: '2026-11-25' }));
    expect(paid.state).toBe('repaying');
    expect(paid.repayments[0]).toMatchObject({ interestFen: firstDue?.interestFen, principalFen: 0 });
    expect(paid.timeline.map((e) => e.action)).toEqual(['create', 'submit', 'certify', 'diligence', 'decide', 'sign', 'disburse', 'disburse', 'repay']);
    const xlsx = await officer.get(`/api/v1/loans/applications/${rest.id}/schedule.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('prepays with the rest of the schedule recomputed, refuses more than is owed, and closes when paid off', async () => {
    const d = await toDeciding();
    const dec = ok<LoanDetail>(await act(approver, d.id, 'decide', { approved: true, amountFen: 120_000_000, annualRate: '3.60', termMonths: 12, method: 'equal_instalment', version: d.version }));
    const signed = ok<LoanDetail>(await act(officer, dec.id, 'sign', { contractNumber: 'BOC-LC-2026-PRE', signedOn: '2026-10-09', version: dec.version }));
    const lent = ok<LoanDetail>(await act(officer, signed.id, 'disburse', { amountFen: 120_000_000, disbursedOn: '2026-10-09' }, { 'idempotency-key': 'disb-prepay-0001' }));
    const before = lent.disbursements[0]?.schedule ?? [];
    const first = before[0];
    expect(first?.dueDate).toBe('2026-11-09');
    // Before anything is paid the loan is a month past due (the clock is on 2026-11-2x) and the payoff is quoted.
    expect(lent.daysPastDue).toBeGreaterThan(0);
    expect(lent.payoffFen).toBeGreaterThan(120_000_000);
    expect(lent.payoffFen).toBeLessThan(before.reduce((s, l) => s + l.totalFen, 0));
    // More than the payoff: refused with the field, nothing written.
    expect(problem(await act(officer, lent.id, 'repay', { amountFen: lent.payoffFen + 1, paidOn: '2026-11-20' }), 422, 'LOAN_AMOUNT_EXCEEDED').field).toBe('amountFen');
    const still = ok<LoanDetail>(await officer.get(`/api/v1/loans/applications/${lent.id}`));
    expect({ version: still.version, repayments: still.repayments.length }).toEqual({ version: lent.version, repayments: 0 });
    // The overdue instalment, the next one and 300,000 CNY ahead: the rest keeps its due dates with lower instalments.
    const second = before[1];
    const amount = (first?.totalFen ?? 0) + (second?.totalFen ?? 0) + 30_000_000;
    const pre = ok<LoanDetail>(await act(officer, lent.id, 'repay', { amountFen: amount, paidOn: '2026-11-20', version: lent.version }));
    expect(pre.state).toBe('repaying');
    expect(pre.daysPastDue).toBe(0);
    expect(pre.repayments[0]).toMatchObject({ amountFen: amount, interestFen: (first?.interestFen ?? 0) + (second?.interestFen ?? 0) });
    expect(pre.timeline.at(-1)?.note).toContain('prepaid 300000');
    const after = pre.disbursements[0]?.schedule ?? [];
    expect(after.map((l) => l.dueDate)).toEqual(before.map((l) => l.dueDate));
    expect(after.reduce((s, l) => s + l.principalFen, 0)).toBe(120_000_000);
    expect(after[2]?.paidPrincipalFen).toBe(30_000_000);
    expect(after[3]?.totalFen).toBeLessThan(before[3]?.totalFen ?? 0);
    expect(after.slice(2).reduce((s, l) => s + l.interestFen, 0)).toBeLessThan(before.slice(2).reduce((s, l) => s + l.interestFen, 0));
    // Paying the quoted payoff closes the loan.
    const closed = ok<LoanDetail>(await act(officer, lent.id, 'repay', { amountFen: pre.payoffFen, paidOn: '2026-11-21', version: pre.version }));
    expect(closed).toMatchObject({ state: 'closed', payoffFen: 0, daysPastDue: 0 });
    expect(closed.disbursements[0]?.schedule.every((l) => l.status === 'paid')).toBe(true);
    expect(closed.availableActions).toEqual([]);
  });

  it('needs a second approver above the threshold (maker-checker)', async () => {
    await t.db.tx({ kind: 'system' }, (tx) => tx.insert(appSettings).values({ key: 'loans.second_approval_threshold_fen', value: 100_000_000, updatedAt: new Date() }).onConflictDoUpdate({ target: appSettings.key, set: { value: 100_000_000 } }));
    const d = await toDeciding();
    const dec = ok<LoanDetail>(await act(approver, d.id, 'decide', { approved: true, amountFen: 300_000_000, annualRate: '3.70', termMonths: 24, method: 'equal_principal', version: d.version }));
    expect(dec.state).toBe('second_approval');
    expect(dec.approvedAmountFen).toBeNull();
    expect(dec.availableActions).toEqual([]);
    problem(await act(approver, dec.id, 'approve', { approved: true }), 409, 'SECOND_APPROVER_REQUIRED');
    const ok2 = ok<LoanDetail>(await act(checker, dec.id, 'approve', { approved: true, version: dec.version }));
    expect(ok2).toMatchObject({ state: 'approved', approvedAmountFen: 300_000_000 });
    expect(ok2.decision?.secondApproverId).not.toBeNull();
    await t.db.tx({ kind: 'system' }, (tx) => tx.delete(appSettings).where(eq(appSettings.key, 'loans.second_approval_threshold_fen')));
  });

  it('returns for correction, declines with a reason, and refuses stale versions', async () => {
    const a = await newApplication();
    const s = ok<LoanDetail>(await act(officer, a.id, 'submit', {}));
    const r = ok<LoanDetail>(await act(hr, s.id, 'return', { reason: '请补充参保证明', version: s.version }));
    expect(r.state).toBe('returned');
    problem(await act(officer, r.id, 'submit', { version: s.version }), 409, 'VERSION_CONFLICT');
    const again = ok<LoanDetail>(await act(officer, r.id, 'submit', { version: r.version }));
    expect(again.state).toBe('certifying');
    const d = await toDeciding();
    const no = ok<LoanDetail>(await act(approver, d.id, 'decide', { approved: false, reason: '经营现金流不足' }));
    expect(no.state).toBe('declined');
    problem(await act(officer, no.id, 'sign', { contractNumber: 'X-001', signedOn: '2026-11-20' }), 409, 'ACTION_NOT_ALLOWED');
  });

  it('fails the pre-check with the reasons when the registry shows wage arrears', async () => {
    await t.db.tx({ kind: 'system' }, (tx) => tx.update(entityPaymentRecords).set({ wages: 'late' }).where(and(eq(entityPaymentRecords.entityId, entityId), gte(entityPaymentRecords.month, '2026-06'))));
    const a = await newApplication();
    const s = ok<LoanDetail>(await act(officer, a.id, 'submit', {}));
    expect(s.state).toBe('precheck_failed');
    expect(s.eligibility?.criteria.find((c) => c.code === 'wages_on_time')?.passed).toBe(false);
    await cleanHistory();
  });
});

describe('the enterprise, ongoing conditions and statistics', () => {
  it('shows an enterprise user its own applications only', async () => {
    const mine = ok<Page<LoanSummary>>(await ent.get('/api/v1/loans/applications?pageSize=100'));
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((x) => x.entityName === TEXTILE)).toBe(true);
    expect(ok<{ items: Array<{ id: string }> }>(await ent.get('/api/v1/loans/my-entities')).items.map((e) => e.id)).toEqual([entityId]);
    expect(ok<{ items: unknown[] }>(await officer.get('/api/v1/loans/my-entities')).items).toEqual([]);
    const own = ok<LoanDetail>(await ent.post('/api/v1/loans/applications', { entityId, requestedAmountFen: 100_000_000, termMonths: 12, method: 'bullet', categories: [4] }), 201);
    expect(own.channel).toBe('online');
    const [other] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(marketEntities).where(eq(marketEntities.name, '山东产研强激光科技有限公司')));
    problem(await ent.post('/api/v1/loans/applications', { entityId: other?.id ?? '', requestedAmountFen: 100_000_000, termMonths: 12, method: 'bullet', categories: [4] }), 403, 'FORBIDDEN');
  });

  it('opens a remedy task when an outstanding loan’s wages fall into arrears', async () => {
    expect((await recheckOutstandingLoans(t.ctx)).opened).toBe(0);
    await t.db.tx({ kind: 'system' }, (tx) => tx.update(entityPaymentRecords).set({ wages: 'unpaid' }).where(and(eq(entityPaymentRecords.entityId, entityId), gte(entityPaymentRecords.month, '2026-09'))));
    const r = await recheckOutstandingLoans(t.ctx);
    expect(r.opened).toBeGreaterThanOrEqual(1);
    expect((await recheckOutstandingLoans(t.ctx)).opened).toBe(0);
    const list = ok<Page<LoanSummary>>(await officer.get('/api/v1/loans/applications?state=repaying'));
    const d = ok<LoanDetail>(await officer.get(`/api/v1/loans/applications/${list.items[0]?.id ?? ''}`));
    expect(d.remedyTasks[0]).toMatchObject({ state: 'open', failed: ['wages_on_time'] });
    await cleanHistory();
  });

  it('counts issued loans, the outstanding balance and jobs sustained', async () => {
    const s = ok<LoanStats>(await hr.get('/api/v1/loans/stats?productCode=stable-employment&version=2025'));
    expect(s.issuedCount).toBeGreaterThanOrEqual(1);
    expect(s.issuedAmountFen).toBeGreaterThanOrEqual(300_000_000);
    expect(s.outstandingFen).toBeLessThanOrEqual(s.issuedAmountFen);
    expect(s.jobsSustained).toBeGreaterThanOrEqual(68);
    problem(await ent.get('/api/v1/loans/stats'), 403, 'FORBIDDEN');
    const d = ok<{ byBank: Array<{ key: string; count: number }>; byMonth: Array<{ key: string }>; issuedCount: number }>(await hr.get('/api/v1/loans/stats/detail?version=2025'));
    expect(d.byBank.find((b) => b.key === 'BOC')?.count).toBe(d.issuedCount);
    expect(d.byMonth.map((m) => m.key)).toContain('2026-11');
  });
});
