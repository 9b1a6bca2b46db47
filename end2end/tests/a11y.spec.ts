import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { hydrated, setFaults, setVerificationCode, signIn } from './helpers';

// WCAG 2.0 and 2.1, levels A and AA; colour contrast is one of the AA rules.
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = ['serious', 'critical'];

const RESELLER = '/sales/customers?association=reseller&page_size=100';

/**
 * The routes of `page_table` in server/tests/auth.rs, which that test keeps equal to the
 * router's pages: visiting each of them is what makes "every page" checkable.
 */
function routesOfThePageTable(): string[] {
  const source = readFileSync(`${__dirname}/../../server/tests/auth.rs`, 'utf8');
  const table = /fn page_table\(\)[\s\S]*?\n\}/.exec(source)?.[0] ?? '';
  const routes = [...table.matchAll(/\("(\/[^"]*)",/g)].map((m) => m[1]);
  expect(routes.length, 'page_table of server/tests/auth.rs was not found').toBeGreaterThan(5);
  return routes.sort();
}

/**
 * Runs axe on what the page shows now; returns one readable paragraph per failing rule.
 * axe is a script, which a page without JavaScript cannot run: its HTML is then shown, for
 * axe, in `scripted` with every script file refused, so it stays the unhydrated page.
 */
async function seriousViolations(page: Page, name: string, scripted: Page | null): Promise<string[]> {
  let target = page;
  if (scripted) {
    const html = await page.content();
    const url = page.url();
    await scripted.unrouteAll();
    await scripted.route(/\.(js|wasm)$/, (route) => route.abort());
    await scripted.route(url, (route) => route.fulfill({ body: html, contentType: 'text/html' }));
    await scripted.goto(url);
    target = scripted;
  }
  const results = await new AxeBuilder({ page: target }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((v) => FAILING_IMPACTS.includes(v.impact ?? ''))
    .map((v) => {
      const targets = v.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n');
      return `${name}: ${v.id} (${v.impact}) ${v.help}\n  ${v.helpUrl}\n${targets}`;
    });
}

async function customerIds(page: Page, path: string, count: number): Promise<string[]> {
  await page.goto(path);
  const ids = await page
    .locator('table[aria-label="Customers"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer-id') ?? ''));
  expect(ids.length, `customers at ${path}`).toBeGreaterThanOrEqual(count);
  return ids.slice(0, count);
}

/** Submits the open operation dialog and waits for the record panel it leads to. */
async function runDialog(page: Page, title: RegExp | string): Promise<string> {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('e2e accessibility');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page).toHaveURL(/record=\d+/);
  await expect(page.locator('.record-title')).toHaveText(title, { timeout: 30_000 });
  return new URL(page.url()).searchParams.get('record') as string;
}

test('every page passes axe-core with no serious or critical violation', async ({
  page,
  browser,
  request,
  javaScriptEnabled,
}) => {
  test.setTimeout(300_000);
  const scripted = javaScriptEnabled ? null : await (await browser.newContext({ javaScriptEnabled: true })).newPage();
  const found: string[] = [];
  const visited = new Set<string>();
  const check = async (route: string | null, name: string, path?: string) => {
    if (path !== undefined) {
      await page.goto(path);
    }
    await hydrated(page, javaScriptEnabled);
    found.push(...(await seriousViolations(page, name, scripted)));
    if (route) {
      visited.add(route);
    }
  };

  await check('/sign-in', 'sign-in', '/sign-in');
  await signIn(page, 'viewer', javaScriptEnabled);
  await check('/sales/customers', 'Customer Management as viewer', '/sales/customers');

  await signIn(page, 'admin', javaScriptEnabled);
  await check('/', 'the start page (Customer Management)', '/');
  await check('/sales/customers', 'Customer Management', '/sales/customers');
  const [active, failing] = await customerIds(page, `${RESELLER}&status=active`, 3);
  const [restricted] = await customerIds(page, `${RESELLER}&status=account`, 1);
  const dialogs: [string, string][] = [
    ['freeze-account', active],
    ['freeze-account-and-resources', active],
    ['unfreeze-account', restricted],
    ['unfreeze-account-and-resources', restricted],
    ['set-budget', restricted],
    ['freeze-account', `${active},${failing},${restricted}`],
    ['freeze-account', ''],
  ];
  for (const [dialog, ids] of dialogs) {
    await check('/sales/customers', `dialog ${dialog} for [${ids}]`, `/sales/customers?dialog=${dialog}&ids=${ids}`);
  }

  // A batch with a failure: the record panel with each customer's result and "Retry failed".
  await setFaults(request, [failing]);
  try {
    await page.goto(`/sales/customers?dialog=freeze-account&ids=${active},${failing}`);
    await hydrated(page, javaScriptEnabled);
    const batch = await runDialog(page, /1 succeeded, 1 failed/);
    await check('/sales/customers', 'record panel of a batch with a failure');
    await check('/sales/operation-records/{id}', 'record detail', `/sales/operation-records/${batch}`);
  } finally {
    await setFaults(request, []);
  }
  await page.goto(`/sales/customers?dialog=unfreeze-account&ids=${active}`);
  await hydrated(page, javaScriptEnabled);
  await runDialog(page, 'Purchase restriction is removed.');
  await check('/sales/customers', 'record panel of a success');
  await check('/sales/operation-records', 'Operation Records', '/sales/operation-records');
  await check('/sales/customers/{id}/timeline', 'customer timeline', `/sales/customers/${active}/timeline`);

  await setVerificationCode(page, 'On', javaScriptEnabled);
  try {
    await check('/sales/customers', 'dialog with a verification code', `/sales/customers?dialog=freeze-account&ids=${active}`);
    await check('/sales/customers', 'Set Budget with a verification code', `/sales/customers?dialog=set-budget&ids=${restricted}`);
  } finally {
    await setVerificationCode(page, 'Off', javaScriptEnabled);
  }

  await check('/sales/retention', 'Retention Deadlines', '/sales/retention');
  await check('/staff', 'Staff', '/staff');
  await check('/settings', 'Settings', '/settings');
  await check('/security-events', 'Security Events', '/security-events');
  await check('/sales/customers/exports', 'View Export', '/sales/customers/exports');
  await check('/sales/customers', 'Export Selected dialog', `/sales/customers?export=selected&ids=${active}`);
  await check('/account/password', 'Password', '/account/password');
  await check('/demo/inbox', 'Demo Inbox', '/demo/inbox');
  await check('/agreements/partner-budget-management', 'agreement', '/agreements/partner-budget-management');
  await check(null, 'not found', '/no-such-page');

  expect(found.join('\n\n'), 'serious or critical axe-core violations').toBe('');
  expect([...visited].sort(), 'every route of page_table is checked').toEqual(routesOfThePageTable());
});

const ACTIVE_RESELLER_CUSTOMERS = `${RESELLER}&status=active`;

/** Presses Tab until `selector` has the focus (at most `limit` times). */
async function tabTo(page: Page, selector: string, limit = 150) {
  const focused = page.locator(`${selector}:focus`);
  for (let i = 0; i < limit && (await focused.count()) === 0; i++) {
    await page.keyboard.press('Tab');
  }
  await expect(focused, `Tab reaches ${selector}`).toHaveCount(1);
}

test('dialogs are named by their title and described by what they say before OK', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  const [id] = await customerIds(page, ACTIVE_RESELLER_CUSTOMERS, 1);

  await page.goto(`/sales/customers?dialog=freeze-account&ids=${id}`);
  const operation = page.getByRole('dialog');
  await expect(operation).toHaveAttribute('aria-modal', 'true');
  await expect(operation).toHaveAccessibleName('Restrict Purchase');
  await expect(operation).toHaveAccessibleDescription(/^Impact .*customer/);

  await page.goto(`/sales/customers?dialog=set-budget&ids=${id}`);
  const budget = page.getByRole('dialog');
  await expect(budget).toHaveAttribute('aria-modal', 'true');
  await expect(budget).toHaveAccessibleName('Set Budget');
  await expect(budget).toHaveAccessibleDescription(/^Current budget: .*BSS lifts an account-level restriction only/);

  await page.goto('/sales/customers?dialog=freeze-account&ids=');
  const cannot = page.getByRole('alertdialog');
  await expect(cannot).toHaveAccessibleName('The operation cannot be opened');
  await expect(cannot).toHaveAccessibleDescription('Select at least one customer.');
});

test('freeze and see the result with the keyboard alone', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await page.goto(ACTIVE_RESELLER_CUSTOMERS);
  await hydrated(page, javaScriptEnabled);
  // Keyboard only from here: Tab to the first active customer's More, Enter opens it, the
  // first item (arrow keys with WASM, Tab without) is the resource-level freeze.
  const more = 'tr[data-state="active"] td.operations summary';
  await tabTo(page, more);
  const id = (await page.locator(`${more}:focus`).locator('xpath=ancestor::tr').getAttribute('data-customer-id')) as string;
  await page.keyboard.press('Enter');
  await page.keyboard.press(javaScriptEnabled ? 'ArrowDown' : 'Tab');
  await expect(
    page.locator(`tr[data-customer-id="${id}"] a[data-operation="freeze-account-and-resources"]`),
  ).toBeFocused();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Restrict Purchase and Freeze Resources' })).toBeVisible();
  await expect(dialog).toContainText(id);
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  await page.keyboard.type('keyboard only');
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel(/I have read and agree/)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(dialog.getByLabel(/I have read and agree/)).toBeChecked();
  await tabTo(page, '.modal button[type="submit"]', 5);
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/record=\d+/);
  await expect(page.locator('.record-title')).toHaveText('Purchase is restricted and resources are frozen.');
  if (javaScriptEnabled) {
    // Focus is on the outcome, and Tab goes on from there.
    await expect(page.locator('.record-focus')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Dismiss' })).toBeFocused();
  }

  // Leave the customer as it was, for the other tests.
  await page.goto(`/sales/customers?dialog=unfreeze-account-and-resources&ids=${id}`);
  await hydrated(page, javaScriptEnabled);
  await runDialog(page, 'Purchase restriction is removed and resources are unfrozen.');
});

// Restrict Purchase is a row's first operation, a link; Set Budget is in its More menu, which
// has closed by the time the dialog goes: focus returns to More.
for (const operation of ['freeze-account', 'set-budget']) {
  test(`Esc closes the ${operation} dialog and focus returns to what opened it`, async ({
    page,
    javaScriptEnabled,
  }) => {
    test.skip(!javaScriptEnabled, 'without WASM the dialog is a page of its own: Cancel leaves it');
    await signIn(page, 'operator', javaScriptEnabled);
    await page.goto(ACTIVE_RESELLER_CUSTOMERS);
    await hydrated(page, javaScriptEnabled);
    const inMore = operation === 'set-budget';
    const opener = inMore
      ? 'tr[data-state="active"] td.operations summary'
      : `tr[data-state="active"] a.op-link[data-operation="${operation}"]`;
    await tabTo(page, opener);
    const id = await page.locator(`${opener}:focus`).locator('xpath=ancestor::tr').getAttribute('data-customer-id');
    const row = page.locator(`tr[data-customer-id="${id}"]`);
    if (inMore) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect(row.locator(`a[data-operation="${operation}"]`)).toBeFocused();
    }
    await page.keyboard.press('Enter');
    // The dialog is a page of its own: Esc works once its islands have hydrated.
    await hydrated(page, javaScriptEnabled);
    const dialog = page.getByRole('dialog');
    await expect(dialog.locator('[autofocus]')).toBeFocused();

    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page).not.toHaveURL(/dialog=/);
    await expect(row.locator(inMore ? 'summary' : `a[data-operation="${operation}"]`)).toBeFocused();
  });
}

test('Tab and Shift+Tab wrap around inside a dialog', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'without WASM the dialog is an ordinary page and Tab follows it');
  await signIn(page, 'operator', javaScriptEnabled);
  const [id] = await customerIds(page, ACTIVE_RESELLER_CUSTOMERS, 1);
  await page.goto(`/sales/customers?dialog=freeze-account-and-resources&ids=${id}`);
  await hydrated(page, javaScriptEnabled);
  const dialog = page.getByRole('dialog');
  const reason = dialog.getByLabel('Reason');
  // The resource preview scrolls on its own, so the keyboard reaches it first.
  const first = dialog.getByRole('region', { name: 'Resources of the selected customers' });
  const last = dialog.getByRole('link', { name: 'Cancel' });
  await expect(reason).toBeFocused();

  await page.keyboard.press('Shift+Tab');
  await expect(first).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(last).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  // Forward through every control (OK waits for the agreement, so Tab skips it) and round.
  for (const control of [
    reason,
    dialog.getByLabel(/I have read and agree/),
    dialog.getByRole('link', { name: /Agreement for Partners/ }),
    last,
    first,
  ]) {
    await page.keyboard.press('Tab');
    await expect(control).toBeFocused();
  }
});

test('without WASM, Tab from a dialog does not reach the list behind it', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'with WASM the dialog keeps Tab inside itself (the wrap-around test)');
  await signIn(page, 'operator', javaScriptEnabled);
  const [id] = await customerIds(page, ACTIVE_RESELLER_CUSTOMERS, 1);
  await page.goto(`/sales/customers?dialog=freeze-account&ids=${id}`);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  for (const key of ['Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    // In the dialog, or in the console's navigation: not in the page under the backdrop.
    const where = await page.evaluate(() => {
      const active = document.activeElement;
      return active?.closest('.modal') ? 'dialog' : active?.closest('.content') ? 'behind' : 'chrome';
    });
    expect(where).not.toBe('behind');
  }
  // The list is there, inert: out of Tab's reach and of the accessibility tree.
  await expect(page.locator('[inert] table[aria-label="Customers"]')).toHaveCount(1);
});
