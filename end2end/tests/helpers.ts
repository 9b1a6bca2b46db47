import { APIRequestContext, expect, Locator, Page } from '@playwright/test';
import { demo } from '../playwright.config';

export type Role = 'admin' | 'operator' | 'viewer';

// The accounts demo mode seeds (domain/src/services/staff.rs, demo_accounts).
export const demoAccounts: Record<Role, { email: string; password: string }> = {
  admin: { email: 'admin@demo.example', password: 'demo-admin-password' },
  operator: { email: 'operator@demo.example', password: 'demo-operator-password' },
  viewer: { email: 'viewer@demo.example', password: 'demo-viewer-password' },
};

/** Waits, when JavaScript runs, until WASM has taken over the page. */
export async function hydrated(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) {
    await expect(page.locator('.console')).toHaveAttribute('data-hydrated', 'true');
  }
}

/** Signs in through the sign-in form (hydrated or plain HTML, as the project runs). */
export async function signIn(page: Page, role: Role, javaScriptEnabled = true) {
  const { email, password } = demoAccounts[role];
  await page.goto('/sign-in');
  await hydrated(page, javaScriptEnabled);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByRole('banner').locator('.user-role')).toHaveText(role, { ignoreCase: true });
}

/**
 * Switches the signed-in member's console to `language` with the header's switch. The member
 * keeps the choice, and it wins over the language cookie: a test that chooses Chinese
 * switches back with `backToEnglish` after it, for the tests that expect English.
 */
export async function chooseLanguage(page: Page, language: 'English' | '简体中文') {
  const button = page.locator('.language-switch').getByRole('button', { name: language, exact: true });
  if (await button.isDisabled()) {
    return;
  }
  await button.click();
  await expect(page.locator('html')).toHaveAttribute('lang', language === 'English' ? 'en' : 'zh-CN');
}

/** An `afterEach` hook: the member still signed in reads English again. */
export async function backToEnglish({ page }: { page: Page }) {
  await page.goto('/sales/customers');
  if (!new URL(page.url()).pathname.startsWith('/sign-in')) {
    await chooseLanguage(page, 'English');
  }
}

/** Turns the verification code setting on or off as the admin, and checks it stuck. */
export async function setVerificationCode(page: Page, state: 'On' | 'Off', javaScriptEnabled: boolean) {
  await signIn(page, 'admin', javaScriptEnabled);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await hydrated(page, javaScriptEnabled);
  const verification = page.getByRole('group', { name: 'Verification code for critical operations' });
  await verification.getByLabel(state, { exact: true }).check();
  // Without WASM the form post navigates (POST, 302, GET): wait for it to finish loading.
  const loaded = javaScriptEnabled ? null : page.waitForEvent('load');
  await page.getByRole('button', { name: 'Save' }).first().click();
  if (javaScriptEnabled) {
    await expect(page.getByRole('status')).toHaveText('The verification code setting is saved.');
  }
  await loaded;
  await page.reload();
  await expect(verification.getByLabel(state, { exact: true })).toBeChecked();
}

/** Clicks one of a customer row's operations, opening its More menu first when the
 * operation is in there (every operation but the row's first). */
export async function clickOperation(row: Locator, name: string) {
  const link = row.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) {
    await row.locator('summary').click();
  }
  await link.click();
}

/** Makes the embedded emulator fail every call for these customers (none: no faults). */
export async function setFaults(request: APIRequestContext, failCustomerIds: string[]) {
  const response = await request.put(`${demo.emulator}/emulator/v1/faults`, {
    data: { fail_customer_ids: failCustomerIds },
  });
  expect(response.ok()).toBe(true);
}
