import { test, expect, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { backToEnglish, chooseLanguage, hydrated, signIn } from './helpers';

// The customer list and its export in Simplified Chinese, hydrated and without JavaScript.

test.afterEach(backToEnglish);

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

test('the customer list reads in Chinese: headings, columns, operations, batch bar', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  await open(page, '/sales/customers?association=reseller', javaScriptEnabled);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '客户管理' })).toBeVisible();
  await expect(page).toHaveTitle('客户管理 - 伙伴中心');
  const table = page.getByRole('table', { name: '客户' });
  for (const column of ['客户', '状态', '操作']) {
    await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  await expect(table.locator('a.op-link', { hasText: '限制购买' }).first()).toBeVisible();
  await expect(table.locator('.more-button').first()).toHaveText('更多');
  await expect(page.locator('.batch-bar')).toContainText('批量操作');
  await expect(page.locator('.batch-bar select[name=dialog] option').first()).toHaveText('限制购买');
  await expect(page.locator('.pagination .total')).toHaveText(/^共 \d+ 条$/);
  await expect(page.getByRole('button', { name: '查询' })).toBeVisible();

  if (javaScriptEnabled) {
    // The selection count is an island: its words came from the server, in Chinese.
    await expect(page.locator('.selected-count')).toHaveText('勾选客户即可批量操作。');
    const rows = table.locator('tbody tr');
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await expect(page.locator('.selected-count')).toHaveText('已选择 2 个客户');
    await page.getByRole('button', { name: '清除选择' }).click();
    await expect(page.locator('.selected-count')).toHaveText('勾选客户即可批量操作。');
  }
});

test('the header switch changes the language and keeps the page', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'viewer', javaScriptEnabled);
  await open(page, '/sales/customers?status=active&page_size=20', javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: 'Customer Management' })).toBeVisible();
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page).toHaveURL(/\/sales\/customers\?status=active&page_size=20$/);
  await expect(page.getByRole('heading', { level: 1, name: '客户管理' })).toBeVisible();
  await expect(page.locator('.language-switch button[aria-pressed=true]')).toHaveText('简体中文');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customer Management' })).toBeVisible();
  await expect(page).toHaveURL(/\/sales\/customers\?status=active&page_size=20$/);
});

test('an export asked for in Chinese is listed and written in Chinese', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'admin', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  await open(page, '/sales/customers?association=reseller&status=active', javaScriptEnabled);
  await page.locator('.export-chooser summary').click();
  await page.locator('.export-chooser form').getByRole('button', { name: '全部导出' }).click();
  await expect(page).toHaveURL(/\/sales\/customers\/exports$/);
  await expect(page.getByRole('heading', { level: 1, name: '查看导出' })).toBeVisible();
  const newest = page.getByRole('table', { name: '客户导出' }).locator('tbody tr').first();
  await expect(async () => {
    if ((await newest.getAttribute('data-state')) !== 'done') {
      await page.reload();
    }
    await expect(newest).toHaveAttribute('data-state', 'done', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(newest).toContainText('全部匹配：状态 正常，关联类型 转售');
  await expect(newest).toContainText('否（已匿名）');
  await expect(newest.locator('.export-state')).toHaveText('已完成');

  const downloading = page.waitForEvent('download');
  await newest.getByRole('link', { name: '下载' }).click();
  const file = await downloading;
  const lines = (await readFile((await file.path()) as string, 'utf8')).slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^客户,账号名,客户ID,云经销商ID,关联类型,/);
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) {
    expect(line).toContain(',转售,');
    expect(line).toContain(',正常,');
  }
});
