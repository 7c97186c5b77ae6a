import ExcelJS from 'exceljs';
import { MonthSchema } from '@zhengqi/contracts/common';
import {
  PROJECT_CLASS_LABELS,
  PROJECT_LEVEL_LABELS,
  PROJECT_SECTOR_LABELS,
  PROJECT_STATUS_LABELS,
  ProgressReportBodySchema,
  ProjectCreateBodySchema,
  type ProgressReport,
  type ProgressReportBody,
  type ProjectCreateBody,
  type ProjectSummary,
} from '@zhengqi/contracts/projects';
import { type FieldIssue } from '../../platform/errors/domain-error';
import { addListValidations, addValueTable, dateOf, entriesOf, invalidFile, labelIn, loadSheet, lookupOf, matchHeaders, monthOf, norm, styleHeader, textOf, toBuffer } from '../../platform/excel/sheet-cells';

// Spreadsheets for key projects: the project-list and monthly-progress templates, their parsers
// and the exports. Money is written in 万元 (how the bureau reports it) and held as integer fen:
// the conversion parses the decimal text, never multiplies a float.

export const PROJECT_SHEET_NAME = '重点项目';
export const PROGRESS_SHEET_NAME = '月度进度';
export const INSTRUCTIONS_SHEET_NAME = '说明 Instructions';
/** Most data rows one import file may hold. */
export const MAX_IMPORT_ROWS = 5000;
const FEN_PER_WAN = 1_000_000n;

type Text = { zh: string; en: string };
type Column<K extends string> = { key: K; zh: string; en: string; example: string; width: number; required: boolean; note: Text };

export type ProjectColumnKey =
  | 'number' | 'name' | 'regionCode' | 'ownerUscc' | 'class' | 'level' | 'sector' | 'totalInvestmentWan' | 'annualPlanWan' | 'year'
  | 'plannedStartOn' | 'actualStartOn' | 'plannedCompletionOn' | 'actualCompletionOn' | 'status' | 'location' | 'description';
export type ProgressColumnKey = 'number' | 'name' | 'month' | 'investmentWan' | 'stage' | 'percent';

const CODE_NOTE: Text = { zh: '填代码或中文/英文名称，见下表', en: 'Code or zh/en label, see below' };
const DATE_NOTE: Text = { zh: '日期单元格或 YYYY-MM-DD，可空', en: 'A date cell or YYYY-MM-DD, optional' };
const WAN_NOTE: Text = { zh: '单位万元，最多 6 位小数', en: 'In 10,000 CNY (万元), at most 6 decimals' };

export const PROJECT_COLUMNS: ReadonlyArray<Column<ProjectColumnKey>> = [
  { key: 'number', zh: '项目编号', en: 'Number', example: 'XM-2026-0101', width: 15, required: true, note: { zh: 'XM-年份-4 位序号，全市唯一', en: 'XM-YYYY-NNNN, unique city-wide' } },
  { key: 'name', zh: '项目名称', en: 'Name', example: '东昌府区示例产业园项目', width: 32, required: true, note: { zh: '2–200 个字符', en: '2–200 characters' } },
  { key: 'regionCode', zh: '行政区划代码', en: 'Region code', example: '371502', width: 14, required: true, note: { zh: '6 位代码，见下表', en: '6-digit code, see below' } },
  { key: 'ownerUscc', zh: '建设单位信用代码', en: 'Owner USCC', example: '', width: 24, required: false, note: { zh: '已登记市场主体的统一社会信用代码，可空', en: 'USCC of a registered market entity, optional' } },
  { key: 'class', zh: '项目类别', en: 'Class', example: PROJECT_CLASS_LABELS.implementation.zh, width: 12, required: true, note: CODE_NOTE },
  { key: 'level', zh: '项目级别', en: 'Level', example: PROJECT_LEVEL_LABELS.district.zh, width: 10, required: true, note: CODE_NOTE },
  { key: 'sector', zh: '行业领域', en: 'Sector', example: PROJECT_SECTOR_LABELS.industrial.zh, width: 14, required: true, note: CODE_NOTE },
  { key: 'totalInvestmentWan', zh: '总投资（万元）', en: 'Total investment (10k CNY)', example: '52000.5', width: 18, required: true, note: WAN_NOTE },
  { key: 'annualPlanWan', zh: '年度计划投资（万元）', en: 'Annual plan (10k CNY)', example: '18000', width: 18, required: true, note: WAN_NOTE },
  { key: 'year', zh: '年度', en: 'Year', example: '2026', width: 8, required: true, note: { zh: '4 位年份', en: 'A 4-digit year' } },
  { key: 'plannedStartOn', zh: '计划开工日期', en: 'Planned start', example: '2026-03-01', width: 14, required: false, note: DATE_NOTE },
  { key: 'actualStartOn', zh: '实际开工日期', en: 'Actual start', example: '2026-03-12', width: 14, required: false, note: DATE_NOTE },
  { key: 'plannedCompletionOn', zh: '计划竣工日期', en: 'Planned completion', example: '2028-06-30', width: 14, required: false, note: DATE_NOTE },
  { key: 'actualCompletionOn', zh: '实际竣工日期', en: 'Actual completion', example: '', width: 14, required: false, note: DATE_NOTE },
  { key: 'status', zh: '项目状态', en: 'Status', example: PROJECT_STATUS_LABELS.under_construction.zh, width: 12, required: true, note: CODE_NOTE },
  { key: 'location', zh: '建设地点', en: 'Location', example: '东昌府区沙镇镇', width: 24, required: false, note: { zh: '最多 200 个字符', en: 'At most 200 characters' } },
  { key: 'description', zh: '建设内容', en: 'Description', example: '', width: 40, required: false, note: { zh: '最多 4000 个字符', en: 'At most 4000 characters' } },
];

export const PROGRESS_COLUMNS: ReadonlyArray<Column<ProgressColumnKey>> = [
  { key: 'number', zh: '项目编号', en: 'Number', example: 'XM-2026-0001', width: 15, required: true, note: { zh: '已登记项目的编号', en: 'Number of a registered project' } },
  { key: 'name', zh: '项目名称', en: 'Name', example: '东昌府区示例产业园项目', width: 32, required: false, note: { zh: '仅供对照，导入时不读取', en: 'For reference; not imported' } },
  { key: 'month', zh: '填报月份', en: 'Month', example: '2026-10', width: 12, required: true, note: { zh: 'YYYY-MM，不晚于本月', en: 'YYYY-MM, not after this month' } },
  { key: 'investmentWan', zh: '本月完成投资（万元）', en: 'Completed this month (10k CNY)', example: '1250.5', width: 20, required: true, note: WAN_NOTE },
  { key: 'stage', zh: '形象进度', en: 'Stage', example: '主体结构施工', width: 30, required: true, note: { zh: '文字描述，1–200 个字符', en: 'Text, 1–200 characters' } },
  { key: 'percent', zh: '形象进度百分比', en: 'Percent', example: '45', width: 14, required: false, note: { zh: '0–100 的整数，可空', en: 'A whole number 0–100, optional' } },
];

/** 万元 text (thousands separators allowed, at most six decimals) as integer fen, exactly; null when it is not such an amount. */
export function wanToFen(text: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.normalize('NFKC').replace(/[,\s]/g, ''));
  if (m === null) {
    return null;
  }
  const fen = BigInt(m[1] ?? '0') * FEN_PER_WAN + BigInt((m[2] ?? '').padEnd(6, '0'));
  return fen > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(fen);
}

/** Integer fen as an exact 万元 decimal string without trailing zeros. */
export function fenToWan(fen: number): string {
  const f = BigInt(fen);
  const frac = (f % FEN_PER_WAN).toString().padStart(6, '0').replace(/0+$/, '');
  return frac === '' ? (f / FEN_PER_WAN).toString() : `${(f / FEN_PER_WAN).toString()}.${frac}`;
}

const CLASS_LOOKUP = lookupOf(PROJECT_CLASS_LABELS);
const LEVEL_LOOKUP = lookupOf(PROJECT_LEVEL_LABELS);
/** Sector labels by code: the built-in list unless the caller passes the configured one. */
export type SectorLabels = Readonly<Record<string, { zh: string; en: string }>>;
const BUILTIN_SECTORS: SectorLabels = PROJECT_SECTOR_LABELS;
const STATUS_LOOKUP = lookupOf(PROJECT_STATUS_LABELS);

/** A per-row issue naming the Excel row and the column, in both languages. */
export function rowIssue<K extends string>(columns: ReadonlyArray<Column<K>>, row: number, key: K, code: 'VALIDATION_FAILED' | 'DUPLICATE' | 'NOT_FOUND' | 'OUT_OF_JURISDICTION', detail: Text): FieldIssue {
  const zh = columns.find((c) => c.key === key)?.zh ?? key;
  return { field: key, code, message: `第 ${row} 行「${zh}」：${detail.zh}`, messageEn: `Row ${row}, ${key}: ${detail.en}` };
}

/** Orders a report's errors by row, then by the sheet's column order. */
export function sortIssues<K extends string, E extends { row: number; field: string }>(columns: ReadonlyArray<Column<K>>, errors: readonly E[]): E[] {
  const index = (field: string) => columns.findIndex((c) => c.key === field);
  return [...errors].sort((a, b) => a.row - b.row || index(a.field) - index(b.field));
}

type SheetRecord<K extends string> = { row: number; cells: Record<K, ExcelJS.CellValue>; text: Record<K, string> };

// Reads the data sheet: finds the columns by their zh or en header line, skips empty rows.
async function readSheet<K extends string>(data: Buffer, sheetName: string, columns: ReadonlyArray<Column<K>>): Promise<Array<SheetRecord<K>>> {
  const ws = await loadSheet(data, sheetName);
  const found = matchHeaders(ws.getRow(1), columns);
  const missing = columns.filter((c) => c.required && !found.has(c.key));
  if (missing.length > 0) {
    throw invalidFile(`缺少必填列 missing required columns: ${missing.map((c) => `${c.zh} (${c.en})`).join(', ')}`, { missingColumns: missing.map((c) => c.key) });
  }
  const records: Array<SheetRecord<K>> = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber === 1) {
      return;
    }
    const cells = Object.fromEntries(columns.map((c) => {
      const col = found.get(c.key);
      return [c.key, col === undefined ? null : row.getCell(col).value];
    })) as Record<K, ExcelJS.CellValue>;
    const text = Object.fromEntries(columns.map((c) => [c.key, textOf(cells[c.key])])) as Record<K, string>;
    if (Object.values<string>(text).some((s) => s !== '')) {
      records.push({ row: rowNumber, cells, text });
    }
  });
  if (records.length > MAX_IMPORT_ROWS) {
    throw invalidFile(`超过 ${MAX_IMPORT_ROWS} 行 more than ${MAX_IMPORT_ROWS} data rows: ${records.length}`, { maxRows: MAX_IMPORT_ROWS });
  }
  return records;
}

type SchemaIssue = { path: PropertyKey[]; code: string; message: string };

function describeIssue(iss: SchemaIssue, raw: string, codeList: boolean): Text {
  if (raw === '') {
    return { zh: '必填', en: 'required' };
  }
  if (codeList) {
    return { zh: `无法识别「${raw}」，可选值见「${INSTRUCTIONS_SHEET_NAME}」表`, en: `"${raw}" is not an allowed value; see the ${INSTRUCTIONS_SHEET_NAME} sheet` };
  }
  return { zh: `取值无效（${iss.message}）`, en: iss.message };
}

const orUndefined = (s: string) => (s === '' ? undefined : s);
const coded = (lookup: Map<string, string>, s: string) => (s === '' ? undefined : (lookup.get(norm(s)) ?? s));

/** One data row of a project import: the validated body (null when invalid), the owner's USCC when given, and its issues. */
export type ParsedProjectRow = { row: number; input: ProjectCreateBody | null; ownerUscc: string | null; issues: FieldIssue[] };

const PROJECT_FIELD_OF: Partial<Record<string, ProjectColumnKey>> = { totalInvestmentFen: 'totalInvestmentWan', annualPlanFen: 'annualPlanWan' };
const CODED_KEYS: ReadonlySet<string> = new Set(['class', 'level', 'sector', 'status']);

function parseProjectRow(rec: SheetRecord<ProjectColumnKey>, today: string, sectorLookup: Map<string, string>): ParsedProjectRow {
  const { row, text } = rec;
  const issues = new Map<ProjectColumnKey, FieldIssue>();
  const add = (key: ProjectColumnKey, detail: Text, code: 'VALIDATION_FAILED' | 'DUPLICATE' = 'VALIDATION_FAILED') => {
    if (!issues.has(key)) {
      issues.set(key, rowIssue(PROJECT_COLUMNS, row, key, code, detail));
    }
  };
  const money = (key: 'totalInvestmentWan' | 'annualPlanWan') => {
    if (text[key] === '') {
      return undefined;
    }
    const fen = wanToFen(text[key]);
    if (fen === null) {
      add(key, { zh: `「${text[key]}」不是万元金额（最多 6 位小数）`, en: `"${text[key]}" is not an amount in 万元 (at most 6 decimals)` });
    }
    return fen ?? undefined;
  };
  const date = (key: 'plannedStartOn' | 'actualStartOn' | 'plannedCompletionOn' | 'actualCompletionOn') => (text[key] === '' ? null : dateOf(rec.cells[key]));
  const candidate = {
    number: orUndefined(text.number.normalize('NFKC').toUpperCase()),
    name: orUndefined(text.name),
    regionCode: orUndefined(text.regionCode.normalize('NFKC')),
    class: coded(CLASS_LOOKUP, text.class),
    level: coded(LEVEL_LOOKUP, text.level),
    sector: coded(sectorLookup, text.sector),
    totalInvestmentFen: money('totalInvestmentWan'),
    annualPlanFen: money('annualPlanWan'),
    year: /^\d{4}$/.test(text.year.normalize('NFKC')) ? Number(text.year.normalize('NFKC')) : orUndefined(text.year),
    plannedStartOn: date('plannedStartOn'),
    actualStartOn: date('actualStartOn'),
    plannedCompletionOn: date('plannedCompletionOn'),
    actualCompletionOn: date('actualCompletionOn'),
    status: coded(STATUS_LOOKUP, text.status),
    location: text.location,
    description: text.description,
  };
  const result = ProjectCreateBodySchema.safeParse(candidate);
  if (!result.success) {
    for (const iss of result.error.issues) {
      const path = String(iss.path[0]);
      const key = PROJECT_FIELD_OF[path] ?? PROJECT_COLUMNS.find((c) => c.key === path)?.key;
      if (key !== undefined) {
        add(key, describeIssue(iss, text[key], CODED_KEYS.has(key)));
      }
    }
  }
  const input = result.success ? result.data : null;
  if (input !== null) {
    for (const [key, detail] of projectDateIssues(input, today)) {
      add(key, detail);
    }
  }
  const ownerUscc = text.ownerUscc === '' ? null : text.ownerUscc.normalize('NFKC').toUpperCase();
  return { row, input: issues.size === 0 ? input : null, ownerUscc, issues: [...issues.values()] };
}

function isSet(d: string | null | undefined): d is string {
  return d !== null && d !== undefined;
}

/** The date rules of a project: planned completion not before the planned start; actual dates not in the future nor out of order. */
export function projectDateIssues(p: Pick<ProjectCreateBody, 'plannedStartOn' | 'plannedCompletionOn' | 'actualStartOn' | 'actualCompletionOn'>, today: string): Array<[ProjectColumnKey, Text]> {
  const out: Array<[ProjectColumnKey, Text]> = [];
  if (isSet(p.plannedStartOn) && isSet(p.plannedCompletionOn) && p.plannedCompletionOn < p.plannedStartOn) {
    out.push(['plannedCompletionOn', { zh: '计划竣工早于计划开工', en: 'planned completion before planned start' }]);
  }
  if (isSet(p.actualStartOn) && p.actualStartOn > today) {
    out.push(['actualStartOn', { zh: '实际开工日期不能晚于今天', en: 'an actual start cannot be in the future' }]);
  }
  if (isSet(p.actualCompletionOn) && (p.actualCompletionOn > today || (isSet(p.actualStartOn) && p.actualCompletionOn < p.actualStartOn))) {
    out.push(['actualCompletionOn', { zh: '实际竣工日期晚于今天或早于实际开工', en: 'actual completion in the future or before the start' }]);
  }
  return out;
}

/**
 * Reads and validates a project-list workbook row by row (numbers unique within the file); `today` is
 * the Shanghai date; `sectors` the active items of the configurable sector list.
 */
export async function parseProjectWorkbook(data: Buffer, today: string, sectors: SectorLabels = BUILTIN_SECTORS): Promise<{ rows: ParsedProjectRow[] }> {
  const records = await readSheet(data, PROJECT_SHEET_NAME, PROJECT_COLUMNS);
  const sectorLookup = lookupOf(sectors);
  const firstRowOf = new Map<string, number>();
  const rows = records.map((rec) => {
    const parsed = parseProjectRow(rec, today, sectorLookup);
    const number = rec.text.number.normalize('NFKC').toUpperCase();
    const first = firstRowOf.get(number);
    if (number !== '' && first !== undefined) {
      parsed.issues.push(rowIssue(PROJECT_COLUMNS, rec.row, 'number', 'DUPLICATE', { zh: `与第 ${first} 行重复`, en: `same number as row ${first}` }));
      parsed.input = null;
    } else if (number !== '') {
      firstRowOf.set(number, rec.row);
    }
    return parsed;
  });
  return { rows };
}

/** One data row of a progress import: the project number, the validated report (null when invalid) and its issues. */
export type ParsedProgressRow = { row: number; number: string; report: ProgressReportBody | null; issues: FieldIssue[] };

/** Reads and validates a monthly-progress workbook; a month after `today`'s month and a repeated number+month are errors. */
export async function parseProgressWorkbook(data: Buffer, today: string): Promise<{ rows: ParsedProgressRow[] }> {
  const records = await readSheet(data, PROGRESS_SHEET_NAME, PROGRESS_COLUMNS);
  const firstRowOf = new Map<string, number>();
  const thisMonth = today.slice(0, 7);
  const rows = records.map(({ row, cells, text }): ParsedProgressRow => {
    const issues = new Map<ProgressColumnKey, FieldIssue>();
    const add = (key: ProgressColumnKey, detail: Text, code: 'VALIDATION_FAILED' | 'DUPLICATE' = 'VALIDATION_FAILED') => {
      if (!issues.has(key)) {
        issues.set(key, rowIssue(PROGRESS_COLUMNS, row, key, code, detail));
      }
    };
    const number = text.number.normalize('NFKC').toUpperCase();
    if (number === '') {
      add('number', { zh: '必填', en: 'required' });
    }
    const month = text.month === '' ? '' : monthOf(cells.month);
    if (month === '') {
      add('month', { zh: '必填', en: 'required' });
    } else if (!MonthSchema.safeParse(month).success) {
      add('month', { zh: `「${text.month}」不是 YYYY-MM 月份`, en: `"${text.month}" is not a month YYYY-MM` });
    } else if (month > thisMonth) {
      add('month', { zh: '不能填报未来月份', en: 'a future month cannot be reported' });
    }
    const fen = text.investmentWan === '' ? null : wanToFen(text.investmentWan);
    if (text.investmentWan === '') {
      add('investmentWan', { zh: '必填', en: 'required' });
    } else if (fen === null) {
      add('investmentWan', { zh: `「${text.investmentWan}」不是万元金额（最多 6 位小数）`, en: `"${text.investmentWan}" is not an amount in 万元 (at most 6 decimals)` });
    }
    const pct = text.percent.normalize('NFKC').replace(/%$/, '');
    const result = ProgressReportBodySchema.safeParse({
      month, investmentCompletedFen: fen ?? 0, stage: text.stage, percent: pct === '' ? null : /^\d+$/.test(pct) ? Number(pct) : Number.NaN,
    });
    if (!result.success) {
      for (const iss of result.error.issues) {
        const field = iss.path[0];
        if (field === 'stage') {
          add('stage', text.stage === '' ? { zh: '必填', en: 'required' } : { zh: '最多 200 个字符', en: 'at most 200 characters' });
        } else if (field === 'percent') {
          add('percent', { zh: '应为 0–100 的整数', en: 'expected a whole number 0–100' });
        }
      }
    }
    const key = `${number}|${month}`;
    const first = firstRowOf.get(key);
    if (number !== '' && month !== '' && first !== undefined) {
      add('month', { zh: `与第 ${first} 行为同一项目同一月份`, en: `same project and month as row ${first}` }, 'DUPLICATE');
    } else {
      firstRowOf.set(key, row);
    }
    return { row, number, report: issues.size === 0 && result.success ? result.data : null, issues: [...issues.values()] };
  });
  return { rows };
}

// The data sheet with bilingual headers and the instructions sheet with one line per column.
function startTemplate<K extends string>(title: Text, sheetName: string, columns: ReadonlyArray<Column<K>>): { wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet; help: ExcelJS.Worksheet } {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const help = wb.addWorksheet(INSTRUCTIONS_SHEET_NAME);
  ws.columns = columns.map((c) => ({ header: `${c.zh}\n${c.en}`, key: c.key, width: c.width }));
  styleHeader(ws.getRow(1));
  ws.getRow(1).height = 32;
  help.columns = [{ width: 26 }, { width: 14 }, { width: 40 }, { width: 44 }, { width: 24 }];
  help.addRow([`${title.zh} ${title.en}`]).font = { bold: true, size: 14 };
  help.addRow([`在「${sheetName}」表第 2 行起每行填写一条，保留第 1 行表头；最多 ${MAX_IMPORT_ROWS} 行。金额单位为万元。`]);
  help.addRow([`One record per row from row 2 of the ${sheetName} sheet; keep the header row; at most ${MAX_IMPORT_ROWS} rows. Money is in 万元 (10,000 CNY).`]);
  help.addRow([]);
  styleHeader(help.addRow(['列 Column', '必填 Required', '说明', 'Notes', '示例 Example']));
  for (const c of columns) {
    help.addRow([`${c.zh} ${c.en}`, c.required ? '是 Yes' : '否 No', c.note.zh, c.note.en, c.example]);
  }
  return { wb, ws, help };
}

/** The project-list import template; dropdowns for class, level, sector, status and the caller's regions reference the instructions sheet. */
export async function buildProjectTemplate(regions: ReadonlyArray<{ code: string; nameZh: string; nameEn: string }>, sectors: SectorLabels = BUILTIN_SECTORS): Promise<Buffer> {
  const { wb, ws, help } = startTemplate({ zh: '重点项目导入说明', en: 'Key project import instructions' }, PROJECT_SHEET_NAME, PROJECT_COLUMNS);
  // Text format stops Excel from turning codes and amounts into rounded numbers.
  for (const key of ['number', 'regionCode', 'ownerUscc', 'totalInvestmentWan', 'annualPlanWan'] as const) {
    ws.getColumn(key).numFmt = '@';
  }
  for (const key of ['plannedStartOn', 'actualStartOn', 'plannedCompletionOn', 'actualCompletionOn'] as const) {
    ws.getColumn(key).numFmt = 'yyyy-mm-dd';
  }
  const section = (title: string, entries: ReadonlyArray<[string, string, string]>, listColumn: 'A' | 'B') => addValueTable(help, title, entries, listColumn);
  const lists: Array<[ProjectColumnKey, string]> = [
    ['class', section('项目类别 Classes', entriesOf(PROJECT_CLASS_LABELS), 'B')],
    ['level', section('项目级别 Levels', entriesOf(PROJECT_LEVEL_LABELS), 'B')],
    ['sector', section('行业领域 Sectors', entriesOf(sectors), 'B')],
    ['status', section('项目状态 Statuses', entriesOf(PROJECT_STATUS_LABELS), 'B')],
  ];
  if (regions.length > 0) {
    lists.push(['regionCode', section('行政区划 Regions', regions.map((r) => [r.code, r.nameZh, r.nameEn]), 'A')]);
  }
  addListValidations(ws, lists, MAX_IMPORT_ROWS, INSTRUCTIONS_SHEET_NAME);
  return toBuffer(wb);
}

/** The monthly-progress template, prefilled with one row per project due to report for `month`. */
export async function buildProgressTemplate(month: string, due: ReadonlyArray<{ number: string; name: string }>): Promise<Buffer> {
  const { wb, ws } = startTemplate({ zh: `${month} 月度进度填报说明`, en: `Monthly progress for ${month}: instructions` }, PROGRESS_SHEET_NAME, PROGRESS_COLUMNS);
  for (const key of ['number', 'month', 'investmentWan', 'percent'] as const) {
    ws.getColumn(key).numFmt = '@';
  }
  for (const p of due) {
    ws.addRow({ number: p.number, name: p.name, month });
  }
  return toBuffer(wb);
}

function header(c: { zh: string; en: string }, locale: 'zh-CN' | 'en'): string {
  return locale === 'en' ? c.en : c.zh;
}

function projectColumn(key: ProjectColumnKey): Column<ProjectColumnKey> {
  const c = PROJECT_COLUMNS.find((x) => x.key === key);
  if (c === undefined) {
    throw new Error(`no column ${key}`);
  }
  return c;
}

type ExportColumn<T> = { zh: string; en: string; width: number; value: (item: T, locale: 'zh-CN' | 'en') => ExcelJS.CellValue };
const shared = (key: ProjectColumnKey, value: ExportColumn<ProjectSummary>['value']): ExportColumn<ProjectSummary> => {
  const c = projectColumn(key);
  return { zh: c.zh, en: c.en, width: c.width, value };
};
// Amounts are written as exact 万元 text so that nothing is rounded on the way out or back in.
const projectExportColumns = (sectors: SectorLabels): ReadonlyArray<ExportColumn<ProjectSummary>> => [
  shared('number', (p) => p.number),
  shared('name', (p) => p.name),
  shared('regionCode', (p) => p.regionCode),
  { zh: '行政区划', en: 'Region', width: 14, value: (p) => p.regionName },
  { zh: '建设单位', en: 'Owner', width: 32, value: (p) => p.ownerName },
  shared('class', (p, l) => labelIn(PROJECT_CLASS_LABELS, p.class, l)),
  shared('level', (p, l) => labelIn(PROJECT_LEVEL_LABELS, p.level, l)),
  shared('sector', (p, l) => labelIn(sectors, p.sector, l)),
  shared('totalInvestmentWan', (p) => fenToWan(p.totalInvestmentFen)),
  shared('annualPlanWan', (p) => fenToWan(p.annualPlanFen)),
  { zh: '本年完成投资（万元）', en: 'Completed this year (10k CNY)', width: 18, value: (p) => fenToWan(p.completedThisYearFen) },
  shared('year', (p) => p.year),
  shared('plannedStartOn', (p) => p.plannedStartOn),
  shared('actualStartOn', (p) => p.actualStartOn),
  shared('plannedCompletionOn', (p) => p.plannedCompletionOn),
  shared('actualCompletionOn', (p) => p.actualCompletionOn),
  shared('status', (p, l) => labelIn(PROJECT_STATUS_LABELS, p.status, l)),
  shared('location', (p) => p.location),
];

function exportSheet<T>(sheetName: string, columns: ReadonlyArray<ExportColumn<T>>, items: readonly T[], locale: 'zh-CN' | 'en'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: header(c, locale), width: c.width }));
  styleHeader(ws.getRow(1));
  for (const item of items) {
    ws.addRow(columns.map((c) => c.value(item, locale)));
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return toBuffer(wb);
}

/** Export of the project list, headers in the locale's language (the template's own headers where they overlap). */
export async function buildProjectExport(items: readonly ProjectSummary[], locale: 'zh-CN' | 'en', sectors: SectorLabels = BUILTIN_SECTORS): Promise<Buffer> {
  return exportSheet(PROJECT_SHEET_NAME, projectExportColumns(sectors), items, locale);
}

type ProgressLine = ProgressReport & { number: string; name: string };
const PROGRESS_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ProgressLine>> = PROGRESS_COLUMNS.map((c) => ({
  zh: c.zh, en: c.en, width: c.width,
  value: (r: ProgressLine) => {
    switch (c.key) {
      case 'number':
        return r.number;
      case 'name':
        return r.name;
      case 'month':
        return r.month;
      case 'investmentWan':
        return fenToWan(r.investmentCompletedFen);
      case 'stage':
        return r.stage;
      case 'percent':
        return r.percent;
    }
  },
}));

/** Export of one project's monthly reports in the progress template's columns, so it can be corrected and imported again. */
export async function buildProgressExport(project: { number: string; name: string }, reports: readonly ProgressReport[], locale: 'zh-CN' | 'en'): Promise<Buffer> {
  return exportSheet(PROGRESS_SHEET_NAME, PROGRESS_EXPORT_COLUMNS, reports.map((r) => ({ ...r, ...project })), locale);
}
