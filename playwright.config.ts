import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.WHARF_E2E_PORT ?? 3300);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

// Set once in the runner; workers inherit the environment, so all agree on one data directory.
process.env.WHARF_E2E_DATA ??= fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-e2e-'));
process.env.WHARF_E2E_ADMIN_PASSWORD ??= 'e2e-admin-password';

const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  globalSetup: './e2e/global-setup.ts',
  use: { baseURL: BASE_URL, trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: chromium },
    { name: 'api', testMatch: /api\/.*\.spec\.ts/, dependencies: ['setup'], use: chromium },
    { name: 'ui', testMatch: /(ui|rbac)\/.*\.spec\.ts/, dependencies: ['setup'], use: chromium },
  ],
  webServer: {
    command: `npx next start -p ${PORT} -H 127.0.0.1`,
    url: `${BASE_URL}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      WHARF_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
      WHARF_DATA_DIR: process.env.WHARF_E2E_DATA,
      WHARF_ADMIN_USERNAME: 'admin',
      WHARF_ADMIN_PASSWORD: process.env.WHARF_E2E_ADMIN_PASSWORD,
      NEXTAUTH_URL: BASE_URL,
      ...(process.env.WHARF_E2E_DATABASE_URL ? { DATABASE_URL: process.env.WHARF_E2E_DATABASE_URL } : {}),
    },
  },
});
