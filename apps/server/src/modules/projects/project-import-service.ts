import { planImport } from '../../platform/excel/import-plan';
import type { ImportReport } from '@zhengqi/contracts/entities';
import type { ProjectListQuery, ProjectSummary } from '@zhengqi/contracts/projects';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, ownEntityScope, scopeOf, type Actor } from '../../platform/authz/actor';
import { shanghaiToday } from '../../platform/clock/clock';
import { selectListLabels } from '../../platform/reference/reference-data';
import { newId } from '../../platform/ids/ids';
import { PROJECT_COLUMNS, parseProjectWorkbook, rowIssue, sortIssues } from './project-excel';
import { projectNumberTaken, selectProjectPage } from './project-data';
import { selectEntityIdsByUscc } from './project-progress-data';
import { regionsOf } from './project-progress-service';
import { projects } from './schema';

/** Most projects one export holds. */
const MAX_EXPORT_ROWS = 50_000;

/**
 * Imports a project list. `validate` only reports; `all` writes only when every row is valid;
 * `valid-only` writes the valid rows. Numbers must be new city-wide, regions within the
 * jurisdiction, owners registered market entities. One transaction, one audit row per project.
 */
export async function importProjects(ctx: AppContext, actor: Actor, data: Buffer, mode: ImportReport['mode']): Promise<ImportReport> {
  authorize(actor, 'project.write');
  const sectors = await ctx.db.tx(scopeOf(actor), (tx) => selectListLabels(tx, 'project_sector', true));
  const { rows } = await parseProjectWorkbook(data, shanghaiToday(ctx.clock.now()), sectors);
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const owners = await selectEntityIdsByUscc(tx, [...new Set(rows.flatMap((r) => (r.ownerUscc === null ? [] : [r.ownerUscc])))]);
    for (const r of rows) {
      const issue = (key: Parameters<typeof rowIssue>[2], code: Parameters<typeof rowIssue>[3], detail: { zh: string; en: string }) => {
        r.issues.push(rowIssue(PROJECT_COLUMNS, r.row, key, code, detail));
      };
      if (r.ownerUscc !== null && !owners.has(r.ownerUscc)) {
        issue('ownerUscc', 'NOT_FOUND', { zh: '辖区内没有该信用代码的市场主体', en: 'no market entity with this USCC in your jurisdiction' });
      }
      if (r.input === null) {
        continue;
      }
      if (ctx.regions.get(r.input.regionCode) === undefined) {
        issue('regionCode', 'VALIDATION_FAILED', { zh: '未知的行政区划代码', en: 'unknown region code' });
      } else if (!actor.regions.includes(r.input.regionCode)) {
        issue('regionCode', 'OUT_OF_JURISDICTION', { zh: '不在您的辖区内', en: 'outside your jurisdiction' });
      }
      if (await projectNumberTaken(tx, r.input.number)) {
        issue('number', 'DUPLICATE', { zh: '该项目编号已被使用', en: 'this project number is already used' });
      }
    }
    const errors = sortIssues(PROJECT_COLUMNS, rows.flatMap((r) => r.issues.map((i) => ({ row: r.row, field: i.field, code: i.code, message: i.message, messageEn: i.messageEn }))));
    const { report, toWrite: valid } = planImport(mode, rows, errors);
    if (mode === 'validate') {
      return report;
    }
    let imported = 0;
    const now = ctx.clock.now();
    for (const r of valid) {
      if (r.input === null) {
        continue;
      }
      const { plannedStartOn, actualStartOn, plannedCompletionOn, actualCompletionOn, ...rest } = r.input;
      const row = {
        ...rest, id: newId('prj'), ownerEntityId: r.ownerUscc === null ? null : (owners.get(r.ownerUscc) ?? null),
        plannedStartOn: plannedStartOn ?? null, actualStartOn: actualStartOn ?? null, plannedCompletionOn: plannedCompletionOn ?? null, actualCompletionOn: actualCompletionOn ?? null,
        createdAt: now, updatedAt: now,
      };
      await tx.insert(projects).values(row);
      await appendAudit(tx, {
        at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'project.created', entityType: 'project',
        entityId: row.id, regionCode: row.regionCode, before: null, after: row, requestId: actor.requestId ?? null,
      });
      imported += 1;
    }
    return { ...report, imported };
  });
}

/** Every project matching the list filters (up to 50 000) in the caller's jurisdiction, for export. */
export async function exportProjects(ctx: AppContext, actor: Actor, q: Omit<ProjectListQuery, 'page' | 'pageSize'>): Promise<ProjectSummary[]> {
  authorize(actor, 'project.read');
  const name = (code: string) => ctx.regions.get(code)?.nameZh ?? code;
  const r = await ctx.db.tx(scopeOf(actor), (tx) => selectProjectPage(tx, { ...q, regions: regionsOf(ctx, actor, q.region), ownerUscc: ownEntityScope(actor) }, 1, MAX_EXPORT_ROWS, name));
  return r.items;
}

/** The configured sector labels for templates (active only) and exports (all, so old rows keep a label). */
export async function sectorLabels(ctx: AppContext, actor: Actor, activeOnly: boolean): Promise<Record<string, { zh: string; en: string }>> {
  authorize(actor, 'project.read');
  return ctx.db.tx(scopeOf(actor), (tx) => selectListLabels(tx, 'project_sector', activeOnly));
}
