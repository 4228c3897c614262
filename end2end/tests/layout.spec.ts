import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectEmergencyBanner } from './helpers';

const PAGES = [
  '/?pick=1', '/areas', '/areas?in=E08000003', '/area/E05011376', '/area/W05001274?kind=event',
  '/live', '/live/tweetathon', '/ask',
];

/** Controls a thumb must hit: buttons, fields, list rows, pager, filter toggle. (A card's
 * title link is stretched over the whole card by CSS, so cards are not listed.) */
async function smallTargets(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(
      'button, input, select, summary, .area-list a, .pager a, .topbar a',
    )]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ what: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height }))
      .filter((t) => t.h < 44),
  );
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [390, 1280]) {
    test(`no sideways scrolling and thumb-sized targets at ${width}px, ${colorScheme}`, async ({ browser }) => {
      const context = await browser.newContext({
        viewport: { width, height: 844 },
        isMobile: width < 500,
        hasTouch: width < 500,
        colorScheme,
      });
      const page = await context.newPage();
      for (const path of PAGES) {
        await page.goto(path);
        await expectEmergencyBanner(page);
        // Against the set width: a mobile browser widens window.innerWidth to fit an overflowing page.
        const overflow = (await page.evaluate(() => document.documentElement.scrollWidth)) - width;
        expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
        expect(await smallTargets(page), path).toEqual([]);
      }
      await page.goto('/area/E05011376');
      await page.screenshot({ path: `test-results/screens/feed-${width}-${colorScheme}.png` });
      await context.close();
    });
  }
}
