// The configurable lists (可配置列表): the administrator adds a problem category on the page, a
// project owner finds it in the raise-problem form and raises a problem with it; an edit that
// someone else overtook says so and offers the latest values instead of overwriting them. And the
// organization form names a unit's leader (单位负责人) from the unit's own users.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, eventually, inputOf, login, pickOption, tableRows, useSuite, waitForText } from './harness';

const CODE = 'work_safety';
const NAME_ZH = '安全生产';
const NAME_EN = 'Work safety';

async function fillText(page: Page, testId: string, text: string): Promise<void> {
  await (await inputOf(page.getByTestId(testId))).fill(text);
}

/** The item as the server has it now. */
async function serverItem(page: Page, code: string): Promise<{ version: number; nameZh: string; active: boolean } | undefined> {
  const data = (await (await page.request.get('/api/v1/reference-lists')).json()) as { lists: { problem_category: Array<{ code: string; version: number; nameZh: string; active: boolean }> } };
  return data.lists.problem_category.find((i) => i.code === code);
}

describe.skipIf(!chromiumAvailable())('configurable lists (browser)', () => {
  const suite = useSuite();

  it('the administrator adds a problem category from the menu’s page', async () => {
    const { page } = suite();
    await login(page, 'admin');
    await page.locator('.ant-menu-item', { hasText: '可配置列表' }).click();
    await eventually(async () => new URL(page.url()).pathname, (p) => p === '/admin/reference-lists', 'the configurable lists page to open');
    await page.getByTestId('reference-tab-problem_category').click();
    const rows = await tableRows(page, 'reference-table-problem_category');
    await eventually(() => rows.allInnerTexts(), (t) => t.some((r) => r.includes('征迁')), 'the built-in categories');

    await page.getByTestId('reference-add-problem_category').click();
    // The code is checked with the contract's rule before anything is sent.
    await fillText(page, 'reference-form-code', 'Bad-Code');
    await fillText(page, 'reference-form-name-zh', NAME_ZH);
    await fillText(page, 'reference-form-name-en', NAME_EN);
    await page.getByTestId('reference-form-submit').click();
    await waitForText(page.locator('.ant-modal .ant-form-item-explain-error').first(), ['小写字母开头'], 'the code rule');
    await fillText(page, 'reference-form-code', CODE);
    await page.getByTestId('reference-form-submit').click();

    await eventually(() => rows.allInnerTexts(), (t) => t.some((r) => r.includes(CODE) && r.includes(NAME_ZH) && r.includes(NAME_EN) && r.includes('自定义')), 'the new category in the table');
    expect(await serverItem(page, CODE)).toMatchObject({ nameZh: NAME_ZH, active: true, version: 1 });
  });

  it('an edit overtaken by someone else says so and loads the latest values', async () => {
    const { page } = suite();
    await page.getByTestId(`reference-edit-problem_category-${CODE}`).click();
    await fillText(page, 'reference-form-name-zh', '安全生产监管');
    // Meanwhile the same item is renamed from elsewhere (straight through the API).
    const { csrfToken } = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
    const other = await page.request.put(`/api/v1/reference-lists/problem_category/items/${CODE}`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { nameZh: '安全生产管理', nameEn: NAME_EN, sort: 80, active: true, version: 1 },
    });
    expect(other.status()).toBe(200);

    await page.getByTestId('reference-form-submit').click();
    await waitForText(page.getByTestId('reference-conflict'), ['此项已被他人修改', '当前版本 2'], 'the conflict message');
    await page.getByTestId('reference-conflict-reload').click();
    expect(await (await inputOf(page.getByTestId('reference-form-name-zh'))).inputValue()).toBe('安全生产管理');
    await fillText(page, 'reference-form-name-zh', NAME_ZH);
    await page.getByTestId('reference-form-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    expect(await serverItem(page, CODE)).toMatchObject({ nameZh: NAME_ZH, version: 3 });
  });

  it('the administrator shortens the deadline of general problems', async () => {
    const { page } = suite();
    await fillText(page, 'deadline-days-general', '4');
    await page.getByTestId('deadline-days-submit').click();
    await eventually(
      async () => ((await (await page.request.get('/api/v1/reference-lists')).json()) as { problemDeadlineDays: Record<string, number> }).problemDeadlineDays,
      (d) => d.general === 4 && d.major === 10 && d.critical === 15,
      'the new deadline days on the server',
    );
  });

  it('the project owner finds the new category in the raise-problem form and raises a problem with it', async () => {
    const { page } = suite();
    await login(page, 'dcf.owner');
    await page.goto('/projects');
    const rows = await tableRows(page, 'project-table');
    await rows.first().click();
    await page.getByTestId('project-raise-problem').click();
    await pickOption(page, 'raise-category', NAME_ZH);
    await pickOption(page, 'raise-severity', '一般');
    await fillText(page, 'raise-title', '塔吊基础安全隐患');
    await fillText(page, 'raise-description', '塔吊基础施工与专项方案不符，需安监部门现场指导整改。');
    await page.getByTestId('raise-submit').click();
    await eventually(async () => new URL(page.url()).pathname, (p) => /^\/problems\/[^/]+$/.test(p), 'the new problem to open');
    await waitForText(page.getByTestId('problem-facts'), [NAME_ZH], 'the new problem’s category');
  });

  it('the administrator names a unit’s leader from its own users', async () => {
    const { page } = suite();
    await login(page, 'admin');
    await page.goto('/organizations');
    await (await inputOf(page.getByTestId('org-search'))).fill('东昌府区自然资源局');
    await (await inputOf(page.getByTestId('org-search'))).press('Enter');
    const rows = await tableRows(page, 'org-table');
    await eventually(() => rows.allInnerTexts(), (t) => t.length === 1 && t[0]?.includes('东昌府区自然资源局') === true, 'the search to find the unit');
    await page.locator('[data-testid^="org-edit-"]').first().click();
    await page.getByTestId('org-form-leader').click();
    // Only the unit's own users are offered.
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    const offered = await eventually(() => options.allInnerTexts(), (t) => t.length > 0, 'the unit’s users');
    expect(offered.every((o) => o.includes('东昌府区自然资源局'))).toBe(true);
    await options.filter({ hasText: 'dcf.handler' }).first().click();
    await page.getByTestId('org-form-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await waitForText(rows.first(), ['东昌府区自然资源局经办人 (dcf.handler)'], 'the leader in the table');
  });
});
