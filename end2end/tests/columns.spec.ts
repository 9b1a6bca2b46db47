import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// The column chooser and the masked contacts of the customer table (issue #12), with and
// without WASM. The choice is kept per member on the server, so each test sets what it
// needs and the operator's table is put back to the default afterwards for the other specs.

const PAGE = '/sales/customers';
const DEFAULT_COLUMNS = ['Account Name', 'Customer ID', 'Association Type', 'Associated On', 'Account Manager'];

async function open(page: Page, javaScriptEnabled: boolean) {
  await page.goto(PAGE);
  await hydrated(page, javaScriptEnabled);
  await expect(page.getByRole('table', { name: 'Customers' })).toBeVisible();
}

/** Ticks exactly `shown` in the Columns disclosure and saves. */
async function chooseColumns(page: Page, shown: string[], javaScriptEnabled: boolean) {
  await page.locator('.column-chooser summary').click();
  const chooser = page.getByRole('group', { name: 'Optional columns to show' });
  for (const checkbox of await chooser.getByRole('checkbox').all()) {
    const name = (await checkbox.evaluate((box) => box.closest('label')?.textContent ?? '')).trim();
    await checkbox.setChecked(shown.includes(name));
  }
  // The form posts and the browser comes back to the view (POST, 302, GET).
  const loaded = page.waitForEvent('load');
  await page.locator('.column-chooser').getByRole('button', { name: 'Save' }).click();
  await loaded;
  await hydrated(page, javaScriptEnabled);
}

function header(page: Page, name: string) {
  return page.getByRole('table', { name: 'Customers' }).getByRole('columnheader', { name, exact: true });
}

test.afterEach(async ({ page, javaScriptEnabled }, testInfo) => {
  if (testInfo.status === 'skipped') {
    return;
  }
  await open(page, javaScriptEnabled);
  await chooseColumns(page, DEFAULT_COLUMNS, javaScriptEnabled);
  await expect(header(page, 'Contact')).toHaveCount(0);
  await expect(header(page, 'Customer ID')).toBeVisible();
});

test('a hidden column stays hidden after a reload and in another browser', async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, javaScriptEnabled);
  await expect(header(page, 'Customer ID')).toBeVisible();

  await chooseColumns(page, DEFAULT_COLUMNS.filter((name) => name !== 'Customer ID'), javaScriptEnabled);
  await expect(header(page, 'Customer ID')).toHaveCount(0);
  await expect(header(page, 'Account Name')).toBeVisible();
  // Customer, Status and Operation are always there.
  for (const always of ['Customer', 'Status', 'Operation']) {
    await expect(header(page, always)).toBeVisible();
  }
  await expect(page).toHaveURL(new RegExp(`${PAGE}$`));

  await page.reload();
  await hydrated(page, javaScriptEnabled);
  await expect(header(page, 'Account Name')).toBeVisible();
  await expect(header(page, 'Customer ID')).toHaveCount(0);

  const elsewhere = await browser.newContext({ javaScriptEnabled });
  try {
    const other = await elsewhere.newPage();
    await signIn(other, 'operator', javaScriptEnabled);
    await open(other, javaScriptEnabled);
    await expect(header(other, 'Account Name')).toBeVisible();
    await expect(header(other, 'Customer ID')).toHaveCount(0);
  } finally {
    await elsewhere.close();
  }
});

test('a contact is masked until its eye toggle reveals it, and masked again after', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, javaScriptEnabled);
  await chooseColumns(page, [...DEFAULT_COLUMNS, 'Contact'], javaScriptEnabled);
  await expect(header(page, 'Contact')).toBeVisible();

  const firstRow = page.getByRole('table', { name: 'Customers' }).locator('tbody tr').first();
  const id = await firstRow.getAttribute('data-customer-id');
  const row = page.locator(`tr[data-customer-id="${id}"]`);
  const contact = row.locator('td.contact');
  const toggle = row.getByRole('button', { name: /^Show e-mail and phone of / });
  await expect(contact.locator('.contact-email')).toHaveText(/^.{1,2}\*\*\*\*@/);
  await expect(contact.locator('.contact-phone')).toContainText('****');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  const revealing = javaScriptEnabled ? null : page.waitForEvent('load');
  await toggle.click();
  await revealing;
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(contact.locator('.contact-email')).not.toContainText('****');
  await expect(contact.locator('.contact-email')).toContainText('@');
  await expect(contact.locator('.contact-phone')).not.toContainText('****');
  // Only that row is revealed.
  await expect(page.locator('td.contact .contact-email').filter({ hasNotText: '****' })).toHaveCount(1);

  const hiding = javaScriptEnabled ? null : page.waitForEvent('load');
  await toggle.click();
  await hiding;
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(contact.locator('.contact-email')).toHaveText(/^.{1,2}\*\*\*\*@/);
  await expect(page.locator('td.contact .contact-email').filter({ hasNotText: '****' })).toHaveCount(0);
});

test('the Columns panel closes on Esc, giving focus back, and on a click outside it', async ({
  page,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'without WASM it is the browser’s own disclosure, which stays open');
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, javaScriptEnabled);
  const chooser = page.locator('details.column-chooser');
  const summary = chooser.locator('summary');

  await summary.click();
  await expect(chooser).toHaveAttribute('open', '');
  await chooser.getByRole('checkbox').first().focus();
  await page.keyboard.press('Escape');
  await expect(chooser).not.toHaveAttribute('open', '');
  await expect(summary).toBeFocused();

  await summary.click();
  await expect(chooser).toHaveAttribute('open', '');
  await page.getByRole('heading', { level: 1 }).click();
  await expect(chooser).not.toHaveAttribute('open', '');
});
