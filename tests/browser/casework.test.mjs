// Casework in the browser: registering a person with the duplicate check, a case with notes,
// encounters and tasks; note levels by role; an edit conflict shown rather than overwritten.
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
const users = [
  { username: 'sofia', role: 'social_worker', displayName: 'Sofia' },
  { username: 'lina', role: 'lawyer', displayName: 'Lina' },
  { username: 'sami', role: 'social_worker', displayName: 'Sami' },
].map((u) => ({ ...u, password: PASSWORD, language: 'en' }));

describe('casework', { timeout: 300_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ users });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a social worker registers a person, is warned of a duplicate, opens a case and works on it', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    try {
      await signInToHome(page, 'sofia', PASSWORD);
      await page.getByText('Nothing to show yet').waitFor();

      await openFromMenu(page, 'People');
      await expectHeading(page, 'People');
      await page.getByRole('link', { name: 'Register a new person' }).first().click();
      await expectHeading(page, 'Register a person');
      await page.locator('#new-person-given-name').fill('Blessing');
      await page.locator('#new-person-family-name').fill('Okafor');
      await page.locator('#new-person-birth-year').fill('1999');
      await page.locator('#new-person-gender').selectOption('Feminine');
      await page.locator('#new-person-nationalities').selectOption('NG');
      await page
        .getByRole('group', { name: 'Nationalities' })
        .getByRole('button', { name: 'Add' })
        .click();
      await page.locator('#new-person-phones').fill('06 12 34 56 78');
      await page.locator('#new-person-document-passport').selectOption('confiscated');
      await page.getByRole('button', { name: 'Check and register' }).click();
      await expectHeading(page, 'Blessing Okafor');
      await page.getByText('Blessing Okafor is registered.').waitFor();
      const firstUrl = page.url();
      assert.doesNotMatch(firstUrl, /Blessing|Okafor/i, 'no name in the address');

      // The same person again, spelled differently: the duplicate check warns before saving.
      await openFromMenu(page, 'People');
      await page.getByRole('link', { name: 'Register a new person' }).first().click();
      await page.locator('#new-person-given-name').fill('Blessing');
      await page.locator('#new-person-family-name').fill('Okafor');
      await page.locator('#new-person-phones').fill('+33612345678');
      await page.getByRole('button', { name: 'Check and register' }).click();
      await page.getByRole('heading', { name: 'This person may already be registered' }).waitFor();
      const reasons = await page.locator('.duplicates .card').first().textContent();
      assert.match(reasons, /name/);
      assert.match(reasons, /phone/);
      await page.getByRole('link', { name: 'Open Blessing Okafor' }).click();
      await expectHeading(page, 'Blessing Okafor');
      // Focus moves to the heading of the page once the record has loaded.
      await page.waitForFunction(
        () =>
          document.activeElement?.tagName === 'H1' &&
          /Okafor/.test(document.activeElement.textContent),
      );
      assert.equal(page.url(), firstUrl, 'opens the existing record');

      // Search keeps the query out of the address bar.
      await openFromMenu(page, 'People');
      await page.locator('#people-query').fill('blesing okafor');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('heading', { name: '1 person found' }).waitFor();
      assert.doesNotMatch(page.url(), /bles|okafor|\?/i);
      await page.getByRole('link', { name: 'Blessing Okafor' }).click();
      await expectHeading(page, 'Blessing Okafor');

      // Consent, then a case.
      await page.getByRole('button', { name: 'Record a consent' }).click();
      await page.locator('#consent-method-written').check();
      await page.getByRole('button', { name: 'Save the consent' }).click();
      await page.getByText('The consent is recorded.').waitFor();
      await page.getByText('Case management (accompaniment)').waitFor();

      await page.getByRole('button', { name: 'Open a case' }).click();
      await expectHeading(page, /^Case \d{4}-\d+ — Blessing Okafor$/);
      await page.getByText(/is opened\. You are on its team\./).waitFor();

      // A general note: a social worker has only the general level.
      await page.getByRole('tab', { name: 'General notes' }).waitFor();
      assert.equal(await page.getByRole('tab', { name: 'Legal notes' }).count(), 0);
      await page
        .locator('#note-body')
        .fill('First meeting at the office; she wants to talk about housing.');
      await page.getByRole('button', { name: 'Save the General note' }).click();
      await page.getByText('The note is saved at level: General.').waitFor();
      await page.getByText('First meeting at the office').waitFor();

      // An encounter on the case.
      await page.getByRole('tab', { name: 'Encounters' }).click();
      await page.getByRole('button', { name: 'Log an encounter' }).click();
      await page.locator('#case-encounter-type-individual_meeting').check();
      await page.locator('#case-encounter-duration-30').check();
      await page.getByRole('button', { name: 'Save the contact' }).click();
      await page.getByText('Saved: Individual meeting.').waitFor();
      await page.locator('.encounter').filter({ hasText: 'Individual meeting' }).waitFor();

      // A task and an appointment.
      await page.getByRole('tab', { name: 'Tasks and appointments' }).click();
      await page.locator('#task-title').fill('Call the housing service');
      await page.getByRole('button', { name: 'Add the task' }).click();
      await page.getByText('Task “Call the housing service” added.').waitFor();
      await page.locator('#task-kind-appointment').check();
      await page.locator('#task-title').fill('Prefecture');
      await page.locator('#task-time').fill('10:30');
      await page.getByRole('button', { name: 'Add the appointment' }).click();
      await page.getByText('Appointment “Prefecture” added.').waitFor();

      // Home is now "my day".
      await openFromMenu(page, 'Home');
      await page.getByRole('heading', { name: 'My tasks and appointments' }).waitFor();
      await page.getByText('Call the housing service').waitFor();
      await page.getByRole('heading', { name: 'My caseload' }).waitFor();
      await page.getByText('2 open tasks').waitFor();
    } finally {
      await context.close();
    }
  });

  test('a lawyer on the case sees the legal notes tab; a social worker does not', async () => {
    const sw = await openPage(browser, server.baseURL);
    const lawyer = await openPage(browser, server.baseURL);
    try {
      await signInToHome(sw.page, 'sami', PASSWORD);
      await signInToHome(lawyer.page, 'lina', PASSWORD);
      const lawyerId = (await apiFromPage(lawyer.page, 'GET', '/me')).body.id;
      const person = await apiFromPage(sw.page, 'POST', '/people', {
        body: { given_name: 'Grace', family_name: 'Eze' },
      });
      assert.equal(person.status, 201);
      const created = await apiFromPage(sw.page, 'POST', '/cases', {
        body: { person_id: person.body.id },
      });
      assert.equal(created.status, 201);
      const caseId = created.body.id;
      const put = await apiFromPage(sw.page, 'PUT', `/cases/${caseId}/team/${lawyerId}`, {
        body: { role: 'lawyer' },
      });
      assert.equal(put.status, 204);

      await lawyer.page.goto(`/cases/${caseId}`);
      await expectHeading(lawyer.page, /— Grace Eze$/);
      await lawyer.page.getByRole('tab', { name: 'Legal notes' }).click();
      await lawyer.page.getByText(/only the lawyer on the case and coordinators/).waitFor();
      await lawyer.page.locator('#note-level-legal').check();
      await lawyer.page
        .locator('#note-body')
        .fill('Complaint to be filed at the prosecutor’s office.');
      await lawyer.page.getByRole('button', { name: 'Save the Legal note' }).click();
      await lawyer.page.getByText('The note is saved at level: Legal.').waitFor();
      await lawyer.page
        .locator('.note')
        .filter({ hasText: 'Complaint to be filed' })
        .getByText('Legal')
        .waitFor();

      await sw.page.goto(`/cases/${caseId}`);
      await expectHeading(sw.page, /— Grace Eze$/);
      await sw.page.getByRole('tab', { name: 'General notes' }).waitFor();
      assert.equal(await sw.page.getByRole('tab', { name: 'Legal notes' }).count(), 0);
      assert.equal(await sw.page.getByText('Complaint to be filed').count(), 0);
    } finally {
      await sw.context.close();
      await lawyer.context.close();
    }
  });

  test('a status change that meets a newer version of the case is shown and can be re-applied', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    try {
      await signInToHome(page, 'sami', PASSWORD);
      const person = await apiFromPage(page, 'POST', '/people', { body: { given_name: 'Hope' } });
      const kase = await apiFromPage(page, 'POST', '/cases', {
        body: { person_id: person.body.id },
      });
      await page.goto(`/cases/${kase.body.id}`);
      await expectHeading(page, /— Hope$/);
      await page.getByRole('button', { name: 'Change the status' }).click();
      await page.locator('#case-status').selectOption('Closed');
      await page.locator('#case-closure-reason').fill('She moved to Lyon and is followed there.');
      const other = await apiFromPage(page, 'PATCH', `/cases/${kase.body.id}`, {
        body: { status: 'FollowUp' },
        ifMatch: kase.body.version,
      });
      assert.equal(other.status, 200);
      await page.getByRole('button', { name: 'Save the status' }).click();
      await page.getByText(/Someone else changed this case meanwhile/).waitFor();
      assert.equal(
        (await apiFromPage(page, 'GET', `/cases/${kase.body.id}`)).body.status,
        'FollowUp',
      );
      const reload = page.getByRole('button', { name: 'Reload the case, keeping my choice' });
      await reload.click();
      // The button goes once the current version is loaded; saving before would send the old
      // version again (and meet the same 412).
      await reload.waitFor({ state: 'detached' });
      assert.equal(await page.locator('#case-status').inputValue(), 'Closed');
      await page.getByRole('button', { name: 'Save the status' }).click();
      await page.getByText('Status saved: Closed.').waitFor();
      const saved = (await apiFromPage(page, 'GET', `/cases/${kase.body.id}`)).body;
      assert.equal(saved.status, 'Closed');
      assert.equal(saved.closure_reason, 'She moved to Lyon and is followed there.');
    } finally {
      await context.close();
    }
  });

  test('an edit that meets a newer version shows both versions and overwrites nothing', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    try {
      await signInToHome(page, 'sami', PASSWORD);
      const person = await apiFromPage(page, 'POST', '/people', {
        body: {
          given_name: 'Joy',
          family_name: 'Uche',
          contact: { phones: [], email: '', address: '' },
        },
      });
      const id = person.body.id;
      await page.goto(`/people/${id}`);
      await expectHeading(page, 'Joy Uche');
      await page.getByRole('button', { name: 'Correct the details' }).click();
      await page.locator('#edit-person-family-name').fill('Uche-Bello');
      await page.locator('#edit-person-email').fill('joy@example.org');

      // Meanwhile a colleague corrects the family name and adds an address.
      const other = await apiFromPage(page, 'PATCH', `/people/${id}`, {
        body: { family_name: 'Uchenna', contact: { phones: [], email: '', address: 'Paris 18e' } },
        ifMatch: person.body.version,
      });
      assert.equal(other.status, 200);

      await page.getByRole('button', { name: 'Save the corrections' }).click();
      await page
        .getByRole('heading', { name: 'Someone changed this record while you were editing' })
        .waitFor();
      const table = page.locator('table.compare');
      await table
        .getByRole('row', { name: /Family name/ })
        .getByText('Uchenna')
        .waitFor();
      await table
        .getByRole('row', { name: /Family name/ })
        .getByText('Uche-Bello')
        .waitFor();
      await table
        .getByRole('row', { name: /Family name/ })
        .getByText('changed by both')
        .waitFor();
      await table
        .getByRole('row', { name: /Address/ })
        .getByText('Paris 18e')
        .waitFor();

      // Nothing was overwritten.
      const now = await apiFromPage(page, 'GET', `/people/${id}`);
      assert.equal(now.body.family_name, 'Uchenna');
      assert.equal(now.body.contact.email, '');

      // She re-applies her changes on top of the current version, then saves.
      await page.getByRole('button', { name: 'Apply my changes to the current version' }).click();
      assert.equal(await page.locator('#edit-person-family-name').inputValue(), 'Uche-Bello');
      assert.equal(await page.locator('#edit-person-address').inputValue(), 'Paris 18e');
      await page.getByRole('button', { name: 'Save the corrections' }).click();
      await page.getByText('The corrections are saved.').waitFor();
      await expectHeading(page, 'Joy Uche-Bello');
      const saved = await apiFromPage(page, 'GET', `/people/${id}`);
      assert.equal(saved.body.family_name, 'Uche-Bello');
      assert.equal(saved.body.contact.email, 'joy@example.org');
      assert.equal(saved.body.contact.address, 'Paris 18e');
    } finally {
      await context.close();
    }
  });
});
