import { test, expect, Page } from '@playwright/test';
import { backToEnglish, chooseLanguage, demoAccounts, hydrated, signIn } from './helpers';

// The administration pages in Simplified Chinese, hydrated and without JavaScript: Staff,
// Password, Settings, Security Events and Retention Deadlines, their refusals and a save.

test.afterEach(backToEnglish);

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

async function heading(page: Page, title: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page).toHaveTitle(`${title} - 伙伴中心`);
}

test('Staff reads in Chinese and refuses a taken e-mail address in Chinese', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'admin', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  await open(page, '/staff', javaScriptEnabled);
  await heading(page, '员工');
  await expect(page.getByRole('heading', { level: 2, name: '账号' })).toBeVisible();
  const table = page.getByRole('table', { name: '员工' });
  for (const column of ['姓名', '邮箱', '角色', '状态', '操作']) {
    await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  const admin = table.locator(`tr[data-staff-email="${demoAccounts.admin.email}"]`);
  await expect(admin).toContainText('已启用');
  await expect(admin.getByRole('button', { name: `停用 ${demoAccounts.admin.email}` })).toBeVisible();
  await expect(admin.getByRole('button', { name: `重置 ${demoAccounts.admin.email} 的密码` })).toHaveText('重置密码');
  await expect(admin.getByRole('combobox').locator('option[value="viewer"]')).toHaveText('查看者');

  await expect(page.getByRole('heading', { level: 2, name: '添加员工' })).toBeVisible();
  const form = page.locator('form', { has: page.getByLabel('初始密码') });
  await expect(form).toContainText('至少 12 个字符');
  await form.getByLabel('邮箱').fill(demoAccounts.admin.email);
  await form.getByLabel('姓名').fill('重复的管理员');
  await form.getByLabel('角色').selectOption('viewer');
  await form.getByLabel('初始密码').fill('a long enough password');
  await form.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(`邮箱地址为 ${demoAccounts.admin.email} 的员工已存在。`);
});

test('Password reads in Chinese', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'viewer', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  await open(page, '/account/password', javaScriptEnabled);
  await heading(page, '密码');
  await expect(page.getByRole('heading', { level: 2, name: '修改密码' })).toBeVisible();
  for (const label of ['当前密码', '新密码', '确认新密码']) {
    await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: '修改密码' })).toBeVisible();
});

test('Settings reads in Chinese, refuses a lead time longer than the period and saves, in Chinese', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'admin', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  await open(page, '/settings', javaScriptEnabled);
  await heading(page, '设置');
  for (const section of ['验证码', '标签', '保留期截止', '自行限制其客户的云经销商', 'BSS 连接']) {
    await expect(page.getByRole('heading', { level: 2, name: section, exact: true })).toBeVisible();
  }
  const verification = page.getByRole('group', { name: '关键操作验证码' });
  await expect(verification.getByLabel('开启', { exact: true })).toBeVisible();
  await expect(verification.getByLabel('关闭', { exact: true })).toBeVisible();
  const labels = page.getByRole('group', { name: '状态和操作的措辞' });
  await expect(labels.getByLabel('当前（限制购买）')).toBeVisible();
  await expect(labels.getByLabel('经典（冻结账号）')).toBeVisible();
  await expect(page.getByText('内置 BSS 模拟器（演示）')).toBeVisible();
  await expect(page.getByText('AK/SK（不会显示）')).toBeVisible();
  await expect(page.getByRole('button', { name: '保存' })).toHaveCount(4);

  const form = page.locator('form').filter({ has: page.locator('input[name="retention_days"]') });
  const retention = form.getByLabel('保留期（天）');
  const alert = form.getByLabel('截止前提醒天数');
  const [days, lead] = [await retention.inputValue(), await alert.inputValue()];
  // Without WASM the form post navigates (POST, 302, GET): wait for it to finish loading.
  const submit = async () => {
    const loaded = javaScriptEnabled ? null : page.waitForEvent('load');
    await form.getByRole('button', { name: '保存' }).click();
    await loaded;
  };
  await retention.fill('5');
  await alert.fill('6');
  await submit();
  await expect(form.getByRole('alert')).toHaveText(
    '提醒提前天数必须是 1 到 30 之间的整数，且不能超过保留期。',
  );
  await open(page, '/settings', javaScriptEnabled);
  await expect(retention).toHaveValue(days);

  await retention.fill(days);
  await alert.fill(lead);
  await submit();
  if (javaScriptEnabled) {
    await expect(form.getByRole('status')).toHaveText('保留期设置已保存。');
  } else {
    await expect(page).toHaveURL(/\/settings/);
    await expect(form.getByRole('alert')).toHaveCount(0);
  }

  await page.getByRole('button', { name: '测试连接' }).click();
  await expect(page.locator('.banner-ok[role=status]')).toContainText(/^连接成功。BSS 列出了 \d+ 个客户/);
});

test('Security Events read in Chinese, kinds and dates included', async ({ page, javaScriptEnabled }) => {
  const email = `zh-events-${javaScriptEnabled ? 'js' : 'nojs'}@example.com`;
  await signIn(page, 'admin', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  await open(page, '/staff', javaScriptEnabled);
  const form = page.locator('form', { has: page.getByLabel('初始密码') });
  await form.getByLabel('邮箱').fill(email);
  await form.getByLabel('姓名').fill('安全事件');
  await form.getByLabel('初始密码').fill('a long enough password');
  await form.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.locator(`tr[data-staff-email="${email}"]`)).toContainText('已启用');

  await open(page, '/security-events', javaScriptEnabled);
  await heading(page, '安全事件');
  await expect(page.locator('.page-intro')).toContainText('任何人都无法编辑或删除');
  const table = page.getByRole('table', { name: '安全事件' });
  for (const column of ['时间', '事件', '操作人', '员工', '详情', '客户端地址']) {
    await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  await expect(page.locator('select[name="kind"] option[value="role-changed"]')).toHaveText('已变更角色');
  await expect(page.getByRole('link', { name: '导出 CSV' })).toBeVisible();
  const subject = page.getByRole('searchbox', { name: '员工' });
  await subject.fill(email);
  await page.getByRole('button', { name: '查询' }).click();
  const events = table.locator('tbody tr');
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText('已添加员工');
  await expect(events.first().locator('td').first()).toHaveText(
    /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2} UTC$/,
  );
  await subject.fill('nobody-at-all@example.com');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText('没有符合筛选条件的安全事件。')).toBeVisible();
});

test('Retention Deadlines read in Chinese', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'viewer', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  await open(page, '/sales/retention', javaScriptEnabled);
  await heading(page, '保留期截止');
  await expect(page.locator('.page-intro')).toContainText('数据保留 15 天');
  const table = page.getByRole('table', { name: '按截止时间排列的冻结资源' });
  for (const column of ['数据删除时间', '客户', '资源', '类型', '区域', '冻结时间', '操作']) {
    await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  // The seed freezes some customers' resources before the dashboard first sees them.
  const first = table.locator('tbody tr').first();
  await expect(first).toContainText('（最迟）');
  await expect(first).toContainText('首次发现');
  await expect(first.locator('.deadline-date')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} UTC$/);
  await expect(first.locator('.deadline-left')).toHaveText(/^(已过期|今天|\d+ 天后)（最迟）$/);
});
