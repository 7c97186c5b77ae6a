// The closed problem loop (问题闭环) through the pages, each step as its own demo user: the owner
// raises a problem on a project, the dispatcher assigns it, the handler accepts and feeds back, the
// owner confirms, the dispatcher closes it (销号) — and the timeline lists every step.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, eventually, inputOf, login, pickOption, useSuite, waitForText } from './harness';

const PROJECT = '东昌路东延及配套管网工程';
const TITLE = '管网穿越铁路专用线审批受阻';
const UNIT = '东昌府区自然资源局';

/** Opens a problem, runs one of the actions the page offers, fills its form and waits for the new state. */
async function act(page: Page, problemUrl: string, action: string, fill: () => Promise<void>, nextState: string): Promise<void> {
  await page.goto(problemUrl);
  await page.getByTestId(`problem-action-${action}`).click();
  await fill();
  await page.getByTestId('action-submit').click();
  await waitForText(page.getByTestId('problem-state'), [nextState], `the state after ${action}`);
}

async function fillText(page: Page, testId: string, text: string): Promise<void> {
  await (await inputOf(page.getByTestId(testId))).fill(text);
}

async function offered(page: Page): Promise<string[]> {
  await page.getByTestId('problem-facts').waitFor();
  const ids = await page.locator('[data-testid^="problem-action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace('problem-action-', '')).sort();
}

describe.skipIf(!chromiumAvailable())('the problem loop, each step as its own user (browser)', () => {
  const suite = useSuite();
  let problemUrl = '';
  let handlerId = '';

  it('the owner raises a problem on a project', async () => {
    const { page, freshPage } = suite();
    // The dispatcher may not read users, so the assignment form takes the handler's id: learn it first.
    const other = await freshPage();
    await login(other, 'dcf.handler');
    handlerId = ((await (await other.request.get('/api/v1/auth/me')).json()) as { user: { id: string } }).user.id;
    await other.context().close();

    await login(page, 'dcf.owner');
    await page.goto('/projects');
    await (await inputOf(page.getByTestId('project-search'))).fill(PROJECT);
    await (await inputOf(page.getByTestId('project-search'))).press('Enter');
    const rows = page.getByTestId('project-table').locator('tbody tr.ant-table-row');
    await eventually(() => rows.allInnerTexts(), (t) => t.length === 1 && t[0]?.includes(PROJECT) === true, 'the search to find the project');
    await rows.first().click();
    await page.getByTestId('project-investment-chart').waitFor();
    await page.getByTestId('project-raise-problem').click();
    await pickOption(page, 'raise-category', '征迁');
    await pickOption(page, 'raise-severity', '一般');
    await fillText(page, 'raise-title', TITLE);
    await fillText(page, 'raise-description', '东延段管网需穿越铁路专用线，路权单位审批意见迟迟未出具。');
    await page.getByTestId('raise-submit').click();
    await eventually(async () => new URL(page.url()).pathname, (p) => /^\/problems\/[^/]+$/.test(p), 'the new problem to open');
    problemUrl = new URL(page.url()).pathname;
    await waitForText(page.getByTestId('problem-state'), ['已收集'], 'the new problem’s state');
    // The owner reported it; assigning it is the dispatcher's business.
    expect(await offered(page)).toEqual([]);
  });

  it('the dispatcher assigns it to the handler’s unit and handler', async () => {
    const { page } = suite();
    await login(page, 'dcf.dispatcher');
    await page.goto(problemUrl);
    expect(await offered(page)).toEqual(['assign', 'reject']);
    await act(page, problemUrl, 'assign', async () => {
      await page.getByTestId('action-unit').click();
      await page.keyboard.type('自然资源');
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: UNIT }).first().click();
      await fillText(page, 'action-handler', handlerId);
    }, '已交办');
    await waitForText(page.getByTestId('problem-facts'), [UNIT, '东昌府区自然资源局经办人'], 'the assignment');
  });

  it('the handler accepts it and feeds back the result', async () => {
    const { page } = suite();
    await login(page, 'dcf.handler');
    await page.goto(problemUrl);
    expect(await offered(page)).toEqual(['accept', 'return']);
    await act(page, problemUrl, 'accept', async () => undefined, '办理中');
    await act(page, problemUrl, 'feedback', () => fillText(page, 'action-result', '已协调铁路部门出具同意穿越意见，审批完成。'), '已反馈');
  });

  it('the reporter confirms satisfied', async () => {
    const { page } = suite();
    await login(page, 'dcf.owner');
    await act(page, problemUrl, 'confirm', () => page.getByTestId('action-satisfied-yes').click(), '待销号');
  });

  it('the dispatcher closes it and the timeline lists every step', async () => {
    const { page } = suite();
    await login(page, 'dcf.dispatcher');
    await act(page, problemUrl, 'close', () => fillText(page, 'action-note', '问题已解决，经核实予以销号。'), '已销号');
    expect(await offered(page)).toEqual([]);
    const timeline = page.getByTestId('problem-timeline');
    await waitForText(timeline, ['收集', '交办', '签收', '反馈结果', '确认', '销号'], 'the timeline');
    const steps = await timeline.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(steps).toHaveLength(6);
    expect(steps[0]).toContain('城投公司项目负责人');
    expect(steps[2]).toContain('东昌府区自然资源局经办人');
    expect(steps[5]).toContain('东昌府区发改局调度员');
    expect(steps[5]).toContain('待销号 → 已销号');
  });

  it('when someone else acts first, the form says so and reloads to the new state', async () => {
    const { page } = suite();
    await login(page, 'dcf.dispatcher');
    const list = (await (await page.request.get('/api/v1/problems?state=collected')).json()) as { items: Array<{ id: string; version: number }> };
    const target = list.items[0];
    expect(target).toBeDefined();
    const url = `/problems/${target?.id ?? ''}`;
    await page.goto(url);
    await page.getByTestId('problem-action-reject').click();
    await fillText(page, 'action-reason', '与已交办问题重复，不再单独办理。');
    // Meanwhile the same problem is rejected from elsewhere (straight through the API).
    const { csrfToken } = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
    const first = await page.request.post(`/api/v1/problems/${target?.id ?? ''}/reject`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { reason: '经核实不属于项目问题。', version: target?.version },
    });
    expect(first.status()).toBe(200);
    await page.getByTestId('action-submit').click();
    await waitForText(page.getByTestId('action-conflict'), ['他人已先行处理'], 'the conflict message');
    await page.getByTestId('action-reload').click();
    await waitForText(page.getByTestId('problem-state'), ['已驳回'], 'the reloaded state');
    expect(await offered(page)).toEqual([]);
    await waitForText(page.getByTestId('problem-facts'), ['经核实不属于项目问题。'], 'the winning reason');
  });
});
