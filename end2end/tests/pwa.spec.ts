import { chromium, Page } from '@playwright/test';
import { test, expect, watch } from './fixtures';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlled, expectEmergencyBanner, signIn, startServer, stopServer } from './helpers';

const CITY_CENTRE = 'E05011376';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('Chromium reports Beat installable: manifest, icons, screenshots and a service worker', async ({}, info) => {
  // Chromium never offers to install from an incognito profile, which is what Playwright's
  // contexts are: this test uses a real (temporary) profile.
  const use = info.project.use;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'beat-profile-')), {
    executablePath: use.launchOptions?.executablePath,
    args: use.launchOptions?.args,
    baseURL: use.baseURL,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
  });
  watch(context);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#0b3d5c');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/icons/apple-touch-icon.png');
  await controlled(page);

  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.errors).toEqual([]);
  const parsed = JSON.parse(manifest.data ?? '{}');
  expect(parsed).toMatchObject({ short_name: 'Beat', display: 'standalone', start_url: '/', scope: '/' });

  // Every icon and screenshot is a PNG of the size the manifest claims.
  const images = [...parsed.icons, ...parsed.screenshots];
  expect(parsed.icons.map((i: { purpose: string }) => i.purpose)).toContain('maskable');
  expect(parsed.screenshots.map((s: { form_factor: string }) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
  for (const image of images) {
    const response = await page.request.get(image.src);
    expect(response.status(), image.src).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
    expect(pngSize(await response.body()).join('x'), image.src).toBe(image.sizes);
  }
  // The worker is this build's, and never cached by the browser's HTTP cache.
  const sw = await page.request.get('/sw.js');
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(await sw.text()).toMatch(/const BUILD = "[0-9A-Za-z_-]{24,26}";/);
  await context.close();
});

test('the install page explains iPhone and Android steps, with JavaScript off too', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Install Beat on your phone' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Install Beat on your phone');
  await expect(page.getByRole('heading', { name: 'iPhone and iPad (Safari)' })).toBeVisible();
  await expect(page.getByText('Add to Home Screen').first()).toBeVisible();
  await expectEmergencyBanner(page);
  await context.close();
});

test('iOS Safari gets "Add to Home Screen" steps on the feed', async ({ browser }) => {
  const context = await browser.newContext({
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  });
  const page = await context.newPage();
  await page.goto(`/area/${CITY_CENTRE}`);
  await expect(page.getByTestId('install-ios')).toContainText('tap Share');
  await expect(page.getByTestId('install-ios')).toContainText('Add to Home Screen');
  await context.close();
});

test('the last-seen feed reads offline, marked "offline, last updated"', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/area/${CITY_CENTRE}`);
  await controlled(page);
  await page.reload(); // through the worker now, which keeps a copy
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Piccadilly');
  const before = await page.locator('article.card h3').allTextContents();
  expect(before.length).toBeGreaterThan(3);
  await expect(page.getByTestId('offline-notice')).toHaveCount(0);

  // Something new is published while this phone has no signal.
  const officer = await browser.newContext();
  await signIn(officer, 'officer.citycentre');
  const publisher = await officer.newPage();
  await publisher.goto('/publish');
  const headline = `Published while offline ${Date.now()}`;
  await context.setOffline(true);
  await publisher.getByLabel('Headline').fill(headline);
  await publisher.getByLabel('Text', { exact: true }).fill('Shown only once the phone is back online.');
  await publisher.getByRole('button', { name: 'Publish' }).click();
  await expect(publisher.getByRole('status')).toContainText('Published');

  await page.reload();
  await expect(page.getByTestId('offline-notice')).toContainText(/Offline, last updated \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d/);
  expect(await page.locator('article.card h3').allTextContents()).toEqual(before);
  await expect(page.getByText(headline)).toHaveCount(0);
  await expectEmergencyBanner(page);
  await page.screenshot({ path: 'test-results/screens/offline-feed.png' });

  // A page never opened says so, and still gives the emergency numbers.
  await page.goto('/updates/999999');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
  await expect(page.getByText('call 999 in the UK')).toBeVisible();

  // Back online, the offline page goes on by itself to the page that was asked for.
  await context.setOffline(false);
  await expect(page).toHaveURL(/\/updates\/999999$/);
  await page.goto(`/area/${CITY_CENTRE}`);
  await expect(page.getByText(headline)).toBeVisible();
  await expect(page.getByTestId('offline-notice')).toHaveCount(0);
  await officer.close();
  await context.close();
});

test('a note sent without signal waits on the phone and reaches the moderator exactly once', async ({ browser }) => {
  const context = await browser.newContext();
  const reporter = await signIn(context, 'reporter.sam');
  const headline = `Written in a dead spot ${Date.now()}`;
  const sends: number[] = [];
  reporter.on('response', (r) => {
    if (r.url().endsWith('/api/save_note')) sends.push(r.status());
  });
  await reporter.goto('/reporter');
  await reporter.getByRole('link', { name: 'Write a note' }).first().click();
  await expect(reporter.locator('form.note-form[data-ready="true"]')).toBeVisible();
  await context.setOffline(true);
  await reporter.getByLabel('Headline').fill(headline);
  await reporter.getByLabel('What you saw').fill('A quiet evening; the team checked on the shops by the canal.');
  await reporter.getByLabel('What you made of it').fill('Visible patrols are welcome.');
  await reporter.getByLabel('How it made you feel').fill('Calm.');
  await reporter.getByRole('button', { name: 'Send to moderator' }).click();
  await expect(reporter.getByTestId('note-pending')).toContainText('Waiting for a signal');
  await reporter.screenshot({ path: 'test-results/screens/note-pending.png' });
  expect(sends).toEqual([]); // nothing reached the server

  await context.setOffline(false);
  await expect(reporter.getByText('Sent. Your note is waiting for a moderator')).toBeVisible();
  // Give any second attempt time to happen, then count.
  await reporter.waitForTimeout(1500);
  expect(sends).toEqual([200]);
  await reporter.goto('/reporter');
  await expect(reporter.locator('li.card', { hasText: headline })).toHaveCount(1);
  await expect(reporter.locator('li.card', { hasText: headline })).toContainText('Waiting for a moderator');
  const moderator = await signIn(await browser.newContext(), 'moderator.gmp');
  await moderator.goto('/moderation');
  await expect(moderator.locator('article.queue-item', { hasText: headline })).toHaveCount(1);
  await context.close();
});

test('a new deploy offers "update available, reload" and the reload runs the new version', async ({ browser }, info) => {
  const port = 3200 + info.workerIndex;
  const db = join(mkdtempSync(join(tmpdir(), 'beat-update-')), 'beat.db');
  let server = await startServer(port, db, 'first');
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  try {
    await page.goto(`/area/${CITY_CENTRE}`);
    await controlled(page);
    const first = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);

    await stopServer(server);
    server = await startServer(port, db, 'second');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await expect(page.getByTestId('update-banner')).toContainText('Update available');
    await page.screenshot({ path: 'test-results/screens/update-available.png' });
    // The page reloads itself once the new worker has taken over.
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await controlled(page);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
    const build = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const keys = await caches.keys();
      return { active: reg?.active?.state, waiting: reg?.waiting ?? null, keys, url: navigator.serviceWorker.controller?.scriptURL };
    });
    expect(build.url).toBe(first);
    expect(build.waiting).toBeNull();
    // Only the new build's shell cache is left.
    expect(build.keys.filter((k: string) => k.startsWith('beat-shell-'))).toEqual([expect.stringMatching(/-second$/)]);
  } finally {
    await context.close();
    await stopServer(server);
  }
});
