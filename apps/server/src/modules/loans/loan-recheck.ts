import type { LoanCategory } from '@zhengqi/contracts/loans';
import { appendAudit } from '../../platform/audit/audit-log';
import type { Clock } from '../../platform/clock/clock';
import { shanghaiToday } from '../../platform/clock/clock';
import type { Database } from '../../platform/db/database';
import { newId } from '../../platform/ids/ids';
import { REGISTRY_SOURCES } from './eligibility';
import { selectEntityFacts, selectOutstandingLoans } from './loan-data';
import { loanEngine, selectProductVersion } from './loan-products-service';
import { loanRemedyTasks } from './schema';

/** The conditions that stay in force while a loan is outstanding (DOMAIN.md: re-checked on a schedule). */
export const ONGOING_CRITERIA = ['headcount_stable', 'wages_on_time', 'social_insurance_on_time', 'pension_contributors'] as const;
const RECHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export type RecheckResult = { checked: number; opened: number };

/**
 * The monthly re-check (持续条件复核): for every outstanding loan, headcount, wages and social insurance
 * as of `today` under the loan's product version; a failure opens one remedy task per loan and month,
 * with the failing criteria and what was seen, for the bureau and the bank. System scope, one transaction.
 */
export async function recheckOutstandingLoans(ctx: { db: Database; clock: Clock }, today: string = shanghaiToday(ctx.clock.now())): Promise<RecheckResult> {
  const now = ctx.clock.now();
  const month = today.slice(0, 7);
  return ctx.db.tx({ kind: 'system' }, async (tx) => {
    const loans = await selectOutstandingLoans(tx);
    let opened = 0;
    for (const r of loans) {
      const v = await selectProductVersion(tx, r.productCode, r.productVersion);
      if (v === undefined) {continue;}
      const cert = r.certification as { categories: LoanCategory[] } | null;
      const from = `${String(Number(today.slice(0, 4)) - 2)}-${today.slice(5, 7)}`;
      const found = await selectEntityFacts(tx, r.entityId, cert?.categories ?? (r.categoriesClaimed as LoanCategory[]), true, from);
      if (found === undefined) {continue;}
      const result = await loanEngine().evaluateEligibility(v.content, found.facts, today, REGISTRY_SOURCES);
      const failed = result.criteria.filter((c) => !c.passed && (ONGOING_CRITERIA as readonly string[]).includes(c.code));
      if (failed.length === 0) {continue;}
      const row = {
        id: newId('lnt'), applicationId: r.id, regionCode: r.regionCode, month, openedOn: today, failed: failed.map((c) => c.code),
        evidence: { asOf: today, criteria: failed, headcount: found.facts.headcount, wageArrearsMonths: found.facts.wageArrearsMonths, socialInsuranceArrearsMonths: found.facts.socialInsuranceArrearsMonths },
        state: 'open' as const, resolvedNote: null,
      };
      const inserted = await tx.insert(loanRemedyTasks).values(row).onConflictDoNothing().returning({ id: loanRemedyTasks.id });
      if (inserted.length === 0) {continue;}
      opened += 1;
      await appendAudit(tx, {
        at: now, actorUserId: null, actorOrgId: null, action: 'loan.remedy_opened', entityType: 'loan_application', entityId: r.id, regionCode: r.regionCode,
        before: null, after: { task: row.id, failed: row.failed, month },
      });
    }
    return { checked: loans.length, opened };
  });
}

/** Runs the re-check now and every few hours (a task per loan and month makes repeats harmless). */
export function startLoanRecheckTimer(ctx: { db: Database; clock: Clock }, log: { info(o: object, m: string): void; error(o: object, m: string): void }): () => void {
  const run = () => {
    recheckOutstandingLoans(ctx).then(
      (r) => {
        if (r.opened > 0) {log.info(r, 'loan re-check');}
      },
      (err: unknown) => log.error({ err }, 'loan re-check failed'),
    );
  };
  run();
  const timer = setInterval(run, RECHECK_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

