/**
 * Debian's Chromium for the browser tests and the web bench: installed from Debian when missing
 * (never a browser downloaded by Playwright), launched headless with playwright-core.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { installDebianPackage } from './apt.js';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  installDebianPackage('chromium', `${CHROMIUM} not found`);
  if (!existsSync(CHROMIUM)) throw new Error(`the chromium package installed no ${CHROMIUM}`);
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
