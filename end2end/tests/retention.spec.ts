import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// The server reads frozen customers' resources every RETENTION_SWEEP_SECS (2 s here, see
// playwright.config.ts), so a freeze shows on the board within seconds.
const ACTIVE_RESELLER_CUSTOMERS = '/sales/customers?status=active&association=reseller&page_size=100';
const FREEZE = 'freeze-account-and-resources';
const UNFREEZE = 'Unrestrict Purchase and Unfreeze Resources';

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

/** Opens the resource freeze dialog of the first active customers until one whose preview
 * lists pay-per-use resources; its id. */
async function customerWithPayPerUse(page: Page, javaScriptEnabled: boolean): Promise<string> {
  await open(page, ACTIVE_RESELLER_CUSTOMERS, javaScriptEnabled);
  const ids = await page
    .locator('table[aria-label="Customers"] tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-customer-id') as string));
  for (const id of ids.slice(0, 30)) {
    await open(page, `/sales/customers?dialog=${FREEZE}&ids=${id}`, javaScriptEnabled);
    const impact = page.getByRole('dialog').locator('#op-dialog-impact');
    await expect(impact).toContainText(/Pay-per-use|no cloud resources/);
    if ((await impact.getByText('Stops and stops billing', { exact: false }).count()) > 0) {
      return id;
    }
  }
  throw new Error('no active customer has pay-per-use resources');
}

async function freezeResources(page: Page, id: string, javaScriptEnabled: boolean) {
  await open(page, `/sales/customers?dialog=${FREEZE}&ids=${id}`, javaScriptEnabled);
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('e2e retention');
  await dialog.getByLabel(/I have read and agree/).check();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page).toHaveURL(/record=\d+/);
  await expect(page.locator('.record-title')).toHaveText('Purchase is restricted and resources are frozen.');
}

/** The board's rows of one customer, once the sweep has read them. */
async function boardRows(page: Page, id: string, javaScriptEnabled: boolean) {
  const rows = page.locator(`table[aria-label="Frozen resources by deadline"] tr[data-customer-id="${id}"]`);
  await expect(async () => {
    await open(page, '/sales/retention?page_size=100', javaScriptEnabled);
    expect(await rows.count()).toBeGreaterThan(0);
  }).toPass({ timeout: 30_000 });
  return rows;
}

test('a resource freeze puts the customer on the board with its deadline, and its unfreeze takes it off', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  const id = await customerWithPayPerUse(page, javaScriptEnabled);
  const frozenAt = Date.now();
  await freezeResources(page, id, javaScriptEnabled);

  const rows = await boardRows(page, id, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: 'Retention Deadlines' })).toBeVisible();
  await expect(page.locator('.page-intro')).toContainText('keep their data for 15 days');
  // The dashboard made this freeze, so its time is exact: 15 days from it.
  const deadline = Date.parse((await rows.first().getAttribute('data-deadline')) as string);
  const fifteenDays = 15 * 24 * 3600 * 1000;
  expect(deadline).toBeGreaterThanOrEqual(frozenAt + fifteenDays - 60_000);
  expect(deadline).toBeLessThanOrEqual(Date.now() + fifteenDays + 60_000);
  await expect(rows.first().locator('.deadline-left')).toHaveText('in 14 days');
  await expect(rows.first()).not.toContainText('at the latest');
  await expect(rows.first()).not.toContainText('first seen');

  // Soonest first, over the whole page.
  const deadlines = await page
    .locator('table[aria-label="Frozen resources by deadline"] tbody tr')
    .evaluateAll((all) => all.map((row) => Date.parse(row.getAttribute('data-deadline') as string)));
  expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));

  // Frozen resources mean a resource-level freeze: every row offers that unfreeze, also
  // where the mirror could not confirm the level.
  const operations = page.locator('table[aria-label="Frozen resources by deadline"] a.op-link');
  expect(await operations.count()).toBe(deadlines.length);
  for (const text of await operations.allTextContents()) {
    expect(text).toBe(UNFREEZE);
  }

  // The unfreeze is at hand: it opens the customer's dialog.
  await rows.first().getByRole('link', { name: UNFREEZE }).click();
  await hydrated(page, javaScriptEnabled);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: UNFREEZE })).toBeVisible();
  await expect(dialog).toContainText(id);
  await dialog.getByLabel('Reason').fill('e2e retention paid');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('.record-title')).toHaveText(
    'Purchase restriction is removed and resources are unfrozen.',
  );
  await open(page, '/sales/retention?page_size=100', javaScriptEnabled);
  await expect(page.locator(`tr[data-customer-id="${id}"]`)).toHaveCount(0);
});

test('a viewer sees the board without operations', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'viewer', javaScriptEnabled);
  await open(page, '/sales/customers', javaScriptEnabled);
  await page.getByRole('link', { name: 'Retention Deadlines' }).click();
  await expect(page).toHaveURL(/\/sales\/retention$/);
  const table = page.getByRole('table', { name: 'Frozen resources by deadline' });
  // The seed freezes some customers' resources before the dashboard first sees them.
  await expect(table.locator('tbody tr').first()).toContainText('at the latest');
  await expect(table.locator('tbody tr').first()).toContainText('first seen');
  await expect(table.locator('a.op-link')).toHaveCount(0);
});

test('the retention settings hold, and the alert goes to the chosen staff', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'admin', javaScriptEnabled);
  await open(page, '/settings', javaScriptEnabled);
  const form = page.locator('form').filter({ has: page.locator('input[name="retention_days"]') });
  const save = async (retention: string, alert: string, chosen: boolean) => {
    await form.getByLabel('Retention period (days)').fill(retention);
    await form.getByLabel('Alert days before a deadline').fill(alert);
    await form.getByLabel(/Demo Admin \(admin@demo\.example\)/).setChecked(chosen);
    // Without WASM the form post navigates (POST, 302, GET): wait for it to finish loading.
    const loaded = javaScriptEnabled ? null : page.waitForEvent('load');
    await form.getByRole('button', { name: 'Save' }).click();
    if (javaScriptEnabled) {
      await expect(form.getByText('The retention settings are saved.')).toBeVisible();
    }
    await loaded;
    await open(page, '/settings', javaScriptEnabled);
    await expect(form.getByLabel('Retention period (days)')).toHaveValue(retention);
    await expect(form.getByLabel(/Demo Admin/)).toBeChecked({ checked: chosen });
  };
  try {
    if (javaScriptEnabled) {
      // Every seeded frozen resource is then within 3 days of its deadline. One alert a
      // day: this run sends it, the run without JavaScript checks the settings alone.
      await save('3', '3', true);
      await expect(async () => {
        await page.goto('/demo/inbox');
        await expect(page.locator('.mail-subject').first()).toHaveText(/frozen resources' data is deleted soon/);
      }).toPass({ timeout: 30_000 });
      await expect(page.locator('.mail-body').first()).toContainText('at the latest');
    } else {
      await save('20', '5', false);
    }
    await open(page, '/sales/retention', javaScriptEnabled);
    await expect(page.locator('.page-intro')).toContainText(
      `keep their data for ${javaScriptEnabled ? 3 : 20} days`,
    );
  } finally {
    await open(page, '/settings', javaScriptEnabled);
    await save('15', '3', false);
  }
});
