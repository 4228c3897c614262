import { test, expect } from './fixtures';
import { expectEmergencyBanner } from './helpers';

test.use({ javaScriptEnabled: false });

test('the feed renders, pages and filters with JavaScript off', async ({ page }) => {
  await page.goto('/area/E05011376');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Piccadilly');
  await expectEmergencyBanner(page);
  await expect(page.locator('article.card')).toHaveCount(20);
  await page.screenshot({ path: 'test-results/screens/feed-nojs.png', fullPage: true });

  const firstPage = await page.locator('article.card h3').allTextContents();
  await page.getByRole('link', { name: 'Older updates' }).click();
  await expect(page).toHaveURL(/cursor=/);
  const secondPage = await page.locator('article.card h3').allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((t) => firstPage.includes(t))).toEqual([]);

  await page.getByText('Filter updates').click();
  await page.getByLabel('Kind').selectOption('event');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/kind=event/);
  const kinds = await page.locator('article.card .badge.kind').allTextContents();
  expect(kinds.length).toBeGreaterThan(0);
  expect(new Set(kinds)).toEqual(new Set(['Event']));
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page.locator('article.card')).toHaveCount(20);

  await page.locator('article.card h3 a').first().click();
  await expect(page).toHaveURL(/\/updates\/\d+/);
  await expectEmergencyBanner(page);
});

test('searching by name works with JavaScript off', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Use my location' })).toBeDisabled();
  await page.getByLabel('Ward, town or council').fill('Cathays');
  await page.getByLabel('Ward, town or council').press('Enter');
  await expect(page).toHaveURL(/\/areas\?q=Cathays/);
  await page.getByRole('link', { name: /^Cathays/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cathays');
  await expectEmergencyBanner(page);
});
