import { test, expect, Page } from '@playwright/test';
import { clickOperation, demoAccounts, hydrated, setFaults, setVerificationCode, signIn } from './helpers';

// Both projects (hydrated and without JavaScript) run against one server, so each test
// picks customers by their current state instead of assuming fixed ones.
const ACTIVE_RESELLER_CUSTOMERS = '/sales/customers?status=active&association=reseller&page_size=100';

type LabelSet = 'current' | 'classic';

const LABELS: Record<LabelSet, Record<string, string>> = {
  current: {
    'freeze-account': 'Restrict Purchase',
    'freeze-account-and-resources': 'Restrict Purchase and Freeze Resources',
    'unfreeze-account': 'Unrestrict Purchase',
    'unfreeze-account-and-resources': 'Unrestrict Purchase and Unfreeze Resources',
  },
  classic: {
    'freeze-account': 'Freeze Account',
    'freeze-account-and-resources': 'Freeze Account and Resources',
    'unfreeze-account': 'Unfreeze Account',
    'unfreeze-account-and-resources': 'Unfreeze Account and Resources',
  },
};

const MESSAGES: Record<LabelSet, Record<string, string>> = {
  current: {
    'freeze-account': 'Purchase is restricted.',
    'freeze-account-and-resources': 'Purchase is restricted and resources are frozen.',
    'unfreeze-account': 'Purchase restriction is removed.',
    'unfreeze-account-and-resources': 'Purchase restriction is removed and resources are unfrozen.',
  },
  classic: {
    'freeze-account': 'The account is frozen.',
    'freeze-account-and-resources': 'The account and resources are frozen.',
    'unfreeze-account': 'The account is unfrozen.',
    'unfreeze-account-and-resources': 'The account and resources are unfrozen.',
  },
};

const STATUS: Record<LabelSet, Record<string, string>> = {
  current: {
    account: 'Purchase restricted',
    account_and_resource: 'Purchase restricted, resources frozen',
    active: 'Normal',
  },
  classic: {
    account: 'Account frozen',
    account_and_resource: 'Account and resources frozen',
    active: 'Normal',
  },
};

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

async function useLabelSet(page: Page, labels: LabelSet, javaScriptEnabled: boolean) {
  await signIn(page, 'admin', javaScriptEnabled);
  await open(page, '/settings', javaScriptEnabled);
  const form = page.locator('form').filter({ has: page.locator('input[name="label_set"]') });
  await form.locator(`input[value="${labels}"]`).check();
  // Without WASM the form post navigates (POST, 302, GET): wait for it to finish loading.
  const loaded = javaScriptEnabled ? null : page.waitForEvent('load');
  await form.getByRole('button', { name: 'Save' }).click();
  if (javaScriptEnabled) {
    await expect(page.getByText('The label set is saved.')).toBeVisible();
  } else {
    // The plain form post comes back to Settings, rendered from the stored setting.
    await loaded;
    await expect(form.locator(`input[value="${labels}"]`)).toBeChecked();
  }
}

function rows(page: Page) {
  return page.locator('table[aria-label="Customers"] tbody tr');
}

/**
 * Runs one operation from a row's Operation column and checks the console's message.
 * `scope` is the tab's query (`reseller=<id>&` on the Resellers' Customers tab).
 */
async function operate(
  page: Page,
  labels: LabelSet,
  customerId: string,
  operation: string,
  javaScriptEnabled: boolean,
  scope = '',
) {
  await open(page, `/sales/customers?${scope}q=${customerId}`, javaScriptEnabled);
  const row = page.locator(`tr[data-customer-id="${customerId}"]`);
  await clickOperation(row, LABELS[labels][operation]);
  await hydrated(page, javaScriptEnabled);

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: LABELS[labels][operation] })).toBeVisible();
  await expect(dialog).toContainText(customerId);
  await expect(dialog.locator('#op-dialog-impact')).toContainText(/customer/);
  await dialog.getByLabel('Reason').fill(`e2e ${operation}`);
  // Counted live with WASM; without it the page states the limit instead of a stale count.
  await expect(dialog.locator('#op-reason-count')).toHaveText(
    javaScriptEnabled ? `${`e2e ${operation}`.length}/256` : 'At most 256 characters.',
  );
  const impact = dialog.locator('#op-dialog-impact');
  if (operation.startsWith('freeze')) {
    // Huawei's table of what the customer can still do, per billing mode.
    const capabilities = impact.locator('table.capabilities');
    await expect(capabilities.locator('caption')).toHaveText(
      `What the customer can still do after ${LABELS[labels][operation]}`,
    );
    await expect(capabilities.getByRole('rowheader')).toHaveText(['Yearly/Monthly', 'Pay-per-use']);
  }
  if (operation.endsWith('account-and-resources')) {
    // BSS's resource queries list each resource with what the operation does to it.
    await expect(impact).toContainText(
      operation.startsWith('freeze')
        ? /Stops and stops billing; its data is deleted and it is released on|Keeps working until it expires|no cloud resources/
        : /Starts again and resumes billing|Keeps working until it expires|no cloud resources/,
    );
  }
  if (operation === 'freeze-account-and-resources') {
    if (javaScriptEnabled) {
      await expect(dialog.getByRole('button', { name: 'OK' })).toBeDisabled();
    }
    await dialog.getByLabel(/I have read and agree/).check();
  }
  await dialog.getByRole('button', { name: 'OK' }).click();

  await expect(page).toHaveURL(/record=\d+/);
  await expect(page.locator('.record-title')).toHaveText(MESSAGES[labels][operation]);
}

for (const labels of ['current', 'classic'] as LabelSet[]) {
  test(`the four freeze and unfreeze operations, ${labels} labels`, async ({ page, javaScriptEnabled }) => {
    await useLabelSet(page, labels, javaScriptEnabled);
    try {
      await fourOperations(page, labels, javaScriptEnabled);
    } finally {
      // The label set is global: later tests expect the default.
      await useLabelSet(page, 'current', javaScriptEnabled);
    }
  });
}

async function fourOperations(page: Page, labels: LabelSet, javaScriptEnabled: boolean) {
    await signIn(page, 'operator', javaScriptEnabled);
    await open(page, ACTIVE_RESELLER_CUSTOMERS, javaScriptEnabled);
    const customerId = await rows(page).first().getAttribute('data-customer-id');
    expect(customerId).toMatch(/^[0-9a-f]{32}$/);
    const id = customerId as string;
    const status = page.locator(`tr[data-customer-id="${id}"] .status`);

    await operate(page, labels, id, 'freeze-account', javaScriptEnabled);
    await expect(status).toHaveText(STATUS[labels].account);
    await operate(page, labels, id, 'unfreeze-account', javaScriptEnabled);
    await expect(status).toHaveText(STATUS[labels].active);
    await operate(page, labels, id, 'freeze-account-and-resources', javaScriptEnabled);
    await expect(status).toHaveText(STATUS[labels].account_and_resource);

    // The list filtered by status shows the customer in its new state.
    await open(page, '/sales/customers?status=account_and_resource&page_size=100', javaScriptEnabled);
    await expect(page.locator(`tr[data-customer-id="${id}"]`)).toHaveCount(1);
    await expect(rows(page).locator('.status')).not.toContainText([STATUS[labels].active]);

    await operate(page, labels, id, 'unfreeze-account-and-resources', javaScriptEnabled);
    await expect(status).toHaveText(STATUS[labels].active);
}

test('the resource freeze dialog lists each customer\'s resources from BSS', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, ACTIVE_RESELLER_CUSTOMERS, javaScriptEnabled);
  const ids = (await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer-id'))))
    .slice(0, 12)
    .join(',');
  await open(page, `/sales/customers?dialog=freeze-account-and-resources&ids=${ids}`, javaScriptEnabled);

  const preview = page.getByRole('dialog').locator('.resource-preview');
  // Ten customers are listed, each under its name; the other two are counted.
  await expect(preview.locator('h4')).toHaveCount(10);
  await expect(preview).toContainText('Resources of 2 more selected customers are not listed');
  const resources = preview.locator('tbody tr');
  await expect(
    resources.filter({ hasText: 'Pay-per-use' }).filter({ hasText: /Stops and stops billing; its data is deleted and it is released on \d{4}-\d{2}-\d{2} unless unfrozen/ }).first(),
  ).toBeVisible();
  await expect(
    resources.filter({ hasText: 'Yearly/Monthly' }).filter({ hasText: /Keeps working until it expires on \d{4}-\d{2}-\d{2}/ }).first(),
  ).toBeVisible();
  await expect(preview.getByRole('alert')).toHaveCount(0);
});

test("a reseller's customer is restricted and unrestricted from the Resellers' Customers tab", async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, '/sales/customers', javaScriptEnabled);
  const tab = page.getByRole('link', { name: "Resellers' Customers" });
  const reseller = new URL((await tab.getAttribute('href')) as string, page.url()).searchParams.get('reseller');
  expect(reseller).toBeTruthy();
  const scope = `reseller=${reseller}&`;
  await open(page, `/sales/customers?${scope}status=active&association=reseller&page_size=100`, javaScriptEnabled);
  // The test leaves the customer active again, so the other project may take it too.
  const id = (await rows(page).first().getAttribute('data-customer-id')) as string;
  const status = page.locator(`tr[data-customer-id="${id}"] .status`);

  await operate(page, 'current', id, 'freeze-account', javaScriptEnabled, scope);
  await expect(status).toHaveText(STATUS.current.account);
  await operate(page, 'current', id, 'unfreeze-account', javaScriptEnabled, scope);
  await expect(status).toHaveText(STATUS.current.active);
  // The partner's own tab does not list the reseller's customer.
  await open(page, `/sales/customers?q=${id}`, javaScriptEnabled);
  await expect(page.locator(`tr[data-customer-id="${id}"]`)).toHaveCount(0);
});

test('a refused operation keeps what was typed and says why', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, ACTIVE_RESELLER_CUSTOMERS, javaScriptEnabled);
  const id = (await rows(page).first().getAttribute('data-customer-id')) as string;
  await operate(page, 'current', id, 'freeze-account', javaScriptEnabled);

  // The same freeze again, opened from a stale URL: the server refuses it.
  await open(page, `/sales/customers?dialog=freeze-account&ids=${id}`, javaScriptEnabled);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('alert')).toContainText('does not apply');
  await open(page, `/sales/customers?q=${id}`, javaScriptEnabled);
  await operate(page, 'current', id, 'unfreeze-account', javaScriptEnabled);

  // A reason of 257 characters is refused, and the reason stays in the field.
  await open(page, `/sales/customers?dialog=freeze-account&ids=${id}`, javaScriptEnabled);
  const tooLong = 'x'.repeat(257);
  await dialog.getByLabel('Reason').fill(tooLong);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog.getByRole('alert')).toContainText('257 characters');
  await expect(dialog.getByLabel('Reason')).toHaveValue(tooLong);
});

test('ticked customers stay ticked, and counted, on every page of the list', async ({
  page,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'without WASM a page submits only the ticks on it');
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, ACTIVE_RESELLER_CUSTOMERS.replace('page_size=100', 'page_size=10'), javaScriptEnabled);
  const first = rows(page).first();
  const id = (await first.getAttribute('data-customer-id')) as string;
  await first.locator('input[type="checkbox"]').check();
  await expect(page.locator('.selected-count')).toHaveText('1 customer selected');

  // Each page is a page load: the count must come from the kept selection, not the HTML.
  await page.getByRole('link', { name: 'Next' }).click();
  await hydrated(page, javaScriptEnabled);
  await expect(page.locator('.selected-count')).toHaveText('1 customer selected');
  await expect(page.getByRole('button', { name: 'Clear selection' })).toBeEnabled();
  await page.getByRole('link', { name: 'Previous' }).click();
  await hydrated(page, javaScriptEnabled);
  await expect(page.locator(`tr[data-customer-id="${id}"] input[type="checkbox"]`)).toBeChecked();
  await expect(page.locator('.selected-count')).toHaveText('1 customer selected');

  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(page.locator('.selected-count')).toHaveText('Tick customers to operate on several at once.');
  await expect(page.locator(`tr[data-customer-id="${id}"] input[type="checkbox"]`)).not.toBeChecked();
});

test('a batch of 35 customers with failures, then "Retry failed"', async ({
  page,
  request,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, ACTIVE_RESELLER_CUSTOMERS, javaScriptEnabled);
  const ids = (await rows(page).evaluateAll((trs) =>
    trs.map((tr) => tr.getAttribute('data-customer-id') ?? ''),
  )).slice(0, 35);
  expect(ids).toHaveLength(35);
  const failing = ids.filter((_, i) => i % 7 === 3);
  await setFaults(request, failing);

  try {
    for (const id of ids) {
      await page.locator(`tr[data-customer-id="${id}"] input[type="checkbox"]`).check();
    }
    if (javaScriptEnabled) {
      await expect(page.locator('.selected-count')).toHaveText('35 customers selected');
    }
    await page.getByLabel('Batch operation').selectOption('freeze-account');
    await page.getByRole('button', { name: 'Apply to Selected' }).click();

    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Customers (35):');
    await dialog.getByLabel('Reason').fill('e2e batch');
    await dialog.getByRole('button', { name: 'OK' }).click();

    const panel = page.locator('.record-panel');
    await expect(panel.locator('.record-title')).toHaveText(
      `Restrict Purchase: ${35 - failing.length} succeeded, ${failing.length} failed`,
      { timeout: 30_000 },
    );
    const results = panel.locator('tbody tr');
    await expect(results).toHaveCount(35);
    for (const id of failing) {
      const result = panel.locator(`tr[data-customer-id="${id}"]`);
      await expect(result).toHaveAttribute('data-result', 'failed');
      await expect(result).toContainText('internal error');
    }
  } finally {
    await setFaults(request, []);
  }

  await page.getByRole('link', { name: 'Retry failed' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Customers (${failing.length}):`);
  await expect(dialog.getByLabel('Reason')).toHaveValue('e2e batch');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('.record-title')).toHaveText('Purchase is restricted.', {
    timeout: 30_000,
  });

  await open(page, '/sales/customers?status=account&page_size=100', javaScriptEnabled);
  for (const id of ids) {
    await expect(page.locator(`tr[data-customer-id="${id}"]`)).toHaveCount(1);
  }
});

test('Set Budget with "also unrestrict" lifts a purchase restriction', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await open(page, ACTIVE_RESELLER_CUSTOMERS, javaScriptEnabled);
  const id = (await rows(page).first().getAttribute('data-customer-id')) as string;
  await operate(page, 'current', id, 'freeze-account', javaScriptEnabled);
  const row = page.locator(`tr[data-customer-id="${id}"]`);
  await expect(row.locator('.status')).toHaveText('Purchase restricted');

  await clickOperation(row, 'Set Budget');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Set Budget' })).toBeVisible();
  await expect(dialog).toContainText('Current budget:');

  // A bad amount is refused and what was typed stays.
  await dialog.getByLabel('Budget (USD)').fill('12.345');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog.getByRole('alert')).toContainText('two decimals');
  await expect(dialog.getByLabel('Budget (USD)')).toHaveValue('12.345');

  await dialog.getByLabel('Budget (USD)').fill('2500.50');
  await dialog.getByLabel('Budget type').selectOption('monthly');
  await expect(dialog.getByLabel('Also unrestrict purchase')).toBeChecked();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('.record-title')).toHaveText('The budget is set.');
  await expect(row.locator('.status')).toHaveText('Normal');

  await clickOperation(row, 'Set Budget');
  await expect(page.getByRole('dialog')).toContainText('Current budget: 2500.50 USD (Monthly)');
});

test('with codes on, Set Budget asks for a code to lift a restriction and offers Get Code', async ({
  page,
  context,
  javaScriptEnabled,
}) => {
  // Codes may be requested once a minute per person: each project asks as another member.
  const role = javaScriptEnabled ? 'operator' : 'admin';
  await signIn(page, role, javaScriptEnabled);
  await open(page, ACTIVE_RESELLER_CUSTOMERS, javaScriptEnabled);
  const id = (await rows(page).first().getAttribute('data-customer-id')) as string;
  await operate(page, 'current', id, 'freeze-account', javaScriptEnabled);
  await setVerificationCode(page, 'On', javaScriptEnabled);
  try {
    await signIn(page, role, javaScriptEnabled);
    await open(page, `/sales/customers?q=${id}`, javaScriptEnabled);
    const row = page.locator(`tr[data-customer-id="${id}"]`);
    await clickOperation(row, 'Set Budget');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Also unrestrict purchase')).toBeChecked();
    await dialog.getByLabel('Budget (USD)').fill('1800');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('alert')).toContainText('verification code');

    await dialog.getByRole('button', { name: 'Get Code' }).click();
    await expect(dialog.getByRole('status')).toContainText('sent to');
    const inbox = await context.newPage();
    await inbox.goto('/demo/inbox');
    const newest = inbox.getByRole('list', { name: 'Mail, newest first' }).getByRole('listitem').first();
    await expect(newest).toContainText(demoAccounts[role].email);
    const body = await newest.locator('.mail-body').innerText();
    const code = /verification code is (\d{6})\./.exec(body)?.[1] as string;
    await inbox.close();

    await dialog.getByLabel('Budget (USD)').fill('1800');
    await dialog.getByLabel('Verification Code').fill(code);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(page.locator('.record-title')).toHaveText('The budget is set.');
    await expect(page.locator(`tr[data-customer-id="${id}"] .status`)).toHaveText('Normal');
  } finally {
    await setVerificationCode(page, 'Off', javaScriptEnabled);
  }
});
