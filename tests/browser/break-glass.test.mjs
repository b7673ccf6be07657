// A peer mediator does not see a case she is not on: search does not show it (a social worker
// of another team is told how many match elsewhere), the link gives a "not on the team" page;
// breaking the glass with a reason opens it with a banner, and the coordinator sees it in the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  apiFromPage,
  expectHeading,
  launchBrowser,
  openFromMenu,
  openPage,
  signInToHome,
} from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';

describe('break the glass', { timeout: 240_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      users: [
        { username: 'sam', role: 'social_worker', displayName: 'Sam' },
        { username: 'pia', role: 'peer_mediator', displayName: 'Pia' },
        { username: 'cleo', role: 'coordinator', displayName: 'Cleo' },
        { username: 'sol', role: 'social_worker', displayName: 'Sol' },
      ].map((u) => ({ ...u, password: PASSWORD, language: 'en' })),
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a case outside her caseload is hidden until she gives a reason', async () => {
    const sw = await openPage(browser, server.baseURL);
    const pm = await openPage(browser, server.baseURL);
    const co = await openPage(browser, server.baseURL);
    const other = await openPage(browser, server.baseURL);
    try {
      await signInToHome(sw.page, 'sam', PASSWORD);
      const person = await apiFromPage(sw.page, 'POST', '/people', {
        body: { given_name: 'Faith', family_name: 'Nwosu' },
      });
      const kase = await apiFromPage(sw.page, 'POST', '/cases', {
        body: { person_id: person.body.id },
      });
      assert.equal(kase.status, 201);

      await signInToHome(pm.page, 'pia', PASSWORD);
      await openFromMenu(pm.page, 'People');
      await pm.page.locator('#people-query').fill('Faith Nwosu');
      await pm.page.getByRole('button', { name: 'Search', exact: true }).click();
      await pm.page.getByRole('heading', { name: '0 people found' }).waitFor();
      // A role limited to her own cases is not even told that someone else matches.
      assert.equal(await pm.page.getByText(/outside your caseload/).count(), 0);
      assert.equal(await pm.page.getByText('Faith').count(), 0);

      // A social worker of another team is told how many match elsewhere, and nothing more.
      await signInToHome(other.page, 'sol', PASSWORD);
      await openFromMenu(other.page, 'People');
      await other.page.locator('#people-query').fill('faith nwosu');
      await other.page.getByRole('button', { name: 'Search', exact: true }).click();
      await other.page
        .getByText('1 more person matches outside your caseload — ask a coordinator.')
        .waitFor();
      assert.equal(await other.page.getByText('Faith').count(), 0);

      // A colleague's link to the case.
      await pm.page.goto(`/cases/${kase.body.id}`);
      await expectHeading(pm.page, 'You are not on this case’s team');
      assert.equal(await pm.page.getByText('Faith').count(), 0, 'nothing of the case is shown');
      await pm.page.locator('#glass-reason').fill('urgent');
      await pm.page.getByRole('button', { name: 'Open the case (recorded)' }).click();
      await pm.page
        .locator('#glass-reason-error')
        .getByText(/at least 10 characters/)
        .waitFor();
      assert.equal(await pm.page.locator('#glass-reason').getAttribute('aria-invalid'), 'true');
      assert.match(
        (await pm.page.locator('#glass-reason').getAttribute('aria-describedby')) ?? '',
        /glass-reason-error/,
      );
      await pm.page
        .locator('#glass-reason')
        .fill('She called the night line from the hospital and needs her file.');
      await pm.page.getByRole('button', { name: 'Open the case (recorded)' }).click();
      await expectHeading(pm.page, `Case ${kase.body.number} — Faith Nwosu`);
      await pm.page.getByText('Emergency access (break the glass)').waitFor();
      await pm.page
        .getByText(/This access is temporary, recorded, and shown to the coordinators/)
        .waitFor();

      // The coordinator reviews it.
      await signInToHome(co.page, 'cleo', PASSWORD);
      await openFromMenu(co.page, 'Break-the-glass log');
      await expectHeading(co.page, 'Break-the-glass log');
      const card = co.page.locator('.card').filter({ hasText: 'Pia' });
      await card.getByText('She called the night line from the hospital').waitFor();
      await card.getByText('Access still open').waitFor();
      await card.getByRole('link', { name: kase.body.number }).waitFor();
    } finally {
      await sw.context.close();
      await pm.context.close();
      await co.context.close();
      await other.context.close();
    }
  });

  test('a case that does not exist offers nothing more than the same page', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    try {
      await signInToHome(page, 'pia', PASSWORD);
      await page.goto('/cases/00000000-0000-4000-8000-000000000000');
      await expectHeading(page, 'You are not on this case’s team');
      await page.locator('#glass-reason').fill('Trying a link that leads nowhere at all.');
      await page.getByRole('button', { name: 'Open the case (recorded)' }).click();
      await page.getByRole('alert').filter({ hasText: 'Not found.' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
