import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectEmergencyBanner, signIn } from './helpers';

const CITY_CENTRE = 'E05011376';

/** Fails the test if any script injected through a note ever runs. */
function refuseDialogs(page: Page) {
  page.on('dialog', async (d) => {
    await d.dismiss();
    throw new Error(`a dialog opened: ${d.message()}`);
  });
}

test('a reporter files a note, a moderator approves it with a redaction, and residents of the ward see it', async ({ browser }) => {
  const headline = `Evening patrol ${Date.now()}`;
  const payload = '<img src=x onerror=alert(1)>';

  // The reporter, on a phone.
  const reporter = await signIn(await browser.newContext(), 'reporter.sam');
  refuseDialogs(reporter);
  await reporter.getByRole('link', { name: 'Your ride-alongs and notes' }).click();
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('Hello, Sam R');
  await reporter.getByRole('link', { name: 'Write a note' }).first().click();
  await expect(reporter.locator('form.note-form[data-ready="true"]')).toBeVisible();
  await reporter.getByLabel('Headline').fill(headline);
  await reporter.getByLabel('What you saw').fill(
    `We walked the ward with the team. A shopkeeper asked us to ring him back on 07700 900123 about bike thefts. ${payload}`,
  );
  await reporter.getByLabel('What you made of it').fill('People want to see officers on foot.');
  await reporter.getByLabel('How it made you feel').fill('Reassured, and a bit tired.');
  await reporter.screenshot({ path: 'test-results/screens/note-editor.png', fullPage: true });
  // A double tap still sends one note.
  await reporter.getByRole('button', { name: 'Send to moderator' }).dblclick();
  await expect(reporter.getByRole('status')).toContainText('Sent. Your note is waiting for a moderator');
  await reporter.goto('/reporter');
  await expect(reporter.locator('li.card', { hasText: headline })).toHaveCount(1);
  await expect(reporter.locator('li.card', { hasText: headline })).toContainText('Waiting for a moderator');

  // The moderator sees the flag and the proposed redaction.
  const moderator = await signIn(await browser.newContext(), 'moderator.gmp');
  refuseDialogs(moderator);
  await moderator.goto('/moderation');
  const card = moderator.locator('article.queue-item', { hasText: headline });
  await expect(card).toBeVisible();
  await expect(card.locator('mark.pii')).toHaveCount(1);
  await expect(card.locator('mark.pii')).toContainText('07700 900123');
  await expect(card).toContainText(payload);
  const body = card.getByLabel('Text to publish');
  await expect(body).toHaveValue(/\[phone number removed\]/);
  await expect(body).not.toHaveValue(/07700/);
  await moderator.screenshot({ path: 'test-results/screens/moderation.png', fullPage: true });
  await card.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(moderator.getByRole('status')).toContainText('Approved and published.');
  await expect(moderator.locator('article.queue-item', { hasText: headline })).toHaveCount(0);

  // A resident of Piccadilly, not signed in.
  const resident = await (await browser.newContext()).newPage();
  refuseDialogs(resident);
  await resident.goto(`/area/${CITY_CENTRE}`);
  const note = resident.locator('article.card', { hasText: headline });
  await expect(note).toBeVisible();
  await expect(note.locator('.badge.kind')).toHaveText('Community reporter');
  await expect(note).toContainText('Sam R, out with GMP City of Manchester');
  await expect(note).toContainText('[phone number removed]');
  await expect(note).not.toContainText('07700');
  // The markup is shown as text, never turned into an element.
  await expect(note).toContainText(payload);
  await expect(resident.locator('img[src="x"]')).toHaveCount(0);
  await expectEmergencyBanner(resident);
  await note.scrollIntoViewIfNeeded();
  await resident.screenshot({ path: 'test-results/screens/feed-reporter-note.png' });

  // The reporter's page shows it published.
  await reporter.goto('/reporter');
  await expect(reporter.locator('li.card', { hasText: headline })).toContainText('Published');
});

test('a wrong password is explained next to the field, and staff pages ask residents to sign in', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill('nobody.at.all');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#password-error')).toHaveText(/do not match/);
  await page.goto('/moderation');
  await expect(page.getByRole('alert')).toContainText('Please sign in');
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
});
