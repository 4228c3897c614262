import { Request } from '@playwright/test';
import { test, expect } from './fixtures';
import { KNOWN_POINTS, expectEmergencyBanner, waitForHydration } from './helpers';

for (const point of KNOWN_POINTS) {
  test(`location granted at ${point.name} opens ${point.ward}'s feed, and no request carries the position`, async ({ browser }) => {
    const context = await browser.newContext({
      geolocation: { latitude: point.latitude, longitude: point.longitude, accuracy: 10 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));

    await page.goto('/');
    await expectEmergencyBanner(page);
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Use my location' }).click();

    await expect(page).toHaveURL(new RegExp(`/area/${point.code}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(point.ward);
    if (point.welsh) await expect(page.locator('.alt-name[lang="cy"]')).toHaveText(point.welsh);
    await expect(page.locator('article.card').first()).toBeVisible();
    // The area's own number: 111 in New Zealand, never the UK's 999 there.
    await expectEmergencyBanner(page, point.emergency ?? '999');
    if (point.emergency) {
      const banner = page.getByRole('complementary', { name: 'Not for emergencies' });
      await expect(banner.getByRole('link', { name: '999', exact: true })).toHaveCount(0);
    }
    await page.screenshot({ path: `test-results/screens/feed-${point.code}.png`, fullPage: false });

    // The precise position must never leave the phone: not in a URL, a header or a body,
    // in any form (with or without the decimal point, rounded to 3 or more decimals).
    const forms = [point.latitude, point.longitude].flatMap((v) => {
      const abs = Math.abs(v);
      return [3, 4, 5, 6].flatMap((d) => {
        const s = abs.toFixed(d);
        return [s, s.replace('.', '')];
      });
    });
    expect(requests.length).toBeGreaterThan(2);
    let locateCalls = 0;
    for (const r of requests) {
      const body = r.postData() ?? '';
      const headers = JSON.stringify(await r.allHeaders());
      if (r.url().includes('/api/locate')) locateCalls += 1;
      for (const f of forms) {
        const where = `${r.method()} ${r.url()}`;
        expect(r.url(), `${f} in URL of ${where}`).not.toContain(f);
        expect(body, `${f} in body of ${where}`).not.toContain(f);
        expect(headers, `${f} in headers of ${where}`).not.toContain(f);
      }
    }
    expect(locateCalls, 'the coarse cell was sent once').toBe(1);

    // The ward is remembered on the device: the home page goes straight to it.
    await page.goto('/');
    await expect(page).toHaveURL(new RegExp(`/area/${point.code}$`));
    await context.close();
  });
}

test('location denied: the resident picks their area by name instead', async ({ browser }) => {
  const context = await browser.newContext({ permissions: [] });
  const page = await context.newPage();
  await page.goto('/');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Use my location' }).click();
  await expect(page.getByRole('status')).toContainText('pick your area by name');
  await page.screenshot({ path: 'test-results/screens/home-denied.png' });

  await page.getByLabel('Ward, town or council').fill('great lev');
  const result = page.getByRole('link', { name: /Great Lever/ });
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(/\/area\/E05014824$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Great Lever');
  await expectEmergencyBanner(page);
  await context.close();
});

test('browsing goes country, nation and police force, council, ward', async ({ page }) => {
  await page.goto('/areas');
  await expectEmergencyBanner(page);
  await page.getByRole('link', { name: 'Police forces in United Kingdom' }).click();
  await expect(page.getByRole('heading', { name: 'Police forces in United Kingdom' })).toBeVisible();
  for (const nation of ['England', 'Wales', 'Scotland', 'Northern Ireland']) {
    await expect(page.getByRole('heading', { name: nation, exact: true })).toBeVisible();
  }
  await page.getByRole('link', { name: 'Councils in South Wales Police' }).click();
  await page.getByRole('link', { name: 'Wards in Cardiff' }).click();
  await expect(page.getByRole('heading', { name: 'Wards in Cardiff' })).toBeVisible();
  await page.getByRole('link', { name: /^Cathays/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cathays');
});

test('hostile search text is shown as text and never runs', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs += 1;
    await d.dismiss();
  });
  const payload = '<img src=x onerror=alert(1)>';
  await page.goto('/?pick=1');
  await waitForHydration(page);
  await page.getByLabel('Ward, town or council').fill(payload);
  await expect(page.getByText(`No area matches “${payload}”`)).toBeVisible();
  await page.getByLabel('Ward, town or council').press('Enter');
  await expect(page).toHaveURL(/\/areas\?q=/);
  await expect(page.getByText(`No area matches “${payload}”`)).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
});
