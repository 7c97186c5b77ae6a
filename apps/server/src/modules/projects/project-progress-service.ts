import { planImport } from '../../platform/excel/import-plan';
import type { ImportReport } from '@zhengqi/contracts/entities';
import type { MissingProgress, ProgressReport, ProgressReportBody } from '@zhengqi/contracts/projects';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, ownEntityScope, scopeOf, type Actor } from '../../platform/authz/actor';
import { shanghaiToday } from '../../platform/clock/clock';
import type { Tx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors/domain-error';
import { PROGRESS_COLUMNS, parseProgressWorkbook, rowIssue, sortIssues } from './project-excel';
import { selectOwnProjectIds, selectProjectRow } from './project-data';
import { selectMissingProgress, selectProgressReport, selectProjectsByNumber, upsertProgressReport } from './project-progress-data';

const regionNamer = (ctx: AppContext) => (code: string) => ctx.regions.get(code)?.nameZh ?? code;

/** The regions a `region` filter means: that region and everything under it, within the jurisdiction. */
export function regionsOf(ctx: AppContext, actor: Actor, region: string | undefined): readonly string[] | undefined {
  return region === undefined ? undefined : ctx.regions.subtree(region).filter((c) => actor.regions.includes(c));
}

// The month's report replaces any earlier one for the same month; the audit row keeps both.
async function writeReport(ctx: AppContext, tx: Tx, actor: Actor, project: { id: string; regionCode: string }, body: ProgressReportBody): Promise<ProgressReport> {
  const before = await selectProgressReport(tx, project.id, body.month);
  const now = ctx.clock.now();
  const after = await upsertProgressReport(tx, {
    projectId: project.id, regionCode: project.regionCode, month: body.month, investmentCompletedFen: body.investmentCompletedFen, stage: body.stage,
    percent: body.percent ?? null, createdAt: before?.createdAt ?? now,
  });
  await appendAudit(tx, {
    at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'project.progress_reported', entityType: 'project',
    entityId: project.id, regionCode: project.regionCode, before: before ?? null, after, requestId: actor.requestId ?? null,
  });
  return { month: after.month, investmentCompletedFen: after.investmentCompletedFen, stage: after.stage, percent: after.percent };
}

/** Records (or corrects) a project's monthly progress report; a future month is refused. */
export async function reportProgress(ctx: AppContext, actor: Actor, projectId: string, body: ProgressReportBody): Promise<ProgressReport> {
  authorize(actor, 'project.write');
  if (body.month > shanghaiToday(ctx.clock.now()).slice(0, 7)) {
    throw new DomainError('VALIDATION_FAILED', { field: 'month', detail: 'a future month cannot be reported' });
  }
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const project = await selectProjectRow(tx, projectId);
    if (project === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    return writeReport(ctx, tx, actor, project, body);
  });
}

/** Projects under construction in the jurisdiction (or the region asked for) with no report for the month. */
export async function missingProgress(ctx: AppContext, actor: Actor, q: { month: string; region?: string | undefined }): Promise<MissingProgress> {
  authorize(actor, 'project.read');
  const owner = ownEntityScope(actor);
  const rows = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const all = await selectMissingProgress(tx, q.month, regionsOf(ctx, actor, q.region));
    if (owner === undefined) {
      return all;
    }
    const own = await selectOwnProjectIds(tx, owner);
    return all.filter((r) => own.has(r.id));
  });
  const name = regionNamer(ctx);
  return { month: q.month, total: rows.length, items: rows.map((r) => ({ ...r, regionName: name(r.regionCode) })) };
}

/**
 * Imports a monthly progress sheet. `validate` only reports; `all` writes only when every row is
 * valid; `valid-only` writes the valid rows. One transaction, one audit row per report.
 */
export async function importProgress(ctx: AppContext, actor: Actor, data: Buffer, mode: ImportReport['mode']): Promise<ImportReport> {
  authorize(actor, 'project.write');
  const { rows } = await parseProgressWorkbook(data, shanghaiToday(ctx.clock.now()));
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const known = await selectProjectsByNumber(tx, [...new Set(rows.map((r) => r.number).filter((n) => n !== ''))]);
    for (const r of rows) {
      if (r.number !== '' && !known.has(r.number)) {
        r.issues.push(rowIssue(PROGRESS_COLUMNS, r.row, 'number', 'NOT_FOUND', { zh: `您的辖区内没有编号为「${r.number}」的项目`, en: `no project ${r.number} in your jurisdiction` }));
      }
    }
    const errors = sortIssues(PROGRESS_COLUMNS, rows.flatMap((r) => r.issues.map((i) => ({ row: r.row, field: i.field, code: i.code, message: i.message, messageEn: i.messageEn }))));
    const { report, toWrite: valid } = planImport(mode, rows, errors);
    if (mode === 'validate') {
      return report;
    }
    let imported = 0;
    for (const r of valid) {
      const project = known.get(r.number);
      if (project !== undefined && r.report !== null) {
        await writeReport(ctx, tx, actor, project, r.report);
        imported += 1;
      }
    }
    return { ...report, imported };
  });
}
