// Every form in Beat, resident and staff, posted the way a browser without JavaScript posts it
// (issue 18): a failed post comes back to the page it came from with the error next to its
// field (or above the buttons), and a good one comes back showing that it worked. Never the
// raw error body of a server function, never an `/api/…` address.
//
// What each page shows after a good post without JavaScript is read from its component: a
// notice (`?done=…` from `error::done_redirect`, read by `form_done`/`plain_done`), or, where
// the page has none, the new thing in the page's own list.
//
// Forms not covered here:
// - the GET forms (area search on `/` and `/areas`, the feed filters on `/area/:code`): they
//   post nothing and are covered by `no-javascript.spec.ts`;
// - the alerts card (`push/alerts_card.rs`): it needs JavaScript (a service worker and a push
//   subscription) and is not offered without it.
// - errors of the sign-out forms, the feed page's "Poll now" and "Pause"/"Resume": no person
//   can make those fail (their only fields are hidden); their successes are covered.
//
// Data: the tests share one demo database with the other specs. They use accounts and places
// no other spec uses (officer.gmp publishing to Mossley, officer.cathays's call log and Q&A
// desk, staff.manchester for signing out, a reporter of their own on a Salford ride-along),
// and unique text, so they can run beside the others.
import { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { appStarted, expectEmergencyBanner, signIn } from './helpers';

test.use({ javaScriptEnabled: false });

/** Letters only (digits in text can look like a phone number to the privacy guard), unique per call. */
function tag(): string {
  const n = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return n.slice(-9).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
}

const DAY_MS = 24 * 3_600_000;

/** A `datetime-local` value in London time, `offsetMs` from now; `time` ("HH:MM") replaces the time of day. */
function londonLocal(offsetMs: number, time?: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    })
      .formatToParts(new Date(Date.now() + offsetMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${time ?? `${parts.hour}:${parts.minute}`}`;
}

/** Presses a submit button and waits for the page the browser lands on (after any redirect). */
async function submit(button: Locator): Promise<void> {
  const page = button.page();
  const [response] = await Promise.all([page.waitForNavigation({ timeout: 15_000 }), button.click()]);
  const status = response?.status() ?? 0;
  const body = status === 200 ? '' : ((await page.locator('body').textContent().catch(() => '')) ?? '').slice(0, 300);
  expect(status, `the page after the post (${page.url()}) answered ${status}: ${body}`).toBe(200);
}

/** The browser is back on the form's own page: an app page, not a server function's answer. */
async function backOn(page: Page, path: RegExp) {
  await expect(page, 'back on the form\'s page').toHaveURL(path);
  expect(new URL(page.url()).pathname, 'not a server function\'s address').not.toMatch(/^\/api\//);
  await expectEmergencyBanner(page);
  await expect(page.locator('main')).not.toContainText('{"');
}

/** Signs in through the sign-in form (works with JavaScript off) with a password of our own. */
async function signInAs(context: BrowserContext, username: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await submit(page.getByRole('button', { name: 'Sign in' }));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`(${username})`)).toBeVisible();
  return page;
}

// ----------------------------------------------------------------------------- set-up helpers
// Set-up that is not the form under test runs with JavaScript on, so a no-JavaScript failure
// of one form does not hide the results of another.

async function jsContext(browser: Browser) {
  return browser.newContext({ javaScriptEnabled: true });
}

/** An admin (JavaScript on) creates an invitation; returns its path (`/invite/…`). */
async function invitationLink(admin: Page, username: string, displayName: string): Promise<string> {
  await admin.goto('/admin');
  await appStarted(admin);
  const form = admin.getByRole('region', { name: 'Invite someone' });
  await form.getByLabel('Username', { exact: true }).fill(username);
  await form.getByLabel(/^Display name/).fill(displayName);
  await form.getByLabel('Role').selectOption('reporter');
  await form.getByRole('button', { name: 'Create invitation' }).click();
  const link = form.locator('a.invite-link');
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}

type Account = { username: string; password: string };

/** A community reporter of these tests' own, with a ride-along going on now with the Ordsall
 * team (GMP, so moderator.gmp checks the notes), made with JavaScript on. One per worker: the
 * reporter may send ten notes an hour, and reporter.sam's belong to the other specs. */
let reporterMade: Promise<Account> | undefined;
function ourReporter(browser: Browser): Promise<Account> {
  reporterMade ??= (async () => {
    const username = `nojs.reporter.${tag()}`;
    const password = 'plain form posts work';
    const adminContext = await jsContext(browser);
    const admin = await signIn(adminContext, 'admin');
    const path = await invitationLink(admin, username, 'Robin');
    const invited = await (await jsContext(browser)).newPage();
    await invited.goto(path);
    await appStarted(invited);
    await invited.getByLabel(/^Password \(/).fill(password);
    await invited.getByLabel('The same password again').fill(password);
    await invited.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(invited).toHaveURL(/\/account$/);
    await admin.goto('/admin');
    await appStarted(admin);
    const ride = admin.getByRole('region', { name: 'Arrange a ride-along' });
    await ride.getByLabel("Reporter's username").fill(username);
    await ride.getByLabel('Team').selectOption('gmp-salford-ordsall');
    await ride.getByLabel(/^Area code/).fill('E05013028');
    await ride.getByLabel('Shift starts (local time)').fill(londonLocal(-30 * 60_000));
    await ride.getByLabel('Hours').fill('4');
    await ride.getByRole('button', { name: 'Arrange' }).click();
    await expect(ride.getByRole('status')).toContainText('arranged');
    await invited.context().close();
    await adminContext.close();
    return { username, password };
  })();
  return reporterMade;
}

/** The reporter sends a note for the writable ride-along, without JavaScript. */
async function sendNote(reporter: Page, headline: string, saw: string) {
  await reporter.goto('/reporter');
  await reporter.getByRole('link', { name: 'Write a note' }).first().click();
  await reporter.getByLabel('Headline').fill(headline);
  await reporter.getByLabel('What you saw').fill(saw);
  await submit(reporter.getByRole('button', { name: 'Send to moderator' }));
  await expect(reporter).toHaveURL(/\/reporter\/notes\/\d+\?done=save_note/);
}

/** An officer (JavaScript on) schedules a Q&A session that opens now; returns its path (`/ask/N`). */
async function openSession(browser: Browser, officer: string, title: string): Promise<string> {
  const context = await jsContext(browser);
  const page = await signIn(context, officer);
  await page.goto('/publish/ask');
  await expect(page.locator('.qa-desk[data-ready="true"]')).toBeVisible();
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Open for (minutes)').fill('60');
  await page.getByRole('button', { name: 'Schedule session' }).click();
  await expect(page.getByRole('status')).toContainText('Scheduled.');
  const path = (await page.getByRole('link', { name: 'Open the session page' }).getAttribute('href'))!;
  await context.close();
  return path;
}

// ------------------------------------------------------------------------ accounts and sign-in

test('sign-in: a malformed username is explained on /sign-in, and the right one signs in', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill('PC Demo');
  await page.getByLabel('Password').fill('beat demo passphrase');
  await submit(page.getByRole('button', { name: 'Sign in' }));
  await backOn(page, /\/sign-in/);
  await expect(page.locator('#username-error')).toHaveText('A username is 3 to 32 letters, digits, dots, dashes or underscores.');

  await page.getByLabel('Username').fill('officer.gmp');
  await page.getByLabel('Password').fill('beat demo passphrase');
  await submit(page.getByRole('button', { name: 'Sign in' }));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('(officer.gmp)')).toBeVisible();
});

/** After signing out: on the home page, no account in the header, and /account says so. */
async function expectSignedOut(page: Page) {
  await expect(page).toHaveURL(/:\d+\/$/);
  await expectEmergencyBanner(page);
  await expect(page.getByTestId('signed-in')).toHaveCount(0);
  await page.goto('/account');
  await expect(page.getByText('You are not signed in.')).toBeVisible();
}

test('sign-out in the header: back on the home page, signed out', async ({ context }) => {
  const page = await signIn(context, 'staff.manchester');
  await page.goto('/areas');
  await submit(page.getByTestId('signed-in').getByRole('button', { name: 'Sign out' }));
  await expectSignedOut(page);
});

test('sign-out on the account page: back on the home page, signed out', async ({ context }) => {
  const page = await signIn(context, 'staff.manchester');
  await submit(page.getByRole('main').getByRole('button', { name: 'Sign out' }));
  await expectSignedOut(page);
});

test('admin, invite someone: a bad username is explained on /admin; a good one shows the link to send', async ({ context }) => {
  // Known to fail today (issue 18, forms without JavaScript): the invitation link is only in the app's own action result (accounts/admin_page.rs); a plain post lands on /admin with no link, and only the token's hash is kept. Remove this mark with the fix.
  test.fail();
  const page = await signIn(context, 'admin');
  await page.goto('/admin');
  const form = page.getByRole('region', { name: 'Invite someone' });
  await form.getByLabel('Username', { exact: true }).fill('Jo Bloggs');
  await form.getByLabel(/^Display name/).fill('Jo');
  await form.getByLabel('Role').selectOption('reporter');
  await submit(form.getByRole('button', { name: 'Create invitation' }));
  await backOn(page, /\/admin(\?|$)/);
  await expect(form.locator('#username-error')).toHaveText('A username is 3 to 32 letters, digits, dots, dashes or underscores.');

  const username = `nojs.invited.${tag()}`;
  await form.getByLabel('Username', { exact: true }).fill(username);
  await form.getByLabel(/^Display name/).fill('Jo');
  await form.getByLabel('Role').selectOption('reporter');
  await submit(form.getByRole('button', { name: 'Create invitation' }));
  await backOn(page, /\/admin(\?|$)/);
  // The account was made (it is in the list)...
  await expect.soft(page.getByRole('cell', { name: `${username} (invited)` })).toBeVisible();
  // ...and the page must give the link to send: it is shown once, and only here.
  await expect(form.getByRole('status')).toContainText('Invitation created. Send this link');
  await expect(form.locator('a.invite-link')).toHaveAttribute('href', /^\/invite\/.+/);
});

test('invitation: different passwords are explained on the invitation page; matching ones sign in', async ({ browser, page }) => {
  test.slow();
  const username = `nojs.accept.${tag()}`;
  const adminContext = await jsContext(browser);
  const path = await invitationLink(await signIn(adminContext, 'admin'), username, 'Alex');
  await adminContext.close();

  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Beat');
  await page.getByLabel('Name shown with your notes').fill('Alex');
  await page.getByLabel(/^Password \(/).fill('a long walk by the canal');
  await page.getByLabel('The same password again').fill('a long walk by the canals');
  await submit(page.getByRole('button', { name: 'Set password and sign in' }));
  await backOn(page, new RegExp(`${path}(\\?|$)`));
  await expect(page.locator('#password_again-error')).toHaveText('The two passwords are different.');

  await page.getByLabel('Name shown with your notes').fill('Alex');
  await page.getByLabel(/^Password \(/).fill('a long walk by the canal');
  await page.getByLabel('The same password again').fill('a long walk by the canal');
  await submit(page.getByRole('button', { name: 'Set password and sign in' }));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`(${username})`)).toBeVisible();
});

test('admin, arrange a ride-along: an unknown reporter is explained on /admin; a good one says it is arranged', async ({ browser, context }) => {
  // Known to fail today (issue 18, forms without JavaScript): arrange_ride_along sends no done_redirect and the admin page reads only the action's result. Remove this mark with the fix.
  test.fail();
  test.slow();
  const reporter = await ourReporter(browser);
  const page = await signIn(context, 'admin');
  await page.goto('/admin');
  const form = page.getByRole('region', { name: 'Arrange a ride-along' });
  const fill = async (who: string) => {
    await form.getByLabel("Reporter's username").fill(who);
    await form.getByLabel('Team').selectOption('gmp-salford-ordsall');
    await form.getByLabel(/^Area code/).fill('E05013028');
    // Tomorrow evening: a shift still to come.
    await form.getByLabel('Shift starts (local time)').fill(londonLocal(DAY_MS, '18:00'));
    await form.getByLabel('Hours').fill('3');
  };
  await fill('nobody.like.this');
  await submit(form.getByRole('button', { name: 'Arrange' }));
  await backOn(page, /\/admin(\?|$)/);
  await expect(form.locator('#reporter-error')).toHaveText('There is no community reporter called nobody.like.this.');

  await fill(reporter.username);
  await submit(form.getByRole('button', { name: 'Arrange' }));
  await backOn(page, /\/admin(\?|$)/);
  await expect(form.getByRole('status')).toContainText(/Ride-along \d+ arranged/);
});

// ------------------------------------------------------------------------- reporters' notes

test("reporter's note: a short headline and an empty note are explained; a draft is saved and a note is sent", async ({ browser, context }) => {
  // Known to fail today (issue 18, forms without JavaScript): a failed send after a saved draft keeps done=save_note in the Referer, so the page shows the error and 'Draft saved on the server.' together (shell/form_error.rs plain_done ignores __err). Remove this mark with the fix.
  test.fail();
  test.slow();
  const reporter = await ourReporter(browser);
  const page = await signInAs(context, reporter.username, reporter.password);
  await page.goto('/reporter');
  await page.getByRole('link', { name: 'Write a note' }).first().click();
  await expect(page).toHaveURL(/\/reporter\/notes\/new\?ride=\d+/);

  // Save draft: a two-letter headline.
  await page.getByLabel('Headline').fill('Ok');
  await submit(page.getByRole('button', { name: 'Save draft' }));
  await backOn(page, /\/reporter\/notes\/new\?ride=\d+/);
  await expect(page.locator('#title-error')).toHaveText('Headline is too short: at least 3 characters, please.');
  await expect(page.getByText('Draft saved on the server.')).toHaveCount(0);

  const headline = `Evening walk in Ordsall ${tag()}`;
  await page.getByLabel('Headline').fill(headline);
  await submit(page.getByRole('button', { name: 'Save draft' }));
  await expect(page).toHaveURL(/\/reporter\/notes\/\d+\?done=save_note/);
  await expect(page.getByRole('status')).toContainText('Draft saved on the server.');
  await expect(page.getByLabel('Headline')).toHaveValue(headline);

  // Send to moderator: nothing written for the three questions.
  await submit(page.getByRole('button', { name: 'Send to moderator' }));
  await backOn(page, /\/reporter\/notes\/\d+/);
  await expect(page.locator('#saw-error')).toHaveText('Write something for at least one of the three questions.');
  // A failed send does not also say the draft was saved.
  await expect.soft(page.getByText('Draft saved on the server.'), 'a success notice after a failed post').toHaveCount(0);

  await page.getByLabel('What you saw').fill('We walked the quays with the team and talked to people at the tram stop.');
  await submit(page.getByRole('button', { name: 'Send to moderator' }));
  await expect(page).toHaveURL(/\/reporter\/notes\/\d+\?done=save_note/);
  await expect(page.getByRole('status')).toContainText('Sent. Your note is waiting for a moderator');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(headline);
});

test('moderation, approve: an emptied headline is explained on the card; an approval says it is published', async ({ browser, context }) => {
  test.slow();
  const reporter = await ourReporter(browser);
  const headline = `Quiet night at the quays ${tag()}`;
  await sendNote(await signInAs(await browser.newContext(), reporter.username, reporter.password), headline,
    'The team checked the towpath and the tram stop; it was quiet and people were friendly.');

  const page = await signIn(context, 'moderator.gmp');
  await page.goto('/moderation');
  const card = page.locator('article.queue-item', { hasText: headline });
  await card.getByLabel('Headline to publish').fill('');
  await submit(card.getByRole('button', { name: 'Approve and publish' }));
  await backOn(page, /\/moderation/);
  await expect(card.locator('.field-error')).toHaveText('Headline is required.');
  await expect(card.locator('.field-error')).toBeVisible();

  await submit(card.getByRole('button', { name: 'Approve and publish' }));
  await expect(page).toHaveURL(/\/moderation\?done=approve_note&id=\d+/);
  await expect(page.getByRole('status')).toContainText('Approved. It is public at update number');
  await expect(card).toHaveCount(0);
});

test('moderation, reject: a too-short reason is explained on the card; a rejection says so', async ({ browser, context }) => {
  // Known to fail today (issue 18, forms without JavaScript): the reason's error is inside the Reject <details>, which is closed again after the reload (reports/queue_card.rs). Remove this mark with the fix.
  test.fail();
  test.slow();
  const reporter = await ourReporter(browser);
  const headline = `Busy market day ${tag()}`;
  await sendNote(await signInAs(await browser.newContext(), reporter.username, reporter.password), headline,
    'Lots of people at the market; the team gave out leaflets about bike theft.');

  const page = await signIn(context, 'moderator.gmp');
  await page.goto('/moderation');
  const card = page.locator('article.queue-item', { hasText: headline });
  const reject = card.locator('form', { has: page.getByLabel('Reason (the reporter sees this)') });
  await card.locator('summary', { hasText: 'Reject' }).click(); // the folded "Reject" section
  await reject.getByLabel('Reason (the reporter sees this)').fill('No.');
  await submit(reject.getByRole('button', { name: 'Reject' }));
  await backOn(page, /\/moderation/);
  await expect(card.locator('.field-error')).toHaveText('The reason is too short: at least 5 characters, please.');
  // Shown, not folded away where nobody looks.
  await expect.soft(card.locator('.field-error'), 'the reason\'s error is visible').toBeVisible();

  if (!(await reject.getByLabel('Reason (the reporter sees this)').isVisible())) {
    await card.locator('summary', { hasText: 'Reject' }).click();
  }
  await reject.getByLabel('Reason (the reporter sees this)').fill('Please say which day this was, then send it again.');
  await submit(reject.getByRole('button', { name: 'Reject' }));
  await expect(page).toHaveURL(/\/moderation\?done=reject_note&id=\d+/);
  await expect(page.getByRole('status')).toContainText('Rejected; the reporter will see your reason.');
  await expect(card).toHaveCount(0);
});

// -------------------------------------------------------------------------------- publishing

/** Fills the compose form on /publish. */
async function compose(page: Page, area: string, headline: string, text: string) {
  await page.getByLabel('Area', { exact: true }).fill(area);
  await page.getByLabel('Headline').fill(headline);
  await page.getByLabel('Text', { exact: true }).fill(text);
}

test('publish: an unknown area is explained on /publish; a good update says it is published', async ({ context }) => {
  const page = await signIn(context, 'officer.gmp');
  await page.goto('/publish');
  const headline = `Mossley market road closure ${tag()}`;
  const text = 'Market Street is closed to traffic on Saturday morning for the market. Please use Stamford Street.';
  await compose(page, 'Nowhere Town', headline, text);
  await submit(page.getByRole('button', { name: 'Publish' }));
  await backOn(page, /\/publish(\?|$)/);
  await expect(page.locator('#area-error')).toContainText('has no area called “Nowhere Town”');
  await expect(page.getByText('Published.')).toHaveCount(0);

  await compose(page, 'Mossley (Tameside)', headline, text);
  await submit(page.getByRole('button', { name: 'Publish' }));
  await expect(page).toHaveURL(/\/publish\?done=publish_update&id=\d+/);
  await expect(page.getByRole('status')).toContainText('Published.');
  await expect(page.locator('li.card', { hasText: headline })).toBeVisible();
});

test('publish, withdraw and undo: a too-short reason is explained; a withdrawal and its undo show on the card; a stale undo is explained', async ({ context }) => {
  const page = await signIn(context, 'officer.gmp');
  await page.goto('/publish');
  const headline = `Mossley park gates open late ${tag()}`;
  await compose(page, 'Mossley (Tameside)', headline, 'The park gates stay open until ten this week for the lantern walk.');
  await submit(page.getByRole('button', { name: 'Publish' }));
  await expect(page).toHaveURL(/\/publish\?done=publish_update/);
  const card = page.locator('li.card', { hasText: headline });

  // A phone keyboard's trailing space makes four letters look like five.
  await card.locator('summary', { hasText: 'Withdraw…' }).click();
  await card.getByLabel(/Why is it being withdrawn/).fill('Oops ');
  await submit(card.getByRole('button', { name: 'Withdraw from every feed' }));
  await backOn(page, /\/publish/);
  await expect(page.locator('#reason-error')).toHaveText('The reason is too short: at least 5 characters, please.');
  await expect(page.locator('#reason-error')).toBeVisible();
  await expect(card.locator('.badge', { hasText: 'Withdrawn' })).toHaveCount(0);

  await card.locator('summary', { hasText: 'Withdraw…' }).click();
  await card.getByLabel(/Why is it being withdrawn/).fill('Posted for the wrong week');
  await submit(card.getByRole('button', { name: 'Withdraw from every feed' }));
  await backOn(page, /\/publish/);
  await expect(card.locator('.badge', { hasText: 'Withdrawn' })).toBeVisible();

  // A second tab, opened now, still offers the undo after the first has used it.
  const stale = await context.newPage();
  await stale.goto('/publish');
  await submit(card.getByRole('button', { name: 'Undo withdrawal' }));
  await backOn(page, /\/publish/);
  await expect(card.locator('.badge', { hasText: 'Withdrawn' })).toHaveCount(0);
  await expect(card.getByRole('link', { name: headline })).toBeVisible();

  const staleCard = stale.locator('li.card', { hasText: headline });
  await submit(staleCard.getByRole('button', { name: 'Undo withdrawal' }));
  await backOn(stale, /\/publish/);
  await expect(stale.getByRole('alert').filter({ hasText: 'This update is not withdrawn' })).toBeVisible();
});

test('call log: a time in the future is explained on /publish/calls; a good entry says it is logged', async ({ context }) => {
  const page = await signIn(context, 'officer.cathays');
  await page.goto('/publish/calls');
  const text = `Neighbour worried about an older resident; officers visited and all is well ${tag()}.`;
  await page.getByLabel('Call about').selectOption({ label: 'Concern for welfare' });
  await page.getByLabel(/^Came in at/).fill(londonLocal(DAY_MS, '12:00'));
  await page.getByLabel('What happened, in a line').fill(text);
  await submit(page.getByRole('button', { name: 'Log call' }));
  await backOn(page, /\/publish\/calls/);
  await expect(page.locator('#received-error')).toHaveText('The time the call came in is in the future. Please check the date and time.');
  await expect(page.locator('li.card', { hasText: text })).toHaveCount(0);

  await page.getByLabel('Call about').selectOption({ label: 'Concern for welfare' });
  await page.getByLabel('What happened, in a line').fill(text);
  await submit(page.getByRole('button', { name: 'Log call' }));
  await expect(page).toHaveURL(/\/publish\/calls\?done=log_call&id=\d+/);
  await expect(page.getByRole('status')).toContainText('Logged.');
  await expect(page.locator('li.card', { hasText: text })).toBeVisible();
});

// ------------------------------------------------------------------------------ admin pages

test('live days: an end before the start is explained on /admin/live; a good day is in the list', async ({ context }) => {
  const page = await signIn(context, 'admin');
  await page.goto('/admin/live');
  const t = tag();
  const name = `Cardiff open day ${t}`;
  const fill = async (ends: string) => {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel(/^Short name/).fill(`nojs-${t}`);
    await page.getByLabel('Hashtag').fill(`nojs${t}`);
    await page.getByLabel('Time zone the times below are in').fill('Europe/London');
    await page.getByLabel('Starts', { exact: true }).fill(londonLocal(DAY_MS, '10:00'));
    await page.getByLabel('Ends', { exact: true }).fill(londonLocal(DAY_MS, ends));
    await page.getByLabel(/^Areas/).fill('W06000015');
  };
  await fill('09:00');
  await submit(page.getByRole('button', { name: 'Schedule' }));
  await backOn(page, /\/admin\/live/);
  await expect(page.locator('#ends_at-error')).toHaveText('The end must be after the start. Please check both dates and times.');
  await expect(page.getByRole('link', { name })).toHaveCount(0);

  await fill('16:00');
  await submit(page.getByRole('button', { name: 'Schedule' }));
  await backOn(page, /\/admin\/live/);
  await expect(page.locator('.field-error')).toHaveCount(0);
  await expect(page.getByRole('link', { name })).toHaveAttribute('href', `/live/nojs-${t}`);
});

test('feed sources: an area name where codes go is explained on /admin/feeds; a good feed is in the list', async ({ context }) => {
  const page = await signIn(context, 'admin');
  await page.goto('/admin/feeds');
  const location = `https://feeds.example.org/butetown-${tag()}.rss`;
  const fill = async (areas: string) => {
    await page.getByLabel('Feed address (http or https)').fill(location);
    await page.getByLabel('Publish its items as').selectOption('swp-butetown');
    await page.getByLabel(/^Areas for items/).fill(areas);
  };
  await fill('Butetown');
  await submit(page.getByRole('button', { name: 'Add feed' }));
  await backOn(page, /\/admin\/feeds/);
  await expect(page.locator('#areas-error')).toBeVisible();
  await expect(page.getByRole('link', { name: location })).toHaveCount(0);

  await fill('W05001271');
  await submit(page.getByRole('button', { name: 'Add feed' }));
  await backOn(page, /\/admin\/feeds/);
  await expect(page.locator('#areas-error')).toHaveCount(0);
  await expect(page.getByRole('link', { name: location })).toBeVisible();
});

test('a feed source page: "Poll now" says how the poll went; "Pause" and "Resume" show on the page', async ({ context }) => {
  // Known to fail today (issue 18, forms without JavaScript): poll_feed_source sends no done_redirect; the outcome message is only the action's result (feeds/source_page.rs). Remove this mark with the fix.
  test.fail();
  const page = await signIn(context, 'admin');
  await page.goto('/admin/feeds');
  const location = `https://feeds.example.org/butetown-status-${tag()}.rss`;
  await page.getByLabel('Feed address (http or https)').fill(location);
  await page.getByLabel('Publish its items as').selectOption('swp-butetown');
  await page.getByLabel(/^Areas for items/).fill('W05001271');
  await submit(page.getByRole('button', { name: 'Add feed' }));
  await page.getByRole('link', { name: location }).click();
  await expect(page).toHaveURL(/\/admin\/feeds\/\d+$/);
  const feedPath = new URL(page.url()).pathname;

  await submit(page.getByRole('button', { name: 'Pause' }));
  await backOn(page, new RegExp(`${feedPath}(\\?|$)`));
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await submit(page.getByRole('button', { name: 'Resume' }));
  await backOn(page, new RegExp(`${feedPath}(\\?|$)`));
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();

  await submit(page.getByRole('button', { name: 'Poll now' }));
  await backOn(page, new RegExp(`${feedPath}(\\?|$)`));
  await expect(page.getByRole('status')).toContainText(/Polled|Not modified|The poll failed|already running/);
});

// ---------------------------------------------------------------------------------------- Q&A

test('Q&A desk, schedule: a start in the past is explained on /publish/ask; a good session is in the list', async ({ context }) => {
  const page = await signIn(context, 'officer.cathays');
  await page.goto('/publish/ask');
  const title = `Cathays evening questions ${tag()}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Opens (local time in the area)').fill(londonLocal(-DAY_MS, '10:00'));
  await page.getByLabel('Open for (minutes)').fill('60');
  await submit(page.getByRole('button', { name: 'Schedule session' }));
  await backOn(page, /\/publish\/ask/);
  await expect(page.locator('#starts-error')).toHaveText('The session would start in the past. Please choose a later start.');
  await expect(page.getByRole('heading', { name: title })).toHaveCount(0);

  // The field suggests now again.
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Open for (minutes)').fill('60');
  await submit(page.getByRole('button', { name: 'Schedule session' }));
  await backOn(page, /\/publish\/ask/);
  await expect(page.locator('.field-error')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
});

test('Q&A desk, questions: reject, approve and answer explain their errors on /publish/ask and show what they did', async ({ browser, context }) => {
  // Known to fail today (issue 18, forms without JavaScript): the reject error is inside a closed <details>; reject_question sends no done_redirect; a stale approval's error is drawn only on pending cards (qa/desk_page). Remove this mark with the fix.
  test.fail();
  test.slow();
  const t = tag();
  const title = `Cathays questions ${t}`;
  const session = await openSession(browser, 'officer.cathays', title);
  const first = `When does the Cathays library ward surgery start again, asks ${t}?`;
  const second = `Are there more patrols near the park at night now, asks ${t}?`;
  const resident = await (await browser.newContext()).newPage();
  for (const question of [first, second]) {
    await resident.goto(session);
    await resident.getByLabel('Your question', { exact: true }).fill(question);
    await submit(resident.getByRole('button', { name: 'Send question' }));
    await expect(resident).toHaveURL(/\?asked=\d+$/);
  }

  const page = await signIn(context, 'officer.cathays');
  // A second tab, opened before anything is decided.
  const stale = await context.newPage();
  await stale.goto('/publish/ask');
  await page.goto('/publish/ask');
  const pending = (q: string, p = page) => p.locator('article.qa-desk-question[data-status="pending"]', { hasText: q });
  const approved = (q: string) => page.locator('article.qa-desk-question[data-status="approved"]', { hasText: q });

  // Reject the second: a too-short reason, then a good one.
  const reject = pending(second).locator('form', { has: page.getByLabel(/^Reason/) });
  await pending(second).locator('summary', { hasText: 'Reject…' }).click();
  await reject.getByLabel(/^Reason/).fill('No.');
  await submit(reject.getByRole('button', { name: 'Reject question' }));
  await backOn(page, /\/publish\/ask/);
  await expect(pending(second).locator('.field-error')).toHaveText('The reason is too short: at least 5 characters, please.');
  await expect.soft(pending(second).locator('.field-error'), 'the reason\'s error is visible').toBeVisible();
  if (!(await reject.getByLabel(/^Reason/).isVisible())) await pending(second).locator('summary', { hasText: 'Reject…' }).click();
  await reject.getByLabel(/^Reason/).fill('Asked twice in this session');
  await submit(reject.getByRole('button', { name: 'Reject question' }));
  await backOn(page, /\/publish\/ask/);
  await expect(page.locator('article.qa-desk-question', { hasText: second })).toHaveCount(0);
  // Gone from the list, and the page says why.
  await expect.soft(page.getByRole('status'), 'the rejection is confirmed').toContainText('Rejected.');

  // Approve the first: it moves to the questions to answer.
  await submit(pending(first).getByRole('button', { name: 'Approve' }));
  await backOn(page, /\/publish\/ask/);
  await expect(approved(first)).toBeVisible();
  await expect(pending(first)).toHaveCount(0);

  // The older tab approves it again: it is told it already is.
  await submit(pending(first, stale).getByRole('button', { name: 'Approve' }));
  await backOn(stale, /\/publish\/ask/);
  await expect.soft(stale.getByText('This question has already been approved.'), 'the stale approval\'s error').toBeVisible();

  // Answer it: too short, then a good answer.
  await approved(first).getByLabel(/^Your answer/).fill('Soon.');
  await submit(approved(first).getByRole('button', { name: 'Publish answer' }));
  await backOn(page, /\/publish\/ask/);
  await expect(approved(first).locator('.field-error')).toHaveText('The answer is too short: at least 10 characters, please.');
  await expect(approved(first).locator('.field-error')).toBeVisible();
  await approved(first).getByLabel(/^Your answer/).fill('The surgery is back every Saturday morning from next week, at the library.');
  await submit(approved(first).getByRole('button', { name: 'Publish answer' }));
  await backOn(page, /\/publish\/ask/);
  await expect(page.locator('article.qa-desk-question', { hasText: first })).toHaveCount(0);
  await expect(page.locator('section.qa-desk-session', { has: page.getByRole('heading', { name: title }) })).toContainText('Answered: 1.');
});

test('Q&A, a resident asks: an email address is explained next to the question; a good question is thanked', async ({ page }) => {
  await page.goto('/ask');
  await page
    .locator('section.qa-sessions', { has: page.locator('h2#qa-open') })
    .getByRole('link', { name: '#askGMP: City Centre, your questions' })
    .click();
  await expect(page).toHaveURL(/\/ask\/\d+$/);
  const sessionPath = new URL(page.url()).pathname;
  await page.getByLabel('Your question', { exact: true }).fill('Could someone email me at jo.bloggs@example.com about the bins on my street?');
  await submit(page.getByRole('button', { name: 'Send question' }));
  await backOn(page, new RegExp(`${sessionPath}(\\?|$)`));
  await expect(page.locator('#question-error')).toContainText('email');
  await expect(page.getByText('Thank you. Your question is waiting')).toHaveCount(0);

  await page.getByLabel('Your question', { exact: true }).fill(`Are the bins on the side streets collected on bank holidays, asks ${tag()}?`);
  await submit(page.getByRole('button', { name: 'Send question' }));
  await expect(page).toHaveURL(new RegExp(`${sessionPath}\\?asked=\\d+$`));
  await expect(page.getByRole('status')).toContainText('Thank you. Your question is waiting');
});
