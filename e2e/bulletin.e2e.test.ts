// Supervision bulletins (督导通报) through the pages: the dispatcher builds one for Dongchangfu over
// this year, reads the preview with its unit ranking, and downloads it as a Word document.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, eventually, login, pickOption, tableRows, useSuite, waitForText } from './harness';

describe.skipIf(!chromiumAvailable())('supervision bulletins (browser)', () => {
  const suite = useSuite();

  it('the dispatcher creates a bulletin for 东昌府区 over this year, previews it and downloads the DOCX', async () => {
    const { page } = suite();
    await login(page, 'dcf.dispatcher');
    await page.goto('/bulletins');
    await page.getByTestId('bulletin-create').click();
    await pickOption(page, 'bulletin-create-region', '东昌府区');
    // The period defaults to this year up to today (the fixed demo clock: 2026-11-27).
    const period = await page.locator('.ant-modal .ant-picker-range input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(period).toEqual(['2026-01-01', '2026-11-27']);
    await page.getByTestId('bulletin-create-submit').click();

    await eventually(async () => new URL(page.url()).pathname, (p) => /^\/bulletins\/[^/]+$/.test(p), 'the new bulletin to open');
    await waitForText(page.getByTestId('bulletin-heading'), ['东昌府区'], 'the bulletin heading');
    await waitForText(page.getByTestId('bulletin-number'), [/DCF-DB-2026-\d{3}/, '2026-01-01', '2026-11-27'], 'the bulletin number and period');
    const units = await tableRows(page, 'bulletin-units');
    const ranking = await units.allInnerTexts();
    expect(ranking.length).toBeGreaterThan(0);
    expect(ranking[0]).toMatch(/^1\s/);
    await waitForText(page.getByTestId('bulletin-investment'), ['项目个数', '年度投资完成率'], 'the investment summary');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulletin-download-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/^DCF-DB-2026-\d{3}\.docx$/);
    const file = await readFile(await download.path());
    expect(file.subarray(0, 2).toString('latin1')).toBe('PK');

    // The list keeps it.
    await page.goto('/bulletins');
    const rows = await tableRows(page, 'bulletin-table');
    await waitForText(rows.first(), [/DCF-DB-2026-\d{3}/, '2026-01-01 ~ 2026-11-27'], 'the kept bulletin');
  });

  it('my tasks shows the notifications and the problems waiting for the dispatcher to assign or close', async () => {
    const { page } = suite();
    await login(page, 'dcf.dispatcher');
    await page.goto('/inbox');
    await page.getByText('站内消息').first().waitFor();
    const waiting = await tableRows(page, 'inbox-waiting-table');
    const states = await waiting.locator('.ant-tag').allInnerTexts();
    expect(states.length).toBeGreaterThan(0);
    expect(states.some((s) => ['已收集', '待销号', '已反馈'].includes(s))).toBe(true);
  });
});
