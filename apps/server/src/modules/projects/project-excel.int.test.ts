import type { ImportReport } from '@zhengqi/contracts/entities';
import type { MissingProgress, ProgressReport, ProjectDetail, ProjectStats, ProjectSummary } from '@zhengqi/contracts/projects';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, userRoles, users } from '../../platform/db/schema';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';

// The test clock stands in late November 2026: the demo projects have reported up to October.

type Page = { items: ProjectSummary[]; total: number };
type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestApp;
let dispatcher: Client;
let owner: Client;

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 400)).toBe(status);
  return res.json<T>();
}

function problem(res: LightMyRequestResponse, status: number, code: string): { report?: ImportReport } {
  expect({ status: res.statusCode, code: res.json<{ code: string }>().code }, res.body.slice(0, 400)).toEqual({ status, code });
  return res.json<{ report?: ImportReport }>();
}

async function workbookOf(res: LightMyRequestResponse): Promise<ExcelJS.Workbook> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as XlsxInput);
  return wb;
}

/** Data rows of the first sheet as text, header row left out. */
function dataRows(wb: ExcelJS.Workbook): string[][] {
  const out: string[][] = [];
  wb.worksheets[0]?.eachRow((row, n) => {
    if (n > 1) {
      out.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v as string | number))));
    }
  });
  return out;
}

async function sheetFile(headers: readonly string[], rows: ReadonlyArray<readonly ExcelJS.CellValue[]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([...headers]);
  rows.forEach((r) => ws.addRow([...r]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function total(c: Client = dispatcher): Promise<number> {
  return ok<Page>(await c.get('/api/v1/projects?pageSize=1')).total;
}

const PROJECT_HEADERS = ['Number', 'Name', 'Region code', 'Class', 'Level', 'Sector', 'Total investment (10k CNY)', 'Annual plan (10k CNY)', 'Year', 'Planned start', 'Status'];
const row = (number: string, name: string, over: Partial<Record<'region' | 'cls' | 'total' | 'start', string>> = {}) =>
  [number, name, over.region ?? '371502', over.cls ?? '实施类', '区级', '工业', over.total ?? '12345.678901', '3000', '2026', over.start ?? '2026-12-01', '前期准备'];

beforeAll(async () => {
  t = await makeTestApp();
  dispatcher = await t.login('dcf.dispatcher');
  owner = await t.login('dcf.owner');
});
afterAll(async () => t.close());

describe('project list import', () => {
  let file: Buffer;
  beforeAll(async () => {
    file = await sheetFile(PROJECT_HEADERS, [
      row('XM-2026-0501', '导入测试项目一'),
      row('XM-2026-0502', '导入测试项目二', { total: '12.3.4', cls: '宇宙类' }),
      row('XM-2026-0503', '导入测试项目三'),
      row('XM-2026-0001', '编号已用的项目', { region: '371526' }),
    ]);
  });

  it('the template downloads with its bilingual headers; only maintainers get it', async () => {
    const res = await dispatcher.get('/api/v1/projects/import-template.xlsx');
    const wb = await workbookOf(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['重点项目', '说明 Instructions']);
    expect(wb.worksheets[0]?.getRow(1).getCell(8).value).toBe('总投资（万元）\nTotal investment (10k CNY)');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    problem(await owner.get('/api/v1/projects/import-template.xlsx'), 403, 'FORBIDDEN');
  });

  it('reports the two bad rows by row and field and writes nothing unless told to import only the valid rows', async () => {
    const before = await total();
    const report = ok<ImportReport>(await dispatcher.post('/api/v1/projects/import?mode=validate', file, { 'content-type': XLSX }));
    expect(report).toMatchObject({ totalRows: 4, validRows: 2, errorRows: 2, imported: 0 });
    expect(report.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'class', 'VALIDATION_FAILED'],
      [3, 'totalInvestmentWan', 'VALIDATION_FAILED'],
      [5, 'number', 'DUPLICATE'],
      [5, 'regionCode', 'OUT_OF_JURISDICTION'],
    ]);
    expect(report.errors[0]?.message).toContain('第 3 行「项目类别」');
    expect(problem(await dispatcher.post('/api/v1/projects/import?mode=all', file, { 'content-type': XLSX }), 422, 'IMPORT_HAS_ERRORS').report?.errorRows).toBe(2);
    problem(await owner.post('/api/v1/projects/import?mode=valid-only', file, { 'content-type': XLSX }), 403, 'FORBIDDEN');
    expect(await total()).toBe(before);

    expect(ok<ImportReport>(await dispatcher.post('/api/v1/projects/import?mode=valid-only', file, { 'content-type': XLSX })).imported).toBe(2);
    expect(await total()).toBe(before + 2);
    const [one] = ok<Page>(await dispatcher.get('/api/v1/projects?q=XM-2026-0501')).items;
    // 12345.678901 万元, converted from the text: not a fen lost to floating point.
    expect({ name: one?.name, fen: one?.totalInvestmentFen, plan: one?.annualPlanFen }).toEqual({ name: '导入测试项目一', fen: 12_345_678_901, plan: 3_000_000_000 });
    expect(ok<Page>(await dispatcher.get('/api/v1/projects?q=XM-2026-0502')).total).toBe(0);
    // Importing the same file again: the written numbers are now taken.
    const again = ok<ImportReport>(await dispatcher.post('/api/v1/projects/import?mode=validate', file, { 'content-type': XLSX }));
    expect(again.errors.filter((e) => e.code === 'DUPLICATE').map((e) => e.row)).toEqual([2, 4, 5]);
  });
});

describe('monthly progress', () => {
  it('a report per month: recorded, corrected in place, audited; missing reports are listed', async () => {
    const missingBefore = ok<MissingProgress>(await dispatcher.get('/api/v1/projects/progress/missing?month=2026-11'));
    expect(missingBefore.total).toBeGreaterThan(0);
    expect(ok<MissingProgress>(await dispatcher.get('/api/v1/projects/progress/missing?month=2026-10')).total).toBe(0);
    const target = missingBefore.items[0];
    expect(target?.lastReportedMonth).toBe('2026-10');
    const id = target?.id ?? '';
    const body = { month: '2026-11', investmentCompletedFen: 5_000_000_00, stage: '主体施工', percent: 40 };
    expect(ok<ProgressReport>(await dispatcher.post(`/api/v1/projects/${id}/progress`, body))).toEqual(body);
    ok<ProgressReport>(await dispatcher.post(`/api/v1/projects/${id}/progress`, { ...body, investmentCompletedFen: 6_000_000_00 }));
    const detail = ok<ProjectDetail>(await dispatcher.get(`/api/v1/projects/${id}`));
    expect(detail.progressReports.filter((r) => r.month === '2026-11')).toEqual([{ ...body, investmentCompletedFen: 6_000_000_00 }]);
    const missingAfter = ok<MissingProgress>(await dispatcher.get('/api/v1/projects/progress/missing?month=2026-11'));
    expect(missingAfter.items.map((p) => p.id)).not.toContain(id);
    expect(missingAfter.total).toBe(missingBefore.total - 1);
    const audits = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'project.progress_reported'))));
    expect(audits).toHaveLength(2);

    problem(await dispatcher.post(`/api/v1/projects/${id}/progress`, { ...body, month: '2026-12' }), 400, 'VALIDATION_FAILED');
    problem(await owner.post(`/api/v1/projects/${id}/progress`, body), 403, 'FORBIDDEN');
    problem(await dispatcher.post(`/api/v1/projects/prj_${'0'.repeat(32)}/progress`, body), 404, 'NOT_FOUND');
  });

  it('the progress template lists the projects still to report; importing it updates the completed investment in the statistics', async () => {
    const due = ok<MissingProgress>(await dispatcher.get('/api/v1/projects/progress/missing?month=2026-11'));
    const template = await workbookOf(await dispatcher.get('/api/v1/projects/progress-template.xlsx?month=2026-11'));
    expect(dataRows(template).map((r) => r[0])).toEqual(due.items.map((p) => p.number));
    const [a, b] = due.items;
    const statsBefore = ok<ProjectStats>(await dispatcher.get('/api/v1/projects/stats?year=2026'));

    const headers = ['项目编号', '填报月份', '本月完成投资（万元）', '形象进度', '形象进度百分比'];
    const bad = await sheetFile(headers, [[a?.number ?? '', '2026-11', '1000.25', '主体施工', ''], ['XM-2099-0001', '2026-11', '5', '主体施工', '']]);
    const report = problem(await dispatcher.post('/api/v1/projects/progress/import?mode=all', bad, { 'content-type': XLSX }), 422, 'IMPORT_HAS_ERRORS').report;
    expect(report?.errors.map((e) => [e.row, e.field, e.code])).toEqual([[3, 'number', 'NOT_FOUND']]);
    expect(ok<ProjectStats>(await dispatcher.get('/api/v1/projects/stats?year=2026')).completedThisYearFen).toBe(statsBefore.completedThisYearFen);

    const good = await sheetFile(headers, [[a?.number ?? '', '2026-11', '1000.25', '主体施工', ''], [b?.number ?? '', '2026年11月', 2000, '设备安装', '85%']]);
    expect(ok<ImportReport>(await dispatcher.post('/api/v1/projects/progress/import?mode=all', good, { 'content-type': XLSX })).imported).toBe(2);
    const statsAfter = ok<ProjectStats>(await dispatcher.get('/api/v1/projects/stats?year=2026'));
    expect(statsAfter.completedThisYearFen - statsBefore.completedThisYearFen).toBe(1_000_250_000 + 2_000_000_000);
    expect(ok<MissingProgress>(await dispatcher.get('/api/v1/projects/progress/missing?month=2026-11')).total).toBe(due.total - 2);

    const exported = await workbookOf(await dispatcher.get(`/api/v1/projects/${b?.id ?? ''}/progress.xlsx`));
    expect(dataRows(exported).at(-1)).toEqual([b?.number, b?.name, '2026-11', '2000', '设备安装', '85']);
  });
});

describe('export', () => {
  it('holds the visible projects only: a Gaotang helping official sees none of Dongchangfu’s', async () => {
    const rows = dataRows(await workbookOf(await dispatcher.get('/api/v1/projects/export.xlsx')));
    expect(rows).toHaveLength(await total());
    expect(rows[0]?.[0]).toBe('XM-2026-0001');
    const industrial = dataRows(await workbookOf(await dispatcher.get('/api/v1/projects/export.xlsx?sector=industrial&locale=en')));
    expect(industrial.length).toBe(ok<Page>(await dispatcher.get('/api/v1/projects?sector=industrial')).total);
    expect(industrial.every((r) => r[7] === 'Industrial')).toBe(true);

    await t.db.tx({ kind: 'system' }, async (tx) => {
      const [u] = await tx.select().from(users).where(eq(users.username, 'gaotang.clerk'));
      if (u === undefined) {
        throw new Error('demo user gaotang.clerk missing');
      }
      await tx.insert(userRoles).values({ userId: u.id, roleCode: 'helping_official' });
    });
    const gaotang = await t.login('gaotang.clerk');
    expect(dataRows(await workbookOf(await gaotang.get('/api/v1/projects/export.xlsx')))).toEqual([]);
    expect(ok<MissingProgress>(await gaotang.get('/api/v1/projects/progress/missing?month=2026-11')).total).toBe(0);
    const id = ok<Page>(await dispatcher.get('/api/v1/projects?pageSize=1')).items[0]?.id ?? '';
    problem(await gaotang.get(`/api/v1/projects/${id}/progress.xlsx`), 404, 'NOT_FOUND');
  });
});
