// The application shell: login, jurisdiction in the header, the fixed-clock banner, language
// switching, jurisdiction isolation of the entity list, logout, and a wrong password.
// Each test opens its own browser context, so one failure does not leave state for the next.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, inputOf, login, logout, tableRows, useSuite, waitForText } from './harness';

/** Saves zh-CN as the user's language through the API (with the session's CSRF token). */
async function resetLanguage(page: Page): Promise<void> {
  const me = await page.request.get('/api/v1/auth/me');
  if (!me.ok()) {
    return;
  }
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  await page.request.put('/api/v1/auth/preferences', { headers: { 'x-csrf-token': csrfToken }, data: { locale: 'zh-CN' } });
}

describe.skipIf(!chromiumAvailable())('shell (browser)', () => {
  const suite = useSuite();

  it('shows a Gaotang clerk their jurisdiction and the fixed-clock banner', async () => {
    const page = await suite().freshPage();
    await login(page, 'gaotang.clerk');
    await waitForText(page.getByTestId('header-jurisdiction'), ['高唐县'], 'the header jurisdiction');
    await page.getByTestId('fake-clock-banner').waitFor();
    expect(await page.getByTestId('fake-clock-banner').isVisible()).toBe(true);
  });

  it('switches the menu and header to English and back', async () => {
    const page = await suite().freshPage();
    await login(page, 'gaotang.clerk');
    const menu = page.locator('.ant-layout-sider .ant-menu');
    try {
      await page.getByTestId('language-switch').click();
      await waitForText(menu, ['Market entities'], 'the English menu');
      await waitForText(page.getByTestId('header-jurisdiction'), ['Gaotang'], 'the English header');
      await page.getByTestId('language-switch').click();
      await waitForText(menu, ['市场主体'], 'the Chinese menu');
      expect(await menu.innerText()).not.toContain('Market entities');
    } finally {
      // The choice is saved per user: leave the clerk in Chinese for the other tests even if this one fails.
      await resetLanguage(page);
    }
  });

  it('lists only Gaotang entities to a Gaotang clerk', async () => {
    const page = await suite().freshPage();
    await login(page, 'gaotang.clerk');
    await page.goto('/entities');
    const rows = await tableRows(page, 'entity-table');
    await rows.first().waitFor();
    const table = page.getByTestId('entity-table');
    // The region column is found by its header, so the check is on that column, not on names that happen to say 高唐县.
    const headers = await table.locator('thead th').allInnerTexts();
    const regionIndex = headers.findIndex((h) => /区划|地区|Region/i.test(h));
    expect(regionIndex, `no region column among the headers ${JSON.stringify(headers)}`).toBeGreaterThanOrEqual(0);
    const regions = await rows.evaluateAll((trs, i) => trs.map((tr) => (tr as HTMLTableRowElement).cells[i]?.innerText.trim() ?? ''), regionIndex);
    expect(regions.length).toBeGreaterThan(0);
    for (const r of regions) {
      expect(r).toContain('高唐县');
    }
    expect(await table.innerText()).not.toMatch(/临清|东昌府/);
  });

  it('logs out back to the login page', async () => {
    const page = await suite().freshPage();
    await login(page, 'gaotang.clerk');
    await logout(page);
    expect(new URL(page.url()).pathname).toBe('/login');
    // The session is gone on the server too: a reload stays on the login page.
    await page.reload();
    await page.getByTestId('login-username').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('says 用户名或密码错误 for a wrong password', async () => {
    const page = await suite().freshPage();
    await page.goto('/login');
    await (await inputOf(page.getByTestId('login-username'))).fill('gaotang.clerk');
    await (await inputOf(page.getByTestId('login-password'))).fill('Wrong-Password-1');
    await page.getByTestId('login-submit').click();
    await waitForText(page.getByTestId('login-error'), ['用户名或密码错误'], 'the login error');
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
