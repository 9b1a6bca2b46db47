import { test, expect, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { clickOperation, hydrated, signIn } from './helpers';

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

/** The id of the `nth` active reseller-model customer the list shows (the list is left open). */
async function activeResellerCustomer(page: Page, nth: number, javaScriptEnabled: boolean) {
  await open(page, '/sales/customers?status=active&association=reseller&page_size=100', javaScriptEnabled);
  return (await page
    .locator('table[aria-label="Customers"] tbody tr')
    .nth(nth)
    .getAttribute('data-customer-id')) as string;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

test('a freeze is found in Operation Records, its detail, the customer timeline and the CSV', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  const customerId = await activeResellerCustomer(page, 0, javaScriptEnabled);
  expect(customerId).toMatch(/^[0-9a-f]{32}$/);
  // A formula-leading reason with a comma and quotes: the CSV must keep it and run nothing.
  const reason = `=audit e2e, "${javaScriptEnabled ? 'hydrated' : 'no-js'}"\nsecond line`;

  const row = page.locator(`tr[data-customer-id="${customerId}"]`);
  await row.getByRole('link', { name: 'Restrict Purchase', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page).toHaveURL(/record=\d+/);
  await expect(page.locator('.record-title')).toHaveText('Purchase is restricted.');
  const recordId = new URL(page.url()).searchParams.get('record') as string;

  // The record, found on Operation Records by the customer's id.
  await page.getByRole('navigation', { name: 'Partner Center' }).getByRole('link', { name: 'Operation Records' }).click();
  await expect(page.getByRole('heading', { name: 'Operation Records' })).toBeVisible();
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('Customer', { exact: true }).fill(customerId);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`customer=${customerId}`));
  const record = page.locator(`tr[data-record-id="${recordId}"]`);
  await expect(record).toContainText('Restrict Purchase');
  await expect(record).toContainText('Succeeded');
  await expect(record).toContainText('operator@demo.example');

  // Its detail: who, why, and the customer's result with BSS's request id.
  await record.getByRole('link', { name: 'Details' }).click();
  await expect(page).toHaveURL(new RegExp(`/sales/operation-records/${recordId}$`));
  const detail = page.locator('.record-detail');
  await expect(detail).toContainText(`#${recordId} Restrict Purchase`);
  await expect(detail).toContainText('operator@demo.example');
  await expect(detail.locator('dd').filter({ hasText: 'audit e2e' })).toHaveText(reason);
  const item = detail.locator(`tr[data-customer-id="${customerId}"]`);
  await expect(item).toContainText('Succeeded');
  await expect(item.locator('td').last()).not.toBeEmpty();

  // The customer's timeline, opened from its row in Customer Management.
  await open(page, `/sales/customers?q=${customerId}`, javaScriptEnabled);
  await clickOperation(row, 'Timeline');
  await expect(page).toHaveURL(new RegExp(`/sales/customers/${customerId}/timeline$`));
  const entry = page.locator(`.timeline-entry[data-record-id="${recordId}"]`);
  await expect(entry).toContainText('Restrict Purchase');
  await expect(entry).toContainText('Succeeded');
  await expect(entry.locator('.timeline-reason')).toHaveText(`Reason: ${reason}`);

  // The CSV of the filtered view holds exactly this customer's results.
  await open(page, `/sales/operation-records?customer=${customerId}`, javaScriptEnabled);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^operation-records-\d{8}-\d{6}\.csv$/);
  const text = await readFile((await download.path()) as string, 'utf8');
  const [header, ...lines] = parseCsv(text.replace(/^\uFEFF/, ''));
  const column = (name: string) => header.indexOf(name);
  expect(lines.length).toBeGreaterThanOrEqual(1);
  expect(lines.every((line) => line[column('Customer ID')] === customerId)).toBe(true);
  const line = lines.find((l) => l[column('Record ID')] === recordId) as string[];
  expect(line[column('Operation')]).toBe('Restrict Purchase');
  expect(line[column('Staff')]).toBe('operator@demo.example');
  expect(line[column('Result')]).toBe('Succeeded');
  expect(line[column('Reason')]).toBe(`'${reason}`);
});

test('a Set Budget is on the customer timeline once, marked Dashboard and confirmed by Huawei BSS', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  const customerId = await activeResellerCustomer(page, 1, javaScriptEnabled);
  // Each project sets its own amount, so its entry is told apart from the other's.
  const amount = javaScriptEnabled ? '1357.91' : '2468.02';

  const row = page.locator(`tr[data-customer-id="${customerId}"]`);
  await clickOperation(row, 'Set Budget');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Budget (USD)').fill(amount);
  await dialog.getByLabel('Budget type').selectOption('monthly');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('.record-title')).toHaveText('The budget is set.');
  await expect(page).toHaveURL(/record=\d+/);
  const recordId = new URL(page.url()).searchParams.get('record') as string;

  await open(page, `/sales/customers/${customerId}/timeline`, javaScriptEnabled);
  const entry = page.locator(`.timeline-entry[data-record-id="${recordId}"]`);
  await expect(entry).toHaveAttribute('data-source', 'dashboard');
  await expect(entry.locator('.timeline-source')).toHaveText('Dashboard');
  await expect(entry).toContainText(`${amount} (Monthly)`);
  await expect(entry.locator('.timeline-confirmed')).toContainText(
    "Huawei BSS's budget records confirm this change",
  );
  // BSS's own record of the change is not listed a second time.
  await expect(page.locator('.timeline-entry[data-source="bss"]', { hasText: amount })).toHaveCount(0);
  await expect(page.locator('.timeline-bss-problem')).toHaveCount(0);
});
