// Takes the README's screenshots (docs/screenshots/*.png) at 1366×768 from a demo server
// started on a fresh data folder with DEMO_SEED=7, e.g.
//   target/debug/partner-center --listen 127.0.0.1:3400 --data-dir /tmp/shots-data \
//     --site-root target/site   (DEMO_SEED=7 DEMO_EMULATOR_ADDR=127.0.0.1:3401)
//   node scripts/readme-screenshots.cjs http://127.0.0.1:3400 http://127.0.0.1:3401
// It operates on the demo's customers (restricts, freezes, a batch with failures) and
// ends with the emulator failing every call, so use a throw-away server.
const path = require('node:path');
const { chromium } = require(path.join(__dirname, '../end2end/node_modules/playwright'));

const [base, emulator] = process.argv.slice(2);
if (!base || !emulator) {
  console.error('usage: node scripts/readme-screenshots.cjs <server URL> <emulator URL>');
  process.exit(2);
}
const out = (name) => path.join(__dirname, '../docs/screenshots', `${name}.png`);

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();

  const open = async (url) => {
    await page.goto(base + url);
    await page.waitForSelector('.console[data-hydrated=true]');
  };
  const shot = async (name) => {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: out(name) });
    console.log('wrote', out(name));
  };
  const faults = (body) => page.request.put(`${emulator}/emulator/v1/faults`, { data: body });
  const rows = () => page.locator('table[aria-label="Customers"] tbody tr');
  const dialogFor = async (slug, ids) => {
    await open(`/sales/customers?status=active&association=reseller&dialog=${slug}&ids=${ids.join(',')}`);
    await page.getByRole('dialog').getByLabel(/Reason|Budget/).first().waitFor();
  };
  const operate = async (slug, id, reason) => {
    await dialogFor(slug, [id]);
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill(reason);
    if (slug.endsWith('and-resources') && slug.startsWith('freeze')) {
      await dialog.getByLabel(/I have read and agree/).check();
    }
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.locator('.record-title').waitFor();
  };

  // The sign-in page, shot as `name`, then signed in as the demo's `role`; `words` are the
  // form's labels and button in the page's language.
  const signIn = async (name, role, [email, password, button]) => {
    await page.goto(base + '/sign-in');
    await page.waitForSelector('.console[data-hydrated=true]');
    await shot(name);
    await page.getByLabel(email).fill(`${role}@demo.example`);
    await page.getByLabel(password).fill(`demo-${role}-password`);
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  };

  await signIn('sign-in', 'operator', ['E-mail', 'Password', 'Sign in']);

  await open('/sales/customers');
  await shot('customer-management');

  await open('/sales/customers?status=active&association=reseller');
  const active = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer-id')));
  const [first, second] = active;
  await dialogFor('freeze-account', [first]);
  await page.getByRole('dialog').getByLabel('Reason').fill('Overdue invoice INV-2026-114, 45 days.');
  await shot('dialog-restrict-purchase');
  await dialogFor('freeze-account-and-resources', [second]);
  await page.getByRole('dialog').getByLabel('Reason').fill('Suspected account takeover; customer asked to stop everything.');
  await shot('dialog-restrict-and-freeze-resources');

  await operate('freeze-account', first, 'Overdue invoice INV-2026-114, 45 days.');
  await shot('result-single');
  await operate('freeze-account-and-resources', second, 'Suspected account takeover.');
  await open(`/sales/customers?q=${first}&dialog=unfreeze-account&ids=${first}`);
  await page.getByRole('dialog').getByLabel('Reason').fill('Invoice paid.');
  await shot('dialog-unrestrict-purchase');
  await open(`/sales/customers?q=${second}&dialog=unfreeze-account-and-resources&ids=${second}`);
  await page.getByRole('dialog').getByLabel('Reason').fill('Account secured again.');
  await shot('dialog-unrestrict-and-unfreeze-resources');
  await open(`/sales/customers?q=${first}&dialog=set-budget&ids=${first}`);
  await page.getByRole('dialog').getByLabel('Budget (USD)').fill('2500.00');
  await shot('dialog-set-budget');

  // A batch of the next 12 active customers, two of which BSS refuses.
  await open('/sales/customers?status=active&association=reseller&page_size=20');
  const listed = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer-id')));
  const batch = listed.slice(0, 12);
  const [spare, spare2] = listed.slice(12);
  await faults({ fail_customer_ids: [batch[3], batch[9]] });
  await dialogFor('freeze-account', batch);
  await page.getByRole('dialog').getByLabel('Reason').fill('Quarter-end credit review.');
  await shot('dialog-batch');
  await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
  await page.getByRole('link', { name: 'Retry failed' }).waitFor();
  await shot('result-batch-with-failures');
  await faults({ fail_customer_ids: [] });

  await open('/sales/operation-records');
  await shot('operation-records');
  const detail = await page.getByRole('link', { name: 'Details' }).first().getAttribute('href');
  await open(detail);
  await shot('operation-record-detail');
  await open(`/sales/customers/${first}/timeline`);
  await shot('customer-timeline');

  // The same pages in Simplified Chinese, chosen with the header's switch (which the
  // member keeps), then the admin's Settings and the sign-in page the cookie turns Chinese.
  const choose = async (language) => {
    await page.locator('.language-switch').getByRole('button', { name: language }).click();
    await page.waitForSelector(`html[lang="${language === 'English' ? 'en' : 'zh-CN'}"]`);
  };
  await open('/sales/customers?association=reseller');
  await choose('简体中文');
  await open('/sales/customers?association=reseller');
  await shot('zh-customer-management');
  await open(`/sales/customers?status=active&association=reseller&dialog=freeze-account-and-resources&ids=${spare2}`);
  await page.getByRole('dialog').getByLabel('冻结原因').fill('客户长期欠费，暂停其全部资源。');
  await shot('zh-dialog-restrict-and-freeze-resources');
  await open('/sales/operation-records');
  await shot('zh-operation-records');
  await open(`/sales/customers/${first}/timeline`);
  await shot('zh-customer-timeline');
  await choose('English');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.context().addCookies([{ name: 'partner_center_language', value: 'zh-CN', url: base }]);
  await signIn('zh-sign-in', 'admin', ['邮箱', '密码', '登录']);
  await open('/settings');
  await shot('zh-settings');
  await page.context().addCookies([{ name: 'partner_center_language', value: 'en', url: base }]);

  // BSS down: every call fails; an operation meets it, is kept, and the pages say so.
  await faults({ fault_rate: 1.0 });
  await dialogFor('freeze-account', [spare]);
  await page.getByRole('dialog').getByLabel('Reason').fill('Kept during the outage.');
  await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
  for (let tries = 0; tries < 30 && !(await page.locator('.outage').count()); tries++) {
    await page.waitForTimeout(2_000);
    await open('/sales/customers?association=reseller');
  }
  await shot('bss-outage');
  await faults({ fault_rate: 0.0 });
  await browser.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
