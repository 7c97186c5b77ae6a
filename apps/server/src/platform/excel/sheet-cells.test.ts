import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dateOf, labelIn, lookupOf, matchHeaders, monthOf, norm, textOf } from './sheet-cells';

describe('textOf', () => {
  it.each<[string, ExcelJS.CellValue, string]>([
    ['empty cell', null, ''],
    ['trimmed text', '  东昌府区 ', '东昌府区'],
    ['number', 52000.5, '52000.5'],
    ['date cell as its UTC date', new Date(Date.UTC(2026, 2, 1)), '2026-03-01'],
    ['rich text joined', { richText: [{ text: '项目' }, { text: '名称' }] }, '项目名称'],
    ['formula result', { formula: 'A1', result: 'XM-2026-0001' }, 'XM-2026-0001'],
    ['hyperlink text', { text: '链接', hyperlink: 'https://example.org' }, '链接'],
  ])('%s', (_, value, expected) => {
    expect(textOf(value)).toBe(expected);
  });
});

describe('dateOf', () => {
  it.each<[ExcelJS.CellValue, string]>([
    ['2026/3/1', '2026-03-01'],
    ['2026年3月1日', '2026-03-01'],
    ['２０２６.０３.０１', '2026-03-01'],
    ['20260301', '2026-03-01'],
    [46082, '2026-03-01'],
    [new Date(Date.UTC(2026, 2, 1)), '2026-03-01'],
    ['not a date', 'not a date'],
  ])('%s → %s', (value, expected) => {
    expect(dateOf(value)).toBe(expected);
  });
});

describe('monthOf', () => {
  it.each<[ExcelJS.CellValue, string]>([
    ['2026/9', '2026-09'],
    ['2026年10月', '2026-10'],
    ['202610', '2026-10'],
    [new Date(Date.UTC(2026, 9, 31)), '2026-10'],
    ['十月', '十月'],
  ])('%s → %s', (value, expected) => {
    expect(monthOf(value)).toBe(expected);
  });
});

describe('labels and headers', () => {
  const labels = { small: { zh: '小型', en: 'Small' } };

  it('folds full-width letters, case, spaces and required-marks', () => {
    expect(norm(' *ＵＳＣＣ Code ')).toBe('uscccode');
  });

  it('looks a code up by code, zh or en label', () => {
    const lookup = lookupOf(labels);
    expect([lookup.get(norm('SMALL')), lookup.get(norm('小型')), lookup.get(norm(' small*'))]).toEqual(['small', 'small', 'small']);
    expect(labelIn(labels, 'small', 'en')).toBe('Small');
    expect(labelIn(labels, 'huge', 'zh-CN')).toBe('huge');
  });

  it('matches a bilingual header cell by any of its lines, the first column winning', () => {
    const ws = new ExcelJS.Workbook().addWorksheet('s');
    ws.getRow(1).values = ['项目编号\nNumber', 'name*', '其他', 'Number'];
    const found = matchHeaders(ws.getRow(1), [{ key: 'number', zh: '项目编号', en: 'Number' }, { key: 'name', zh: '项目名称', en: 'Name' }, { key: 'year', zh: '年度', en: 'Year' }]);
    expect(Object.fromEntries(found)).toEqual({ number: 1, name: 2 });
  });
});
