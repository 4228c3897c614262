// Takes the install sheet's screenshots (public/screenshots/) from a running Beat:
//   node manifest-screenshots.mjs http://127.0.0.1:3000
// Sizes must match public/manifest.webmanifest; the browser test checks they do.
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const shots = [
  { file: 'feed-narrow.png', width: 390, height: 844, mobile: true },
  { file: 'feed-wide.png', width: 1280, height: 800, mobile: false },
];
const browser = await chromium.launch({ executablePath: process.env.BEAT_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const s of shots) {
  const page = await browser.newPage({ viewport: { width: s.width, height: s.height }, deviceScaleFactor: 1, isMobile: s.mobile, colorScheme: 'light' });
  await page.goto(`${base}/area/E05011376`);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `../public/screenshots/${s.file}` });
  await page.close();
}
await browser.close();
