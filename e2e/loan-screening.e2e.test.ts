// Screening for proactive outreach, as the HR bureau did on the seed page: the eligibility rules of
// the version in force run over every firm of the city, with a progress bar, then the eligible
// firms with their indicative limit and rate, downloaded as Excel.
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, eventually, login, tableRows, useSuite } from './harness';

describe.skipIf(!chromiumAvailable())('special-loan screening (browser)', () => {
  const suite = useSuite();

  it('the HR officer screens the city, watches the progress, reads the eligible firms and downloads them', async () => {
    const { page } = suite();
    await login(page, 'hr.officer');
    await page.goto('/loans/screening');
    await page.getByTestId('screening-start').click();
    const progress = page.getByTestId('screening-progress');
    await progress.waitFor();
    const done = await eventually(() => progress.innerText(), (s) => s.includes('筛查完成'), 'the screening to finish', 120_000);
    expect(done).toContain('产品版本 2025');
    const count = Number(/(\d+) 户符合条件/.exec(done)?.[1] ?? '0');
    expect(count).toBeGreaterThan(0);

    const rows = await tableRows(page, 'screening-hits');
    await rows.first().waitFor();
    const total = await page.locator('.ant-pagination-total-text').last().innerText();
    expect(total).toContain(String(count));
    // Outreach order: the largest indicative limit first.
    const limits = (await rows.locator('td:nth-child(6)').allInnerTexts()).map((s) => Number(s.replace(/,/g, '')));
    expect(limits).toEqual([...limits].sort((a, b) => b - a));
    expect(await rows.first().innerText()).toMatch(/%\s*–\s*\d/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('screening-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    // exceljs's types predate Node's generic Buffer.
    await book.xlsx.load((await readFile(await download.path())) as unknown as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.worksheets[0];
    // The header, one row a firm and, after an empty row, the note naming the version and the counts.
    expect((sheet?.actualRowCount ?? 0) - 2).toBe(count);
    expect(sheet?.getRow(count + 3).getCell(1).text).toContain(`符合 ${String(count)} 户`);
    // The second sheet counts the firms that failed each criterion.
    expect(book.worksheets[1]?.name).toBe('未通过原因');
  });
});
