import { test, expect, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { hydrated, signIn } from './helpers';

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

test('an admin finds a role change among the security events, filters them and exports the CSV', async ({
  page,
  javaScriptEnabled,
}) => {
  const email = `events-${javaScriptEnabled ? 'js' : 'nojs'}@example.com`;
  await signIn(page, 'admin', javaScriptEnabled);
  await open(page, '/staff', javaScriptEnabled);
  const form = page.locator('form', { has: page.getByLabel('Initial password') });
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Name').fill('Events');
  await form.getByLabel('Role').selectOption('operator');
  await form.getByLabel('Initial password').fill('a long enough password');
  await form.getByRole('button', { name: 'Add' }).click();
  const row = page.locator(`tr[data-staff-email="${email}"]`);
  await expect(row.getByRole('combobox')).toHaveValue('operator');
  await row.getByRole('combobox').selectOption('viewer');
  await row.getByRole('button', { name: 'Change' }).click();
  await expect(row.getByRole('combobox')).toHaveValue('viewer');

  await page.getByRole('navigation', { name: 'Partner Center' }).getByRole('link', { name: 'Security Events' }).click();
  await expect(page).toHaveURL(/\/security-events$/);
  await hydrated(page, javaScriptEnabled);
  await page.locator('select[name="kind"]').selectOption('role-changed');
  await page.locator('input[name="subject"]').fill(email);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/kind=role-changed/);
  const events = page.getByRole('table', { name: 'Security events' }).locator('tbody tr');
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText('Role changed');
  await expect(events.first()).toContainText('admin@demo.example');
  await expect(events.first()).toContainText(email);
  await expect(events.first()).toContainText('Operator → Viewer');
  await expect(events.first()).toContainText('127.0.0.1');

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^security-events-\d{8}-\d{6}\.csv$/);
  const lines = (await readFile((await download.path()) as string, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe('Event ID,Time (UTC),Event,By,Staff member,Details,Client address');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(
    new RegExp(`,Role changed,admin@demo\\.example,${email.replace('.', '\\.')},Operator → Viewer,127\\.0\\.0\\.1$`),
  );
});

test('an operator has no Security Events link and is refused the page', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, '/sales/customers', javaScriptEnabled);
  await expect(page.getByRole('link', { name: 'Security Events' })).toHaveCount(0);
  const response = await page.goto('/security-events');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('does not allow this');
  await expect(page.getByRole('table', { name: 'Security events' })).toHaveCount(0);
});
