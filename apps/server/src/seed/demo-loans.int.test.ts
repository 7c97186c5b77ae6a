import { LOAN_STATES, TIMED_LOAN_STATES, type LoanDetail, type LoanStatsDetail, type LoanSummary } from '@zhengqi/contracts/loan-applications';
import type { LoanStats } from '@zhengqi/contracts/loans';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recheckOutstandingLoans } from '../modules/loans/loan-recheck';
import { makeTestApp, type Client, type TestApp } from '../test/test-app';
import { PAGE_AMOUNT_FEN_2023, PAGE_FIRMS_2023, STEEL_PIPE_NAME, TEXTILE_NAME } from './demo-loans';

// The special-loan demo book (seeded by the test setup at Friday 2026-11-27) against the seed page's
// figures, read through the HTTP API: 150,000,000 CNY to 38 small firms under the 2023 version
// (docs/seed-figures.md, "Special loans"), and the 2025 version's applications in every state.

type Page<T> = { items: T[]; total: number };

let t: TestApp;
let hr: Client;
let officer: Client;
let ent: Client;
let all: LoanSummary[];
const details = new Map<string, LoanDetail>();

function ok<T>(res: LightMyRequestResponse): T {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.json<T>();
}

async function allPages<T>(c: Client, path: string): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const p = ok<Page<T>>(await c.get(`${path}${path.includes('?') ? '&' : '?'}pageSize=200&page=${page}`));
    out.push(...p.items);
    if (out.length >= p.total || p.items.length === 0) {
      return out;
    }
  }
}

async function detail(id: string): Promise<LoanDetail> {
  const known = details.get(id);
  if (known !== undefined) {
    return known;
  }
  const d = ok<LoanDetail>(await officer.get(`/api/v1/loans/applications/${id}`));
  details.set(id, d);
  return d;
}

const ISSUED = new Set(['disbursed', 'repaying', 'closed']);
const rate = (r: string | null) => Math.round(Number(r ?? 'NaN') * 100);

beforeAll(async () => {
  t = await makeTestApp();
  hr = await t.login('hr.officer');
  officer = await t.login('boc.officer');
  ent = await t.login('ent.user');
  all = await allPages<LoanSummary>(officer, '/api/v1/loans/applications');
});
afterAll(async () => t.close());

describe('the special-loan demo book', () => {
  it('reproduces the page: 150 million CNY to 38 small firms under the 2023 version', async () => {
    const s = ok<LoanStats>(await hr.get('/api/v1/loans/stats?productCode=stable-employment&version=2023'));
    expect(s.issuedCount).toBe(38);
    expect(s.issuedAmountFen).toBe(15_000_000_000);
    expect(PAGE_FIRMS_2023).toBe(38);
    expect(PAGE_AMOUNT_FEN_2023).toBe(15_000_000_000);
    expect(s.outstandingFen).toBeGreaterThan(0);
    expect(s.outstandingFen).toBeLessThan(s.issuedAmountFen);
    expect(s.jobsSustained).toBeGreaterThan(38 * 10);

    const d = ok<LoanStatsDetail>(await hr.get('/api/v1/loans/stats/detail?productCode=stable-employment&version=2023'));
    expect(d.byBank).toEqual([{ key: 'BOC', count: 38, amountFen: 15_000_000_000 }]);
    // Spread over the city's counties, districts and zones.
    expect(d.byRegion.map((r) => r.key).sort()).toEqual(['371502', '371503', '371521', '371522', '371524', '371525', '371526', '371581', 'Z15001', 'Z15002', 'Z15003']);
    expect(d.byCategory.map((c) => c.key).sort()).toEqual(['1', '2', '3', '4']);
    // First disbursed between January 2023 and March 2025, while the 2023 version was in force.
    expect(d.byMonth.every((m) => m.key >= '2023-01' && m.key <= '2025-03')).toBe(true);
    expect(d.byMonth.reduce((n, m) => n + m.count, 0)).toBe(38);
    expect(d.byState.closed).toBeGreaterThan(0);
    expect(d.byState.repaying).toBeGreaterThan(d.byState.closed ?? 0);

    const issued = all.filter((a) => a.productVersion === '2023' && ISSUED.has(a.state));
    expect(issued).toHaveLength(38);
    expect(new Set(issued.map((a) => a.entityId)).size).toBe(38);
    expect(issued.map((a) => a.entityName)).toEqual(expect.arrayContaining([TEXTILE_NAME, STEEL_PIPE_NAME]));
    expect(issued.reduce((n, a) => n + a.disbursedFen, 0)).toBe(15_000_000_000);
    for (const a of issued) {
      expect(a.appliedOn >= '2023-01-01' && a.appliedOn <= '2025-03-05', a.number).toBe(true);
      expect(a.approvedAmountFen, a.number).toBe(a.disbursedFen);
      // Whole 10,000 CNY; at most 4 %.
      expect(a.disbursedFen % 1_000_000, a.number).toBe(0);
      expect(rate(a.annualRate), a.number).toBeLessThanOrEqual(400);
    }
  });

  it('decided every 2023 loan on the engine’s explanation, within the pricing table’s limit and rate range', async () => {
    for (const a of all.filter((x) => x.productVersion === '2023' && ISSUED.has(x.state))) {
      const d = await detail(a.id);
      const e = d.eligibility;
      expect(e?.eligible, a.number).toBe(true);
      expect(e?.productVersion).toBe('2023');
      expect(e?.criteria).toHaveLength(9);
      expect(e?.criteria.every((c) => c.passed && c.source.startsWith(c.code === 'good_credit' ? 'bank.' : c.code === 'category' ? 'hr.' : 'registry.'))).toBe(true);
      expect(d.approvedAmountFen ?? Infinity).toBeLessThanOrEqual(e?.offer?.maxLimitFen ?? 0);
      expect(rate(d.annualRate)).toBeGreaterThanOrEqual(rate(e?.offer?.rateRange.min ?? null));
      expect(rate(d.annualRate)).toBeLessThanOrEqual(rate(e?.offer?.rateRange.max ?? null));
      expect(d.headcountAtDecision).toBe(d.certification?.headcountVerified);
      expect(d.factsSnapshot?.headcount).toBeDefined();
      expect(d.decision?.needsSecondApproval).toBe((d.approvedAmountFen ?? 0) > 1_000_000_000);
      expect(d.decision?.secondApproverId !== null).toBe(d.decision?.needsSecondApproval);
      const actions = d.timeline.map((x) => x.action);
      expect(actions[0]).toBe('create');
      expect(actions).toEqual(expect.arrayContaining(['submit', 'certify', 'diligence', 'decide', 'sign', 'disburse']));
      // Timelines in order, each step on a date no later than the next.
      expect(d.timeline.map((x) => x.at)).toEqual([...d.timeline.map((x) => x.at)].sort());
      expect((d.contract?.signedOn ?? '9999') <= (d.disbursements[0]?.disbursedOn ?? '')).toBe(true);
    }
  });

  it('has the 2025 version’s applications in every state, green-channel ones and overdue steps', async () => {
    const d = ok<LoanStatsDetail>(await hr.get('/api/v1/loans/stats/detail?productCode=stable-employment&version=2025'));
    for (const s of LOAN_STATES) {
      expect(d.byState[s] ?? 0, s).toBeGreaterThanOrEqual(1);
    }
    const recent = all.filter((a) => a.productVersion === '2025');
    expect(recent.every((a) => a.appliedOn >= '2025-03-06')).toBe(true);
    expect(recent.some((a) => a.priority)).toBe(true);
    const overdue = ok<Page<LoanSummary>>(await hr.get('/api/v1/loans/applications?overdue=true&pageSize=200'));
    expect(overdue.total).toBeGreaterThanOrEqual(3);
    expect(overdue.items.every((a) => a.overdue && a.daysOverdue > 0 && TIMED_LOAN_STATES[a.state] !== undefined)).toBe(true);
    expect(new Set(overdue.items.map((a) => TIMED_LOAN_STATES[a.state]))).toEqual(new Set(['hr', 'bank']));
    // A timed step not yet late: its deadline is today or later.
    expect(recent.some((a) => TIMED_LOAN_STATES[a.state] !== undefined && !a.overdue && a.stepDeadline !== null)).toBe(true);
    // An individual business borrows under 2025.
    expect(recent.some((a) => a.applicantKind === 'individual_business' && ISSUED.has(a.state))).toBe(true);
  });

  it('shows ent.user its own applications only: the textile firm’s', async () => {
    const mine = await allPages<LoanSummary>(ent, '/api/v1/loans/applications');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.every((a) => a.entityName === TEXTILE_NAME)).toBe(true);
    expect(mine.map((a) => a.productVersion).sort()).toEqual(['2023', '2025']);
    const own = mine.find((a) => a.productVersion === '2025');
    expect(own).toMatchObject({ channel: 'online', state: 'certifying', priority: true });
    const other = all.find((a) => a.entityName !== TEXTILE_NAME);
    expect((await ent.get(`/api/v1/loans/applications/${other?.id ?? ''}`)).statusCode).toBe(404);
  });

  it('has schedules that sum to the disbursements and repayments up to the clock', async () => {
    let pastDue = 0;
    for (const a of all.filter((x) => x.disbursedFen > 0)) {
      const d = await detail(a.id);
      expect(d.disbursements.reduce((s, x) => s + x.amountFen, 0), a.number).toBe(d.disbursedFen);
      for (const x of d.disbursements) {
        expect(x.schedule.reduce((s, l) => s + l.principalFen, 0), a.number).toBe(x.amountFen);
        expect(x.schedule.at(-1)?.remainingFen).toBe(0);
      }
      const lines = d.disbursements.flatMap((x) => x.schedule);
      const principalRepaid = d.repayments.reduce((s, r) => s + r.principalFen, 0);
      expect(principalRepaid, a.number).toBe(lines.reduce((s, l) => s + l.paidPrincipalFen, 0));
      expect(d.repayments.reduce((s, r) => s + r.interestFen, 0), a.number).toBe(lines.reduce((s, l) => s + l.paidInterestFen, 0));
      expect(d.outstandingFen, a.number).toBe(d.disbursedFen - principalRepaid);
      expect(d.repayments.every((r) => r.paidOn < '2026-11-27' && r.amountFen === r.interestFen + r.principalFen)).toBe(true);
      if (d.state === 'closed') {
        expect(lines.every((l) => l.status === 'paid'), a.number).toBe(true);
      }
      if (d.daysPastDue > 0) {
        pastDue += 1;
        expect(d.state).toBe('repaying');
        expect(lines.some((l) => l.status === 'overdue')).toBe(true);
      } else {
        expect(lines.every((l) => l.status !== 'overdue'), a.number).toBe(true);
      }
    }
    expect(pastDue).toBe(2);
  });

  it('has an open remedy task on an outstanding loan, and this month’s re-check finds nothing new', async () => {
    const outstanding = all.filter((a) => a.state === 'repaying' || a.state === 'disbursed');
    const withTask = [];
    for (const a of outstanding) {
      const d = await detail(a.id);
      if (d.remedyTasks.some((x) => x.state === 'open')) {
        withTask.push(d);
      }
    }
    expect(withTask).toHaveLength(1);
    expect(withTask[0]?.remedyTasks[0]?.failed).toEqual(['social_insurance_on_time']);
    expect(withTask[0]?.daysPastDue).toBeGreaterThanOrEqual(28);
    // The seeded book is what the monthly job would have left: every other outstanding loan passes.
    expect(await recheckOutstandingLoans(t.ctx)).toEqual({ checked: outstanding.length, opened: 0 });
  });

  it('keeps a desk log of meetings, consultations and follow-ups', async () => {
    const log = await allPages<{ kind: string; subject: string; entityName: string | null; heldOn: string }>(hr, '/api/v1/loans/desk');
    expect(new Set(log.map((e) => e.kind))).toEqual(new Set(['meeting', 'consultation', 'follow_up']));
    expect(log.some((e) => e.kind === 'meeting' && e.subject.includes('政银企对接会'))).toBe(true);
    expect(log.filter((e) => e.heldOn === '2023-04-07').map((e) => e.entityName)).toContain(TEXTILE_NAME);
    expect(log.some((e) => e.entityName === STEEL_PIPE_NAME && e.kind === 'follow_up')).toBe(true);
  });
});
