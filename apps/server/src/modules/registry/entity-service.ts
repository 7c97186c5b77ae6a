import { planImport } from '../../platform/excel/import-plan';
import type { EntityCreateBody, EntityDetail, EntityPatchBody, EntitySummary, ImportReport } from '@zhengqi/contracts/entities';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, authorizeRegion, scopeOf, type Actor } from '../../platform/authz/actor';
import { shanghaiToday } from '../../platform/clock/clock';
import type { Tx } from '../../platform/db/database';
import { DomainError, type FieldIssue } from '../../platform/errors/domain-error';
import { newId } from '../../platform/ids/ids';
import { existingUsccs, selectEntityDetail, selectEntityPage, selectEntityRow, upsertEntityHistory, type EntityFilter } from './entity-data';
import { parseEntityWorkbook } from './entity-excel';
import { checkEntityInput, issue } from './entity-rules';
import { marketEntities } from './schema';
import { validateUscc } from './uscc';

const regionNamer = (ctx: AppContext) => (code: string) => ctx.regions.get(code)?.nameZh ?? code;

/** A page of market entities in the caller's jurisdiction. */
export async function listEntities(ctx: AppContext, actor: Actor, f: EntityFilter & { page: number; pageSize: number }) {
  authorize(actor, 'entity.read');
  const r = await ctx.db.tx(scopeOf(actor), (tx) => selectEntityPage(tx, f, f.page, f.pageSize, regionNamer(ctx)));
  return { ...r, page: f.page, pageSize: f.pageSize };
}

/** One market entity with its histories; NOT_FOUND also when it lies outside the jurisdiction. */
export async function getEntity(ctx: AppContext, actor: Actor, id: string): Promise<EntityDetail> {
  authorize(actor, 'entity.read');
  const d = await ctx.db.readAs(scopeOf(actor), (db) => selectEntityDetail(db, id, regionNamer(ctx)));
  if (d === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  return d;
}

function ruleOptions(ctx: AppContext, actor: Actor) {
  return {
    canOverride: actor.permissions.has('entity.uscc_override'),
    regionExists: (c: string) => ctx.regions.get(c) !== undefined,
    regionInJurisdiction: (c: string) => actor.regions.includes(c),
    today: shanghaiToday(ctx.clock.now()),
  };
}

function throwIssues(issues: FieldIssue[]): void {
  const first = issues[0];
  if (first === undefined) {
    return;
  }
  // The first issue's own message (e.g. which check character was expected), not only the catalog's.
  throw new DomainError(first.code as ConstructorParameters<typeof DomainError>[0], { field: first.field, errors: issues, detail: first.messageEn, extra: { message: first.message, messageEn: first.messageEn } });
}

async function insertEntity(ctx: AppContext, tx: Tx, actor: Actor, input: EntityCreateBody): Promise<string> {
  const now = ctx.clock.now();
  const id = newId('ent');
  const row = {
    id,
    regionCode: input.regionCode,
    uscc: input.uscc,
    name: input.name,
    kind: input.kind,
    foundedOn: input.foundedOn,
    industrySection: input.industrySection,
    sizeClass: input.sizeClass,
    tags: [...new Set(input.tags)],
    // A valid code never keeps an override reason: it would look like an accepted warning.
    usccOverrideReason: validateUscc(input.uscc).checkOk ? null : (input.usccOverrideReason ?? null),
    createdAt: now,
    updatedAt: now,
  };
  await tx.insert(marketEntities).values(row);
  await upsertEntityHistory(tx, id, input.regionCode, input.headcounts, input.paymentRecords);
  await appendAudit(tx, {
    at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: row.usccOverrideReason === null ? 'entity.created' : 'entity.created_with_uscc_override',
    entityType: 'market_entity', entityId: id, regionCode: input.regionCode, before: null, after: row, requestId: actor.requestId ?? null,
  });
  return id;
}

/** Registers a market entity; a wrong USCC check character needs the override permission and a reason. */
export async function createEntity(ctx: AppContext, actor: Actor, input: EntityCreateBody): Promise<EntityDetail> {
  authorize(actor, 'entity.write');
  throwIssues(checkEntityInput(input, ruleOptions(ctx, actor)));
  const id = await ctx.db.tx(scopeOf(actor), async (tx) => {
    if ((await existingUsccs(tx, [input.uscc])).size > 0) {
      throw new DomainError('DUPLICATE', { field: 'uscc', detail: 'USCC already registered' });
    }
    return insertEntity(ctx, tx, actor, input);
  });
  return getEntity(ctx, actor, id);
}

/** Changes an entity if `version` is still current; otherwise VERSION_CONFLICT and nothing is written. */
export async function updateEntity(ctx: AppContext, actor: Actor, id: string, patch: EntityPatchBody): Promise<EntityDetail> {
  authorize(actor, 'entity.write');
  if (patch.regionCode !== undefined) {
    if (ctx.regions.get(patch.regionCode) === undefined) {
      throw new DomainError('REGION_UNKNOWN', { field: 'regionCode' });
    }
    authorizeRegion(actor, patch.regionCode);
  }
  const today = shanghaiToday(ctx.clock.now());
  if (patch.foundedOn !== undefined && patch.foundedOn > today) {
    throwIssues([issue('foundedOn', 'VALIDATION_FAILED', { zh: '成立日期不能晚于今天', en: 'The founding date cannot be in the future' })]);
  }
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    const before = await selectEntityRow(tx, id);
    if (before === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    const now = ctx.clock.now();
    const { version, headcounts, paymentRecords, ...fields } = patch;
    const changes = { ...fields, ...(fields.tags === undefined ? {} : { tags: [...new Set(fields.tags)] }), updatedAt: now, version: version + 1 };
    const updated = await tx
      .update(marketEntities)
      .set(changes)
      .where(and(eq(marketEntities.id, id), eq(marketEntities.version, version)))
      .returning();
    const after = updated[0];
    if (after === undefined) {
      throw new DomainError('VERSION_CONFLICT', { field: 'version', extra: { currentVersion: before.version } });
    }
    await upsertEntityHistory(tx, id, after.regionCode, headcounts, paymentRecords);
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'entity.updated', entityType: 'market_entity',
      entityId: id, regionCode: after.regionCode, before, after: { ...after, ...(headcounts === undefined ? {} : { headcounts }), ...(paymentRecords === undefined ? {} : { paymentRecords }) },
      requestId: actor.requestId ?? null,
    });
  });
  return getEntity(ctx, actor, id);
}

/**
 * Imports an Excel sheet. `validate` only reports; `all` writes only when every row is valid;
 * `valid-only` writes the valid rows. Either way it is one transaction with one audit row per entity.
 */
export async function importEntities(ctx: AppContext, actor: Actor, data: Buffer, mode: ImportReport['mode']): Promise<ImportReport> {
  authorize(actor, 'entity.import');
  const { rows } = await parseEntityWorkbook(data);
  const opts = ruleOptions(ctx, actor);
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const checked = rows.map((r) => ({ ...r, issues: r.input === null ? r.issues : [...r.issues, ...checkEntityInput(r.input, opts)] }));
    const codes = checked.filter((r) => r.input !== null && r.issues.length === 0).map((r) => r.input?.uscc ?? '');
    const taken = await existingUsccs(tx, codes);
    for (const r of checked) {
      if (r.input !== null && taken.has(r.input.uscc)) {
        r.issues.push(issue('uscc', 'DUPLICATE', { zh: '该统一社会信用代码已登记', en: 'This USCC is already registered' }));
      }
    }
    const errors = checked.flatMap((r) => r.issues.map((i) => ({ row: r.row, field: i.field, code: i.code, message: `第 ${r.row} 行：${i.message}`, messageEn: `Row ${r.row}: ${i.messageEn}` })));
    const { report, toWrite: valid } = planImport(mode, checked, errors);
    if (mode === 'validate') {
      return report;
    }
    for (const r of valid) {
      if (r.input !== null) {
        await insertEntity(ctx, tx, actor, r.input);
      }
    }
    return { ...report, imported: valid.length };
  });
}

/** Every entity matching the filter (up to 50 000), for export. */
export async function exportEntities(ctx: AppContext, actor: Actor, f: EntityFilter): Promise<EntitySummary[]> {
  authorize(actor, 'entity.read');
  const r = await ctx.db.tx(scopeOf(actor), (tx) => selectEntityPage(tx, f, 1, 50_000, regionNamer(ctx)));
  return r.items;
}
