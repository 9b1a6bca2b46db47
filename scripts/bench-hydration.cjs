#!/usr/bin/env node
// Times navigation → hydrated page in Debian's Chromium (Playwright from end2end/), for the
// benchmark (`bench/src/hydration.rs` runs it). The layout sets
// `div.console[data-hydrated="true"]` once WASM has taken over the page; a MutationObserver
// installed before any page script notes `performance.now()` at that moment, which counts
// from the navigation's start. Prints JSON on stdout.
//
//   node scripts/bench-hydration.cjs --url http://127.0.0.1:3180/sales/customers?page_size=20 \
//        --cookie partner_center_session=... --runs 7
'use strict';

const path = require('path');
const { chromium } = require(path.join(__dirname, '..', 'end2end', 'node_modules', 'playwright'));

const HYDRATED = 'div.console[data-hydrated="true"]';

function options() {
  const args = process.argv.slice(2);
  const get = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : fallback;
  };
  return { url: get('url'), cookie: get('cookie'), runs: Number(get('runs', '7')) };
}

function noteHydration() {
  const check = () => {
    if (window.__hydratedAt === undefined && document.querySelector('div.console[data-hydrated="true"]')) {
      window.__hydratedAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-hydrated'],
  });
}

async function timeLoad(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(HYDRATED, { timeout: 30_000 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      hydrated_ms: window.__hydratedAt,
      response_end_ms: nav.responseEnd,
      dom_content_loaded_ms: nav.domContentLoadedEventEnd,
    };
  });
}

async function main() {
  const { url, cookie, runs } = options();
  if (!url || !cookie) throw new Error('--url and --cookie are required');
  const [name, ...rest] = cookie.split('=');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const cold = [];
  const warm = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      // A fresh context has an empty cache: the WASM and JS are downloaded and compiled.
      const context = await browser.newContext();
      await context.addCookies([{ name, value: rest.join('='), url }]);
      await context.addInitScript(noteHydration);
      const page = await context.newPage();
      cold.push(await timeLoad(page, url));
      // The same context again: files from the HTTP cache, as for a returning user.
      warm.push(await timeLoad(page, url));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({ cold, warm }));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
