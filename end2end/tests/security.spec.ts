// The Content-Security-Policy as a resident meets it: the app starts under it, and a script
// that gets into a page anyway does not run. (Every other test fails on any violation: see
// fixtures.ts.)
import { test, expect, takeViolations } from './fixtures';
import { appStarted } from './helpers';

test('a script slipped into a page does not run, and the app still starts', async ({ page }) => {
  const answer = await page.goto('/area/E05011376');
  const policy = answer?.headers()['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'self' 'nonce-[\w-]+' 'wasm-unsafe-eval'/);
  await appStarted(page);

  const ran = await page.evaluate(async () => {
    const w = window as unknown as { slipped?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.slipped = true';
    document.body.append(script);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.slipped = true');
    img.src = '/no-such-image.png';
    document.body.append(img);
    await new Promise((r) => setTimeout(r, 300));
    return w.slipped === true;
  });
  expect(ran).toBe(false);
  const seen: string[] = [];
  await expect
    .poll(() => {
      seen.push(...takeViolations());
      return seen.filter((v) => /inline/i.test(v)).length;
    })
    .toBeGreaterThanOrEqual(2);
});
