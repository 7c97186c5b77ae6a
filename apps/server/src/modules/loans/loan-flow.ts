import { LOAN_TRANSITIONS, type LoanAction, type LoanParty, type LoanState } from '@zhengqi/contracts/loan-applications';
import type { Permission } from '@zhengqi/contracts/permissions';
import type { LoanLine } from './schedule';

// The special-loan state machine (pure): who may act, and the rules of the decision steps.

/** What the rules need to know about the caller. */
export type LoanActor = {
  userId: string;
  permissions: ReadonlySet<Permission>;
  /** agency (with agencyType), bank, bank_branch, enterprise, individual_business … */
  organizationKind: string | undefined;
  /** The HR bureau is the agency whose type is `hrss`. */
  agencyType: string | null | undefined;
  organizationUscc: string | null | undefined;
};

/** What the rules need to know about the application. */
export type LoanFacts = { state: LoanState; entityUscc: string; decidedBy: string | null };

const BANK_KINDS: ReadonlySet<string> = new Set(['bank', 'bank_branch']);
const MARKET_KINDS: ReadonlySet<string> = new Set(['enterprise', 'individual_business']);

/**
 * Each step only by its organization (issue 5): the applicant is the enterprise itself or a bank
 * officer recording a consultation for it; certification is the HR bureau's; due diligence, the
 * decision, the contract, disbursement and repayments are the bank's.
 */
export function isParty(party: LoanParty, actor: LoanActor, app: Pick<LoanFacts, 'entityUscc'>): boolean {
  const kind = actor.organizationKind ?? '';
  switch (party) {
    case 'applicant':
      return (MARKET_KINDS.has(kind) && actor.organizationUscc === app.entityUscc) || BANK_KINDS.has(kind);
    case 'hr':
      return kind === 'agency' && actor.agencyType === 'hrss';
    case 'bank':
      return BANK_KINDS.has(kind);
  }
}

/** The transition of `action` from `state`, or undefined when the table has none. */
export function transitionOf(state: LoanState, action: LoanAction) {
  return LOAN_TRANSITIONS.find((t) => t.from === state && t.action === action);
}

/** The actions the caller may take now: the table, the caller's permission and organization, maker-checker. */
export function availableLoanActions(app: LoanFacts, actor: LoanActor): LoanAction[] {
  const out: LoanAction[] = [];
  for (const t of LOAN_TRANSITIONS) {
    if (t.from !== app.state || !actor.permissions.has(t.permission) || !isParty(t.party, actor, app)) {
      continue;
    }
    if (t.action === 'approve' && app.decidedBy === actor.userId) {
      continue;
    }
    if (!out.includes(t.action)) {
      out.push(t.action);
    }
  }
  return out;
}

/** Maker-checker: an approval above the threshold needs a second approver. */
export function needsSecondApproval(amountFen: number, thresholdFen: number): boolean {
  return amountFen > thresholdFen;
}

/** Where an approval above or below the threshold goes. */
export function afterDecision(approved: boolean, amountFen: number, thresholdFen: number): LoanState {
  if (!approved) {
    return 'declined';
  }
  return needsSecondApproval(amountFen, thresholdFen) ? 'second_approval' : 'approved';
}

/**
 * A loan is closed when every approved yuan has been disbursed and every line of every schedule is
 * paid, principal and interest (a prepayment recomputes the lines still to come, so nothing is owed
 * on principal already repaid).
 */
export function isRepaidInFull(disbursedFen: number, approvedFen: number | null, lines: readonly LoanLine[]): boolean {
  return disbursedFen > 0 && disbursedFen >= (approvedFen ?? 0) && lines.every((l) => l.paidPrincipalFen >= l.principalFen && l.paidInterestFen >= l.interestFen);
}

/** Compares decimal percent strings exactly ("3.850" = "3.85"). */
export function compareRates(a: string, b: string): number {
  const scale = (s: string) => {
    const [i = '0', f = ''] = s.split('.');
    return BigInt(i) * 10_000n + BigInt((f + '0000').slice(0, 4));
  };
  const d = scale(a) - scale(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export type OfferTerms = { maxLimitFen: number; rateMin: string; rateMax: string; termsMonths: readonly number[]; methods: readonly string[] };
export type DecisionTerms = { amountFen: number; annualRate: string; termMonths: number; method: string };

/** The first term outside the offer (field and why), or null when the decision fits the product and the pricing table. */
export function decisionIssue(offer: OfferTerms, d: DecisionTerms): { field: string; detail: string } | null {
  if (d.amountFen > offer.maxLimitFen) {
    return { field: 'amountFen', detail: `above the limit of ${offer.maxLimitFen} fen` };
  }
  if (compareRates(d.annualRate, offer.rateMin) < 0 || compareRates(d.annualRate, offer.rateMax) > 0) {
    return { field: 'annualRate', detail: `outside ${offer.rateMin}–${offer.rateMax} %` };
  }
  if (!offer.termsMonths.includes(d.termMonths)) {
    return { field: 'termMonths', detail: `the product offers ${offer.termsMonths.join(', ')} months` };
  }
  if (!offer.methods.includes(d.method)) {
    return { field: 'method', detail: `the product allows ${offer.methods.join(', ')}` };
  }
  return null;
}
