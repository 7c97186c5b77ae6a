// The special-loan flow (稳岗扩岗专项贷款) through the pages, each step as its own demo user: the
// loan officer records a phone consultation as an application and submits it, the HR bureau
// certifies, the officer records due diligence, the approver decides (below the second-approval
// threshold), the officer signs and disburses — and the detail shows the repayment schedule.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, eventually, inputOf, login, tableRows, useSuite, waitForText } from './harness';

// A demo firm that passes the pre-check on the fixed clock's date (2026-11-27, product version 2025).
const FIRM = '聊城产业技术研究院有限公司';
const AMOUNT_WAN = '300';
const CONTRACT = 'BOC-LC-2026-E2E';

async function fill(page: Page, testId: string, text: string): Promise<void> {
  await (await inputOf(page.getByTestId(testId))).fill(text);
}

/** The actions the detail page offers this user, sorted. */
async function offered(page: Page): Promise<string[]> {
  await page.getByTestId('loan-header').waitFor();
  await page.getByTestId('loan-no-actions').or(page.locator('[data-testid^="loan-action-"]').first()).first().waitFor();
  const ids = await page.locator('[data-testid^="loan-action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace('loan-action-', '')).sort();
}

/** Opens the application, runs one offered action, fills its form and waits for the next state. */
async function act(page: Page, url: string, action: string, fillForm: () => Promise<void>, nextState: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId(`loan-action-${action}`).click();
  await page.getByTestId('loan-action-save').waitFor();
  await fillForm();
  await page.getByTestId('loan-action-save').click();
  await waitForText(page.getByTestId('loan-state'), [nextState], `the state after ${action}`);
}

describe.skipIf(!chromiumAvailable())('a special loan from consultation to disbursement, each step by its organization (browser)', () => {
  const suite = useSuite();
  let url = '';

  it('the loan officer records a phone consultation as an application and submits it', async () => {
    const { page } = suite();
    await login(page, 'boc.officer');
    await page.goto('/loans');
    await page.getByTestId('loan-create').click();
    await page.getByTestId('loan-new-form').waitFor();
    await page.getByTestId('loan-new-entity').click();
    await page.keyboard.type('产业技术研究院');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: FIRM }).first().click();
    // An officer's application defaults to the phone channel; say so explicitly all the same.
    await page.getByTestId('loan-new-channel-phone').click();
    await fill(page, 'loan-new-amount', AMOUNT_WAN);
    await page.getByTestId('loan-new-categories-1').click();
    await fill(page, 'loan-new-contact-note', '企业负责人来电咨询稳岗扩岗专项贷款，客户经理代为录入。');
    await page.getByTestId('loan-new-submit').click();
    await eventually(async () => new URL(page.url()).pathname, (p) => /^\/loans\/lna_[0-9a-f]+$/.test(p), 'the new application to open');
    url = new URL(page.url()).pathname;
    await waitForText(page.getByTestId('loan-state'), ['草稿'], 'the new application’s state');
    await waitForText(page.getByTestId('loan-facts'), [FIRM, '电话咨询', '300.00'], 'the application’s facts');
    expect(await offered(page)).toEqual(['submit', 'withdraw']);

    await act(page, url, 'submit', async () => undefined, '人社认定中');
    // The pre-check ran on submission: every criterion explained, with the indicative offer.
    await page.locator('[data-node-key="eligibility"]').click();
    await waitForText(page.getByTestId('loan-eligibility-verdict'), ['符合条件', '2025'], 'the pre-check verdict');
    const criteria = await tableRows(page, 'loan-eligibility');
    expect(await criteria.count()).toBe(9);
    // The bank cannot certify: nothing is offered to it while the bureau is on the clock.
    expect(await offered(page)).toEqual([]);
  });

  it('the HR bureau certifies the category and headcount', async () => {
    const { page } = suite();
    await login(page, 'hr.officer');
    await page.goto(url);
    expect(await offered(page)).toEqual(['certify', 'return']);
    // The form starts from the claimed categories and the headcount the pre-check read.
    await act(page, url, 'certify', () => fill(page, 'loan-action-note', '经核实，属人社部门认定的稳岗扩岗优质企业。'), '银行尽调中');
  });

  it('the loan officer records due diligence', async () => {
    const { page } = suite();
    await login(page, 'boc.officer');
    await act(page, url, 'diligence', async () => {
      await fill(page, 'loan-action-revenue', '5000');
      await fill(page, 'loan-action-tax', '210');
      await fill(page, 'loan-action-visit-notes', '实地走访：生产经营正常，用工稳定，征信无不良记录。');
    }, '授信审批中');
  });

  it('the credit approver approves below the second-approval threshold', async () => {
    const { page } = suite();
    await login(page, 'boc.approver');
    await page.goto(url);
    expect(await offered(page)).toEqual(['decide']);
    // Approved by default, for the amount requested, at the offer's rate, term and method as applied for.
    await act(page, url, 'decide', () => fill(page, 'loan-action-note', '同意授信。'), '已批准');
    await page.locator('[data-node-key="process"]').click();
    await waitForText(page.getByTestId('loan-decision'), ['批准', '300.00', '中行聊城分行授信审批人'], 'the decision');
    await waitForText(page.getByTestId('loan-second-approval'), ['无需复核'], 'no second approval below the threshold');
  });

  it('the loan officer signs and disburses, and the detail shows the repayment schedule', async () => {
    const { page } = suite();
    await login(page, 'boc.officer');
    await act(page, url, 'sign', () => fill(page, 'loan-action-contract-number', CONTRACT), '已签约');
    await act(page, url, 'disburse', async () => {
      await waitForText(page.getByTestId('loan-action-idempotency'), [/[0-9a-f-]{32,}/], 'the disbursement’s idempotency key');
    }, '已放款');
    // The page opens the schedule after a disbursement: twelve monthly instalments from 2026-12-27.
    const rows = await tableRows(page, 'loan-schedule');
    const lines = await eventually(() => rows.allInnerTexts(), (t) => t.length === 12, 'twelve instalments');
    expect(lines[0]).toContain('2026-12-27');
    expect(lines[11]).toContain('2027-11-27');
    expect(lines[11]).toContain('0.00');
    await page.getByTestId('loan-schedule-export').waitFor();

    await page.locator('[data-node-key="timeline"]').click();
    const steps = await (await tableRows(page, 'loan-timeline')).allInnerTexts();
    expect(steps.map((s) => s.split('\t')[2])).toEqual(['创建申请', '提交申请', '人社认定', '录入尽调', '授信决策', '签订合同', '放款']);
    expect(steps[2]).toContain('市人社局就业促进科');
    expect(steps[6]).toContain('已签约 → 已放款');
  });
});
