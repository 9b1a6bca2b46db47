import { expect, Page } from '@playwright/test';

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
