import type { DeadlineDays, ReferenceData, ReferenceItem, ReferenceItemPutBody, ReferenceList } from '@zhengqi/contracts/reference-lists';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context';
import { appendAudit } from '../audit/audit-log';
import { authorize, scopeOf, type Actor } from '../authz/actor';
import { appSettings, referenceItems } from '../db/schema';
import { DomainError } from '../errors/domain-error';
import { DEADLINE_DAYS_KEY, selectDeadlineDays, selectReferenceItem, selectReferenceItems } from './reference-data';

/** Every configurable list and the problem deadlines; any signed-in user reads them (forms need them). */
export async function getReferenceData(ctx: AppContext, actor: Actor): Promise<ReferenceData> {
  return ctx.db.tx(scopeOf(actor), async (tx) => ({
    lists: await selectReferenceItems(tx),
    problemDeadlineDays: await selectDeadlineDays(tx),
  }));
}

/** Adds an item to a list or changes one (labels, order, active); a change needs the item's version. */
export async function putReferenceItem(ctx: AppContext, actor: Actor, list: ReferenceList, code: string, body: ReferenceItemPutBody): Promise<ReferenceItem> {
  authorize(actor, 'reference.manage');
  const now = ctx.clock.now();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await selectReferenceItem(tx, list, code);
    const values = { nameZh: body.nameZh, nameEn: body.nameEn, sort: body.sort, active: body.active, updatedAt: now };
    if (before === undefined) {
      if (body.version !== undefined) {
        throw new DomainError('NOT_FOUND', { field: 'code', detail: `${list} has no item ${code} to change` });
      }
      await tx.insert(referenceItems).values({ list, code, ...values, builtin: false, version: 1 });
    } else {
      if (body.version === undefined) {
        throw new DomainError('VALIDATION_FAILED', { field: 'version', detail: `${code} exists: send its version to change it` });
      }
      const [changed] = await tx
        .update(referenceItems)
        .set({ ...values, version: before.version + 1 })
        .where(and(eq(referenceItems.list, list), eq(referenceItems.code, code), eq(referenceItems.version, body.version)))
        .returning({ code: referenceItems.code });
      if (changed === undefined) {
        throw new DomainError('VERSION_CONFLICT', { field: 'version', extra: { currentVersion: before.version } });
      }
    }
    const after = await selectReferenceItem(tx, list, code);
    if (after === undefined) {
      throw new Error('reference item vanished inside its transaction');
    }
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: before === undefined ? 'reference.item_added' : 'reference.item_changed',
      entityType: 'reference_item', entityId: `${list}:${code}`, regionCode: null, before: before ?? null, after, requestId: actor.requestId ?? null,
    });
    return after;
  });
}

/** Sets the problem deadlines by severity (working days from assignment). */
export async function putDeadlineDays(ctx: AppContext, actor: Actor, body: DeadlineDays): Promise<DeadlineDays> {
  authorize(actor, 'reference.manage');
  const now = ctx.clock.now();
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await selectDeadlineDays(tx);
    await tx.insert(appSettings).values({ key: DEADLINE_DAYS_KEY, value: body, updatedAt: now }).onConflictDoUpdate({ target: appSettings.key, set: { value: body, updatedAt: now } });
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'reference.deadline_days_set',
      entityType: 'setting', entityId: DEADLINE_DAYS_KEY, regionCode: null, before, after: body, requestId: actor.requestId ?? null,
    });
    return body;
  });
}
