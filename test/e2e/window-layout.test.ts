/// <reference lib="dom" />
/**
 * Issue 14: the window as the technician meets it, in real Chromium against the real engine.
 * A 3CX machine's pre-flight (3CXPhoneSystem.exe holding a port, no administrator rights, the
 * Public profile of Windows Defender Firewall on with no rule for the ports, the fixes the real
 * fix builder writes) at 1024×768, 1366×768 and 1920×1080: Run, the progress bar and the verdict
 * inside the viewport at each step, screenshots of what the screen shows (test/.artifacts/), a
 * keyboard-only pass with the focus checked at each step, and the stop dialog's safe default.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResponder, type Responder } from '../integration/responder';
import { launchChromium } from './browser';
import { HELD, threeCxPreflight } from './three-cx';
import { ARTIFACTS, openWindow, preferencesFor, requireBuild, type WindowPage } from './window-harness';

let browser: Browser;
let responder: Responder;
let holder: Socket;

/** True when the whole of `locator` is inside the viewport. */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

/** What has the focus: a short description, or "body" when it fell to the page. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return 'body';
    const name = e.getAttribute('aria-label') ?? e.textContent?.trim().slice(0, 60) ?? '';
    return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} ${name}`;
  });

const shot = (page: Page, name: string) => page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`) });

beforeAll(async () => {
  requireBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  holder = createSocket('udp4');
  await new Promise<void>((r) => holder.bind(HELD, r));
  responder = await startResponder({ dropInbound: (port) => port >= 21900 && port < 21960 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await responder?.close();
  holder?.close();
});

const stun = () => `127.0.0.1:${responder.primary.port}`;

describe('the window on a technician’s screen (issue 14)', () => {
  for (const [width, height] of [
    [1024, 768],
    [1366, 768],
    [1920, 1080],
  ] as const) {
    it(`keeps Run, the progress and the verdict in view at ${width}×${height}`, async () => {
      const page: WindowPage = await openWindow(browser, preferencesFor(stun(), '21800-21999'), {
        preflight: threeCxPreflight(false),
        viewport: { width, height },
      });
      const run = page.getByRole('button', { name: 'Run the check' });
      const bar = page.getByRole('progressbar', { name: 'Progress' });
      const verdict = page.locator('#verdict');
      await page.getByText('no allow rule for UDP 21800-21999', { exact: false }).waitFor();
      // The pre-flight arrives after the page: its layout settles within a frame or two.
      await expect.poll(() => inView(page, run)).toBe(true);
      await shot(page, `layout-${width}x${height}-1-idle`);

      await run.click();
      await bar.waitFor();
      await page
        .locator('.counts')
        .filter({ hasText: /[1-9]\d* \/ 200/ })
        .waitFor({ timeout: 20_000 });
      expect({ run: await inView(page, run), bar: await inView(page, bar) }).toEqual({ run: true, bar: true });
      // Settings are one line each and frozen; the pre-flight is folded.
      await expect(page.getByRole('button', { name: 'Change the ports' }).isDisabled()).resolves.toBe(true);
      await expect(page.locator('section.preflight > details').getAttribute('open')).resolves.toBeNull();
      expect(await focused(page)).toMatch(/^button Cancel/);
      await shot(page, `layout-${width}x${height}-2-running`);

      await page
        .getByRole('status')
        .filter({ hasText: 'Some ports are not forwarded correctly' })
        .waitFor({ timeout: 40_000 });
      await expect.poll(() => focused(page)).toMatch(/^h2#verdict/);
      await shot(page, `layout-${width}x${height}-3-verdict`);
      expect({
        run: await inView(page, run),
        bar: await inView(page, bar),
        verdict: await inView(page, verdict),
        extent: await inView(page, page.locator('.verdict .extent')),
      }).toEqual({ run: true, bar: true, verdict: true, extent: true });
      await expect(page.locator('.verdict .extent').innerText()).resolves.toBe(
        '60 of 200 ports, all of 21900–21959: no forward (packets from outside do not get in); and 1 more port with another problem.',
      );
      expect(page.errors).toEqual([]);
      await page.close();
    });
  }

  it('names this PBX in what to do: ranges, LAN address, public address, the rule to copy, the held port’s program', async () => {
    const page = await openWindow(browser, preferencesFor(stun(), '21800-21999'), {
      preflight: threeCxPreflight(false),
      viewport: { width: 1024, height: 768 },
    });
    await page.getByRole('button', { name: 'Run the check' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Some ports are not forwarded correctly' })
      .waitFor({ timeout: 40_000 });
    const rule = page.locator('.rule');
    await expect(rule.innerText()).resolves.toMatch(
      /Protocol\s+UDP\s+External ports\s+21900-21959\s+Internal address \(this computer\)\s+192\.168\.1\.20\s+Internal ports\s+21900-21959\s+Public address \(WAN\)\s+127\.0\.0\.1/,
    );
    // The largest problem first, then the held port, passes last.
    const rows = await page.locator('ul.ranges > li button.range .ports').allInnerTexts();
    expect(rows).toEqual(['21900–21959', '21805', '21800–21804', '21806–21899', '21960–21999']);
    await page.getByRole('button', { name: /^21900–21959/ }).click();
    await page.getByText(/forward UDP 21900–21959 to 192\.168\.1\.20 \(this computer\)/).waitFor();
    await page.getByRole('button', { name: /^21805/ }).click();
    const held = page.locator('ul.ranges > li', { has: page.getByRole('button', { name: /^21805/ }) });
    await expect(held.innerText()).resolves.toContain('UDP 21805 is held by 3CXPhoneSystem.exe (PID 4312)');
    await expect(held.innerText()).resolves.not.toMatch(/netstat|tasklist/);
    // No administrator rights: no stop offer, the way to get them instead.
    await expect(held.getByRole('checkbox').count()).resolves.toBe(0);
    await expect(held.innerText()).resolves.toContain('Run as administrator');
    await page.locator('section.preflight summary').first().click();
    await page.getByText(/^Commands that fix it \(2\)/).click();
    await page.getByText(/^Run one of these \(not both\) in PowerShell or a Command Prompt/).waitFor();
    // Commands wrap at spaces only: no word is split across lines.
    const split = await page.locator('.command pre').evaluateAll((pres) =>
      pres.flatMap((pre) => {
        const range = document.createRange();
        const text = pre.firstChild!;
        const words: string[] = [];
        let top = -1;
        let word = '';
        for (let i = 0; i < (text.textContent ?? '').length; i++) {
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          const y = Math.round(range.getBoundingClientRect().top);
          const c = text.textContent![i]!;
          if (c === ' ') word = '';
          else {
            if (top !== -1 && y > top && word) words.push(word + c);
            word += c;
          }
          top = y;
        }
        return words;
      }),
    );
    expect(split).toEqual([]);
    await shot(page, 'layout-1024x768-4-what-to-do');
    await page.close();
  });

  it('is usable with the keyboard alone, the focus never on the page itself', async () => {
    const page = await openWindow(browser, preferencesFor(stun(), '21800-21999'), {
      preflight: threeCxPreflight(true),
      viewport: { width: 1024, height: 768 },
    });
    const steps: string[] = [];
    const note = async (what: string) => {
      const where = await focused(page);
      steps.push(`${what}: ${where}`);
      expect(where, what).not.toBe('body');
    };
    // Tab to the stop box, tick it with Space, Tab on to Run.
    let guard = 0;
    while (!(await focused(page)).startsWith('input') && guard++ < 30) await page.keyboard.press('Tab');
    await note('tab to the stop box');
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: /Stop the PBX services/ }).isChecked()).toBe(true);
    while (!(await focused(page)).includes('Run the check') && guard++ < 60) await page.keyboard.press('Tab');
    await note('tab to Run');
    await page.keyboard.press('Enter');
    // The dialog opens on the safe choice: Enter keeps the PBX running and nothing starts.
    await page.getByRole('dialog').waitFor();
    await note('dialog open');
    expect(await focused(page)).toMatch(/^button Keep them running/);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog').isVisible()).resolves.toBe(false);
    await note('dialog closed');
    expect(await page.getByRole('progressbar').count()).toBe(0);
    // Escape closes it too.
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog').isVisible()).resolves.toBe(false);
    await note('dialog escaped');
    // Untick, run: focus goes to Cancel, then to the verdict.
    await page.getByRole('checkbox', { name: /Stop the PBX services/ }).uncheck();
    await page.getByRole('button', { name: 'Run the check' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('progressbar').waitFor();
    await note('running');
    expect(await focused(page)).toMatch(/^button Cancel/);
    await page
      .getByRole('status')
      .filter({ hasText: 'Some ports are not forwarded correctly' })
      .waitFor({ timeout: 40_000 });
    await expect.poll(() => focused(page)).toMatch(/^h2#verdict/);
    await note('verdict');
    // Tab to the largest problem, open it with Enter, read on.
    while (!(await focused(page)).includes('21900–21959') && guard++ < 120) await page.keyboard.press('Tab');
    await note('tab to the largest problem');
    await page.keyboard.press('Enter');
    await page.getByText(/forward UDP 21900–21959 to /).waitFor();
    await note('opened');
    await page.keyboard.press('Tab');
    await note('tab into the details');
    await shot(page, 'layout-1024x768-5-keyboard');
    console.log(`keyboard pass, focus at each step:\n  ${steps.join('\n  ')}`);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
