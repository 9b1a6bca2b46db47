import { test, expect, Locator, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { hydrated, signIn } from './helpers';

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

/** The newest export on View Export, once it is Done (without WASM, reloading shows it). */
async function newestDone(page: Page): Promise<Locator> {
  const newest = page.getByRole('table', { name: 'Customer exports' }).locator('tbody tr').first();
  await expect(async () => {
    if ((await newest.getAttribute('data-state')) !== 'done') {
      await page.reload();
    }
    await expect(newest).toHaveAttribute('data-state', 'done', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  return newest;
}

/** Downloads the export of `row` and returns its file name and its lines (after the BOM). */
async function download(page: Page, row: Locator): Promise<[string, string[]]> {
  const downloading = page.waitForEvent('download');
  await row.getByRole('link', { name: 'Download' }).click();
  const file = await downloading;
  const text = await readFile((await file.path()) as string, 'utf8');
  expect(text.startsWith('\uFEFF'), 'UTF-8 with a byte order mark').toBe(true);
  return [file.suggestedFilename(), text.slice(1).trimEnd().split('\r\n')];
}

test('an admin exports every customer matching a filter and downloads the CSV from View Export', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'admin', javaScriptEnabled);
  // The filter as staff set it; the list shows its first page of 10.
  await open(page, '/sales/customers?status=active&association=reseller', javaScriptEnabled);
  const total = (await page.locator('.pagination .total').textContent()) ?? '';
  const matching = Number(/^Total: (\d+)$/.exec(total)?.[1]);
  await expect(page.locator('table[aria-label="Customers"] tbody tr')).toHaveCount(10);
  expect(matching, 'more customers match than the page shows').toBeGreaterThan(10);

  await page.locator('.export-chooser summary').click();
  const exportAll = page.locator('.export-chooser form');
  await expect(exportAll.getByLabel('CSV')).toBeChecked();
  await exportAll.getByRole('button', { name: 'Export All' }).click();
  await expect(page).toHaveURL(/\/sales\/customers\/exports$/);
  await expect(page.getByRole('heading', { level: 1, name: 'View Export' })).toBeVisible();

  const row = await newestDone(page);
  await expect(row).toContainText('All matching: status Normal, association Reseller');
  await expect(row).toContainText('admin@demo.example');
  await expect(row).toContainText('No (anonymised)');
  await expect(row).toContainText(String(matching));
  const [name, lines] = await download(page, row);
  expect(name).toMatch(/^customers-\d+-\d{14}\.csv$/);
  expect(lines[0]).toMatch(/^Customer,Account Name,Customer ID,/);
  expect(lines, 'the header and every matching customer').toHaveLength(matching + 1);
  // Anonymised: an account name keeps its first character only.
  expect(lines[1].split(',')[1]).toMatch(/^.\*\*\*\*$/);
});

test('an admin exports two selected customers with full values', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'admin', javaScriptEnabled);
  await open(page, '/sales/customers?association=reseller', javaScriptEnabled);
  const rows = page.locator('table[aria-label="Customers"] tbody tr');
  const ids = [
    (await rows.nth(0).getAttribute('data-customer-id')) as string,
    (await rows.nth(1).getAttribute('data-customer-id')) as string,
  ];
  for (const n of [0, 1]) {
    await rows.nth(n).getByRole('checkbox').check();
  }
  await page.getByRole('button', { name: 'Export Selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export Selected' });
  await expect(dialog).toContainText('Exports the 2 selected customers.');
  await dialog.getByLabel(/Full values/).check();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page).toHaveURL(/\/sales\/customers\/exports$/);

  const row = await newestDone(page);
  await expect(row).toContainText('Selected: 2 customers');
  await expect(row).toContainText('Yes');
  const [, lines] = await download(page, row);
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain(ids[0]);
  expect(lines[2]).toContain(ids[1]);
  // Full values: the e-mail column holds a whole address.
  expect(lines[1]).not.toContain('****');

  await open(page, '/security-events?kind=customers-exported', javaScriptEnabled);
  await expect(page.getByRole('table', { name: 'Security events' }).locator('tbody tr').first()).toContainText(
    '2 customers, CSV',
  );
});

test('an operator has no Export and is refused View Export', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, '/sales/customers', javaScriptEnabled);
  await expect(page.locator('.export-chooser')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export Selected' })).toHaveCount(0);
  const response = await page.goto('/sales/customers/exports');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('does not allow this');
});
