import type { LoanProductVersion } from '@zhengqi/contracts/loans';
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database';
import { cloneTestDatabase } from '../../test/test-app';
import { TEST_NOW } from '../../test/test-env';
import { LoanDecisionEngine } from './decision-engine';
import { deriveIndicators } from './facts';
import { bulkPricer, disburseBulk, type BulkDisbursement } from './loan-bulk';
import { STABLE_EMPLOYMENT_VERSIONS } from './product-versions';
import { buildSchedule } from './schedule';
import { loanApplications, loanDisbursements, loanInstalments } from './schema';
import { flatHeadcount, makeFacts } from './test-factories';

const V2025 = STABLE_EMPLOYMENT_VERSIONS[1] as LoanProductVersion;
const REGION = '371502';
const engine = new LoanDecisionEngine();
let db: Database;
let drop: () => Promise<void>;

/** Indicators of a clean small enterprise with `headcount` contributors, `added` of them new this year. */
const indicators = (headcount: number, added = 0) =>
  deriveIndicators(makeFacts({ headcount: { ...flatHeadcount('2019-04', '2025-10', headcount - added), ...flatHeadcount('2025-11', '2026-10', headcount) } }), '2026-11-20');

const loan = (k: number, over: Partial<BulkDisbursement> = {}): BulkDisbursement => ({
  applicationId: `lna_bulk${k}`, regionCode: REGION, idempotencyKey: 'import-2026-11-27:1', indicators: indicators(68, 25),
  amountFen: 300_000_000, termMonths: 36, method: 'equal_instalment', disbursedOn: '2026-01-31', ...over,
});

beforeAll(async () => {
  ({ db, drop } = await cloneTestDatabase());
  await db.tx({ kind: 'system' }, (tx) => tx.insert(loanApplications).values([1, 2, 3, 4, 5].map((k) => ({
    id: `lna_bulk${k}`, number: `DK-BULK-${k}`, regionCode: REGION, entityId: `ent_bulk${k}`, entityName: `批量企业${k}`, entityUscc: `91371500BULK0000${k}X`,
    applicantKind: 'enterprise' as const, productCode: 'stable-employment', productVersion: '2025', bankCode: 'BOC', appliedOn: '2026-01-05', state: 'contracted',
    channel: 'online', requestedAmountFen: 300_000_000, termMonths: 36, method: 'equal_instalment', categoriesClaimed: [1], createdBy: 'usr_bulk', createdAt: TEST_NOW, updatedAt: TEST_NOW,
  }))));
});

afterAll(async () => {
  engine.dispose();
  await drop();
});

describe('disburseBulk', () => {
  it('prices, schedules and writes each loan; rejects the ones outside their offer; a second run adds nothing', async () => {
    const loans = [
      loan(1),
      loan(2, { method: 'equal_principal', termMonths: 12, disbursedOn: '2026-02-28', annualRate: '3.70' }),
      loan(3, { amountFen: 600_000_000 }), // within the 50–99 contributor tier's 10 M
      loan(4, { annualRate: '3.00' }), // below the offer
      loan(5, { indicators: indicators(8) }), // no tier: fewer than 10 contributors
    ];
    const run = () => disburseBulk(db, { kind: 'system' }, engine, V2025, loans, { createdBy: 'usr_bulk', now: TEST_NOW, batchSize: 2 });
    const first = await run();
    expect(first.mode).toBe('fast');
    expect(first.checked).toBe(5);
    expect(first.rejected).toEqual([
      { applicationId: 'lna_bulk4', field: 'annualRate', detail: 'outside 3.40–3.75 %' },
      { applicationId: 'lna_bulk5', field: 'indicators', detail: 'the pricing decision makes no offer' },
    ]);
    expect({ disbursed: first.disbursed, instalments: first.instalments, skipped: first.skipped }).toEqual({ disbursed: 3, instalments: 36 + 12 + 36, skipped: 0 });

    const rows = await db.tx({ kind: 'system' }, async (tx) => ({
      d: await tx.select().from(loanDisbursements).where(inArray(loanDisbursements.applicationId, ['lna_bulk1', 'lna_bulk2', 'lna_bulk3'])).orderBy(asc(loanDisbursements.applicationId)),
      i: await tx.select().from(loanInstalments).where(eq(loanInstalments.applicationId, 'lna_bulk2')).orderBy(asc(loanInstalments.n)),
    }));
    expect(rows.d.map((d) => [d.applicationId, d.amountFen, d.disbursedOn, d.idempotencyKey, d.createdBy])).toEqual([
      ['lna_bulk1', 300_000_000, '2026-01-31', 'import-2026-11-27:1', 'usr_bulk'],
      ['lna_bulk2', 300_000_000, '2026-02-28', 'import-2026-11-27:1', 'usr_bulk'],
      ['lna_bulk3', 600_000_000, '2026-01-31', 'import-2026-11-27:1', 'usr_bulk'],
    ]);
    // The rate decided (3.70) on the product's day count, instalment by instalment as buildSchedule gives it.
    const expected = buildSchedule({ principalFen: 300_000_000, annualRate: '3.70', months: 12, method: 'equal_principal', startDate: '2026-02-28', dayCount: 'ACT/360' });
    expect(rows.i.map((i) => ({ n: i.n, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen, region: i.regionCode, disbursement: i.disbursementId })))
      .toEqual(expected.instalments.map((e) => ({ n: e.n, dueDate: e.dueDate, principalFen: e.principalFen, interestFen: e.interestFen, region: REGION, disbursement: rows.d[1]?.id })));

    const again = await run();
    expect({ disbursed: again.disbursed, instalments: again.instalments, skipped: again.skipped }).toEqual({ disbursed: 0, instalments: 0, skipped: 3 });
  });

  it('uses the offer’s lowest rate when the loan names none', async () => {
    const [row] = await db.tx({ kind: 'system' }, (tx) => tx.select().from(loanInstalments).where(eq(loanInstalments.applicationId, 'lna_bulk1')).orderBy(asc(loanInstalments.n)).limit(1));
    // 68 contributors, 25 of them new: 3.50 − 0.10 = 3.40 %; January has 28 days to 2026-02-28
    expect(row?.interestFen).toBe(Math.round((300_000_000 * 0.034 * 28) / 360));
  });

  it('prices as the engine does', async () => {
    const fast = bulkPricer(engine, V2025, 'fast');
    const slow = bulkPricer(engine, V2025, 'engine');
    for (const [h, added] of [[10, 0], [49, 5], [50, 20], [99, 49], [100, 50], [299, 0], [300, 120], [9, 0]] as const) {
      for (const kind of ['enterprise', 'individual_business'] as const) {
        const ind = { ...indicators(h, added), kind };
        expect(await fast.price(ind)).toEqual(await slow.price(ind));
      }
    }
  });

  it('writes within the caller’s jurisdiction only', async () => {
    const user = (regions: string[]) => ({ kind: 'user' as const, userId: 'usr_bulk', regions });
    await expect(disburseBulk(db, user(['371526']), engine, V2025, [loan(1, { idempotencyKey: 'other' })], { createdBy: 'usr_bulk', now: TEST_NOW })).rejects.toThrow();
    const ok = await disburseBulk(db, user([REGION]), engine, V2025, [loan(1, { idempotencyKey: 'other' })], { createdBy: 'usr_bulk', now: TEST_NOW });
    expect({ disbursed: ok.disbursed, instalments: ok.instalments }).toEqual({ disbursed: 1, instalments: 36 });
  });
});
