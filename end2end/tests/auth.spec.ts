import { test, expect } from '@playwright/test';
import { demoAccounts, hydrated, signIn } from './helpers';

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

test('the viewer sees no operation buttons and no administration', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'viewer', javaScriptEnabled);
  await page.goto('/sales/customers');
  await hydrated(page, javaScriptEnabled);
  await expect(page.getByRole('table', { name: 'Customers' })).toBeVisible();
  await expect(
    page.getByRole('button', { name: /Restrict Purchase|Freeze|Unfreeze|Unrestrict|Set Budget/ }),
  ).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);

  const response = await page.goto('/settings');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('does not allow this');
});

test('an admin turns the verification code on, and an operator\'s code arrives in the Demo Inbox', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'admin', javaScriptEnabled);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await hydrated(page, javaScriptEnabled);
  const verification = page.getByRole('group', { name: 'Verification code for critical operations' });
  await verification.getByLabel('On', { exact: true }).check();
  await page.getByRole('button', { name: 'Save' }).first().click();
  if (javaScriptEnabled) {
    await expect(page.getByRole('status')).toHaveText('The verification code setting is saved.');
  }
  await page.reload();
  await expect(verification.getByLabel('On', { exact: true })).toBeChecked();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // Codes may be requested once a minute per person, and both projects share a server:
  // each asks as a different member (an admin may do everything an operator may).
  const role = javaScriptEnabled ? 'operator' : 'admin';
  await signIn(page, role, javaScriptEnabled);
  const customerId = 'e2e-customer-1';
  const sent = await page.request.post('/api/verification/get-code', {
    form: { operation: 'freeze-account', 'customer_ids[0]': customerId },
  });
  expect(sent.status(), await sent.text()).toBe(200);
  expect((await sent.json()).resend_after_secs).toBe(60);

  await page.getByRole('link', { name: 'Demo Inbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo Inbox' })).toBeVisible();
  const newest = page.getByRole('list', { name: 'Mail, newest first' }).getByRole('listitem').first();
  await expect(newest).toContainText('Partner Center verification code');
  await expect(newest).toContainText(demoAccounts[role].email);
  await expect(newest.locator('.mail-body')).toHaveText(/verification code is \d{6}\./);
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
