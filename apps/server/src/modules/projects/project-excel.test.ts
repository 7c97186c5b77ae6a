import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProjectSummary } from '@zhengqi/contracts/projects';
import { DomainError } from '../../platform/errors/domain-error';
import {
  PROGRESS_SHEET_NAME, PROJECT_SHEET_NAME, buildProgressExport, buildProgressTemplate, buildProjectExport, buildProjectTemplate, fenToWan, parseProgressWorkbook,
  parseProjectWorkbook, wanToFen,
} from './project-excel';

type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];
const TODAY = '2026-11-28';

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as XlsxInput);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) {
    throw new Error(`no sheet ${name}`);
  }
  return ws;
}

async function workbook(name: string, rows: ReadonlyArray<readonly ExcelJS.CellValue[]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  rows.forEach((r) => ws.addRow([...r]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const PROJECT_HEADER = ['项目编号', '项目名称', '行政区划代码', '项目类别', '项目级别', '行业领域', '总投资（万元）', '年度计划投资（万元）', '年度', '计划开工日期', '项目状态'];
const goodProject = ['XM-2026-0101', '示例产业园项目', '371502', '实施类', 'District', 'industrial', '52000.5', 18000, '2026', '2026-03-01', '在建'];

describe('万元 ↔ fen', () => {
  it('converts the decimal text exactly, with separators and up to six decimals', () => {
    expect(wanToFen('52000.5')).toBe(52_000_500_000);
    expect(wanToFen('0.000001')).toBe(1);
    expect(wanToFen('1,234.56')).toBe(1_234_560_000);
    expect(wanToFen('０.１')).toBe(100_000);
    // 0.1 + 0.2 style float error would show up here: 1.1 万元 × 1 000 000 ≠ 1 100 000.0000000002.
    expect(wanToFen('1.1')).toBe(1_100_000);
    expect(wanToFen(String(1.1))).toBe(1_100_000);
  });

  it('refuses anything that is not a plain non-negative amount', () => {
    for (const bad of ['', '-5', '1.0000001', '1e3', 'abc', '1.2.3', '9007199254.740992']) {
      expect(wanToFen(bad), bad).toBeNull();
    }
  });

  it('round-trips every safe amount of fen', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => wanToFen(fenToWan(fen)) === fen));
    expect(fenToWan(52_000_500_000)).toBe('52000.5');
    expect(fenToWan(1)).toBe('0.000001');
    expect(fenToWan(0)).toBe('0');
  });
});

describe('project list', () => {
  it('the template carries bilingual headers and dropdown lists, and parses back when filled', async () => {
    const wb = await load(await buildProjectTemplate([{ code: '371502', nameZh: '东昌府区', nameEn: 'Dongchangfu' }]));
    const ws = sheet(wb, PROJECT_SHEET_NAME);
    expect(ws.getRow(1).getCell(1).value).toBe('项目编号\nNumber');
    ws.addRow(['XM-2026-0101', '示例产业园项目', '371502', '', '实施类', '区级', '工业', '52000.5', '18000', '2026', new Date(Date.UTC(2026, 2, 1)), '', '', '', '在建', '沙镇镇', '']);
    const { rows } = await parseProjectWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), TODAY);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.issues).toEqual([]);
    expect(rows[0]?.input).toMatchObject({ number: 'XM-2026-0101', class: 'implementation', level: 'district', sector: 'industrial', status: 'under_construction', totalInvestmentFen: 52_000_500_000, annualPlanFen: 18_000_000_000, plannedStartOn: '2026-03-01' });
  });

  it('names the row and the field of every bad cell, once per cell', async () => {
    const data = await workbook('Sheet1', [
      PROJECT_HEADER,
      goodProject,
      ['XM-26-1', '示例', '371502', '实施', 'district', 'industrial', '12.1234567', '1', '2026', '2026-02-30', 'under_construction'],
      ['XM-2026-0101', '重复编号项目', '371502', 'planning', 'district', 'other', '5', '0', '2026', '', 'planning'],
    ]);
    const { rows } = await parseProjectWorkbook(data, TODAY);
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(rows[0]?.issues).toEqual([]);
    expect(rows[1]?.input).toBeNull();
    expect(rows[1]?.issues.map((i) => i.field).sort()).toEqual(['class', 'number', 'plannedStartOn', 'totalInvestmentWan']);
    expect(rows[1]?.issues.find((i) => i.field === 'totalInvestmentWan')?.message).toContain('第 3 行「总投资（万元）」');
    expect(rows[2]?.issues).toEqual([expect.objectContaining({ field: 'number', code: 'DUPLICATE', messageEn: 'Row 4, number: same number as row 2' })]);
  });

  it('applies the date rules with the injected today', async () => {
    const data = await workbook('Sheet1', [[...PROJECT_HEADER, '实际开工日期'], [...goodProject.slice(0, 9), '2026-03-01', '在建', '2026-12-01']]);
    const { rows } = await parseProjectWorkbook(data, TODAY);
    expect(rows[0]?.issues.map((i) => i.field)).toEqual(['actualStartOn']);
  });

  it('refuses a file without the required columns or that is no workbook', async () => {
    const missing = await parseProjectWorkbook(await workbook('Sheet1', [['项目编号', '项目名称']]), TODAY).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DomainError);
    expect((missing as DomainError).code).toBe('IMPORT_FILE_INVALID');
    const junk = await parseProjectWorkbook(Buffer.from('not a zip'), TODAY).catch((e: unknown) => e);
    expect((junk as DomainError).code).toBe('IMPORT_FILE_INVALID');
  });

  it('exports amounts as exact 万元 text that imports back to the same fen', async () => {
    const p = {
      id: `prj_${'1'.repeat(32)}`, number: 'XM-2026-0001', name: '示例', regionCode: '371502', regionName: '东昌府区', ownerEntityId: null, ownerName: null, class: 'implementation', level: 'district',
      sector: 'industrial', totalInvestmentFen: 325_000_000_01, annualPlanFen: 82_000_000_00, year: 2026, plannedStartOn: '2026-03-01', actualStartOn: '2026-03-12', plannedCompletionOn: null,
      actualCompletionOn: null, status: 'under_construction', location: '', completedThisYearFen: 1, version: 1,
    } satisfies ProjectSummary;
    const { rows } = await parseProjectWorkbook(await buildProjectExport([p], 'zh-CN'), TODAY);
    expect(rows[0]?.issues).toEqual([]);
    expect({ total: rows[0]?.input?.totalInvestmentFen, plan: rows[0]?.input?.annualPlanFen }).toEqual({ total: p.totalInvestmentFen, plan: p.annualPlanFen });
    const en = sheet(await load(await buildProjectExport([p], 'en')), PROJECT_SHEET_NAME);
    expect(en.getRow(1).getCell(1).value).toBe('Number');
    expect(en.getRow(2).getCell(9).value).toBe('32500.000001');
  });
});

describe('monthly progress', () => {
  it('the template is prefilled with the projects due and parses back when filled', async () => {
    const wb = await load(await buildProgressTemplate('2026-10', [{ number: 'XM-2026-0001', name: '示例' }]));
    const ws = sheet(wb, PROGRESS_SHEET_NAME);
    expect(ws.getRow(2).getCell(1).value).toBe('XM-2026-0001');
    ws.getRow(2).getCell(4).value = '1250.5';
    ws.getRow(2).getCell(5).value = '主体施工';
    ws.getRow(2).getCell(6).value = '45%';
    const { rows } = await parseProgressWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), TODAY);
    expect(rows).toEqual([{ row: 2, number: 'XM-2026-0001', issues: [], report: { month: '2026-10', investmentCompletedFen: 1_250_500_000, stage: '主体施工', percent: 45 } }]);
  });

  it('reports future months, bad amounts and percentages, and a project reported twice for a month', async () => {
    const data = await workbook('进度', [
      ['项目编号', '填报月份', '本月完成投资（万元）', '形象进度', '形象进度百分比'],
      ['XM-2026-0001', '2026年9月', 100, '基础施工', 30],
      ['XM-2026-0002', '2026-12', 'abc', '', 130],
      ['XM-2026-0001', new Date(Date.UTC(2026, 8, 15)), 50, '基础施工', ''],
    ]);
    const { rows } = await parseProgressWorkbook(data, TODAY);
    expect(rows[0]?.report).toEqual({ month: '2026-09', investmentCompletedFen: 100_000_000, stage: '基础施工', percent: 30 });
    expect(rows[1]?.issues.map((i) => i.field).sort()).toEqual(['investmentWan', 'month', 'percent', 'stage']);
    expect(rows[2]?.issues).toEqual([expect.objectContaining({ field: 'month', code: 'DUPLICATE', message: expect.stringContaining('第 2 行') as unknown })]);
  });

  it('a project’s export is the template’s columns and imports back unchanged', async () => {
    const reports = [{ month: '2026-09', investmentCompletedFen: 123_456_789, stage: '主体施工', percent: null }];
    const { rows } = await parseProgressWorkbook(await buildProgressExport({ number: 'XM-2026-0001', name: '示例' }, reports, 'en'), TODAY);
    expect(rows.map((r) => r.report)).toEqual(reports);
  });
});
