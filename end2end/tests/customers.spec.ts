import { test, expect, Page } from '@playwright/test';
import { demo } from '../playwright.config';
import { hydrated, signIn } from './helpers';

// The most recently associated direct customer the emulator seeds for demo.seed 7
// (bss/src/emulator/seed.rs): the list, newest first, starts with it. Its presence proves
// the rows come from the emulator's seeded data through the mirror.
const FIRST_SEEDED_CUSTOMER_ID = '69ed51066b258e3c2073970f7705e9e8';

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  if (javaScriptEnabled) {
    await expect(page.locator('.console')).toHaveAttribute('data-hydrated', 'true');
  }
}

test.beforeEach(async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'viewer', javaScriptEnabled);
});

function customerIds(page: Page) {
  return page.locator('table[aria-label="Customers"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => row.getAttribute('data-customer-id') ?? ''),
  );
}

test('lists the emulator\'s seeded customers and pages through them', async ({
  page,
  javaScriptEnabled,
}) => {
  await open(page, '/sales/customers', javaScriptEnabled);

  await expect(page.getByRole('heading', { level: 1, name: 'Customer Management' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toHaveText(
    /Sales.*Customers.*Customer Management/,
  );
  const pages = Math.ceil(demo.customers / 10);
  await expect(page.getByText(`Total: ${demo.customers}`)).toBeVisible();
  await expect(page.getByText(`Page 1 of ${pages}`)).toBeVisible();

  const firstPage = await customerIds(page);
  expect(firstPage).toHaveLength(10);
  expect(firstPage[0]).toBe(FIRST_SEEDED_CUSTOMER_ID);
  for (const id of firstPage) expect(id).toMatch(/^[0-9a-f]{32}$/);

  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/[?&]page=2\b/);
  await expect(page.getByText(`Page 2 of ${pages}`)).toBeVisible();
  const secondPage = await customerIds(page);
  expect(secondPage).toHaveLength(10);
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

  // The last page holds the remainder, and its Next is not a link.
  await open(page, `/sales/customers?page=${pages}&page_size=10`, javaScriptEnabled);
  expect(await customerIds(page)).toHaveLength(demo.customers - (pages - 1) * 10);
  await expect(page.getByRole('link', { name: 'Next' })).toHaveCount(0);
});

test('changes the page size through the form', async ({ page, javaScriptEnabled }) => {
  await open(page, '/sales/customers', javaScriptEnabled);
  await page.getByLabel('Rows per page').selectOption('20');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/page_size=20/);
  await expect(page.getByText(`Page 1 of ${Math.ceil(demo.customers / 20)}`)).toBeVisible();
  expect(await customerIds(page)).toHaveLength(20);
});

test('shows status in the console\'s words with an explanation', async ({
  page,
  javaScriptEnabled,
}) => {
  await open(page, '/sales/customers?page_size=100', javaScriptEnabled);
  const statuses = page.locator('table[aria-label="Customers"] tbody .status');
  await expect(statuses).toHaveCount(Math.min(demo.customers, 100));
  const texts = await statuses.allTextContents();
  expect(texts).toContain('Normal');
  expect(texts.some((t) => t.startsWith('Purchase restricted'))).toBe(true);
  await expect(statuses.filter({ hasText: 'Normal' }).first()).toHaveAttribute(
    'title',
    /Can buy, renew and change resources/,
  );
});

test('answers an unknown address with the console\'s not-found page', async ({ page, javaScriptEnabled }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  // Its scripts carry the page's CSP nonce, so WASM runs there as on every other page.
  await hydrated(page, javaScriptEnabled);
});

test('Budget Usage shows what each customer spent of its budget, and the list filters by it', async ({
  page,
  javaScriptEnabled,
}) => {
  await open(page, '/sales/customers?association=reseller&page_size=100', javaScriptEnabled);
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('columnheader', { name: 'Budget Usage' })).toBeVisible();
  const percents = async () =>
    (await table.locator('.budget-percent').allTextContents()).map((text) => parseInt(text, 10));
  const shown = await percents();
  expect(shown.length).toBeGreaterThan(10);
  await expect(table.locator('.budget-amounts').first()).toHaveText(/^\d+\.\d{2} \/ \d+\.\d{2}$/);
  await expect(table.getByRole('meter').first()).toHaveAccessibleName(/^\d+ % of the budget used$/);

  await page.getByLabel('Budget used ≥ %').fill('80');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/budget_used=80/);
  await hydrated(page, javaScriptEnabled);
  const filtered = await percents();
  expect(filtered.length).toBeGreaterThan(0);
  expect(filtered.length).toBeLessThan(shown.length);
  expect(filtered.every((percent) => percent >= 80)).toBe(true);
  await expect(page.getByLabel('Budget used ≥ %')).toHaveValue('80');
});
