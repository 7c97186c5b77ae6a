import { LOAN_STATES, LOAN_TRANSITIONS, TERMINAL_LOAN_STATES, type LoanState } from '@zhengqi/contracts/loan-applications';
import type { Permission } from '@zhengqi/contracts/permissions';
import { describe, expect, it } from 'vitest';
import { afterDecision, availableLoanActions, compareRates, decisionIssue, isParty, isRepaidInFull, type LoanActor } from './loan-flow';

const USCC = '91371502MA3DM007XX';
const actor = (kind: string, permissions: Permission[], extra: Partial<LoanActor> = {}): LoanActor => ({
  userId: 'usr_1', permissions: new Set(permissions), organizationKind: kind, agencyType: null, organizationUscc: null, ...extra,
});
const enterprise = actor('enterprise', ['loan.read', 'loan.apply'], { organizationUscc: USCC });
const otherFirm = actor('enterprise', ['loan.read', 'loan.apply'], { organizationUscc: '91371502MA3DM005YY' });
const officer = actor('bank_branch', ['loan.read', 'loan.apply', 'loan.diligence', 'loan.disburse']);
const approver = actor('bank_branch', ['loan.read', 'loan.decide']);
const hr = actor('agency', ['loan.read', 'loan.certify'], { agencyType: 'hrss' });
const ndrc = actor('agency', ['loan.read', 'loan.certify'], { agencyType: 'ndrc' });
const app = (state: LoanState, decidedBy: string | null = null) => ({ state, entityUscc: USCC, decidedBy });

describe('who may act', () => {
  it('lets the firm itself or a bank officer apply, never another firm', () => {
    expect(isParty('applicant', enterprise, app('draft'))).toBe(true);
    expect(isParty('applicant', officer, app('draft'))).toBe(true);
    expect(isParty('applicant', otherFirm, app('draft'))).toBe(false);
    expect(availableLoanActions(app('draft'), otherFirm)).toEqual([]);
  });

  it('gives certification to the HR bureau only, even to another agency holding the permission', () => {
    expect(availableLoanActions(app('certifying'), hr)).toEqual(['certify', 'return']);
    expect(availableLoanActions(app('certifying'), ndrc)).toEqual([]);
    expect(availableLoanActions(app('certifying'), actor('bank_branch', ['loan.certify']))).toEqual([]);
  });

  it('gives the credit decision to the bank only, and the second approval to someone else', () => {
    expect(availableLoanActions(app('deciding'), approver)).toEqual(['decide']);
    expect(availableLoanActions(app('deciding'), actor('agency', ['loan.decide'], { agencyType: 'hrss' }))).toEqual([]);
    expect(availableLoanActions(app('second_approval', 'usr_1'), approver)).toEqual([]);
    expect(availableLoanActions(app('second_approval', 'usr_2'), approver)).toEqual(['approve']);
  });

  it('offers nothing in a terminal state, and every state is reachable in the table', () => {
    for (const s of TERMINAL_LOAN_STATES) {
      for (const a of [enterprise, officer, approver, hr]) {
        expect(availableLoanActions(app(s), a)).toEqual([]);
      }
    }
    const reachable = new Set<LoanState>(['draft']);
    const targets: Record<string, LoanState[]> = { submit: ['certifying', 'precheck_failed'], decide: ['approved', 'second_approval', 'declined'], approve: ['approved', 'declined'], repay: ['repaying', 'closed'] };
    for (const t of LOAN_TRANSITIONS) {
      for (const to of t.to === 'by_outcome' ? (targets[t.action] ?? []) : [t.to]) {
        reachable.add(to);
      }
    }
    expect([...reachable].sort()).toEqual([...LOAN_STATES].sort());
  });
});

describe('the decision rules', () => {
  it('sends an approval above the threshold to a second approver (maker-checker), at the threshold not', () => {
    expect(afterDecision(true, 1_000_000_001, 1_000_000_000)).toBe('second_approval');
    expect(afterDecision(true, 1_000_000_000, 1_000_000_000)).toBe('approved');
    expect(afterDecision(false, 1, 1_000_000_000)).toBe('declined');
  });

  it('compares percentages as decimals', () => {
    expect(compareRates('3.85', '3.850')).toBe(0);
    expect(compareRates('3.9', '3.85')).toBe(1);
    expect(compareRates('2.9', '10')).toBe(-1);
  });

  it('names the first term outside the offer', () => {
    const offer = { maxLimitFen: 1_000_000_000, rateMin: '3.50', rateMax: '3.85', termsMonths: [12, 24, 36], methods: ['equal_instalment', 'bullet'] };
    const ok = { amountFen: 1_000_000_000, annualRate: '3.85', termMonths: 24, method: 'bullet' };
    expect(decisionIssue(offer, ok)).toBeNull();
    expect(decisionIssue(offer, { ...ok, amountFen: 1_000_000_001 })?.field).toBe('amountFen');
    expect(decisionIssue(offer, { ...ok, annualRate: '3.86' })?.field).toBe('annualRate');
    expect(decisionIssue(offer, { ...ok, annualRate: '3.49' })?.field).toBe('annualRate');
    expect(decisionIssue(offer, { ...ok, termMonths: 18 })?.field).toBe('termMonths');
    expect(decisionIssue(offer, { ...ok, method: 'equal_principal' })?.field).toBe('method');
  });
});

describe('when a loan is repaid in full (closed)', () => {
  const line = (paidPrincipalFen: number, paidInterestFen: number) => ({ disbursementId: 'd1', n: 1, dueDate: '2025-02-01', principalFen: 100_00, interestFen: 5_00, paidPrincipalFen, paidInterestFen });
  it('needs the whole approved amount disbursed and every line paid, interest included', () => {
    expect(isRepaidInFull(100_00, 100_00, [line(100_00, 5_00)])).toBe(true);
    expect(isRepaidInFull(100_00, 200_00, [line(100_00, 5_00)])).toBe(false); // another tranche may still be drawn
    expect(isRepaidInFull(100_00, 100_00, [line(100_00, 4_99)])).toBe(false); // one fen of interest owed
    expect(isRepaidInFull(0, 0, [])).toBe(false); // nothing lent
  });
});
