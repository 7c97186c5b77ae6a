// The key-project list as the Dongchangfu dispatcher uses it: filter by class, hide a column, and
// export what the screen shows to Excel.
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, eventually, login, pickOption, tableRows, useSuite } from './harness';

describe.skipIf(!chromiumAvailable())('key-project list (browser)', () => {
  const suite = useSuite();

  it('filters the 96 implementation-class projects, hides the level column and exports exactly what is shown', async () => {
    const { page } = suite();
    await login(page, 'dcf.dispatcher');
    await page.goto('/projects');
    const rows = await tableRows(page, 'project-table');
    await rows.first().waitFor();
    const totalText = page.locator('.ant-pagination-total-text');
    await eventually(() => totalText.innerText(), (s) => s.includes('157'), 'the list to hold the 157 demo projects');

    await pickOption(page, 'project-filter-class', /^实施类$/);
    await eventually(() => totalText.innerText(), (s) => s.includes('96'), 'the class filter to leave the 96 implementation-class projects');

    const headers = page.getByTestId('project-table').locator('thead th');
    expect(await headers.allInnerTexts()).toContain('项目级别');
    await page.getByTestId('project-columns').click();
    await page.getByTestId('project-columns-options').getByText('项目级别', { exact: true }).click();
    await eventually(() => headers.allInnerTexts(), (h) => !h.includes('项目级别'), 'the level column to be hidden');
    const shown = (await headers.allInnerTexts()).map((h) => h.trim()).filter((h) => h !== '');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^重点项目.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    // exceljs's types predate Node's generic Buffer.
    await book.xlsx.load((await readFile(await download.path())) as unknown as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.worksheets[0];
    const header = (sheet?.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toEqual(shown);
    expect((sheet?.actualRowCount ?? 0) - 1).toBe(96);
    const classColumn = header.indexOf('项目类别') + 1;
    const classes = new Set<string>();
    sheet?.eachRow((row, n) => {
      if (n > 1) {
        classes.add(row.getCell(classColumn).text);
      }
    });
    expect([...classes]).toEqual(['实施类']);
  });
});
