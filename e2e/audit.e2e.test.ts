// The auditor's view: the audit page verifies the SM3 chain of a freshly seeded server on opening.
import { describe, it } from 'vitest';
import { chromiumAvailable, login, useSuite, waitForText } from './harness';

describe.skipIf(!chromiumAvailable())('audit chain (browser)', () => {
  const suite = useSuite();

  it('shows the auditor that the chain is verified', async () => {
    const { page } = suite();
    await login(page, 'auditor');
    await page.goto('/audit');
    await waitForText(page.getByTestId('audit-verify-status'), [/审计链完整|verified/i], 'the chain status');
  });
});
