// Every browser test runs under Beat's Content-Security-Policy and fails on any violation.
//
// Chromium reports each blocked script, style, connection or WebAssembly compile on the
// console of the page (or worker) it happened in. Every context a test opens is watched:
// the default one, any `browser.newContext()`, and persistent contexts passed to `watch`.
// Specs import `test` and `expect` from here instead of '@playwright/test'.
import { test as base, expect, BrowserContext } from '@playwright/test';

const violations: string[] = [];

/** Records the policy violations reported in `context`'s pages and workers. */
export function watch(context: BrowserContext) {
  context.on('console', (message) => {
    const text = message.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) violations.push(`${message.location().url}: ${text}`);
  });
  // Every page the browser opens carries a policy naming its own nonce.
  context.on('response', async (response) => {
    if (response.request().resourceType() !== 'document') return;
    const headers = await response.allHeaders().catch(() => ({}) as Record<string, string>);
    if (!(headers['content-type'] ?? '').startsWith('text/html') || response.status() >= 300) return;
    if (!/script-src 'self' 'nonce-[\w-]+'/.test(headers['content-security-policy'] ?? '')) {
      violations.push(`${response.url()} (${response.status()}${response.fromServiceWorker() ? ', from the service worker' : ''}) has no page policy: ${headers['content-security-policy']}`);
    }
  });
}

/** The violations recorded so far in this test, removed from the list (for a test that causes one on purpose). */
export function takeViolations(): string[] {
  return violations.splice(0, violations.length);
}

export const test = base.extend<{ policyKept: void }>({
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        watch(context);
        return context;
      };
      await use(browser);
    },
    { scope: 'worker' },
  ],
  policyKept: [
    async ({}, use) => {
      violations.length = 0;
      await use();
      expect(takeViolations(), 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
