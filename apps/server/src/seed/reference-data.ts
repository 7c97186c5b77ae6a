import { BUILTIN_ROLES } from '@zhengqi/contracts/permissions';
import type { Database } from '../platform/db/database';
import { roles } from '../platform/db/schema';
import { insertShippedLoanProducts } from '../modules/loans/loan-products-service';
import { insertBuiltinReferenceItems } from '../platform/reference/reference-data';
import { upsertRegions } from '../platform/regions/region-directory';

/** Regions, built-in roles and the configurable lists' built-in items, written at every start so code and database agree. */
export async function ensureReferenceData(db: Database, now: Date = new Date()): Promise<void> {
  await db.tx({ kind: 'system' }, async (tx) => {
    await upsertRegions(tx);
    await insertBuiltinReferenceItems(tx);
    await insertShippedLoanProducts(tx, now);
    for (const r of BUILTIN_ROLES) {
      const row = { code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, permissions: [...r.permissions], builtin: true };
      await tx.insert(roles).values(row).onConflictDoUpdate({ target: roles.code, set: { nameZh: row.nameZh, nameEn: row.nameEn, permissions: row.permissions, builtin: true } });
    }
  });
}
