import ExcelJS from 'exceljs';
import {
  ENTITY_KIND_LABELS,
  ENTITY_TAGS,
  EntityCreateBodySchema,
  INDUSTRY_SECTIONS,
  SIZE_CLASS_LABELS,
  type EntityCreateBody,
  type EntitySummary,
} from '@zhengqi/contracts/entities';
import { type FieldIssue } from '../../platform/errors/domain-error';
import { addListValidations, addValueTable, dateOf, entriesOf, invalidFile, labelIn, loadSheet, lookupOf, matchHeaders, norm, styleHeader, textOf, toBuffer } from '../../platform/excel/sheet-cells';
import { issue } from './entity-rules';
import { makeUscc } from './uscc';

export const ENTITY_SHEET_NAME = '市场主体';
/** The template's second sheet: column notes, the example row and every allowed value. */
export const INSTRUCTIONS_SHEET_NAME = '说明 Instructions';
/** Most data rows one import file may hold. */
export const MAX_IMPORT_ROWS = 5000;

/** A field of EntityCreateBody that the spreadsheet carries. */
export type EntityColumnKey = 'uscc' | 'name' | 'kind' | 'foundedOn' | 'regionCode' | 'industrySection' | 'sizeClass' | 'tags' | 'usccOverrideReason';
/** One spreadsheet column: the body field, its bilingual header, an example value and the width in characters. */
export type EntityColumn = { key: EntityColumnKey; zh: string; en: string; example: string; width: number };

/** Column definitions: key (field of EntityCreateBody), zh header, en header, example, width. */
export const ENTITY_COLUMNS: ReadonlyArray<EntityColumn> = [
  { key: 'uscc', zh: '统一社会信用代码', en: 'USCC', example: makeUscc('91', '371526', 'MA3C0001'), width: 24 },
  { key: 'name', zh: '主体名称', en: 'Name', example: '高唐县示例机械有限公司', width: 32 },
  { key: 'kind', zh: '主体类型', en: 'Kind', example: ENTITY_KIND_LABELS.enterprise.zh, width: 16 },
  { key: 'foundedOn', zh: '成立日期', en: 'Founded on', example: '2019-03-15', width: 14 },
  { key: 'regionCode', zh: '行政区划代码', en: 'Region code', example: '371526', width: 14 },
  { key: 'industrySection', zh: '行业门类', en: 'Industry section', example: INDUSTRY_SECTIONS.C.zh, width: 30 },
  { key: 'sizeClass', zh: '企业规模', en: 'Size class', example: SIZE_CLASS_LABELS.small.zh, width: 12 },
  { key: 'tags', zh: '标签', en: 'Tags', example: `${ENTITY_TAGS.high_tech.zh}、${ENTITY_TAGS.specialized.zh}`, width: 30 },
  { key: 'usccOverrideReason', zh: '校验位不符理由', en: 'USCC override reason', example: '', width: 30 },
];

const REQUIRED_KEYS: ReadonlySet<EntityColumnKey> = new Set(['uscc', 'name', 'kind', 'foundedOn', 'regionCode', 'industrySection', 'sizeClass']);
const NOTES: Record<EntityColumnKey, { zh: string; en: string }> = {
  uscc: { zh: '18 位代码', en: '18 characters' },
  name: { zh: '2–200 个字符', en: '2–200 characters' },
  kind: { zh: '填代码或中文/英文名称，见下表', en: 'Code or zh/en label, see below' },
  foundedOn: { zh: '日期单元格或 YYYY-MM-DD', en: 'A date cell or YYYY-MM-DD' },
  regionCode: { zh: '6 位代码，见下表', en: '6-digit code, see below' },
  industrySection: { zh: '国标门类代码或名称，见下表', en: 'GB/T 4754 section code or label, see below' },
  sizeClass: { zh: '填代码或中文/英文名称，见下表', en: 'Code or zh/en label, see below' },
  tags: { zh: '可多个，用逗号、分号或顿号分隔', en: 'Several allowed, separated by , ; or 、' },
  usccOverrideReason: { zh: '仅当校验位不符且有确认权限时填写', en: 'Only when the check character does not match and you may confirm it' },
};

type ZodIssue = NonNullable<ReturnType<typeof EntityCreateBodySchema.safeParse>['error']>['issues'][number];

function columnOf(key: EntityColumnKey): EntityColumn {
  const col = ENTITY_COLUMNS.find((c) => c.key === key);
  if (col === undefined) {
    throw new Error(`no column ${key}`);
  }
  return col;
}

const KIND_LOOKUP = lookupOf(ENTITY_KIND_LABELS);
const SIZE_LOOKUP = lookupOf(SIZE_CLASS_LABELS);
const INDUSTRY_LOOKUP = lookupOf(INDUSTRY_SECTIONS);
const TAG_LOOKUP = lookupOf(ENTITY_TAGS);

function rowIssue(row: number, key: EntityColumnKey, code: 'VALIDATION_FAILED' | 'DUPLICATE', detail: { zh: string; en: string }): FieldIssue {
  return issue(key, code, { zh: `第 ${row} 行「${columnOf(key).zh}」：${detail.zh}`, en: `Row ${row}, ${key}: ${detail.en}` });
}

function describe(iss: ZodIssue, key: EntityColumnKey, raw: string, tagTokens: readonly string[]): { zh: string; en: string } {
  if (raw === '') {
    return { zh: '必填', en: 'required' };
  }
  const unknown = (value: string) => ({ zh: `无法识别「${value}」，可选值见「${INSTRUCTIONS_SHEET_NAME}」表`, en: `"${value}" is not an allowed value; see the ${INSTRUCTIONS_SHEET_NAME} sheet` });
  switch (key) {
    case 'foundedOn':
      return { zh: '日期格式应为 YYYY-MM-DD', en: 'expected a date YYYY-MM-DD' };
    case 'regionCode':
      return { zh: '应为 6 位行政区划代码', en: 'expected a 6-digit region code' };
    case 'kind':
    case 'sizeClass':
    case 'industrySection':
      return unknown(raw);
    case 'tags': {
      const index = iss.path[1];
      return typeof index === 'number' ? unknown(tagTokens[index] ?? '') : { zh: '标签过多', en: 'too many tags' };
    }
    case 'uscc':
    case 'name':
    case 'usccOverrideReason':
      break;
  }
  if (iss.code === 'too_small') {
    return { zh: `至少 ${String(iss.minimum)} 个字符`, en: `at least ${String(iss.minimum)} characters` };
  }
  if (iss.code === 'too_big') {
    return { zh: `最多 ${String(iss.maximum)} 个字符`, en: `at most ${String(iss.maximum)} characters` };
  }
  return { zh: '取值无效', en: iss.message };
}

function parseRow(row: number, raw: Record<EntityColumnKey, string>, foundedOn: string): ParsedEntityRow {
  const tagTokens = raw.tags.split(/[,，;；、]/).map((t) => t.trim()).filter((t) => t !== '');
  const coded = (lookup: Map<string, string>, s: string) => (s === '' ? undefined : (lookup.get(norm(s)) ?? s));
  const orUndefined = (s: string) => (s === '' ? undefined : s);
  const candidate = {
    uscc: orUndefined(raw.uscc.normalize('NFKC')),
    name: orUndefined(raw.name),
    kind: coded(KIND_LOOKUP, raw.kind),
    foundedOn: orUndefined(foundedOn),
    regionCode: orUndefined(raw.regionCode.normalize('NFKC')),
    industrySection: coded(INDUSTRY_LOOKUP, raw.industrySection),
    sizeClass: coded(SIZE_LOOKUP, raw.sizeClass),
    tags: tagTokens.map((t) => TAG_LOOKUP.get(norm(t)) ?? t),
    usccOverrideReason: orUndefined(raw.usccOverrideReason),
  };
  const result = EntityCreateBodySchema.safeParse(candidate);
  if (result.success) {
    return { row, input: result.data, issues: [] };
  }
  // One message per cell: a bad date fails both the pattern and the real-date check.
  const issues = new Map<EntityColumnKey, FieldIssue>();
  for (const iss of result.error.issues) {
    const key = ENTITY_COLUMNS.find((c) => c.key === iss.path[0])?.key;
    if (key !== undefined && !issues.has(key)) {
      issues.set(key, rowIssue(row, key, 'VALIDATION_FAILED', describe(iss, key, raw[key], tagTokens)));
    }
  }
  return { row, input: null, issues: [...issues.values()] };
}

/** One data row of an import: the validated body (null when the schema rejects it) and its issues; importable only when issues is empty. */
export type ParsedEntityRow = { row: number /* 1-based Excel row number */; input: EntityCreateBody | null; issues: FieldIssue[] };

/** Reads and validates an import workbook row by row; throws IMPORT_FILE_INVALID for an unreadable file, missing required columns or too many rows. */
export async function parseEntityWorkbook(data: Buffer): Promise<{ rows: ParsedEntityRow[] }> {
  const ws = await loadSheet(data, ENTITY_SHEET_NAME);
  const columns = matchHeaders(ws.getRow(1), ENTITY_COLUMNS);
  const missing = ENTITY_COLUMNS.filter((c) => REQUIRED_KEYS.has(c.key) && !columns.has(c.key));
  if (missing.length > 0) {
    const names = missing.map((c) => `${c.zh} (${c.en})`).join(', ');
    throw invalidFile(`缺少必填列 missing required columns: ${names}`, { missingColumns: missing.map((c) => c.key) });
  }

  const records: Array<{ row: number; raw: Record<EntityColumnKey, string>; foundedOn: string }> = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber === 1) {
      return;
    }
    const value = (key: EntityColumnKey) => {
      const col = columns.get(key);
      return col === undefined ? null : row.getCell(col).value;
    };
    const raw = Object.fromEntries(ENTITY_COLUMNS.map((c) => [c.key, textOf(value(c.key))])) as Record<EntityColumnKey, string>;
    if (Object.values(raw).some((s) => s !== '')) {
      records.push({ row: rowNumber, raw, foundedOn: dateOf(value('foundedOn')) });
    }
  });
  if (records.length > MAX_IMPORT_ROWS) {
    throw invalidFile(`超过 ${MAX_IMPORT_ROWS} 行 more than ${MAX_IMPORT_ROWS} data rows: ${records.length}`, { maxRows: MAX_IMPORT_ROWS });
  }

  const firstRowOf = new Map<string, number>();
  const rows = records.map(({ row, raw, foundedOn }) => {
    const parsed = parseRow(row, raw, foundedOn);
    const uscc = raw.uscc.normalize('NFKC').toUpperCase();
    const first = firstRowOf.get(uscc);
    if (uscc === '') {
      return parsed;
    }
    if (first === undefined) {
      firstRowOf.set(uscc, row);
    } else {
      parsed.issues.push(rowIssue(row, 'uscc', 'DUPLICATE', { zh: `与第 ${first} 行重复`, en: `same code as row ${first}` }));
    }
    return parsed;
  });
  return { rows };
}

/**
 * The import template. The data sheet holds only the header row, so nothing has to be skipped on
 * import; the example row and the allowed values live on the instructions sheet, which the
 * kind/size/industry/region dropdowns reference (an inline list would exceed Excel's 255 characters).
 */
export async function buildEntityTemplate(regions: ReadonlyArray<{ code: string; nameZh: string; nameEn: string }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ENTITY_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  const help = wb.addWorksheet(INSTRUCTIONS_SHEET_NAME);

  ws.columns = ENTITY_COLUMNS.map((c) => ({ header: `${c.zh}\n${c.en}`, key: c.key, width: c.width }));
  styleHeader(ws.getRow(1));
  ws.getRow(1).height = 32;
  // Text format stops Excel from turning codes into numbers (and an 18-digit USCC into 9.1E+17).
  ws.getColumn('uscc').numFmt = '@';
  ws.getColumn('regionCode').numFmt = '@';
  ws.getColumn('foundedOn').numFmt = 'yyyy-mm-dd';

  help.columns = [{ width: 22 }, { width: 34 }, { width: 44 }, { width: 44 }, { width: 26 }];
  help.addRow(['市场主体导入说明 Market entity import instructions']).font = { bold: true, size: 14 };
  help.addRow([`在「${ENTITY_SHEET_NAME}」表第 2 行起每行填写一个主体，保留第 1 行表头；最多 ${MAX_IMPORT_ROWS} 行。`]);
  help.addRow([`Fill one entity per row from row 2 of the ${ENTITY_SHEET_NAME} sheet and keep the header row; at most ${MAX_IMPORT_ROWS} rows.`]);
  help.addRow([]);
  styleHeader(help.addRow(['列 Column', '必填 Required', '说明', 'Notes', '示例 Example']));
  for (const c of ENTITY_COLUMNS) {
    help.addRow([`${c.zh} ${c.en}`, REQUIRED_KEYS.has(c.key) ? '是 Yes' : '否 No', NOTES[c.key].zh, NOTES[c.key].en, c.example]);
  }
  help.addRow([]);
  styleHeader(help.addRow(ENTITY_COLUMNS.map((c) => `${c.zh}\n${c.en}`)));
  help.addRow(ENTITY_COLUMNS.map((c) => c.example)).font = { italic: true, color: { argb: 'FF808080' } };

  const section = (title: string, entries: ReadonlyArray<[string, string, string]>, listColumn: 'A' | 'B') => addValueTable(help, title, entries, listColumn);
  const lists: Array<[EntityColumnKey, string]> = [
    ['kind', section('主体类型 Kinds', entriesOf(ENTITY_KIND_LABELS), 'B')],
    ['sizeClass', section('企业规模 Size classes', entriesOf(SIZE_CLASS_LABELS), 'B')],
    ['industrySection', section('行业门类 Industry sections (GB/T 4754-2017)', entriesOf(INDUSTRY_SECTIONS), 'B')],
  ];
  section('标签 Tags', entriesOf(ENTITY_TAGS), 'B');
  if (regions.length > 0) {
    lists.push(['regionCode', section('行政区划 Regions', regions.map((r) => [r.code, r.nameZh, r.nameEn]), 'A')]);
  }

  addListValidations(ws, lists, MAX_IMPORT_ROWS, INSTRUCTIONS_SHEET_NAME);
  return toBuffer(wb);
}

type ExportColumn = { zh: string; en: string; width: number; numFmt?: string; value: (e: EntitySummary, locale: 'zh-CN' | 'en') => ExcelJS.CellValue };

function shared(key: EntityColumnKey, value: ExportColumn['value'], numFmt?: string): ExportColumn {
  const c = columnOf(key);
  return { zh: c.zh, en: c.en, width: c.width, value, ...(numFmt === undefined ? {} : { numFmt }) };
}

// The shared columns reuse the template headers, so an export can be re-imported as it is.
// The override reason is not part of EntitySummary and so is not exported.
const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { zh: '编号', en: 'ID', width: 38, value: (e) => e.id },
  shared('uscc', (e) => e.uscc),
  shared('name', (e) => e.name),
  shared('kind', (e, l) => labelIn(ENTITY_KIND_LABELS, e.kind, l)),
  shared('foundedOn', (e) => new Date(`${e.foundedOn}T00:00:00Z`), 'yyyy-mm-dd'),
  shared('regionCode', (e) => e.regionCode),
  { zh: '行政区划', en: 'Region', width: 20, value: (e) => e.regionName },
  shared('industrySection', (e, l) => labelIn(INDUSTRY_SECTIONS, e.industrySection, l)),
  shared('sizeClass', (e, l) => labelIn(SIZE_CLASS_LABELS, e.sizeClass, l)),
  shared('tags', (e, l) => e.tags.map((t) => labelIn(ENTITY_TAGS, t, l)).join(l === 'en' ? ', ' : '、')),
  { zh: '校验位不符已确认', en: 'USCC check overridden', width: 18, value: (e, l) => (e.usccCheckOverridden ? (l === 'en' ? 'Yes' : '是') : l === 'en' ? 'No' : '否') },
  { zh: '最新参保人数', en: 'Latest headcount', width: 16, value: (e) => e.latestHeadcount },
];

/** Export of a list: the template columns plus id, region name, latest headcount and USCC-override flag, headers in the locale's language. */
export async function buildEntityExport(items: readonly EntitySummary[], locale: 'zh-CN' | 'en'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ENTITY_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: locale === 'en' ? c.en : c.zh, width: c.width, ...(c.numFmt === undefined ? {} : { style: { numFmt: c.numFmt } }) }));
  styleHeader(ws.getRow(1));
  for (const e of items) {
    ws.addRow(EXPORT_COLUMNS.map((c) => c.value(e, locale)));
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  return toBuffer(wb);
}

/** Import report as xlsx (row, field, code, message zh, message en) so a clerk can download the per-row errors. */
export async function buildImportReportWorkbook(errors: ReadonlyArray<{ row: number; field: string; code: string; message: string; messageEn: string }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入错误 Errors', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '行号 Row', width: 10 },
    { header: '字段 Field', width: 26 },
    { header: '代码 Code', width: 22 },
    { header: '错误说明', width: 60 },
    { header: 'Message', width: 60 },
  ];
  styleHeader(ws.getRow(1));
  for (const e of errors) {
    const col = ENTITY_COLUMNS.find((c) => c.key === e.field);
    ws.addRow([e.row, col === undefined ? e.field : `${col.zh} (${e.field})`, e.code, e.message, e.messageEn]);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 5 } };
  return toBuffer(wb);
}
