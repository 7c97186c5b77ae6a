// Loan products through the page, as the product administrator: open the published 2025 version,
// copy it into a 2026 draft, loosen one threshold in the eligibility decision table (the tolerated
// headcount fall), see the test panel's verdict change on the unsaved graph, save and publish.
// Along the way nothing is fetched from outside the server (the JDM editor and Monaco come from the
// bundle) and the editor's chunk is fetched only when a decision tab opens.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, eventually, inputOf, login, tableRows, useSuite, waitForText } from './harness';

const CODE = 'stable-employment';

describe.skipIf(!chromiumAvailable())('loan products: versions, the decision editor, the test panel (browser)', () => {
  const suite = useSuite();

  const outside: string[] = [];
  const assets: string[] = [];
  const editorChunks = () => assets.filter((u) => /\/assets\/(decision-editor|editor\.api)-/.test(u));
  const rowOf = (page: Page, version: string) =>
    // The version is the third column (the 2023 row mentions 2025 in its period of force).
    page.getByTestId('product-table').locator('tbody tr.ant-table-row').filter({ has: page.locator('td:nth-child(3)', { hasText: new RegExp(`^${version}$`) }) });

  it('loan.admin opens the published 2025 version and copies it into a 2026 draft', async () => {
    const { page, baseUrl } = suite();
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        outside.push(url);
      } else if (url.includes('/assets/')) {
        assets.push(url);
      }
    });
    await login(page, 'loan.admin');
    // From the menu's 专项贷款 group.
    await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '贷款产品' }).click();
    await eventually(async () => new URL(page.url()).pathname, (p) => p === '/loans/products', 'the products page');
    const rows = await tableRows(page, 'product-table');
    await eventually(() => rows.allInnerTexts(), (t) => t.some((r) => r.includes('2025')) && t.some((r) => r.includes('2023')), 'the shipped versions');
    await rowOf(page, '2025').click();
    await waitForText(page.getByTestId('product-version'), ['2025', '已发布'], 'the 2025 version');
    await waitForText(page.getByTestId('product-terms'), ['中国银行聊城分行', '5,000.00', '1,000.00', '2.90'], 'its terms in 万元');
    // A published version offers no save or publish, only a copy.
    expect(await page.getByTestId('product-publish').count()).toBe(0);

    await page.getByTestId('product-copy').click();
    expect(await (await inputOf(page.getByTestId('copy-version'))).inputValue()).toBe('2026');
    expect(await (await inputOf(page.getByTestId('copy-name-zh'))).inputValue()).toBe('稳岗扩岗专项贷款升级版（2026）');
    await page.getByTestId('copy-submit').click();
    await eventually(async () => new URL(page.url()).searchParams.get('version'), (v) => v === '2026', 'the new draft to open');
    await waitForText(page.getByTestId('product-version'), ['2026', '草稿'], 'the 2026 draft');
    await waitForText(page.getByTestId('publish-reason'), ['请先用测试面板'], 'why publishing waits for a test run');
    expect(await page.getByTestId('product-publish').isDisabled()).toBe(true);
    // The editor (its antd 5, Monaco) is a chunk of its own, fetched only when a decision tab opens.
    expect(editorChunks()).toEqual([]);
  });

  it('a changed threshold, unsaved, changes the test panel’s verdict', async () => {
    const { page } = suite();

    // A firm whose headcount fell 10 %: beyond the 2025 tolerance of 5.5 %.
    await page.getByTestId('test-preset-fell10').click();
    await page.getByTestId('test-run').click();
    await waitForText(page.getByTestId('test-result-verdict'), ['不符合条件'], 'the verdict before the change');
    await page.getByTestId('criterion-headcount_stable-failed').waitFor();

    // The eligibility table: the enterprise row's tolerated fall 0.055 → 0.12.
    await page.getByTestId('product-tab-eligibility').click();
    const editor = page.getByTestId('decision-editor-eligibility');
    await editor.getByText('Edit Table').first().click();
    expect(editorChunks().length).toBeGreaterThan(0);
    const cell = editor.locator('.cm-content', { hasText: /^0\.055$/ }).first();
    await cell.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0.12');
    await page.keyboard.press('Tab');
    await page.getByTestId('product-dirty').waitFor();
    await waitForText(page.getByTestId('publish-reason'), ['请先保存修改'], 'publishing waits for the save');

    // The same facts against the edited, unsaved table: eligible now, with an offer.
    await page.getByTestId('test-stale').waitFor();
    await page.getByTestId('test-run').click();
    await waitForText(page.getByTestId('test-result-verdict'), ['符合条件', '参考授信'], 'the verdict after the change');
    expect(await page.getByTestId('test-result-verdict').innerText()).not.toContain('不符合');
    await page.getByTestId('criterion-headcount_stable-passed').waitFor();
    expect(await page.getByTestId('test-stale').count()).toBe(0);
  });

  it('saved after the test run, the draft can be published; the stored graph has the change', async () => {
    const { page } = suite();

    await page.getByTestId('product-save').click();
    await eventually(() => page.getByTestId('product-dirty').count(), (n) => n === 0, 'the draft to be saved');
    await waitForText(page.getByTestId('publish-reason'), ['可以发布'], 'publishing allowed after the tested save');
    await page.getByTestId('product-publish').click();
    await page.locator('.ant-modal-confirm .ant-modal-confirm-btns .ant-btn-primary').click();
    await waitForText(page.getByTestId('product-version'), ['2026', '已发布'], 'the published 2026 version');
    await waitForText(rowOf(page, '2026'), ['已发布'], 'the list row of 2026');

    // The stored version has the changed threshold, and the shipped 2025 one is untouched.
    type Rules = { nodes: Array<{ type: string; content: { rules?: Array<Record<string, string>> } }> };
    const stored = async (version: string) => {
      const res = await page.request.get(`/api/v1/loans/products/${CODE}/${version}`);
      expect(res.status()).toBe(200);
      const body = (await res.json()) as { status: string; product: { eligibilityDecision: Rules } };
      const table = body.product.eligibilityDecision.nodes.find((n) => n.type === 'decisionTableNode');
      return { status: body.status, tolerance: table?.content.rules?.[0]?.['out-headcountDeclineTolerance'] };
    };
    expect(await stored('2026')).toEqual({ status: 'published', tolerance: '0.12' });
    expect(await stored('2025')).toEqual({ status: 'published', tolerance: '0.055' });
    expect(outside).toEqual([]);
  });
});
