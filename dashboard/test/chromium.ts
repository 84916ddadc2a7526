// Debian's Chromium, headless, driven by playwright-core (no browser download). The flags keep it off the network:
// this machine has none, and Chromium's background connections would otherwise fail noisily at every start.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.COLLAB_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set COLLAB_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens a dashboard page and waits until its render has its data (`body[data-ready]`, set by web/src/main.ts). */
export async function openReady(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Runs a control change and waits for the re-render it starts. */
export async function afterRerender(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate(() => (document.body.dataset.ready = 'stale'));
  await action();
  await page.waitForSelector('body[data-ready="true"]');
}
