import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { EntitySummary } from '@zhengqi/contracts/entities';
import { DomainError } from '../../platform/errors/domain-error';
import {
  ENTITY_COLUMNS,
  ENTITY_SHEET_NAME,
  INSTRUCTIONS_SHEET_NAME,
  buildEntityExport,
  buildEntityTemplate,
  buildImportReportWorkbook,
  parseEntityWorkbook,
  type ParsedEntityRow,
} from './entity-excel';
import { makeUscc } from './uscc';

type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];
type Cells = Partial<Record<(typeof ENTITY_COLUMNS)[number]['key'], ExcelJS.CellValue>>;

const usccA = makeUscc('91', '371526', 'MA3C0001');
const usccB = makeUscc('92', '371502', 'MA3C0002');
const regions = [
  { code: '371526', nameZh: '高唐县', nameEn: 'Gaotang County' },
  { code: '371502', nameZh: '东昌府区', nameEn: 'Dongchangfu District' },
];

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as XlsxInput);
  return wb;
}

async function save(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) {
    throw new Error(`no sheet ${name}`);
  }
  return ws;
}

/** A workbook with the given header texts in row 1 and one row per `rows` entry (keyed by column key). */
async function workbookWith(headers: ReadonlyArray<[keyof Cells, string]>, rows: readonly Cells[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers.map(([, h]) => h));
  for (const r of rows) {
    ws.addRow(headers.map(([k]) => r[k] ?? null));
  }
  return save(wb);
}

async function expectInvalidFile(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  const de = err as DomainError;
  expect(de.code).toBe('IMPORT_FILE_INVALID');
  return de;
}

function rowAt(rows: readonly ParsedEntityRow[], n: number): ParsedEntityRow {
  const r = rows.find((x) => x.row === n);
  if (r === undefined) {
    throw new Error(`no parsed row ${n}`);
  }
  return r;
}

const goodRow: Cells = { uscc: usccA, name: '高唐县示例机械有限公司', kind: '企业', foundedOn: '2019-03-15', regionCode: '371526', industrySection: 'C', sizeClass: 'small' };

describe('template → fill → parse', () => {
  it('reports bad rows by Excel row and field and converts labels of good rows to codes', async () => {
    const wb = await load(await buildEntityTemplate(regions));
    const ws = sheet(wb, ENTITY_SHEET_NAME);
    const col = (key: keyof Cells) => ENTITY_COLUMNS.findIndex((c) => c.key === key) + 1;
    const fill = (row: number, cells: Cells) => {
      for (const [k, v] of Object.entries(cells) as Array<[keyof Cells, ExcelJS.CellValue]>) {
        ws.getCell(row, col(k)).value = v;
      }
    };
    fill(2, { uscc: usccA, name: '高唐县示例机械有限公司', kind: '企业', foundedOn: new Date(Date.UTC(2019, 2, 15)), regionCode: 371526, industrySection: '制造业', sizeClass: '小型', tags: '高新技术企业、专精特新' });
    fill(3, { uscc: usccB.toLowerCase(), name: { richText: [{ text: '东昌府区' }, { text: '示例个体户' }] }, kind: 'Individual business', foundedOn: '2020/1/5', regionCode: '371502', industrySection: 'Wholesale and retail', sizeClass: 'micro', tags: 'demo, 小巨人' });
    fill(4, { ...goodRow, uscc: makeUscc('91', '371526', 'MA3C0003'), foundedOn: '15.03.2019' });
    fill(5, { ...goodRow, uscc: makeUscc('91', '371526', 'MA3C0004'), sizeClass: '巨型' });

    const { rows } = await parseEntityWorkbook(await save(wb));

    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(rowAt(rows, 2)).toEqual({
      row: 2,
      issues: [],
      input: { uscc: usccA, name: '高唐县示例机械有限公司', kind: 'enterprise', foundedOn: '2019-03-15', regionCode: '371526', industrySection: 'C', sizeClass: 'small', tags: ['high_tech', 'specialized'] },
    });
    expect(rowAt(rows, 3)).toEqual({
      row: 3,
      issues: [],
      input: { uscc: usccB, name: '东昌府区示例个体户', kind: 'individual_business', foundedOn: '2020-01-05', regionCode: '371502', industrySection: 'F', sizeClass: 'micro', tags: ['demo', 'little_giant'] },
    });
    const bad4 = rowAt(rows, 4);
    expect(bad4.input).toBeNull();
    expect(bad4.issues).toEqual([
      { field: 'foundedOn', code: 'VALIDATION_FAILED', message: '第 4 行「成立日期」：日期格式应为 YYYY-MM-DD', messageEn: 'Row 4, foundedOn: expected a date YYYY-MM-DD' },
    ]);
    const bad5 = rowAt(rows, 5);
    expect(bad5.input).toBeNull();
    expect(bad5.issues.map((i) => [i.field, i.code])).toEqual([['sizeClass', 'VALIDATION_FAILED']]);
    expect(bad5.issues[0]?.message).toMatch(/^第 5 行「企业规模」：.*巨型/);
  });

  it('template has the bilingual header, dropdowns and an instructions sheet with the allowed values', async () => {
    const wb = await load(await buildEntityTemplate(regions));
    const ws = sheet(wb, ENTITY_SHEET_NAME);
    expect(ws.getRow(1).values).toEqual([undefined, ...ENTITY_COLUMNS.map((c) => `${c.zh}\n${c.en}`)]);
    expect(ws.getCell('A2').value).toBeNull();
    const kindList = ws.getCell('C2').dataValidation;
    expect(kindList.type).toBe('list');
    expect(ws.getCell('G5001').dataValidation.type).toBe('list');
    // Region codes come from the parameter, so the region column gets a dropdown too.
    expect(ws.getCell('E2').dataValidation.formulae).toEqual([expect.stringMatching(/!\$A\$\d+:\$A\$\d+$/)]);
    const help = sheet(wb, INSTRUCTIONS_SHEET_NAME);
    const texts: string[] = [];
    help.eachRow((r) => r.eachCell((c) => texts.push(c.text)));
    expect(texts).toEqual(expect.arrayContaining(['农民专业合作社', 'Micro', '制造业', '专精特新', '371526', '东昌府区', usccA]));
    // The kind dropdown points at the kind labels on the instructions sheet.
    const [, range] = /!\$B\$(\d+):\$B\$(\d+)$/.exec(String(kindList.formulae[0])) ?? [];
    expect(help.getCell(`B${range ?? '0'}`).value).toBe('企业');
  });
});

describe('parseEntityWorkbook', () => {
  it('accepts English-only headers in any order', async () => {
    const buf = await workbookWith(
      [['sizeClass', 'size class'], ['name', 'NAME'], ['uscc', 'USCC'], ['kind', 'Kind'], ['foundedOn', 'Founded on'], ['regionCode', 'Region code'], ['industrySection', 'Industry section']],
      [{ ...goodRow, sizeClass: 'Medium', kind: "Farmers' cooperative" }],
    );
    const { rows } = await parseEntityWorkbook(buf);
    expect(rows).toEqual([{ row: 2, issues: [], input: { ...goodRow, sizeClass: 'medium', kind: 'farmers_cooperative', tags: [] } }]);
  });

  it('flags a USCC repeated in the file on its second occurrence only', async () => {
    const headers = ENTITY_COLUMNS.map((c): [keyof Cells, string] => [c.key, c.zh]);
    const buf = await workbookWith(headers, [goodRow, { name: '   ', tags: ' ' }, { ...goodRow, uscc: makeUscc('91', '371526', 'MA3C0009') }, { ...goodRow, name: '另一家公司' }]);
    const { rows } = await parseEntityWorkbook(buf);
    expect(rows.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(rowAt(rows, 2).issues).toEqual([]);
    expect(rowAt(rows, 4).issues).toEqual([]);
    expect(rowAt(rows, 5).issues).toEqual([
      { field: 'uscc', code: 'DUPLICATE', message: '第 5 行「统一社会信用代码」：与第 2 行重复', messageEn: 'Row 5, uscc: same code as row 2' },
    ]);
  });

  it('rejects a buffer that is not xlsx', async () => {
    await expectInvalidFile(parseEntityWorkbook(Buffer.from('uscc,name\n1,2\n')));
  });

  it('rejects a file missing a required column and names it', async () => {
    const headers = ENTITY_COLUMNS.filter((c) => c.key !== 'foundedOn').map((c): [keyof Cells, string] => [c.key, c.zh]);
    const err = await expectInvalidFile(parseEntityWorkbook(await workbookWith(headers, [goodRow])));
    expect(err.opts.detail).toContain('成立日期');
    expect(err.opts.extra).toEqual({ missingColumns: ['foundedOn'] });
  });

  it('rejects more than 5000 data rows', async () => {
    const headers = ENTITY_COLUMNS.map((c): [keyof Cells, string] => [c.key, c.en]);
    const ok = await parseEntityWorkbook(await workbookWith(headers, Array.from({ length: 5000 }, () => goodRow)));
    expect(ok.rows).toHaveLength(5000);
    const err = await expectInvalidFile(parseEntityWorkbook(await workbookWith(headers, Array.from({ length: 5001 }, () => goodRow))));
    expect(err.opts.detail).toContain('5001');
  });
});

const summary: EntitySummary = {
  id: 'ent_0123456789abcdef0123456789abcdef',
  uscc: usccA,
  name: '高唐县示例机械有限公司',
  kind: 'enterprise',
  regionCode: '371526',
  regionName: '高唐县',
  foundedOn: '2019-03-15',
  industrySection: 'C',
  sizeClass: 'small',
  tags: ['high_tech', 'specialized'],
  usccCheckOverridden: true,
  latestHeadcount: 42,
  version: 3,
};

describe('buildEntityExport', () => {
  it('writes a localised header and the row values, with a frozen, filtered header', async () => {
    const ws = sheet(await load(await buildEntityExport([summary], 'en')), ENTITY_SHEET_NAME);
    expect(ws.getRow(1).values).toEqual([undefined, 'ID', 'USCC', 'Name', 'Kind', 'Founded on', 'Region code', 'Region', 'Industry section', 'Size class', 'Tags', 'USCC check overridden', 'Latest headcount']);
    expect(ws.getRow(2).values).toEqual([undefined, summary.id, usccA, summary.name, 'Enterprise', new Date(Date.UTC(2019, 2, 15)), '371526', '高唐县', 'Manufacturing', 'Small', 'High-tech enterprise, Specialized and innovative SME', 'Yes', 42]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
  });

  it('uses Chinese headers and labels for zh-CN and can be re-imported', async () => {
    const buf = await buildEntityExport([summary], 'zh-CN');
    const ws = sheet(await load(buf), ENTITY_SHEET_NAME);
    expect(ws.getCell('E1').value).toBe('成立日期');
    expect(ws.getCell('J2').value).toBe('高新技术企业、专精特新');
    const { rows } = await parseEntityWorkbook(buf);
    expect(rows[0]?.input).toEqual({ uscc: usccA, name: summary.name, kind: 'enterprise', foundedOn: '2019-03-15', regionCode: '371526', industrySection: 'C', sizeClass: 'small', tags: ['high_tech', 'specialized'] });
  });
});

describe('buildImportReportWorkbook', () => {
  it('lists every error with row, field, code and both messages', async () => {
    const errors = [
      { row: 4, field: 'foundedOn', code: 'VALIDATION_FAILED', message: '第 4 行「成立日期」：日期格式应为 YYYY-MM-DD', messageEn: 'Row 4, foundedOn: expected a date YYYY-MM-DD' },
      { row: 9, field: 'regionCode', code: 'REGION_UNKNOWN', message: '行政区划不存在', messageEn: 'Unknown region' },
    ];
    const wb = await load(await buildImportReportWorkbook(errors));
    const ws = wb.worksheets[0];
    expect(ws?.rowCount).toBe(3);
    expect(ws?.getRow(2).values).toEqual([undefined, 4, '成立日期 (foundedOn)', 'VALIDATION_FAILED', errors[0]?.message, errors[0]?.messageEn]);
    expect(ws?.getRow(3).values).toEqual([undefined, 9, '行政区划代码 (regionCode)', 'REGION_UNKNOWN', '行政区划不存在', 'Unknown region']);
  });
});
