// axe-core (same WCAG tags as accessibility.test.mjs) on every casework screen, on a phone and on
// a laptop, with no sideways scrolling.
import { after, before, describe, test } from 'node:test';
import { startServer } from '../support/server.mjs';
import {
  apiFromPage,
  expectHeading,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  launchBrowser,
  openFromMenu,
  openPage,
  signInToHome,
  VIEWPORTS,
} from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';
const SIZES = [
  ['phone', VIEWPORTS.phone],
  ['laptop', VIEWPORTS.desktop],
];

describe('casework accessibility', { timeout: 600_000 }, () => {
  let server;
  let browser;

  before(async () => {
    const users = [];
    for (const [size] of SIZES) {
      users.push(
        { username: `coord-${size}`, role: 'coordinator', displayName: `Cora ${size}` },
        { username: `pm-${size}`, role: 'peer_mediator', displayName: `Pia ${size}` },
        { username: `admin-${size}`, role: 'administrator', displayName: `Ada ${size}` },
      );
    }
    server = await startServer({
      users: users.map((u) => ({ ...u, password: PASSWORD, language: 'en' })),
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [size, viewport] of SIZES) {
    test(`casework screens have no axe violations on a ${size}`, async () => {
      const pages = [];
      const open = async () => {
        const opened = await openPage(browser, server.baseURL, { viewport });
        pages.push(opened.context);
        return opened.page;
      };
      // Each size registers its own people (the server is shared).
      const [given, family] = size === 'phone' ? ['Esther', 'Bello'] : ['Ruth', 'Okon'];
      const full = `${given} ${family}`;
      try {
        const page = await open();
        // axe's target-size rule counts a control scrolled under the sticky header (which keeps
        // "Quick exit" in reach) as obscured, so each check runs at the top of the page.
        const check = async (label) => {
          await page.evaluate(() => window.scrollTo(0, 0));
          await expectNoAxeViolations(page, `${label} (${size})`);
          await expectNoHorizontalScroll(page, `${label} (${size})`);
        };

        await signInToHome(page, `coord-${size}`, PASSWORD);
        await page.getByText('Nothing to show yet').waitFor();
        await check('home, empty');

        // People: search with no result, registration with errors, then duplicates.
        await openFromMenu(page, 'People');
        await expectHeading(page, 'People');
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.locator('#people-query-error').waitFor();
        await check('people search with an error');
        await page.getByRole('link', { name: 'Register a new person' }).first().click();
        await expectHeading(page, 'Register a person');
        await check('register a person');
        await page.getByRole('button', { name: 'Check and register' }).click();
        await page.locator('#new-person-given-name-error').waitFor();
        await check('register a person with errors');
        await page.locator('#new-person-given-name').fill(given);
        await page.locator('#new-person-family-name').fill(family);
        await page.locator('#new-person-languages').selectOption('pcm');
        await page
          .getByRole('group', { name: 'Languages' })
          .getByRole('button', { name: 'Add' })
          .click();
        await page.getByRole('button', { name: 'Check and register' }).click();
        await expectHeading(page, full);
        await check('person page');
        const personId = page.url().split('/').pop();
        await openFromMenu(page, 'People');
        await page.getByRole('link', { name: 'Register a new person' }).first().click();
        await page.locator('#new-person-given-name').fill(given);
        await page.locator('#new-person-family-name').fill(family);
        await page.getByRole('button', { name: 'Check and register' }).click();
        await page
          .getByRole('heading', { name: 'This person may already be registered' })
          .waitFor();
        await check('likely duplicates');
        await page.getByRole('button', { name: 'This is a new person: register her' }).click();
        await expectHeading(page, full);

        await openFromMenu(page, 'People');
        await page.locator('#people-query').fill(family);
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.getByRole('heading', { name: '2 people found' }).waitFor();
        await check('people search results');

        // Person page: edit, conflict, consent form, rights actions.
        await page.goto(`/people/${personId}`);
        await expectHeading(page, full);
        await page.getByRole('button', { name: 'Correct the details' }).click();
        await page.locator('#edit-person-family-name').fill(`${family}-Adeyemi`);
        const current = await apiFromPage(page, 'GET', `/people/${personId}`);
        await apiFromPage(page, 'PATCH', `/people/${personId}`, {
          body: { aliases: ['Essie'] },
          ifMatch: current.body.version,
        });
        await page.getByRole('button', { name: 'Save the corrections' }).click();
        await page.getByRole('heading', { name: /Someone changed this record/ }).waitFor();
        await check('person edit conflict');
        await page.getByRole('button', { name: /Keep the current version/ }).click();
        await page.getByRole('button', { name: 'Record a consent' }).click();
        await page.locator('#consent-purpose').selectOption('sharing');
        await page.getByRole('button', { name: 'Save the consent' }).click();
        await page.locator('#consent-partner-error').waitFor();
        await check('consent form with an error');
        await page.locator('#consent-partner').selectOption('00000000-0000-7000-8000-000000000001');
        await page.locator('#consent-items-given_name').check();
        await page.getByRole('button', { name: 'Save the consent' }).click();
        await page.getByText('The consent is recorded.').waitFor();
        await page.getByRole('button', { name: 'Export everything (GDPR)' }).click();
        await check('export form');
        await page.getByRole('button', { name: 'Merge into…' }).click();
        await page.locator('#merge-query').fill(full);
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.getByRole('button', { name: `Compare with ${full}` }).click();
        await page.getByRole('table').waitFor();
        await check('merge comparison');
        await page.getByRole('button', { name: 'Anonymise', exact: true }).click();
        await page.getByRole('button', { name: 'Anonymise this person' }).click();
        await check('anonymise confirmation');

        // A case.
        await page.getByRole('button', { name: 'Open a case' }).click();
        await expectHeading(page, new RegExp(`^Case .* — ${full}$`));
        await page.getByRole('tab', { name: 'Legal notes' }).waitFor();
        await check('case page, notes');
        await page.getByRole('button', { name: 'Change the status' }).click();
        await page.locator('#case-status').selectOption('Closed');
        await page.getByRole('button', { name: 'Save the status' }).click();
        await page.locator('#case-closure-reason-error').waitFor();
        await check('case status with an error');
        await page.getByRole('button', { name: 'Cancel' }).first().click();
        await page.getByRole('button', { name: 'Update the context' }).click();
        await page.locator('#context-victim-status-possible').check();
        await check('trafficking context form');
        await page.getByRole('button', { name: 'Save the context' }).click();
        await page.getByText('The trafficking context is saved.').waitFor();
        await page.getByRole('tab', { name: 'Encounters' }).click();
        await page.getByRole('button', { name: 'Log an encounter' }).click();
        await check('case encounter form');
        await page.getByRole('button', { name: 'Save the contact' }).click();
        await page.locator('#case-encounter-type-error').waitFor();
        await check('case encounter form with errors');
        await page.getByRole('tab', { name: 'Tasks and appointments' }).click();
        await page.locator('#task-title').fill('Call the lawyer');
        await page.locator('#task-day').fill('2020-01-02');
        await page.getByRole('button', { name: 'Add the task' }).click();
        await page.getByText('Task “Call the lawyer” added.').waitFor();
        await check('case tasks');
        const caseId = page.url().split('/').pop();

        await openFromMenu(page, 'Home');
        await page.getByRole('heading', { name: 'My caseload' }).waitFor();
        await page.locator('.task.overdue').getByText('Overdue').first().waitFor();
        await check('home, my day');
        await page.getByRole('button', { name: 'All', exact: true }).click();
        await page.getByRole('heading', { name: 'All cases I can see' }).waitFor();
        await check('home, all cases');

        await openFromMenu(page, 'Log a contact');
        await expectHeading(page, 'Log a contact');
        await check('quick encounter, for a case');
        await page.getByLabel('Anonymous contact').check();
        await page.getByText('More details (optional)').click();
        await check('quick encounter, anonymous, more details');
        await page.getByRole('button', { name: 'Save the contact' }).click();
        await page.locator('#quick-encounter-type-error').waitFor();
        await check('quick encounter with an error');
        await page.getByLabel('Outreach contact').check();
        await page.getByRole('button', { name: 'Save the contact' }).click();
        await page.getByText(/Saved: Outreach contact/).waitFor();
        await check('quick encounter saved');

        await openFromMenu(page, 'My profile');
        await page.getByRole('button', { name: 'Create my calendar link' }).click();
        await page.locator('#calendar-url').waitFor();
        await check('profile with the calendar link');

        // A peer mediator on a case she is not on; then with emergency access.
        const pm = await open();
        await signInToHome(pm, `pm-${size}`, PASSWORD);
        await pm.goto(`/cases/${caseId}`);
        await expectHeading(pm, 'You are not on this case’s team');
        await expectNoAxeViolations(pm, `break-the-glass page (${size})`);
        await pm.locator('#glass-reason').fill('Needed for an accompaniment tonight.');
        await pm.getByRole('button', { name: 'Open the case (recorded)' }).click();
        await pm.getByText('Emergency access (break the glass)').waitFor();
        await pm.evaluate(() => window.scrollTo(0, 0));
        await expectNoAxeViolations(pm, `case with emergency access (${size})`);
        await expectNoHorizontalScroll(pm, `case with emergency access (${size})`);

        await openFromMenu(page, 'Break-the-glass log');
        await page.locator('.card').first().waitFor();
        await check('break-the-glass log');

        const admin = await open();
        await signInToHome(admin, `admin-${size}`, PASSWORD);
        await expectNoAxeViolations(admin, `administrator home (${size})`);
        await openFromMenu(admin, 'Teams');
        await expectHeading(admin, 'Teams');
        await admin.getByRole('button', { name: 'Create the team' }).click();
        await admin.locator('#team-name-error').waitFor();
        await expectNoAxeViolations(admin, `teams with an error (${size})`);
        await admin.locator('#team-name').fill(`Paris north ${size}`);
        await admin.getByRole('button', { name: 'Create the team' }).click();
        await admin.getByText(`Team Paris north ${size} is created.`).waitFor();
        const select = admin.getByRole('combobox', {
          name: `Person to add to Paris north ${size}`,
        });
        await select.selectOption({ label: `Pia ${size} (Peer mediator)` });
        await admin.getByRole('button', { name: `Add to Paris north ${size}` }).click();
        await admin
          .getByText(`Pia ${size} (Peer mediator) is added to Paris north ${size}.`)
          .waitFor();
        await admin.evaluate(() => window.scrollTo(0, 0));
        await expectNoAxeViolations(admin, `teams (${size})`);
        await expectNoHorizontalScroll(admin, `teams (${size})`);
      } finally {
        for (const context of pages) await context.close();
      }
    });
  }
});
