// Debian's Chromium, headless, driven by playwright-core: never a downloaded browser.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

// The background-networking flags keep Chromium from calling out to Google's services, which
// this machine's closed network refuses (many times over, and slowly).
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync',
];

/** A fresh Chromium with a new, empty profile; close() removes the profile again. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const profile = await mkdtemp(join(tmpdir(), 'switchboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1000, height: 720 },
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    /** A new tab that records console errors and uncaught exceptions as `page.problems`. */
    async newPage() {
      const page = await context.newPage();
      page.problems = [];
      page.on('console', (message) => {
        if (message.type() === 'error') page.problems.push(`console.error: ${message.text()}`);
      });
      page.on('pageerror', (error) => page.problems.push(`uncaught: ${error.message}`));
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
