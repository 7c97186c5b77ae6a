import { BUILTIN_REFERENCE_ITEMS, DEFAULT_DEADLINE_DAYS, DeadlineDaysSchema, REFERENCE_LISTS, type DeadlineDays, type ReferenceItem, type ReferenceList } from '@zhengqi/contracts/reference-lists';
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/database';
import { appSettings, referenceItems } from '../db/schema';
import { DomainError } from '../errors/domain-error';

/** The app_settings key of the problem deadlines by severity (working days). */
export const DEADLINE_DAYS_KEY = 'problems.deadline_days';

type Row = typeof referenceItems.$inferSelect;
const toItem = (r: Row): ReferenceItem => ({
  list: r.list as ReferenceList, code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, sort: r.sort, active: r.active, builtin: r.builtin, version: r.version,
});

/** Every item of every list, in each list's order. */
export async function selectReferenceItems(tx: Tx): Promise<Record<ReferenceList, ReferenceItem[]>> {
  const rows = await tx.select().from(referenceItems).orderBy(asc(referenceItems.list), asc(referenceItems.sort), asc(referenceItems.code));
  const out = Object.fromEntries(REFERENCE_LISTS.map((l) => [l, [] as ReferenceItem[]])) as Record<ReferenceList, ReferenceItem[]>;
  for (const r of rows) {
    out[r.list as ReferenceList]?.push(toItem(r));
  }
  return out;
}

export async function selectReferenceItem(tx: Tx, list: ReferenceList, code: string): Promise<ReferenceItem | undefined> {
  const [r] = await tx.select().from(referenceItems).where(and(eq(referenceItems.list, list), eq(referenceItems.code, code)));
  return r === undefined ? undefined : toItem(r);
}

/**
 * Throws REFERENCE_CODE_UNKNOWN (naming `field`) unless `code` is an active item of `list`.
 * `keep`: the row's current code, still accepted when deactivated (an edit need not change it).
 */
export async function requireActiveCode(tx: Tx, list: ReferenceList, code: string, field: string, keep?: string): Promise<void> {
  const item = await selectReferenceItem(tx, list, code);
  if (item === undefined || (!item.active && code !== keep)) {
    throw new DomainError('REFERENCE_CODE_UNKNOWN', { field, detail: `${code} is not an active item of ${list}` });
  }
}

/** A list's labels by code (for Excel: lookups, templates, exports); `activeOnly` leaves out deactivated items. */
export async function selectListLabels(tx: Tx, list: ReferenceList, activeOnly: boolean): Promise<Record<string, { zh: string; en: string }>> {
  const where = activeOnly ? and(eq(referenceItems.list, list), eq(referenceItems.active, true)) : eq(referenceItems.list, list);
  const rows = await tx.select().from(referenceItems).where(where).orderBy(asc(referenceItems.sort), asc(referenceItems.code));
  return Object.fromEntries(rows.map((r) => [r.code, { zh: r.nameZh, en: r.nameEn }]));
}

/** The active codes of a list (for validating many rows at once, as an import does). */
export async function activeCodes(tx: Tx, list: ReferenceList): Promise<Set<string>> {
  const rows = await tx.select({ code: referenceItems.code }).from(referenceItems).where(and(eq(referenceItems.list, list), eq(referenceItems.active, true)));
  return new Set(rows.map((r) => r.code));
}

/** The problem deadline by severity in working days: the administrator's setting, else the defaults. */
export async function selectDeadlineDays(tx: Tx): Promise<DeadlineDays> {
  const [r] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, DEADLINE_DAYS_KEY));
  const parsed = DeadlineDaysSchema.safeParse(r?.value);
  return parsed.success ? parsed.data : { ...DEFAULT_DEADLINE_DAYS };
}

/** The built-in items, added when missing; an administrator's later labels and order are kept. */
export async function insertBuiltinReferenceItems(tx: Tx): Promise<void> {
  const rows = REFERENCE_LISTS.flatMap((list) => BUILTIN_REFERENCE_ITEMS[list].map((i) => ({ list, ...i, builtin: true })));
  await tx.insert(referenceItems).values(rows).onConflictDoNothing();
}
