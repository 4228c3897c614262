import { Browser, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appStarted, expectEmergencyBanner, signIn, startServer, stopServer } from './helpers';

const CITY_CENTRE = 'E05011376';

/** Marks the page so a reload (which would clear the mark) can be detected. */
async function mark(page: Page) {
  await page.evaluate(() => ((window as any).__beatNoReload = true));
}
async function notReloaded(page: Page) {
  expect(await page.evaluate(() => (window as any).__beatNoReload === true)).toBe(true);
}

/** Opens an area's feed and waits until its live stream is connected. */
async function liveFeed(page: Page, path = `/area/${CITY_CENTRE}`) {
  await page.goto(path);
  await expect(page.getByRole('status').filter({ hasText: 'Live: new updates appear here' })).toBeVisible();
  await mark(page);
}

/** Logs a call from the officer's call log page; returns once it is in "Your recent entries"
 * (with or without the app running, the form works either way). */
async function logCall(officer: Page, text: string, category = 'Theft') {
  await officer.goto('/publish/calls');
  await officer.getByLabel('Call about').selectOption({ label: category });
  await officer.getByLabel('What happened, in a line').fill(text);
  await officer.getByRole('button', { name: 'Log call' }).click();
  await expect(officer.locator('li.card', { hasText: text })).toBeVisible();
}

async function officerPage(browser: Browser, baseURL?: string) {
  return signIn(await browser.newContext(baseURL ? { baseURL } : {}), 'officer.citycentre');
}

test("an officer's call log entry reaches a resident's open page within 2 seconds, without reload", async ({ browser, page }) => {
  await liveFeed(page);
  await expectEmergencyBanner(page);
  const officer = await officerPage(browser);
  const text = `Shop theft reported, suspect gone ${Date.now()}.`;
  await officer.goto('/publish/calls');
  await officer.getByLabel('Call about').selectOption({ label: 'Theft' });
  await officer.getByLabel('What happened, in a line').fill(text);
  await officer.getByLabel('Outcome').selectOption({ label: 'Officers attended' });
  const started = Date.now();
  await officer.getByRole('button', { name: 'Log call' }).click();
  await expect(page.locator('article', { hasText: text })).toBeVisible({ timeout: 2_000 });
  const elapsed = Date.now() - started;
  console.log(`call log entry on the resident's screen ${elapsed} ms after the officer pressed "Log call"`);
  await expect(page.locator('article', { hasText: text })).toHaveCount(1);
  await expect(page.locator('article', { hasText: text })).toContainText(/Theft · \d\d:(00|15|30|45)/);
  await notReloaded(page);
  await page.screenshot({ path: 'test-results/screens/live-feed.png' });
  await expect(officer.locator('li.card', { hasText: text })).toBeVisible();
  // The form is ready for the next call.
  await expect(officer.getByLabel('What happened, in a line')).toHaveValue('');
  await officer.screenshot({ path: 'test-results/screens/call-log.png' });

  // The same entry is on the running live day's page, with the counters.
  await page.goto('/live/tweetathon');
  await expect(page.locator('article', { hasText: text })).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: /Live now/ })).toBeVisible();
  await expect(page.locator('[data-counter=calls]')).not.toHaveText('0');
});

test('a live day updates its timeline and counters without reload, in both time zones', async ({ browser, page }) => {
  await page.goto('/live/tweetathon');
  await expectEmergencyBanner(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Global police Tweet-a-thon (demo)');
  // Planned in New Zealand; the viewer (this browser) is on London time.
  // 08:00 in New Zealand is 19:00 in London in the northern winter, 20:00 or 21:00 around
  // and in the northern summer (the exact conversions are unit tests with chrono-tz).
  await expect(page.locator('.card-when')).toContainText(/^From 08:00 \w{3} \d+ \w{3} NZ[DS]T \((19|20|21):00 \w{3} \d+ \w{3} your time\)/);
  await expect(page.getByRole('status').filter({ hasText: 'Live: new updates appear here' })).toBeVisible();
  await mark(page);
  const arrests = Number(await page.locator('[data-counter=arrests]').innerText());

  const officer = await officerPage(browser);
  const text = `Shoplifter detained by staff ${Date.now()}.`;
  await officer.goto('/publish/calls');
  await officer.getByLabel('What happened, in a line').fill(text);
  await officer.getByLabel('Outcome').selectOption({ label: 'Arrest made' });
  await officer.getByRole('button', { name: 'Log call' }).click();
  const entry = page.locator('article', { hasText: text });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('Outcome: Arrest made');
  await expect(entry.locator('.timeline-time')).toContainText(/GMT/);
  await expect(page.locator('[data-counter=arrests]')).not.toHaveText(String(arrests));
  expect(Number(await page.locator('[data-counter=arrests]').innerText())).toBeGreaterThan(arrests);
  await notReloaded(page);
  await page.screenshot({ path: 'test-results/screens/live-day.png', fullPage: true });
});

test('a withdrawn update comes off open pages within 2 seconds, and the counters drop', async ({ browser, page }) => {
  // A live day open since before the post: its card arrives through the stream.
  await page.goto('/live/tweetathon');
  await expect(page.getByRole('status').filter({ hasText: 'Live: new updates appear here' })).toBeVisible();
  await mark(page);
  // Other tests log calls on this day at the same time: count this test's category, which
  // no other test uses.
  const burglaries = async () => {
    const row = page.locator('.by-category li', { hasText: 'Burglary' });
    return (await row.count()) ? Number(await row.locator('strong').innerText()) : 0;
  };
  const before = await burglaries();
  const officer = await officerPage(browser);
  const text = `Burglary logged in error ${Date.now()}.`;
  await officer.goto('/publish/calls');
  await officer.getByLabel('Call about').selectOption({ label: 'Burglary' });
  await officer.getByLabel('What happened, in a line').fill(text);
  // Not an arrest: the next test counts arrests on this day while this one runs.
  await officer.getByLabel('Outcome').selectOption({ label: 'Officers attended' });
  await officer.getByRole('button', { name: 'Log call' }).click();
  await expect(page.locator('article', { hasText: text })).toHaveCount(1);
  await expect.poll(burglaries).toBe(before + 1);

  // The area's page opened after the post: its card came with the page.
  const resident = await browser.newPage();
  await liveFeed(resident);
  await expect(resident.locator('article', { hasText: text })).toBeVisible();

  // The officer's list shows headlines; a call log entry's is its category and time, so
  // find it by its link.
  const href = (await resident.locator('article', { hasText: text }).getByRole('link').first().getAttribute('href'))!.split('?')[0];
  await officer.goto('/publish');
  await appStarted(officer);
  const headline = await officer.locator('li.card', { has: officer.locator(`a[href="${href}"]`) }).locator('h3').innerText();
  // Newest first: once withdrawn its headline is no longer a link, so find it by headline.
  const item = officer.locator('li.card', { hasText: headline }).first();
  await item.getByText('Withdraw…').click();
  await item.getByLabel(/Why is it being withdrawn/).fill('Logged against the wrong call');
  const started = Date.now();
  await item.getByRole('button', { name: 'Withdraw from every feed' }).click();
  await expect(resident.locator('article', { hasText: text })).toBeHidden({ timeout: 2_000 });
  await expect(page.locator('article', { hasText: text })).toBeHidden({ timeout: 2_000 });
  console.log(`withdrawn update gone from open pages ${Date.now() - started} ms after the officer pressed "Withdraw"`);
  await expect.poll(burglaries, { timeout: 2_000 }).toBe(before);
  await notReloaded(page);
  await notReloaded(resident);

  // Undone: back on the open area page.
  await item.getByRole('button', { name: 'Undo withdrawal' }).click();
  await expect(resident.locator('article:visible', { hasText: text })).toHaveCount(1, { timeout: 2_000 });
});

test('a dropped connection resumes with nothing missed and nothing twice', async ({ browser }, info) => {
  const port = 3300 + info.workerIndex;
  const baseURL = `http://127.0.0.1:${port}`;
  const db = join(mkdtempSync(join(tmpdir(), 'beat-live-')), 'beat.db');
  let server = await startServer(port, db, 'live');
  const resident = await (await browser.newContext({ baseURL })).newPage();
  try {
    await liveFeed(resident);
    const officer = await officerPage(browser, baseURL);
    const stamp = Date.now();
    const texts = [1, 2, 3, 4].map((n) => `Entry ${n} of the resume test ${stamp}.`);
    await logCall(officer, texts[0]);
    await expect(resident.locator('article', { hasText: texts[0] })).toHaveCount(1);

    // The connection drops (the server restarts) and stays down while two entries are posted.
    await resident.route('**/events?*', (route) => route.abort('internetdisconnected'));
    await stopServer(server);
    server = await startServer(port, db, 'live');
    await expect(resident.getByRole('status').filter({ hasText: 'Reconnecting' })).toBeVisible();
    await logCall(officer, texts[1]);
    await logCall(officer, texts[2], 'Noise');
    await expect(resident.locator('article', { hasText: texts[1] })).toHaveCount(0);

    // Back: the browser reconnects with Last-Event-ID and gets exactly what it missed.
    await resident.unroute('**/events?*');
    await expect(resident.getByRole('status').filter({ hasText: 'Live: new updates appear here' })).toBeVisible();
    await expect(resident.locator('article', { hasText: texts[1] })).toHaveCount(1);
    await expect(resident.locator('article', { hasText: texts[2] })).toHaveCount(1);
    await logCall(officer, texts[3]);
    await expect(resident.locator('article', { hasText: texts[3] })).toHaveCount(1);
    for (const text of texts) {
      await expect(resident.locator('article', { hasText: text })).toHaveCount(1);
    }
    // Newest first, as posted.
    const order = await resident.locator('article h3').allInnerTexts();
    const bodies = await resident.locator('article .card-body').allInnerTexts();
    const positions = texts.map((t) => bodies.indexOf(t));
    expect(positions).toEqual([3, 2, 1, 0]);
    expect(order.length).toBeGreaterThan(4);
    await notReloaded(resident);
  } finally {
    await resident.context().close();
    await stopServer(server);
  }
});

test('a page whose live stream a busy server refuses comes back by itself, with nothing missed', async ({ browser, page }) => {
  // The first stream this page opens is refused, as a busy server (or a balancer with no
  // server left) refuses it; a bare EventSource would then give up for good.
  let refused = 0;
  await page.route('**/events?*', (route) =>
    refused++ === 0
      ? route.fulfill({ status: 503, headers: { 'retry-after': '30' }, body: 'Live updates are busy on this server.' })
      : route.continue(),
  );
  await page.goto(`/area/${CITY_CENTRE}`);
  await mark(page);
  const officer = await officerPage(browser);
  const stamp = Date.now();
  const missed = `Call logged while the stream was refused ${stamp}.`;
  await logCall(officer, missed);
  await expect(page.getByRole('status').filter({ hasText: 'Live: new updates appear here' })).toBeVisible({ timeout: 10_000 });
  expect(refused).toBeGreaterThanOrEqual(2);
  await expect(page.locator('article', { hasText: missed })).toHaveCount(1);
  const after = `Call logged once the stream was back ${stamp}.`;
  await logCall(officer, after, 'Noise');
  await expect(page.locator('article', { hasText: after })).toHaveCount(1);
  await expect(page.locator('article', { hasText: missed })).toHaveCount(1);
  await notReloaded(page);
});

test('the call log form refuses an address and says why', async ({ browser }) => {
  const officer = await officerPage(browser);
  await officer.goto('/publish/calls');
  await officer.getByLabel('What happened, in a line').fill('Caller at 14 Oldham Street gave her number, 07700 900123.');
  await officer.getByRole('button', { name: 'Log call' }).click();
  await expect(officer.locator('#text-error')).toContainText('may identify someone or somewhere');
  await expect(officer.locator('li.card', { hasText: 'Oldham Street' })).toHaveCount(0);
});
