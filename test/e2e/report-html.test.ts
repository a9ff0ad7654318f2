/// <reference lib="dom" />
/**
 * report.html in a real browser (Debian's Chromium through playwright-core): it renders with no
 * network at all, reads right, and the screenshots of an all-passed and a some-failed report are
 * kept in test/.artifacts/ for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { audit, launchChromium } from './browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEnvironment } from '../../main/bundle/environment';
import { renderReportHtml } from '../../main/bundle/report-html';
import { createProcessRunner } from '../../main/engine/host/runner';
import { startPreflight } from '../../main/engine/preflight';
import { runCheck } from '../../main/engine/run-check';
import type { Report } from '../../shared/report';
import { startResponder } from '../integration/responder';

const artifacts = resolve(__dirname, '../.artifacts');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function reportFor(
  dropInbound: (port: number) => boolean,
  dropOutbound = (_port: number) => false,
): Promise<Report> {
  const responder = await startResponder({ dropInbound, dropOutbound });
  try {
    const ports = '5060,5090,21700-21799';
    const pre = await startPreflight([5060, 5090, ...Array.from({ length: 100 }, (_, i) => 21700 + i)]);
    const report = await runCheck({
      stun: [`127.0.0.1:${responder.primary.port}`],
      ports,
      publicIp: null,
      concurrency: 100,
      rate: 5000,
      timeoutMs: 600,
      order: 'sequential',
    });
    report.preflight = await pre.complete;
    return report;
  } finally {
    await responder.close();
  }
}

async function shoot(report: Report, lang: 'en' | 'fr', name: string) {
  const environment = await collectEnvironment({
    platform: 'linux',
    runner: createProcessRunner(),
    report,
    appVersion: '0.1.0',
    commands: [],
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const requests: string[] = [];
  await page.route(/.*/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  await page.setContent(renderReportHtml(report, lang, environment), { waitUntil: 'load' });
  await page.screenshot({ path: resolve(artifacts, `${name}.png`), fullPage: true });
  return { page, requests };
}

describe('report.html in Chromium', () => {
  it('shows an all-passed report with its green verdict, without loading anything', async () => {
    const report = await reportFor(() => false);
    const { page, requests } = await shoot(report, 'en', 'report-all-passed');
    expect(requests).toEqual([]);
    await expect(page.getByRole('status').innerText()).resolves.toContain('Every port is forwarded one-to-one');
    const colour = await page
      .locator('.verdict')
      .evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el)
            .backgroundColor,
      );
    expect(colour).toBe('rgb(230, 244, 234)');
    expect(await audit(page)).toEqual([]);
    await page.close();
  });

  it('shows a some-failed report with the failed ranges and numbered steps, in French too', async () => {
    const report = await reportFor(
      (port) => port >= 21750 && port < 21790,
      (port) => port === 21795,
    );
    const { page, requests } = await shoot(report, 'en', 'report-some-failed');
    expect(requests).toEqual([]);
    await expect(page.getByRole('status').innerText()).resolves.toContain('Some ports are not forwarded correctly');
    await expect(page.getByRole('cell', { name: '21750–21789' })).toBeTruthy();
    expect(await page.locator('ol li').count()).toBeGreaterThan(5);
    expect(await audit(page)).toEqual([]);
    await page.close();
    const fr = await shoot(report, 'fr', 'report-some-failed-fr');
    await expect(fr.page.getByRole('status').innerText()).resolves.toContain(
      'Certains ports ne sont pas correctement redirigés',
    );
    await fr.page.close();
  });
});
