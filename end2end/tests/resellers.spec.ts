import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// The emulator's seed has one reseller holding Partner Center's permission to restrict its
// own customers; demo mode records it in Settings on the first start.

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

function permissionForm(page: Page) {
  return page.locator('form').filter({ has: page.locator('input[name="resellers[]"]') });
}

async function saveResellers(page: Page, javaScriptEnabled: boolean) {
  const form = permissionForm(page);
  // Without WASM the form post navigates (POST, 302, GET): wait for it to finish loading.
  const loaded = javaScriptEnabled ? null : page.waitForEvent('load');
  await form.getByRole('button', { name: 'Save' }).click();
  if (javaScriptEnabled) {
    await expect(form.getByText('The resellers are saved.')).toBeVisible();
  }
  await loaded;
}

test("a reseller that restricts its own customers: its tab says so, offers no operation and refuses a batch", async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'admin', javaScriptEnabled);
  await open(page, '/settings', javaScriptEnabled);
  const checked = permissionForm(page).locator('input[name="resellers[]"]:checked');
  await expect(checked).toHaveCount(1);
  const reseller = (await checked.getAttribute('value')) as string;

  const tab = `/sales/customers?reseller=${reseller}&page_size=100`;
  await open(page, tab, javaScriptEnabled);
  await expect(page.getByRole('note')).toContainText(
    'This reseller restricts purchases and freezes resources for its own customers itself',
  );
  const rows = page.locator('table[aria-label="Customers"] tbody tr');
  expect(await rows.count()).toBeGreaterThan(1);
  for (const cell of await rows.locator('td.operations').all()) {
    await expect(cell).toContainText('Managed by reseller');
  }
  await expect(rows.locator('a[data-operation^="freeze"], a[data-operation^="unfreeze"], a[data-operation="set-budget"]')).toHaveCount(0);
  await expect(rows.locator('a[data-operation="timeline"]')).toHaveCount(await rows.count());

  // A batch of its customers, opened from a URL, is refused before anything reaches BSS.
  const ids = await rows.evaluateAll((all) => all.slice(0, 2).map((row) => row.getAttribute('data-customer-id')));
  await open(page, `/sales/customers?reseller=${reseller}&dialog=freeze-account&ids=${ids.join(',')}`, javaScriptEnabled);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('alert')).toContainText('BSS refuses these operations and budgets to its distributor');

  // Unticked in Settings, its customers are offered the operations again.
  await open(page, '/settings', javaScriptEnabled);
  await permissionForm(page).locator(`input[value="${reseller}"]`).uncheck();
  await saveResellers(page, javaScriptEnabled);
  try {
    await open(page, `${tab}&status=active&association=reseller`, javaScriptEnabled);
    await expect(page.getByRole('note')).toHaveCount(0);
    await expect(rows.first().locator('td.operations')).not.toContainText('Managed by reseller');
    expect(await rows.first().locator('a[data-operation]').count()).toBeGreaterThan(1);
  } finally {
    await open(page, '/settings', javaScriptEnabled);
    await permissionForm(page).locator(`input[value="${reseller}"]`).check();
    await saveResellers(page, javaScriptEnabled);
    await open(page, '/settings', javaScriptEnabled);
    await expect(permissionForm(page).locator(`input[value="${reseller}"]`)).toBeChecked();
  }
});
