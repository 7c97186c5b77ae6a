// Documentation screenshots at 1366×768: the entity list, an entity detail with its headcount
// chart, and the working-day calendar. Alone: npm run screenshots.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, eventually, login, screenshotPath, tableRows, useSuite } from './harness';

/** Waits until nothing is loading, the fonts are in and every canvas has stopped changing (chart animations). */
async function settled(page: Page): Promise<void> {
  await eventually(() => page.locator('.ant-spin-spinning, .ant-skeleton, .ant-table-placeholder .ant-spin').count(), (n) => n === 0, 'the page to finish loading');
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  let previous = '';
  await eventually(
    async () => {
      const now = await page.evaluate(() => Array.from(document.querySelectorAll('canvas'), (c) => c.toDataURL()).join('|'));
      const stable = now === previous;
      previous = now;
      return stable;
    },
    (stable) => stable,
    'the charts to stop animating',
  );
}

describe.skipIf(!chromiumAvailable())('documentation screenshots (browser)', () => {
  const suite = useSuite();

  it('takes the entity list and an entity detail as city.registry', async () => {
    const { page } = suite();
    await login(page, 'city.registry');
    await page.goto('/entities');
    const rows = await tableRows(page, 'entity-table');
    await rows.first().waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('entity-list.png') });

    const first = rows.first();
    const link = first.locator('a').first();
    await ((await link.count()) > 0 ? link : first).click();
    await eventually(async () => new URL(page.url()).pathname, (p) => /^\/entities\/[^/]+$/.test(p) && p !== '/entities/new' && p !== '/entities/import', 'the entity detail page');
    await page.getByTestId('headcount-chart').locator('canvas').first().waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('entity-detail.png') });
  });

  it('takes the calendar as admin', async () => {
    const { page } = suite();
    await login(page, 'admin');
    await page.goto('/calendar');
    await page.locator('[data-testid="calendar-month"][aria-busy="false"] [data-testid^="calendar-day-"]').first().waitFor();
    await settled(page);
    expect(new URL(page.url()).pathname).toBe('/calendar');
    await page.screenshot({ path: screenshotPath('calendar.png') });
  });
});
