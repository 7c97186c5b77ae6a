import ExcelJS from 'exceljs';
import { DomainError } from '../errors/domain-error';

// Reading and writing the import/export workbooks: cell values as text, dates and months typed the
// way clerks type them, bilingual header matching and the shared header style.

/** Bilingual labels keyed by code, as the contracts export them. */
export type Labelled = Readonly<Record<string, { zh: string; en: string }>>;
/** exceljs supports range-wide validations at runtime but leaves `dataValidations` out of its typings. */
export type WithValidations = { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } };
type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** A header or label folded for matching: NFKC, lower case, without spaces or '*' required-marks. */
export function norm(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s*]/g, '');
}

/** Maps each code and its zh/en label (folded by `norm`) to the code. */
export function lookupOf(labels: Labelled): Map<string, string> {
  const map = new Map<string, string>();
  for (const [code, l] of Object.entries(labels)) {
    for (const text of [code, l.zh, l.en]) {
      map.set(norm(text), code);
    }
  }
  return map;
}

/** A cell value reduced to a primitive or Date: rich text joined, formulas to their result, errors to their text. */
export function plain(v: ExcelJS.CellValue): string | number | boolean | Date | null {
  if (v === null || v === undefined || typeof v !== 'object' || v instanceof Date) {
    return v ?? null;
  }
  if ('richText' in v) {
    return v.richText.map((r) => r.text).join('');
  }
  if ('error' in v) {
    return v.error;
  }
  if ('hyperlink' in v) {
    // exceljs sometimes hands back rich text as a hyperlink's text, despite its typings.
    return plain(v.text);
  }
  return plain(v.result ?? null);
}

/** The UTC date part of a Date as YYYY-MM-DD. */
export function isoOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A cell as trimmed text; date cells as YYYY-MM-DD, empty cells as ''. */
export function textOf(v: ExcelJS.CellValue): string {
  const p = plain(v);
  if (p === null) {
    return '';
  }
  // exceljs reads date cells as the wall-clock date at UTC midnight, so the UTC parts are the date.
  return (p instanceof Date ? isoOf(p) : String(p)).trim();
}

/** A date cell, a serial number or text like 2026/3/1, 2026年3月1日 or 20260301 as YYYY-MM-DD; other text unchanged. */
export function dateOf(v: ExcelJS.CellValue): string {
  const p = plain(v);
  if (typeof p === 'number' && p >= 1 && p < 2958466) {
    return isoOf(new Date(Date.UTC(1899, 11, 30) + Math.floor(p) * 86_400_000));
  }
  const s = textOf(v).normalize('NFKC');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m === null ? s : `${m[1] ?? ''}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
}

/** A month typed as 2026-10, 2026/10, 2026年10月 or 202610, or any date cell in that month, as YYYY-MM; other text unchanged. */
export function monthOf(v: ExcelJS.CellValue): string {
  const p = plain(v);
  if (p instanceof Date) {
    return isoOf(p).slice(0, 7);
  }
  const s = textOf(v).normalize('NFKC');
  const m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  return m === null ? s : `${m[1] ?? ''}-${(m[2] ?? '').padStart(2, '0')}`;
}

/** The IMPORT_FILE_INVALID error for a file that cannot be imported at all. */
export function invalidFile(detail: string, extra?: Record<string, unknown>): DomainError {
  return new DomainError('IMPORT_FILE_INVALID', extra === undefined ? { detail } : { detail, extra });
}

/** Loads an uploaded workbook and returns the named sheet, else the first; throws IMPORT_FILE_INVALID. */
export async function loadSheet(data: Buffer, sheetName: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as XlsxInput);
  } catch {
    throw invalidFile('not a readable xlsx file');
  }
  const ws = wb.getWorksheet(sheetName) ?? wb.worksheets[0];
  if (ws === undefined) {
    throw invalidFile('the workbook has no sheet');
  }
  return ws;
}

/** Finds each column by any line of its header cell matching its key, zh or en header; the first match wins. */
export function matchHeaders<K extends string>(headerRow: ExcelJS.Row, columns: ReadonlyArray<{ key: K; zh: string; en: string }>): Map<K, number> {
  const lookup = new Map<string, K>(columns.flatMap((c) => [c.key, c.zh, c.en].map((t) => [norm(t), c.key] as const)));
  const found = new Map<K, number>();
  headerRow.eachCell((cell, col) => {
    for (const line of textOf(cell.value).split(/\r?\n/)) {
      const key = lookup.get(norm(line));
      if (key !== undefined && !found.has(key)) {
        found.set(key, col);
      }
    }
  });
  return found;
}

/** Bold, shaded, wrapped header row. */
export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.fill = HEADER_FILL;
  row.alignment = { vertical: 'middle', wrapText: true };
}

/** The workbook serialised as xlsx. */
export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The label of a code in the locale's language, or the code itself when unknown. */
export function labelIn(labels: Labelled, code: string, locale: 'zh-CN' | 'en'): string {
  const l = labels[code];
  return l === undefined ? code : locale === 'en' ? l.en : l.zh;
}

/** Labels as [code, zh, en] rows for an allowed-value table. */
export function entriesOf(labels: Labelled): Array<[string, string, string]> {
  return Object.entries(labels).map(([code, l]): [string, string, string] => [code, l.zh, l.en]);
}

/** Writes one allowed-value table on the instructions sheet and returns the absolute range of its `listColumn`. */
export function addValueTable(help: ExcelJS.Worksheet, title: string, entries: ReadonlyArray<[string, string, string]>, listColumn: 'A' | 'B'): string {
  help.addRow([]);
  help.addRow([title]).font = { bold: true };
  styleHeader(help.addRow(['代码 Code', '中文', 'English']));
  const first = help.rowCount + 1;
  entries.forEach((e) => help.addRow(e));
  return `'${help.name}'!$${listColumn}$${first}:$${listColumn}$${help.rowCount}`;
}

/** Adds a dropdown per [column key, range] on data rows 2..maxRows+1, pointing the clerk at the instructions sheet. */
export function addListValidations(ws: ExcelJS.Worksheet, lists: ReadonlyArray<readonly [string, string]>, maxRows: number, helpSheetName: string): void {
  // Warning style, not stop: the parsers also accept codes and English labels typed by hand.
  const validations = (ws as unknown as WithValidations).dataValidations;
  for (const [key, range] of lists) {
    const letter = ws.getColumn(key).letter;
    validations.add(`${letter}2:${letter}${maxRows + 1}`, {
      type: 'list', allowBlank: true, formulae: [range], showErrorMessage: true, errorStyle: 'warning',
      errorTitle: '取值不在列表中 Not in the list', error: `请按「${helpSheetName}」表填写 See the ${helpSheetName} sheet`,
    });
  }
}
