import fs from "node:fs";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive Chromium against the production build. `npm test` (scripts/test.ts)
 * builds, seeds a fresh database and starts `next start`, then passes E2E_BASE_URL.
 * Browser: /usr/bin/chromium when present (Debian), else Playwright's own if installed.
 */
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 8_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100",
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
});
