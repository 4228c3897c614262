import { expect, BrowserContext, Page } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';

/** Known points (latitude, longitude -> the area a phone there opens), in all four UK nations
 * and New Zealand, with the emergency number the page must show and any Welsh name. */
export const KNOWN_POINTS: {
  name: string; latitude: number; longitude: number; ward: string; code: string; emergency?: string; welsh?: string;
}[] = [
  { name: 'Manchester Piccadilly', latitude: 53.477412, longitude: -2.230913, ward: 'Piccadilly', code: 'E05011376' },
  { name: 'Bolton town centre', latitude: 53.576871, longitude: -2.428237, ward: 'Queens Park & Central', code: 'E05014832' },
  { name: 'Cardiff Castle', latitude: 51.482214, longitude: -3.181038, ward: 'Cathays', code: 'W05001274' },
  { name: 'Splott, Cardiff', latitude: 51.48, longitude: -3.15, ward: 'Splott', code: 'W05001295', welsh: 'Y Sblot' },
  { name: 'George Square, Glasgow', latitude: 55.8611, longitude: -4.2502, ward: 'Anderston/City/Yorkhill', code: 'S13002976' },
  { name: 'Belfast City Hall', latitude: 54.5964, longitude: -5.9301, ward: 'Central', code: 'N08000315' },
  { name: 'Auckland', latitude: -36.8485, longitude: 174.7633, ward: 'Auckland', code: 'NZ-AUK', emergency: '111' },
];

/** Every page says it is not for emergencies, with the country's number. */
export async function expectEmergencyBanner(page: Page, number = '999') {
  const banner = page.getByRole('complementary', { name: 'Not for emergencies' });
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('link', { name: number, exact: true })).toHaveAttribute('href', `tel:${number}`);
}

/** The WASM has hydrated once the location button is enabled. */
export async function waitForHydration(page: Page) {
  await expect(page.getByRole('button', { name: 'Use my location' })).toBeEnabled();
}

/** Waits until the service worker controls the page (it claims open pages on activation). */
export async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The app has started on this page (any page): its forms and buttons are the app's now. */
export async function appStarted(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

/** The demo accounts' password (`serve --demo`). */
export const PASSWORD = 'beat demo passphrase';

/** Signs a demo account in on a new page of `context`; returns that page, on /account. */
export async function signIn(context: BrowserContext, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/sign-in');
  await expectEmergencyBanner(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`(${username})`)).toBeVisible();
  return page;
}

/** A Beat server of a test's own (a fresh "deploy" or a restart on the same origin). */
export async function startServer(port: number, db: string, release: string): Promise<ChildProcess> {
  const bin = process.env.BEAT_BIN ?? '../target/release/beat';
  const child = spawn(bin, ['serve', '--demo', '--addr', `127.0.0.1:${port}`], {
    // The same sealing key across restarts: the push key stored by the first start opens.
    env: { ...process.env, BEAT_DATABASE_URL: `sqlite://${db}`, BEAT_RELEASE: release, BEAT_SECRET_KEY: 'e2e1'.repeat(16) },
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/areas`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('server did not start');
}

export async function stopServer(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}
