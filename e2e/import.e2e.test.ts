// Excel import: a workbook made from the server's own template, with three good rows and two bad
// ones, is validated in the browser and the error table names the bad rows and fields.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../apps/server/src/modules/registry/uscc';
import { chromiumAvailable, eventually, login, useSuite } from './harness';

const NAME_PREFIX = '高唐县导入校验';
type Row = { uscc: string; name: string; kind: string; foundedOn: string; regionCode: string; industry: string; size: string };

// Rows 2–4 are good; row 5 has an impossible date, row 6 an unknown size class.
const ROWS: readonly Row[] = [
  { uscc: makeUscc('91', '371526', 'MA3EF001'), name: `${NAME_PREFIX}一号机械有限公司`, kind: '企业', foundedOn: '2019-03-15', regionCode: '371526', industry: '制造业', size: '小型' },
  { uscc: makeUscc('92', '371526', 'MA3EF002'), name: `${NAME_PREFIX}二号便民超市`, kind: '个体工商户', foundedOn: '2020-07-01', regionCode: '371526', industry: '批发和零售业', size: '微型' },
  { uscc: makeUscc('93', '371526', 'MA3EF003'), name: `${NAME_PREFIX}三号果蔬专业合作社`, kind: '农民专业合作社', foundedOn: '2018-11-20', regionCode: '371526', industry: '农、林、牧、渔业', size: '微型' },
  { uscc: makeUscc('91', '371526', 'MA3EF004'), name: `${NAME_PREFIX}四号纺织有限公司`, kind: '企业', foundedOn: '2019-13-45', regionCode: '371526', industry: '制造业', size: '小型' },
  { uscc: makeUscc('91', '371526', 'MA3EF005'), name: `${NAME_PREFIX}五号食品有限公司`, kind: '企业', foundedOn: '2021-04-09', regionCode: '371526', industry: '制造业', size: '巨型' },
];

// Template headers are "中文\nEnglish"; the Chinese part identifies the column.
const HEADERS: Record<keyof Row, string> = {
  uscc: '统一社会信用代码', name: '主体名称', kind: '主体类型', foundedOn: '成立日期', regionCode: '行政区划代码', industry: '行业门类', size: '企业规模',
};

/** The import file: the server's template with ROWS filled in under its header row. */
async function buildWorkbook(page: Page): Promise<Buffer> {
  const res = await page.request.get('/api/v1/entities/import-template.xlsx');
  expect(res.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.body()) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const ws = wb.getWorksheet('市场主体') ?? wb.worksheets[0];
  if (ws === undefined) {
    throw new Error('the template has no sheet');
  }
  const columnOf = new Map<keyof Row, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const text = cell.text;
    for (const [key, zh] of Object.entries(HEADERS) as Array<[keyof Row, string]>) {
      if (text.includes(zh)) {
        columnOf.set(key, col);
      }
    }
  });
  expect([...columnOf.keys()].sort()).toEqual(Object.keys(HEADERS).sort());
  ROWS.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    for (const [key, col] of columnOf) {
      row.getCell(col).value = r[key];
    }
    row.commit();
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.skipIf(!chromiumAvailable())('entity import (browser)', () => {
  const suite = useSuite();
  let tmp: string | null = null;
  afterAll(async () => {
    if (tmp !== null) {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('validates a filled template and names the bad rows and fields', async () => {
    const { page } = suite();
    await login(page, 'gaotang.clerk');
    await page.goto('/entities/import');
    const upload = page.getByTestId('import-file');
    await upload.waitFor({ state: 'attached' });

    tmp = await mkdtemp(path.join(tmpdir(), 'zq-e2e-import-'));
    const file = path.join(tmp, '市场主体导入.xlsx');
    await writeFile(file, await buildWorkbook(page));
    const isFileInput = await upload.evaluate((el) => el instanceof HTMLInputElement && el.type === 'file');
    await (isFileInput ? upload : upload.locator('input[type=file]')).setInputFiles(file);
    await page.getByTestId('import-validate').click();

    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const rows = errors.locator('tbody tr.ant-table-row');
    const texts = await eventually(async () => ((await rows.count()) > 0 ? rows.allInnerTexts() : [await errors.innerText()]), (t) => /成立日期|foundedOn/.test(t.join('\n')) && /规模|sizeClass/.test(t.join('\n')), 'the import errors to name both fields');
    const rowNamed = (n: number, field: RegExp) => texts.some((t) => new RegExp(`(^|\\D)${n}(\\D|$)`).test(t) && field.test(t));
    expect(rowNamed(5, /成立日期|foundedOn/), `row 5 / foundedOn in ${JSON.stringify(texts)}`).toBe(true);
    expect(rowNamed(6, /规模|sizeClass/), `row 6 / sizeClass in ${JSON.stringify(texts)}`).toBe(true);
    if ((await rows.count()) > 0) {
      // One issue per bad row; the good rows 2–4 are not listed.
      expect(texts).toHaveLength(2);
    }
    // Validating writes nothing.
    const res = await page.request.get(`/api/v1/entities?q=${encodeURIComponent(NAME_PREFIX)}`);
    expect(((await res.json()) as { total: number }).total).toBe(0);
  });
});
