// Registering a market entity whose USCC check character is wrong: a clerk cannot save it, a
// supervisor can with a reason, and the auditor sees the override in the audit log.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USCC_ALPHABET, makeUscc } from '../apps/server/src/modules/registry/uscc';
import { chromiumAvailable, eventually, inputOf, login, pickOption, useSuite, waitForText } from './harness';

const ENTITY_NAME = '高唐县校验位核对机械有限公司';
const OVERRIDE_ACTION = 'entity.created_with_uscc_override';

/** A code that is right in form but whose 18th (check) character is wrong. */
function usccWithWrongCheck(): string {
  const valid = makeUscc('91', '371526', 'MA3EE001');
  const check = valid.charAt(17);
  const wrong = USCC_ALPHABET.charAt((USCC_ALPHABET.indexOf(check) + 1) % USCC_ALPHABET.length);
  return valid.slice(0, 17) + wrong;
}

async function fillDate(page: Page, testId: string, iso: string): Promise<void> {
  const input = await inputOf(page.getByTestId(testId));
  if ((await input.getAttribute('type')) === 'date') {
    await input.fill(iso);
    return;
  }
  // An Ant Design DatePicker takes typed text and commits it on Enter.
  await input.click();
  await input.fill(iso);
  await input.press('Enter');
  await eventually(() => input.inputValue(), (v) => v === iso, `${testId} to hold ${iso}`);
}

async function fillEntityForm(page: Page, uscc: string): Promise<void> {
  await page.goto('/entities/new');
  const usccInput = await inputOf(page.getByTestId('entity-form-uscc'));
  await usccInput.fill(uscc);
  await usccInput.press('Tab');
  await (await inputOf(page.getByTestId('entity-form-name'))).fill(ENTITY_NAME);
  await pickOption(page, 'entity-form-kind', /^企业$/);
  await fillDate(page, 'entity-form-founded', '2020-05-18');
  await pickOption(page, 'entity-form-region', '高唐县');
  await pickOption(page, 'entity-form-industry', '制造业');
  await pickOption(page, 'entity-form-size', '小型');
  await page.getByTestId('uscc-warning').waitFor();
}

/** Searches the entity list by name and returns its data rows once the search has applied. */
async function searchEntities(page: Page, q: string, expectFound: boolean) {
  await page.goto('/entities');
  const rows = page.getByTestId('entity-table').locator('tbody tr.ant-table-row');
  // Before the search the list holds the demo entities, none of which has this name.
  await rows.first().waitFor();
  await (await inputOf(page.getByTestId('entity-search'))).fill(q);
  await page.getByTestId('entity-search-submit').click();
  if (expectFound) {
    await eventually(() => rows.allInnerTexts(), (texts) => texts.length > 0 && texts.every((t) => t.includes(q)), `the search for ${q} to find it`);
  } else {
    // An empty result replaces the table with an "no data" placeholder.
    await eventually(
      async () => ({ rows: await rows.count(), empty: await page.locator('.ant-layout-content .ant-empty').count() }),
      (r) => r.rows === 0 && r.empty > 0,
      `the search for ${q} to find nothing`,
    );
  }
  return rows;
}

async function entityCount(page: Page, q: string): Promise<number> {
  const res = await page.request.get(`/api/v1/entities?q=${encodeURIComponent(q)}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

// Each step logs in as the next user: login() logs the previous one out with the header's button.
describe.skipIf(!chromiumAvailable())('market entity with a wrong USCC check character (browser)', () => {
  const suite = useSuite();
  const uscc = usccWithWrongCheck();

  it('a clerk sees the warning and cannot save it', async () => {
    const { page } = suite();
    await login(page, 'gaotang.clerk');
    await fillEntityForm(page, uscc);
    // Confirming a wrong check character is the supervisor's call: no reason field for a clerk.
    expect(await page.getByTestId('uscc-override-reason').count()).toBe(0);
    const save = page.getByTestId('entity-form-save');
    if (!(await save.isDisabled())) {
      await save.click();
      await page.locator('.ant-alert-error, .ant-form-item-explain-error, .ant-message-error, .ant-notification-notice-error').first().waitFor();
      expect(new URL(page.url()).pathname).toBe('/entities/new');
    }
    expect(await entityCount(page, ENTITY_NAME)).toBe(0);
    await searchEntities(page, ENTITY_NAME, false);
  });

  it('a supervisor gives a reason and saves it; it appears in the list', async () => {
    const { page } = suite();
    await login(page, 'gaotang.supervisor');
    await fillEntityForm(page, uscc);
    const reason = await inputOf(page.getByTestId('uscc-override-reason'));
    await reason.fill('已核对纸质营业执照原件，代码以执照为准');
    await page.getByTestId('entity-form-save').click();
    await eventually(async () => new URL(page.url()).pathname, (p) => p !== '/entities/new', 'the form to close after saving');
    expect(await entityCount(page, ENTITY_NAME)).toBe(1);
    const rows = await searchEntities(page, ENTITY_NAME, true);
    expect(await rows.count()).toBe(1);
  });

  it('the auditor sees the override in the audit log', async () => {
    const { page } = suite();
    await login(page, 'auditor');
    await page.goto('/audit');
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    const filter = page.getByTestId('audit-filter-action');
    if ((await filter.count()) > 0) {
      const input = await inputOf(filter);
      await input.fill(OVERRIDE_ACTION);
      await input.press('Enter');
    }
    await waitForText(table, [OVERRIDE_ACTION], 'the audit table');
  });
});
