import { defineConfig } from '@playwright/test';

// The server under test: the debug build cargo-leptos made, on its own port and a fresh
// data folder, so a run never touches the demo's data and always starts from the seed.
const port = process.env.E2E_PORT ?? '3100';
const dataDir = `.e2e-data/${port}`;
// The embedded emulator listens on the next port, so tests can inject faults into it.
const emulatorPort = String(Number(port) + 1);
export const demo = {
  seed: '7',
  customers: 200,
  emulator: `http://127.0.0.1:${emulatorPort}`,
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `rm -rf ${dataDir} && ../target/debug/partner-center --listen 127.0.0.1:${port} --data-dir ${dataDir} --site-root ../target/site`,
    url: `http://127.0.0.1:${port}/readyz`,
    env: {
      DEMO_SEED: demo.seed,
      DEMO_CUSTOMERS: String(demo.customers),
      DEMO_EMULATOR_ADDR: `127.0.0.1:${emulatorPort}`,
      // The retention board reads frozen customers' resources within seconds of a freeze.
      RETENTION_SWEEP_SECS: '2',
      RUST_LOG: 'warn',
    },
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
