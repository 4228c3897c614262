// What residents and staff hit in a walkthrough on a phone (issue 13): each test does what the
// person does, and each failed on the code before its fix.
import { Page, BrowserContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { appStarted, controlled, expectEmergencyBanner, signIn, waitForHydration } from './helpers';

const CITY_CENTRE = 'E05011376';

/** Sends a note as the demo reporter, through the editor; returns nothing, the headline is the key. */
async function sendNote(reporter: Page, headline: string, saw: string) {
  await reporter.goto('/reporter');
  await reporter.getByRole('link', { name: 'Write a note' }).first().click();
  await expect(reporter.locator('form.note-form[data-ready="true"]')).toBeVisible();
  await reporter.getByLabel('Headline').fill(headline);
  await reporter.getByLabel('What you saw').fill(saw);
  await reporter.getByRole('button', { name: 'Send to moderator' }).click();
  await expect(reporter.getByRole('status')).toContainText('Sent.');
}

/** The body text of the update a "See …" link points to. */
async function updateBody(context: BrowserContext, href: string) {
  const page = await context.newPage();
  await page.goto(href);
  const text = await page.locator('main').innerText();
  await page.close();
  return text;
}

test('approving two notes in a row publishes each note with its own text', async ({ browser }) => {
  const stamp = Date.now();
  const a = { headline: `Canal patrol ${stamp}`, saw: `Bikes were stolen near the canal locks; we talked to cyclists about D-locks ${stamp}.` };
  const b = { headline: `Market patrol ${stamp}`, saw: `The market was busy and stallholders asked about parking fines ${stamp}.` };
  const reporter = await signIn(await browser.newContext(), 'reporter.sam');
  await sendNote(reporter, a.headline, a.saw);
  await sendNote(reporter, b.headline, b.saw);

  const moderatorContext = await browser.newContext();
  const moderator = await signIn(moderatorContext, 'moderator.gmp');
  await moderator.goto('/moderation');
  const cardA = moderator.locator('article.queue-item', { hasText: a.headline });
  const cardB = moderator.locator('article.queue-item', { hasText: b.headline });
  await expect(cardB.getByLabel('Text to publish')).toHaveValue(/market was busy/);
  await appStarted(moderator);
  // A first (it is older, above B): the queue re-renders and B moves up into A's place.
  await cardA.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(moderator.getByRole('status')).toContainText('Approved');
  await expect(cardA).toHaveCount(0);
  const linkA = await moderator.getByRole('link', { name: 'See the published update' }).getAttribute('href');
  // B's card shows B's text, never A's, and publishes B's.
  await expect(cardB.getByLabel('Text to publish')).toHaveValue(/market was busy/);
  await expect(cardB.getByLabel('Text to publish')).not.toHaveValue(/canal/);
  await expect(cardB.getByLabel('Headline to publish')).toHaveValue(b.headline);
  await cardB.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(cardB).toHaveCount(0);
  await expect(moderator.getByRole('link', { name: 'See the published update' })).not.toHaveAttribute('href', linkA!);
  const linkB = await moderator.getByRole('link', { name: 'See the published update' }).getAttribute('href');
  await moderator.screenshot({ path: 'test-results/screens/moderation-two-in-a-row.png', fullPage: true });

  const bodyA = await updateBody(moderatorContext, linkA!);
  const bodyB = await updateBody(moderatorContext, linkB!);
  expect(bodyA).toContain(a.headline);
  expect(bodyA).toContain('canal locks');
  expect(bodyB).toContain(b.headline);
  expect(bodyB).toContain('market was busy');
  expect(bodyB).not.toContain('canal');
});

test('outside every area Beat covers it says so plainly, gives urgent-help guidance and offers the picker', async ({ browser }) => {
  // The Irish Sea between Anglesey and the Isle of Man: in no ward and no country Beat knows.
  const sea = await browser.newContext({
    geolocation: { latitude: 53.8, longitude: -4.5, accuracy: 10 },
    permissions: ['geolocation'],
  });
  const page = await sea.newPage();
  await page.goto('/');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Use my location' }).click();
  const status = page.locator('.locate-status');
  await expect(status).toContainText('You are outside every area Beat covers');
  await expect(status).toContainText('you may be abroad or at sea');
  await expect(status).toContainText('999 in the UK (at sea or on the coast, ask for the Coastguard)');
  await expect(status).toContainText('pick an area below');
  await expect(page.getByLabel('Ward, town or council')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/home-outside.png' });
  await sea.close();

  // Paris: a country Beat has no numbers for. It says so, and gives guidance.
  const fr = await browser.newContext({
    geolocation: { latitude: 48.8566, longitude: 2.3522, accuracy: 10 },
    permissions: ['geolocation'],
  });
  const paris = await fr.newPage();
  await paris.goto('/');
  await waitForHydration(paris);
  await paris.getByRole('button', { name: 'Use my location' }).click();
  await expect(paris.locator('.locate-status')).toContainText("Beat can't tell which country you are in");
  const parisBanner = paris.getByRole('complementary', { name: 'Not for emergencies' });
  await expect(parisBanner).toContainText('Beat does not know which country you are in');
  await expect(parisBanner).not.toContainText('(United Kingdom)');
  await expect(parisBanner.getByRole('link', { name: '112', exact: true })).toHaveAttribute('href', 'tel:112');
  await fr.close();
});

test('the installed app opened offline shows the last copy of the resident\'s area, and every page has an offline answer', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/area/${CITY_CENTRE}`);
  await controlled(page);
  await page.reload(); // through the worker now, which keeps a copy
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Piccadilly');
  await page.goto('/ask'); // read once online: kept
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.close();

  await context.setOffline(true);
  // Opening the app: its start_url is "/", which goes on to the remembered area.
  const app = await context.newPage();
  await app.goto('/');
  await expect(app).toHaveURL(new RegExp(`/area/${CITY_CENTRE}$`));
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Piccadilly');
  await expect(app.getByTestId('offline-notice')).toContainText('last updated');
  await expect(app.getByText("We couldn't show this area")).toHaveCount(0);
  await expect(app.locator('article.card').first()).toBeVisible();
  await app.screenshot({ path: 'test-results/screens/offline-start.png' });

  // "Older updates" offline: the offline page, not a raw error; back online, the updates.
  await appStarted(app);
  await app.getByRole('link', { name: 'Older updates' }).click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('You are offline');
  await expect(app.getByText('Failed to fetch')).toHaveCount(0);
  await app.screenshot({ path: 'test-results/screens/offline-older.png' });
  await context.setOffline(false);
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Piccadilly');
  await expect(app).toHaveURL(/cursor=/);
  await expect(app.locator('article.card').first()).toBeVisible();

  // Live days and Q&A offline: Beat's own answers, never the browser's error page.
  await context.setOffline(true);
  const other = await context.newPage();
  await other.goto('/live');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('You are offline');
  await expectEmergencyBanner(other);
  await other.goto('/ask');
  await expect(other.getByRole('heading', { level: 1 })).not.toHaveText('You are offline');
  await expectEmergencyBanner(other);
  await context.close();
});

test('"Subscribe to these updates" links open the feed; Copy copies the address; the calendar offers webcal:', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(`/area/${CITY_CENTRE}`);
  await appStarted(page);
  await page.getByText('Subscribe to these updates').click();
  await page.getByRole('button', { name: 'Copy the Atom address' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toContainText('Copied the Atom address');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/area/${CITY_CENTRE}/feed.atom`);
  const webcal = page.getByRole('link', { name: 'Add to calendar app' });
  await expect(webcal).toHaveAttribute('href', `webcal://${new URL(baseURL!).host}/area/${CITY_CENTRE}/events.ics`);
  await page.screenshot({ path: 'test-results/screens/subscribe.png' });

  // A tap on a feed opens the feed itself, not the app's "Page not found".
  await page.getByRole('link', { name: 'JSON Feed', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/area/${CITY_CENTRE}/feed.json$`));
  await expect(page.locator('body')).toContainText('"version"');
  await expect(page.locator('body')).not.toContainText('Page not found');
  await context.close();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('failed forms show their errors on their own page, and successes say so', async ({ page }) => {
    // Sign-in: the error next to the field, not JSON on /api/sign_in.
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('officer.citycentre');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.locator('#password-error')).toHaveText(/do not match/);
    await expect(page.locator('body')).not.toContainText('{"Invalid"');

    await page.getByLabel('Username').fill('officer.citycentre');
    await page.getByLabel('Password').fill('beat demo passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/account$/);

    // Publishing: a too-short text is explained on /publish; a good one says it was published.
    await page.goto('/publish');
    await page.getByLabel('Headline').fill('Road closed for the parade');
    await page.getByLabel('Text', { exact: true }).fill('Short');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page).toHaveURL(/\/publish/);
    await expect(page.locator('#body-error')).toBeVisible();
    await expect(page.locator('body')).not.toContainText('{"Invalid"');
    await page.screenshot({ path: 'test-results/screens/nojs-publish-error.png', fullPage: true });
    await page.getByLabel('Headline').fill('Road closed for the parade');
    await page.getByLabel('Text', { exact: true }).fill('Deansgate is closed from noon to four for the parade.');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page).toHaveURL(/\/publish\?done=publish_update&id=\d+/);
    await expect(page.getByRole('status')).toContainText('Published.');

    // The call log: an error on its page.
    await page.goto('/publish/calls');
    await page.getByRole('button', { name: /Log/ }).first().click();
    await expect(page).toHaveURL(/\/publish\/calls/);
    await expect(page.locator('body')).not.toContainText('{"');
  });

  test('a reporter\'s note sent without JavaScript says it was sent, and is not a new empty editor', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('reporter.sam');
    await page.getByLabel('Password').fill('beat demo passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto('/reporter');
    await page.getByRole('link', { name: 'Write a note' }).first().click();
    const headline = `No-JS note ${Date.now()}`;
    // A failure first: no answers. It is explained on the page.
    await page.getByLabel('Headline').fill(headline);
    await page.getByRole('button', { name: 'Send to moderator' }).click();
    await expect(page.locator('#saw-error')).toBeVisible();
    await expect(page.locator('body')).not.toContainText('{"Invalid"');
    await page.getByLabel('Headline').fill(headline);
    await page.getByLabel('What you saw').fill('A quiet evening walk around the ward with the team.');
    await page.getByRole('button', { name: 'Send to moderator' }).click();
    await expect(page).toHaveURL(/\/reporter\/notes\/\d+\?done=save_note/);
    await expect(page.getByRole('status')).toContainText('Sent. Your note is waiting for a moderator');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(headline);
    await expect(page.getByLabel('Headline')).toHaveCount(0);
  });
});

test('a delayed approval says when it goes out, to the moderator, the reporter and the officer', async ({ browser }) => {
  const headline = `Late patrol ${Date.now()}`;
  const reporter = await signIn(await browser.newContext(), 'reporter.sam');
  await sendNote(reporter, headline, 'Officers were still at the scene when we left the ward.');
  const moderator = await signIn(await browser.newContext(), 'moderator.gmp');
  await moderator.goto('/moderation');
  const card = moderator.locator('article.queue-item', { hasText: headline });
  await appStarted(moderator);
  await card.getByLabel('Publish', { exact: true }).selectOption('480');
  await card.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(moderator.getByRole('status')).toContainText('Approved. Scheduled for');
  await expect(moderator.getByRole('status')).not.toContainText('published');
  await moderator.evaluate(() => window.scrollTo(0, 0));
  await moderator.screenshot({ path: 'test-results/screens/moderation-scheduled.png' });

  await reporter.goto('/reporter');
  const note = reporter.locator('li.card', { hasText: headline });
  await expect(note).toContainText('Scheduled for');
  await expect(note.getByRole('link', { name: 'See it published' })).toHaveCount(0);

  const officer = await signIn(await browser.newContext(), 'officer.citycentre');
  await officer.goto('/publish');
  await expect(officer.locator('li.card', { hasText: headline })).toContainText('Scheduled for');
});

test('one long word or address never makes a page wider than the phone', async ({ browser }) => {
  const word = `Unbroken${'x'.repeat(88)}${Date.now() % 10000}`;
  const officer = await signIn(await browser.newContext(), 'officer.citycentre');
  await officer.goto('/publish');
  await officer.getByLabel('Headline').fill(word.slice(0, 100));
  await officer.getByLabel('Text', { exact: true }).fill(`See https://example.org/${'a-very-long-path-'.repeat(12)}index.html for the details.`);
  await officer.getByLabel('Reason to publish a flagged detail as written (audited)').fill('Testing the layout only');
  await officer.getByRole('button', { name: 'Publish' }).click();
  await expect(officer.getByRole('status')).toContainText('Published');
  await expect(officer.locator('li.card', { hasText: word.slice(0, 30) })).toBeVisible();
  // Against the phone's own width: a mobile browser widens window.innerWidth to fit a page
  // that overflows, so comparing with it would hide the very overflow this looks for.
  const wide = async (page: Page) =>
    (await page.evaluate(() => document.documentElement.scrollWidth)) - page.viewportSize()!.width;
  expect(await wide(officer), '/publish').toBeLessThanOrEqual(0);

  const resident = await (await browser.newContext()).newPage();
  await resident.goto(`/area/${CITY_CENTRE}`);
  await expect(resident.locator('article.card', { hasText: word.slice(0, 30) })).toBeVisible();
  expect(await wide(resident), 'the feed').toBeLessThanOrEqual(0);
  await resident.locator('article.card h3 a', { hasText: word.slice(0, 30) }).click();
  await expect(resident).toHaveURL(/\/updates\/\d+/);
  expect(await wide(resident), 'the update').toBeLessThanOrEqual(0);
  await resident.screenshot({ path: 'test-results/screens/long-word.png' });
});

test('withdrawing asks why first, and can be undone for a while', async ({ browser }) => {
  const headline = `Withdraw me ${Date.now()}`;
  const officer = await signIn(await browser.newContext(), 'officer.citycentre');
  await officer.goto('/publish');
  await appStarted(officer);
  await officer.getByLabel('Headline').fill(headline);
  await officer.getByLabel('Text', { exact: true }).fill('Posted to show how a withdrawal is confirmed.');
  await officer.getByRole('button', { name: 'Publish' }).click();
  await expect(officer.getByRole('status')).toContainText('Published');
  const item = officer.locator('li.card', { hasText: headline });
  // One tap does not withdraw: it asks why.
  await item.getByText('Withdraw…').click();
  await expect(item).not.toContainText('Withdrawn');
  await item.getByLabel(/Why is it being withdrawn/).fill('Posted to the wrong ward');
  await item.getByRole('button', { name: 'Withdraw from every feed' }).click();
  await expect(item.locator('.badge', { hasText: 'Withdrawn' })).toBeVisible();
  await officer.screenshot({ path: 'test-results/screens/withdrawn-undo.png', fullPage: true });
  await item.getByRole('button', { name: 'Undo withdrawal' }).click();
  await expect(item.locator('.badge', { hasText: 'Withdrawn' })).toHaveCount(0);
  await expect(item.getByRole('link', { name: headline })).toBeVisible();
});

test('an officer whose text is refused by the privacy guard sees what it flagged and can use the suggested text', async ({ browser }) => {
  const officer = await signIn(await browser.newContext(), 'officer.citycentre');
  await officer.goto('/publish');
  await appStarted(officer);
  const headline = `Appeal ${Date.now()}`;
  await officer.getByLabel('Headline').fill(headline);
  await officer.getByLabel('Text', { exact: true }).fill('Anyone who saw the crash, please ring PC Nolan on 07700 900123.');
  await officer.getByRole('button', { name: 'Publish' }).click();
  await expect(officer.locator('#body-error')).toContainText('phone number');
  const suggestion = officer.getByTestId('privacy-suggestion');
  await expect(suggestion.locator('mark.pii')).toContainText('07700 900123');
  await expect(suggestion).toContainText('[phone number removed]');
  await suggestion.scrollIntoViewIfNeeded();
  await officer.screenshot({ path: 'test-results/screens/publish-privacy-suggestion.png' });
  await suggestion.getByRole('button', { name: 'Use the suggested text' }).click();
  await expect(officer.getByLabel('Text', { exact: true })).toHaveValue(/\[phone number removed\]/);
  await officer.getByRole('button', { name: 'Publish' }).click();
  await expect(officer.getByRole('status')).toContainText('Published');
});

test('back from an update returns to the same place in the feed', async ({ page }) => {
  await page.goto(`/area/${CITY_CENTRE}`);
  await appStarted(page);
  const card = page.locator('article.card').nth(8);
  await card.scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => window.scrollY);
  expect(before).toBeGreaterThan(500);
  const title = await card.locator('h3').innerText();
  await card.locator('h3 a').click();
  await expect(page).toHaveURL(/\/updates\/\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/area/${CITY_CENTRE}$`));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before - 100);
  await expect(page.locator('article.card', { hasText: title }).first()).toBeInViewport();
});

test('the first screen of an area shows its first update, on a 390×844 phone', async ({ page }) => {
  await page.goto(`/area/${CITY_CENTRE}`);
  await appStarted(page);
  const first = page.locator('article.card').first();
  const box = await first.boundingBox();
  expect(box!.y, 'the first update starts on the first screen').toBeLessThan(844 - 120);
  await page.screenshot({ path: 'test-results/screens/first-screen.png' });
});

test('the header says who is signed in, with a way out; residents see nothing of it', async ({ browser }) => {
  const resident = await (await browser.newContext()).newPage();
  await resident.goto(`/area/${CITY_CENTRE}`);
  await expect(resident.getByTestId('signed-in')).toHaveCount(0);
  // Signed out, the footer's link goes straight to signing in.
  await resident.getByRole('link', { name: 'Community reporters and staff: sign in' }).click();
  await expect(resident).toHaveURL(/\/sign-in$/);

  const context = await browser.newContext();
  const officer = await signIn(context, 'officer.citycentre');
  await officer.goto(`/area/${CITY_CENTRE}`);
  const header = officer.getByTestId('signed-in');
  await expect(header).toContainText('Signed in as PC Demo (City Centre)');
  // The name cookie grants nothing: the session stays in its HttpOnly cookie.
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'beat_session')?.httpOnly).toBe(true);
  expect(cookies.find((c) => c.name === 'beat_who')?.httpOnly).toBe(false);
  await appStarted(officer);
  await header.getByRole('button', { name: 'Sign out' }).click();
  await expect(officer).toHaveURL(/\/$|\/area\//);
  await expect(officer.getByTestId('signed-in')).toHaveCount(0);
  await officer.goto('/publish');
  await expect(officer.getByRole('alert')).toContainText('Please sign in');
});
