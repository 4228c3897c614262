import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectEmergencyBanner, signIn } from './helpers';

const CITY_CENTRE = 'E05011376';
const TEAM = 'GMP City of Manchester – City Centre neighbourhood team';

/** Letters only: digits in a question could look like a phone number to the privacy guard. */
function tag(): string {
  return String(Date.now()).slice(-6).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
}

/** The `/ask` section with heading `id` (qa-open, qa-upcoming, qa-recent). */
function section(page: Page, id: string) {
  return page.locator('section.qa-sessions', { has: page.locator(`h2#${id}`) });
}

test('an officer schedules a session, a resident asks, the officer approves and answers, and everyone sees it', async ({ browser }) => {
  const t = tag();
  const title = `Ask the City Centre team ${t}`;
  const question = `Will the Deansgate crossing be repaired before the winter, asks reader ${t}?`;
  const answer = 'The council will repair the crossing before the end of the month. Until then please use the lights.';

  // The officer schedules a session that opens now (the form suggests now, Manchester time).
  const officer = await signIn(await browser.newContext(), 'officer.citycentre');
  await officer.goto('/publish/ask');
  await expectEmergencyBanner(officer);
  await expect(officer.locator('.qa-desk[data-ready="true"]')).toBeVisible();
  await officer.getByLabel('Title', { exact: true }).fill(title);
  // The team's own ward is the area already in the field.
  await expect(officer.getByLabel('Area', { exact: true })).toHaveValue('Piccadilly (Manchester)');
  await expect(officer.getByLabel('Opens (local time in the area)')).toHaveValue(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
  await officer.getByLabel('Open for (minutes)').fill('60');
  await officer.getByRole('button', { name: 'Schedule session' }).click();
  await expect(officer.getByRole('status')).toContainText('Scheduled.');
  await officer.getByRole('link', { name: 'Open the session page' }).click();
  await expect(officer).toHaveURL(/\/ask\/\d+$/);
  const sessionPath = new URL(officer.url()).pathname;

  // A resident, not signed in, asks while it is open.
  const resident = await (await browser.newContext()).newPage();
  await resident.goto('/ask');
  await expectEmergencyBanner(resident);
  await section(resident, 'qa-open').getByRole('link', { name: title }).click();
  await expect(resident).toHaveURL(new RegExp(`${sessionPath}$`));
  await expect(resident.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(resident.locator('.qa-status')).toHaveText(/^Open until \d\d:\d\d (GMT|BST)$/);
  await expect(resident.locator('section.qa-ask[data-ready="true"]')).toBeVisible();
  await resident.getByLabel('Your question', { exact: true }).fill(question);
  await resident.getByRole('button', { name: 'Send question' }).click();
  await expect(resident.getByRole('status')).toContainText('Thank you. Your question is waiting');
  await expect(resident.getByLabel('Your question', { exact: true })).toHaveValue('');
  await expect(resident.locator('section.qa-answers')).not.toContainText(question);
  await resident.screenshot({ path: 'test-results/screens/qa-asked.png', fullPage: true });

  // The officer approves it, then answers it in public.
  await officer.goto('/publish/ask');
  await expect(officer.locator('.qa-desk[data-ready="true"]')).toBeVisible();
  const pending = officer.locator('article.qa-desk-question[data-status="pending"]', { hasText: question });
  await pending.getByRole('button', { name: 'Approve' }).click();
  await expect(officer.getByRole('status')).toContainText('Approved.');
  const approved = officer.locator('article.qa-desk-question[data-status="approved"]', { hasText: question });
  await approved.getByLabel('Your answer').fill(answer);
  await officer.screenshot({ path: 'test-results/screens/qa-desk.png', fullPage: true });
  await approved.getByRole('button', { name: 'Publish answer' }).click();
  await expect(officer.getByRole('status')).toContainText('Answer published.');
  await expect(officer.locator('article.qa-desk-question', { hasText: question })).toHaveCount(0);

  // The resident sees the answer on the session page, with the team's name...
  await resident.reload();
  const answered = resident.locator('li.qa-answer', { hasText: question });
  await expect(answered).toContainText(answer);
  await expect(answered).toContainText(TEAM);
  await expectEmergencyBanner(resident);
  await resident.screenshot({ path: 'test-results/screens/qa-session.png', fullPage: true });

  // ...and in the ward's feed, as a Q&A answer.
  await resident.goto(`/area/${CITY_CENTRE}`);
  const card = resident.locator('article.card', { hasText: question });
  await expect(card.locator('.badge.kind')).toHaveText('Q&A answer');
  await expect(card).toContainText(answer);
});

test('a closed session says when it closed, has no form, and refuses a question clearly', async ({ page }) => {
  await page.goto('/ask');
  await expectEmergencyBanner(page);
  await section(page, 'qa-recent').getByRole('link', { name: '#askGMP: City Centre streets' }).click();
  await expect(page).toHaveURL(/\/ask\/\d+$/);
  await expect(page.locator('.qa-status')).toHaveText(
    /^This session closed at \d\d:\d\d (GMT|BST) on \w{3} \d+ \w{3}\. Questions are no longer taken; answers stay below\.$/,
  );
  await expect(page.getByLabel('Your question', { exact: true })).toHaveCount(0);
  await expect(page.locator('li.qa-answer')).toContainText('e-bikes');
  await expectEmergencyBanner(page);

  // A question sent anyway (an old tab, a script) is refused with the time it closed.
  const session = new URL(page.url()).pathname.split('/').pop()!;
  const response = await page.request.post('/api/ask_question', {
    form: { session, question: 'Are the e-bike patrols still running at weekends?' },
    headers: { Accept: 'application/json' },
  });
  expect(response.status()).toBe(409);
  expect((await response.json()).Conflict).toMatch(/^This session closed at \d\d:\d\d (GMT|BST) on \w{3} \d+ \w{3}\./);
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('a resident asks in the open demo session; a phone number is explained next to the field', async ({ page }) => {
    await page.goto('/ask');
    await section(page, 'qa-open').getByRole('link', { name: '#askGMP: City Centre, your questions' }).click();
    await expect(page.locator('.qa-status')).toHaveText(/^Open until /);
    await expect(page.locator('li.qa-answer')).toContainText('Piccadilly Gardens');
    await expectEmergencyBanner(page);

    await page.getByLabel('Your question', { exact: true }).fill('Can someone ring me on 07700 900123 about the noise at night?');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect(page.locator('#question-error')).toContainText('phone number');

    await page.getByLabel('Your question', { exact: true }).fill(`Is the noise team out on Saturday nights this winter, asks ${tag()}?`);
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect(page).toHaveURL(/\?asked=\d+$/);
    await expect(page.getByRole('status')).toContainText('Thank you. Your question is waiting');
  });
});
