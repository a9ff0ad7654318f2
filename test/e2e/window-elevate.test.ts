/// <reference lib="dom" />
/**
 * Issue 14: "restart as administrator" in real Chromium, from the button through the typed API
 * and main's handler to main/elevate.ts, whose PowerShell call a stand-in runner answers (no
 * Windows here). A 3CX machine without administrator rights at 1024×768: the button is in view
 * next to the stop offer; a "No" at the prompt keeps the window as it was and says so; a "Yes"
 * lets the lock go and quits. Screenshot: test/.artifacts/elevate-1024x768.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relaunchElevated } from '../../main/elevate';
import { fakeRunner, type Canned } from '../unit/host/fake-runner';
import { launchChromium } from './browser';
import { threeCxPreflight } from './three-cx';
import { ARTIFACTS, openWindow, preferencesFor, requireBuild } from './window-harness';

let browser: Browser;

beforeAll(async () => {
  requireBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Main's relaunch as on Windows, its PowerShell answering `answer`; what it did to the app. */
function windowsRelaunch(answer: Canned) {
  const did: string[] = [];
  const { runner, calls } = fakeRunner(() => answer);
  const relaunch = () =>
    relaunchElevated({
      platform: 'win32',
      runner,
      execPath: 'C:\\Program Files\\VoIP Firewall Checker\\VoIP Firewall Checker.exe',
      args: [],
      releaseLock: () => did.push('release'),
      reacquireLock: () => did.push('reacquire'),
      quit: () => did.push('quit'),
    });
  return { relaunch, did, calls };
}

describe('restart as administrator, in the window (issue 14)', () => {
  it('is offered in view on a 3CX machine without rights; "No" keeps the window, "Yes" quits it', async () => {
    const declined = windowsRelaunch({ stdout: '{"declined":true}', exitCode: 2 });
    const page = await openWindow(browser, preferencesFor('127.0.0.1:3478', '5060,5090,9000-9009'), {
      preflight: threeCxPreflight(false),
      viewport: { width: 1024, height: 768 },
      relaunchElevated: declined.relaunch,
    });
    const button = page.getByRole('button', { name: 'Restart as administrator' });
    await button.waitFor();
    const box = (await button.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(768);
    await page.screenshot({ path: resolve(ARTIFACTS, 'elevate-1024x768.png') });
    await button.click();
    await page.getByText(/the administrator prompt was answered “No”/).waitFor();
    expect(declined.did).toEqual(['release', 'reacquire']);
    expect(declined.calls[0]?.script).toContain("Verb = 'RunAs'");
    expect(page.log.join('\n')).toMatch(/restart as administrator: declined/);
    expect(page.errors).toEqual([]);
    await page.close();

    const accepted = windowsRelaunch({ stdout: '{"started":true}' });
    const again = await openWindow(browser, preferencesFor('127.0.0.1:3478', '5060,5090,9000-9009'), {
      preflight: threeCxPreflight(false),
      viewport: { width: 1024, height: 768 },
      relaunchElevated: accepted.relaunch,
    });
    await again.getByRole('button', { name: 'Restart as administrator' }).click();
    await again.getByText(/Starting again as administrator; this window closes/).waitFor();
    expect(accepted.did).toEqual(['release', 'quit']);
    expect(again.errors).toEqual([]);
    await again.close();
  }, 60_000);
});
