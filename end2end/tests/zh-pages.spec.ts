import { test, expect, Page } from '@playwright/test';
import { backToEnglish, chooseLanguage, hydrated } from './helpers';

// The pages around the console in Simplified Chinese, hydrated and without JavaScript: the
// sign-in page (by the language cookie, before anyone is signed in), the agreement, the
// Demo Inbox and the not-found page.

test.afterEach(backToEnglish);

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

test('signing in and the pages around the console read in Chinese', async ({ page, javaScriptEnabled }) => {
  await page.goto('/sign-in');
  await page.context().addCookies([
    { name: 'partner_center_language', value: 'zh-CN', url: new URL(page.url()).origin + '/' },
  ]);
  await open(page, '/sign-in', javaScriptEnabled);
  await expect(page).toHaveTitle('登录 - 伙伴中心');
  await expect(page.getByRole('heading', { level: 1, name: '登录伙伴中心' })).toBeVisible();
  const demo = page.getByRole('table', { name: '演示账号' });
  await expect(demo.getByRole('columnheader')).toHaveText(['角色', '邮箱', '密码']);
  await page.getByLabel('邮箱').fill('viewer@demo.example');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('邮箱地址或密码不正确。');
  await page.getByLabel('邮箱').fill('viewer@demo.example');
  await page.getByLabel('密码').fill('demo-viewer-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  // The viewer's own saved choice, if any, wins over the cookie from here on.
  await chooseLanguage(page, '简体中文');

  await open(page, '/agreements/partner-budget-management', javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: '伙伴管理客户预算协议' })).toBeVisible();
  await expect(page.locator('.agreement-text li')).toHaveCount(4);
  await expect(page.locator('.agreement-text')).toContainText('按需计费资源停止运行并停止计费');

  await open(page, '/no-such-page', javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toBeVisible();
  await expect(page.getByRole('link', { name: '前往客户管理' })).toBeVisible();

  await open(page, '/demo/inbox', javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: '演示收件箱' })).toBeVisible();
  await expect(page.getByRole('link', { name: '刷新' })).toBeVisible();
});
