import { test, expect, Page } from '@playwright/test';
import { demoAccounts, hydrated, setVerificationCode, signIn } from './helpers';

test('a signed-out visitor is sent to sign in, and then back to the page asked for', async ({
  page,
  javaScriptEnabled,
}) => {
  await page.goto('/sales/customers?page=2');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await hydrated(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { name: 'Sign in to Partner Center' })).toBeVisible();
  // Demo mode lists the demo accounts.
  const accounts = page.getByRole('table', { name: 'Demo accounts' });
  await expect(accounts).toContainText(demoAccounts.operator.email);
  await expect(accounts).toContainText(demoAccounts.operator.password);

  await page.getByLabel('E-mail').fill(demoAccounts.viewer.email);
  await page.getByLabel('Password').fill(demoAccounts.viewer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sales\/customers\?page=2$/);
  await expect(page.getByText('Page 2 of')).toBeVisible();
});

test('a wrong password is refused with an announced error', async ({ page, javaScriptEnabled }) => {
  await page.goto('/sign-in');
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('E-mail').fill(demoAccounts.admin.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The e-mail address or password is incorrect.');
  await expect(page).toHaveURL(/\/sign-in/);
});

/** Every operation label of both label sets, and Set Budget. */
const operationLabel = new RegExp(
  '^(' +
    [
      'Restrict Purchase',
      'Restrict Purchase and Freeze Resources',
      'Unrestrict Purchase',
      'Unrestrict Purchase and Unfreeze Resources',
      'Freeze Account',
      'Freeze Account and Resources',
      'Unfreeze Account',
      'Unfreeze Account and Resources',
      'Set Budget',
    ].join('|') +
    ')$',
);

/** What the customer list offers for operating, counted once the list is shown. */
async function operationSurface(page: Page) {
  await expect(page.getByRole('table', { name: 'Customers' }).locator('tbody tr').first()).toBeVisible();
  return {
    // Counted in the DOM, so links inside a closed More menu count too.
    operationLinks: await page.locator('td.operations a', { hasText: operationLabel }).count(),
    disabledOperations: await page.locator('.op-link.disabled').count(),
    rowCheckboxes: await page.getByRole('checkbox', { name: /^Select / }).count(),
    batchBar: await page.getByLabel('Batch operation').count(),
  };
}

test('the viewer gets no operation links, batch bar, row checkboxes or administration', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'viewer', javaScriptEnabled);
  await page.goto('/sales/customers');
  await hydrated(page, javaScriptEnabled);
  expect(await operationSurface(page)).toEqual({
    operationLinks: 0,
    disabledOperations: 0,
    rowCheckboxes: 0,
    batchBar: 0,
  });
  await expect(page.locator('td.operations').first()).toContainText('View only');
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Staff' })).toHaveCount(0);

  const response = await page.goto('/settings');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('does not allow this');
});

test('the same count finds the operation links, batch bar and checkboxes an operator gets', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await page.goto('/sales/customers');
  await hydrated(page, javaScriptEnabled);
  const surface = await operationSurface(page);
  expect(surface.operationLinks).toBeGreaterThan(0);
  expect(surface.rowCheckboxes).toBeGreaterThan(0);
  expect(surface.batchBar).toBe(1);
});

test('with the verification code on, an operator freezes a customer using the code from the Demo Inbox', async ({
  page,
  context,
  javaScriptEnabled,
}) => {
  await setVerificationCode(page, 'On', javaScriptEnabled);
  try {
    // Codes may be requested once a minute per person, and both projects share a server:
    // each asks as a different member (an admin may do everything an operator may).
    const role = javaScriptEnabled ? 'operator' : 'admin';
    await signIn(page, role, javaScriptEnabled);
    await page.goto('/sales/customers?status=active&association=reseller');
    await hydrated(page, javaScriptEnabled);
    const row = page.locator('table[aria-label="Customers"] tbody tr').first();
    const customerId = (await row.getAttribute('data-customer-id')) as string;
    await row.getByRole('link', { name: 'Restrict Purchase', exact: true }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Get Code' }).click();
    await expect(dialog.getByRole('status')).toContainText('sent to');
    if (javaScriptEnabled) {
      await expect(dialog.getByRole('button', { name: /Resend in \d+ s/ })).toBeDisabled();
    }

    const inbox = await context.newPage();
    await inbox.goto('/demo/inbox');
    const newest = inbox.getByRole('list', { name: 'Mail, newest first' }).getByRole('listitem').first();
    await expect(newest).toContainText('Partner Center verification code');
    await expect(newest).toContainText(demoAccounts[role].email);
    const body = await newest.locator('.mail-body').innerText();
    const code = /verification code is (\d{6})\./.exec(body)?.[1];
    expect(code, body).toBeTruthy();
    await inbox.close();

    // A wrong code is refused and nothing changes; the right one then works.
    await dialog.getByLabel('Reason').fill('e2e verified freeze');
    await dialog.getByLabel('Verification Code').fill(code === '000000' ? '111111' : '000000');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('alert')).toContainText(/code/i);
    await expect(dialog.getByLabel('Reason')).toHaveValue('e2e verified freeze');
    await dialog.getByLabel('Verification Code').fill(code as string);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(page.locator('.record-title')).toHaveText('Purchase is restricted.');
    // The view was filtered to active customers; find the customer again by its id.
    await page.goto(`/sales/customers?q=${customerId}`);
    await expect(page.locator(`tr[data-customer-id="${customerId}"] .status`)).toHaveText(
      'Purchase restricted',
    );
  } finally {
    await setVerificationCode(page, 'Off', javaScriptEnabled);
  }
});

test('an admin adds a staff member, changes the role and disables the account', async ({
  page,
  javaScriptEnabled,
}) => {
  const email = `e2e-${javaScriptEnabled ? 'js' : 'nojs'}@example.com`;
  await signIn(page, 'admin', javaScriptEnabled);
  await page.goto('/staff');
  await hydrated(page, javaScriptEnabled);
  const form = page.locator('form', { has: page.getByLabel('Initial password') });
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Name').fill('End To End');
  await form.getByLabel('Role').selectOption('operator');
  await form.getByLabel('Initial password').fill('a long enough password');
  await form.getByRole('button', { name: 'Add' }).click();

  const row = page.locator(`tr[data-staff-email="${email}"]`);
  await expect(row).toContainText('Enabled');
  await expect(row.getByRole('combobox')).toHaveValue('operator');
  await row.getByRole('combobox').selectOption('viewer');
  await row.getByRole('button', { name: 'Change' }).click();
  await expect(row.getByRole('combobox')).toHaveValue('viewer');
  await row.getByRole('button', { name: `Disable ${email}` }).click();
  await expect(row).toContainText('Disabled');

  // The last admin cannot disable themselves.
  await page
    .locator(`tr[data-staff-email="${demoAccounts.admin.email}"]`)
    .getByRole('button', { name: `Disable ${demoAccounts.admin.email}` })
    .click();
  await expect(page.getByRole('alert')).toContainText('would leave no enabled admin');
});

test('Settings shows the BSS connection without secrets and tests it', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'admin', javaScriptEnabled);
  await page.goto('/settings');
  await hydrated(page, javaScriptEnabled);
  await expect(page.getByText('Embedded BSS emulator (demo)')).toBeVisible();
  await expect(page.getByText('AK/SK (never shown)')).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status')).toContainText(/Connected\. BSS lists \d+ customers/);
});

test('signing out ends the session', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/sales/customers');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test('the page hydrates under the Content-Security-Policy', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'hydration needs JavaScript');
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto('/sign-in');
  expect(response?.headers()['content-security-policy']).toContain("'nonce-");
  await hydrated(page, true);
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Staff' }).click();
  await expect(page.getByRole('table', { name: 'Staff' })).toBeVisible();
  expect(violations).toEqual([]);
});
