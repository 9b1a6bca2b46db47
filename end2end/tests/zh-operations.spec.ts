import { test, expect, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { backToEnglish, chooseLanguage, clickOperation, hydrated, signIn } from './helpers';

// The operations in Simplified Chinese, hydrated and without JavaScript: a purchase
// restriction with a Chinese reason, the reason's limit counted in characters, a batch, and
// the record and its CSV.

test.afterEach(backToEnglish);

const ACTIVE_RESELLER_CUSTOMERS = '/sales/customers?status=active&association=reseller&page_size=100';

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  await page.goto(path);
  await hydrated(page, javaScriptEnabled);
}

/** The ids of the first `count` active reseller-model customers (the list is left open). */
async function activeCustomers(page: Page, count: number, javaScriptEnabled: boolean) {
  await open(page, ACTIVE_RESELLER_CUSTOMERS, javaScriptEnabled);
  const ids = await page
    .locator('table[aria-label="客户"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer-id') ?? ''));
  expect(ids.length).toBeGreaterThanOrEqual(count);
  return ids.slice(0, count);
}

/** RFC 4180 CSV, as the records export writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

test('a purchase restriction with a Chinese reason reads in Chinese from dialog to CSV', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  const [id] = await activeCustomers(page, 1, javaScriptEnabled);
  const reason = javaScriptEnabled ? '客户逾期未付款，暂停购买。' : '客户逾期未付款，暂停购买（无脚本）。';

  await clickOperation(page.locator(`tr[data-customer-id="${id}"]`), '限制购买');
  await hydrated(page, javaScriptEnabled);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: '限制购买', exact: true })).toBeVisible();
  await expect(dialog.locator('#op-dialog-impact h3')).toHaveText('影响');
  const capabilities = dialog.locator('table.capabilities');
  await expect(capabilities.locator('caption')).toHaveText('限制购买后客户仍可进行的操作');
  await expect(capabilities.getByRole('rowheader')).toHaveText(['包年/包月', '按需计费']);
  await expect(capabilities).toContainText('购买资源');
  await expect(dialog).toContainText('客户（1）：');
  await dialog.getByLabel('冻结原因').fill(reason);
  await expect(dialog.locator('#op-reason-count')).toHaveText(
    javaScriptEnabled ? `${[...reason].length}/256` : '最多 256 个字符。',
  );
  await expect(dialog.getByRole('link', { name: '取消' })).toBeVisible();
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(page).toHaveURL(/record=\d+/);
  await expect(page.locator('.record-title')).toHaveText('已限制购买。');
  await expect(page.locator('.record-panel').getByRole('link', { name: '关闭' })).toBeVisible();
  const recordId = new URL(page.url()).searchParams.get('record') as string;

  // The record keeps the reason as typed, and its CSV is written in Chinese.
  await open(page, `/sales/operation-records/${recordId}`, javaScriptEnabled);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle('操作记录详情 - 伙伴中心');
  await expect(page.locator('.record-detail h2')).toHaveText(`#${recordId} 限制购买`);
  await expect(page.locator('.record-detail')).toContainText(reason);
  await expect(page.locator('.record-detail')).toContainText('全部 1 个客户成功');
  await expect(page.locator('.record-detail')).toContainText('当前（限制购买）');
  await expect(page.locator(`.record-detail tr[data-customer-id="${id}"]`)).toContainText('成功');
  await open(page, `/sales/operation-records?customer=${id}`, javaScriptEnabled);
  const row = page.locator(`table[aria-label="操作记录"] tr[data-record-id="${recordId}"]`);
  await expect(row.locator('td').nth(1)).toHaveText('限制购买');
  await expect(row).toContainText('无需验证');
  await expect(row.getByRole('link', { name: '详情' })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.locator('a[href^="/exports/operation-records.csv"]').click();
  const text = await readFile((await (await downloading).path()) as string, 'utf8');
  const [header, ...lines] = parseCsv(text.replace(/^\uFEFF/, ''));
  expect(header[0]).toBe('记录ID');
  const column = (name: string) => header.indexOf(name);
  const line = lines.find((l) => l[0] === recordId) as string[];
  expect(line[column('客户ID')]).toBe(id);
  expect(line[column('原因')]).toBe(reason);
  expect(line[column('结果')]).toBe('成功');
  expect(line[column('操作')]).toBe('限制购买');

  // The customer's timeline names the operation and who ran it in Chinese.
  await open(page, `/sales/customers/${id}/timeline`, javaScriptEnabled);
  await expect(page).toHaveTitle('客户时间线 - 伙伴中心');
  const entry = page.locator(`.timeline-entry[data-record-id="${recordId}"]`);
  await expect(entry.locator('.timeline-what strong')).toHaveText('限制购买');
  await expect(entry.locator('.timeline-who')).toHaveText('操作人 operator@demo.example');
  await expect(entry.locator('.timeline-reason')).toHaveText(`原因：${reason}`);
  await expect(entry.getByRole('link', { name: `记录 #${recordId}` })).toBeVisible();

  // Lifted again, with the unfreeze reason's own label, so the customer is active for the
  // other project.
  await open(page, `/sales/customers?q=${id}`, javaScriptEnabled);
  await expect(page.locator(`tr[data-customer-id="${id}"] .status`)).toHaveText('已限制购买');
  await clickOperation(page.locator(`tr[data-customer-id="${id}"]`), '解除限制购买');
  await hydrated(page, javaScriptEnabled);
  await dialog.getByLabel('解冻原因').fill('客户已付款。');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(page.locator('.record-title')).toHaveText('已解除限制购买。');
});

test('a reason of 256 Chinese characters is accepted and one of 257 refused in Chinese', async ({
  page,
  javaScriptEnabled,
}) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  const [id] = await activeCustomers(page, 1, javaScriptEnabled);
  await open(page, `/sales/customers?dialog=freeze-account&ids=${id}`, javaScriptEnabled);
  const dialog = page.getByRole('dialog');
  const tooLong = '冻'.repeat(257);
  await dialog.getByLabel('冻结原因').fill(tooLong);
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('原因共 257 个字符，最多允许 256 个。');
  await expect(dialog.getByLabel('冻结原因')).toHaveValue(tooLong);

  // 256 characters are 768 bytes of UTF-8: BSS, and so the dashboard, counts characters.
  await dialog.getByLabel('冻结原因').fill('冻'.repeat(256));
  if (javaScriptEnabled) {
    await expect(dialog.locator('#op-reason-count')).toHaveText('256/256');
  }
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(page.locator('.record-title')).toHaveText('已限制购买。');

  await open(page, `/sales/customers?dialog=unfreeze-account&ids=${id}`, javaScriptEnabled);
  await dialog.getByLabel('解冻原因').fill('恢复');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(page.locator('.record-title')).toHaveText('已解除限制购买。');
});

test('a batch restriction of three customers in Chinese, then lifted', async ({ page, javaScriptEnabled }) => {
  await signIn(page, 'operator', javaScriptEnabled);
  await chooseLanguage(page, '简体中文');
  const ids = await activeCustomers(page, 3, javaScriptEnabled);
  for (const id of ids) {
    await page.locator(`tr[data-customer-id="${id}"] input[type="checkbox"]`).check();
  }
  if (javaScriptEnabled) {
    await expect(page.locator('.selected-count')).toHaveText('已选择 3 个客户');
  }
  await page.getByLabel('批量操作').selectOption('freeze-account');
  await page.getByRole('button', { name: '应用到所选客户' }).click();

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: '限制购买', exact: true })).toBeVisible();
  await expect(dialog).toContainText('客户（3）：');
  await expect(dialog).toContainText('共 3 个客户。批量操作每次调用最多处理 10 个客户。');
  await dialog.getByLabel('冻结原因').fill('批量测试：逾期');
  await dialog.getByRole('button', { name: '确定' }).click();
  const panel = page.locator('.record-panel');
  await expect(panel.locator('.record-title')).toHaveText('已限制购买。', { timeout: 30_000 });
  await expect(panel.getByRole('table', { name: '各客户的结果' }).locator('tbody tr')).toHaveCount(3);
  await expect(panel.locator('tbody tr').filter({ hasText: '成功' })).toHaveCount(3);

  await open(page, `/sales/customers?dialog=unfreeze-account&ids=${ids.join(',')}`, javaScriptEnabled);
  await expect(dialog).toContainText('客户（3）：');
  await dialog.getByLabel('解冻原因').fill('批量测试：已付款');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(page.locator('.record-title')).toHaveText('已解除限制购买。', { timeout: 30_000 });
});
