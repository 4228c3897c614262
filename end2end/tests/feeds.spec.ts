import { test, expect } from './fixtures';
import { expectEmergencyBanner, signIn } from './helpers';

const CITY_CENTRE = 'E05011376';

test('an area page offers its feeds to subscribe to, and they are real feeds', async ({ page }) => {
  await page.goto(`/area/${CITY_CENTRE}`);
  await expectEmergencyBanner(page);
  // Feed readers find the feeds in the head.
  const alternates = page.locator('head link[rel="alternate"]');
  await expect(alternates).toHaveCount(3);
  // People find them on the page.
  await page.getByText('Subscribe to these updates').click();
  const atom = page.getByRole('link', { name: 'Atom', exact: true });
  await expect(atom).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/subscribe.png' });
  const href = await atom.getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/atom+xml');
  expect(await response.text()).toContain('<title>Beat: Piccadilly (Manchester)</title>');
  const again = await page.request.get(href!, { headers: { 'if-none-match': response.headers()['etag'] } });
  expect(again.status()).toBe(304);
  const calendar = await page.request.get(`/area/${CITY_CENTRE}/events.ics`);
  expect(await calendar.text()).toContain('BEGIN:VEVENT');
});

test('the demo feed source is polled and its items reach the ward, with a status page for admins', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The scheduler polls the demo feed at start-up; its items are in Piccadilly's feed.
  await expect(async () => {
    // A page of 50: other tests publish neighbourhood updates in parallel.
    await page.goto(`/area/${CITY_CENTRE}?kind=neighbourhood&limit=50`);
    await expect(page.getByText('From our news feed: extra patrols around the station at night')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  const admin = await signIn(context, 'admin');
  await admin.getByRole('link', { name: 'Feed sources' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Feed sources');
  await admin.locator('.feed-sources h2 a').first().click();
  await expect(admin.getByTestId('last-success')).not.toHaveText('Never');
  await expect(admin.getByTestId('items-stored')).toHaveText('2');
  await expect(admin.getByTestId('last-error')).toHaveText('None');
  await admin.screenshot({ path: 'test-results/screens/feed-status.png', fullPage: true });

});
