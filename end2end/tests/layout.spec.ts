import { test, expect, Page, Locator } from '@playwright/test';
import { backToEnglish, chooseLanguage, signIn } from './helpers';

// Issue #12: on the laptop screens sales teams demo on, every row's Customer, Status and
// Operation cells are on screen without scrolling sideways; on a phone the rows are cards.
// Clicks scroll elements into view, so these tests measure boxes instead of clicking.

const LAPTOPS = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const PHONE = { width: 390, height: 844 };
const ADMINISTRATION_PAGES = ['/staff', '/settings', '/security-events', '/account/password'];

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  if (javaScriptEnabled) {
    await expect(page.locator('.console')).toHaveAttribute('data-hydrated', 'true');
  }
}

/** The page does not scroll sideways, and no table inside it does either. */
async function expectNoSidewaysScroll(page: Page) {
  const width = page.viewportSize()!.width;
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scrollWidth, 'the page scrolls sideways').toBe(width);
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
      .filter((el) => el.clientWidth > 0)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  );
  expect(overflowing, 'a box inside the page scrolls sideways').toEqual([]);
}

/** The element's whole box lies inside the viewport horizontally. */
async function expectInsideViewport(element: Locator, what: string) {
  const box = await element.boundingBox({ timeout: 5_000 });
  expect(box, `${what} is not rendered`).not.toBeNull();
  const width = element.page().viewportSize()!.width;
  expect(box!.x, `${what} starts left of the viewport`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends right of the viewport`).toBeLessThanOrEqual(width);
}

/** Checks a customer row's Customer and Status cells, operations and More button. */
async function expectRowOnScreen(row: Locator, label: string) {
  await expectInsideViewport(row.locator('td.customer-cell'), `${label}: the Customer cell`);
  await expectInsideViewport(row.locator('td.status-cell'), `${label}: the Status cell`);
  const controls = row.locator('td.operations').locator('a.op-link:visible, summary:visible');
  const count = await controls.count();
  expect(count, `${label} has no operations`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expectInsideViewport(controls.nth(i), `${label}: operation ${i + 1}`);
  }
  await expectInsideViewport(row.locator('td.operations summary'), `${label}: More`);
}

/** Opens the row's More menu and checks each of its items is on screen too. */
async function expectMoreOnScreen(row: Locator, label: string) {
  await row.locator('summary').click();
  const items = row.locator('.more-items .op-link');
  await expect(items.first()).toBeVisible();
  for (let i = 0; i < (await items.count()); i++) {
    await expectInsideViewport(items.nth(i), `${label}: More item ${i + 1}`);
  }
  await row.locator('summary').click();
}

for (const size of LAPTOPS) {
  test(`at ${size.width}×${size.height} every row's operations are on screen`, async ({
    page,
    javaScriptEnabled,
  }) => {
    await page.setViewportSize(size);
    await signIn(page, 'operator', javaScriptEnabled);
    // The reseller-model customers: each row has operations and a More menu.
    await open(page, '/sales/customers?association=reseller', javaScriptEnabled);
    const rows = page.locator('table[aria-label="Customers"] tbody tr');
    await expect(rows).toHaveCount(10);
    await expectNoSidewaysScroll(page);
    await expectRowOnScreen(rows.first(), 'the first row');
    await expectRowOnScreen(rows.last(), 'the last row');
    await expectMoreOnScreen(rows.last(), 'the last row');
  });
}

test('at 1366×768 the other pages fit the screen, filled with a record', async ({ page, javaScriptEnabled }) => {
  await page.setViewportSize(LAPTOPS[0]);
  await signIn(page, 'admin', javaScriptEnabled);
  // A restriction, so the records list, the record detail and the timeline have rows.
  await open(page, '/sales/customers?status=active&association=reseller', javaScriptEnabled);
  const row = page.locator('table[aria-label="Customers"] tbody tr').first();
  const id = await row.getAttribute('data-customer-id');
  await row.getByRole('link', { name: 'Restrict Purchase', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expectNoSidewaysScroll(page);
  await dialog.getByLabel('Reason').fill('A long reason that wraps: '.repeat(8));
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('.record-title')).toHaveText('Purchase is restricted.');
  await expectNoSidewaysScroll(page);
  const record = new URL(page.url()).searchParams.get('record');
  for (const path of [
    '/sales/operation-records',
    `/sales/operation-records/${record}`,
    `/sales/customers/${id}/timeline`,
    ...ADMINISTRATION_PAGES,
  ]) {
    await open(page, path, javaScriptEnabled);
    await expectNoSidewaysScroll(page);
  }
});

test.describe('in Chinese', () => {
  test.afterEach(backToEnglish);

  test('at 1366×768 in Chinese the rows and the other pages fit the screen too', async ({ page, javaScriptEnabled }) => {
    await page.setViewportSize(LAPTOPS[0]);
    await signIn(page, 'admin', javaScriptEnabled);
    await chooseLanguage(page, '简体中文');
    await open(page, '/sales/customers?association=reseller', javaScriptEnabled);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    const rows = page.locator('table[aria-label="客户"] tbody tr');
    await expect(rows).toHaveCount(10);
    await expectNoSidewaysScroll(page);
    await expectRowOnScreen(rows.first(), 'the first row');
    await expectRowOnScreen(rows.last(), 'the last row');
    await expectMoreOnScreen(rows.last(), 'the last row');
    for (const path of ['/sales/operation-records', '/sales/retention', ...ADMINISTRATION_PAGES]) {
      await open(page, path, javaScriptEnabled);
      await expectNoSidewaysScroll(page);
    }
  });
});

test('More opens by keyboard, moves with the arrows and closes with Esc', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, '/sales/customers?status=active&association=reseller', javaScriptEnabled);
  const more = page.locator('table[aria-label="Customers"] tbody tr').first().locator('summary');
  await more.focus();
  await page.keyboard.press('Enter');
  const menu = page.locator('details.more-menu[open]');
  await expect(menu).toHaveCount(1);
  await expect(menu.getByRole('link', { name: 'Set Budget' })).toBeVisible();
  if (!javaScriptEnabled) {
    // Without WASM it is a plain disclosure: Tab walks its links.
    await page.keyboard.press('Tab');
    await expect(menu.getByRole('link', { name: 'Restrict Purchase and Freeze Resources' })).toBeFocused();
    return;
  }
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('link', { name: 'Restrict Purchase and Freeze Resources' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('link', { name: 'Set Budget' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByRole('link', { name: 'Timeline' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('link', { name: 'Restrict Purchase and Freeze Resources' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('details.more-menu[open]')).toHaveCount(0);
  await expect(more).toBeFocused();
  // Enter on an item opens its dialog.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByRole('heading', { name: 'Set Budget' })).toBeVisible();
});

test('the copy button copies the whole customer ID', async ({ page, context, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'copying needs WASM; without it the button is not shown');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, 'viewer', javaScriptEnabled);
  await open(page, '/sales/customers', javaScriptEnabled);
  const row = page.locator('table[aria-label="Customers"] tbody tr').first();
  const id = (await row.getAttribute('data-customer-id'))!;
  await row.getByRole('button', { name: `Copy customer ID ${id}` }).click();
  await expect(row.getByRole('status')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);
});

test('at 390×844 the customers are cards with their operations', async ({ page, javaScriptEnabled }) => {
  await page.setViewportSize(PHONE);
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, '/sales/customers?association=reseller', javaScriptEnabled);
  const rows = page.locator('table[aria-label="Customers"] tbody tr');
  await expect(rows).toHaveCount(10);
  // A card: the row is as wide as the list, not a line of narrow cells.
  const list = await page.locator('table[aria-label="Customers"]').boundingBox();
  const card = await rows.first().boundingBox();
  expect(card!.width).toBeGreaterThan(list!.width * 0.9);
  expect(card!.height).toBeGreaterThan(120);
  await expectRowOnScreen(rows.first(), 'the first card');
  await expectRowOnScreen(rows.last(), 'the last card');
  await expectMoreOnScreen(rows.last(), 'the last card');
  await expectNoSidewaysScroll(page);
});
