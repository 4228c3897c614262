import { defineConfig } from '@playwright/test';

// The server under test: the release binary built by `make e2e`, on its own port and its
// own fresh SQLite file (the Makefile removes it first), with the demo data.
const port = Number(process.env.BEAT_E2E_PORT ?? 3100);
const bin = process.env.BEAT_BIN ?? '../target/release/beat';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A phone: 390x844 like an iPhone 13/14, touch, mobile viewport.
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    launchOptions: {
      executablePath: process.env.BEAT_CHROMIUM || undefined,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    },
    trace: 'retain-on-failure',
  },
  projects: [{ name: 'phone-chromium' }],
  webServer: {
    command: `${bin} serve --demo --addr 127.0.0.1:${port}`,
    // The key that seals the push key in this throwaway database (fixed: the run is local).
    env: { BEAT_SECRET_KEY: process.env.BEAT_SECRET_KEY ?? 'e2e0'.repeat(16) },
    url: `http://127.0.0.1:${port}/areas`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
