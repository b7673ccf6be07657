import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  enrolTwoFactor,
  expectHeading,
  launchBrowser,
  leaveRecoveryCodes,
  openFromMenu,
  openPage,
  submitLogin,
} from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';

describe('administration', { timeout: 180_000 }, () => {
  let server;
  let browser;
  let context;
  let page;

  before(async () => {
    server = await startServer({
      users: [
        {
          username: 'ada',
          role: 'administrator',
          password: PASSWORD,
          displayName: 'Ada',
          language: 'en',
        },
      ],
    });
    browser = await launchBrowser();
    ({ context, page } = await openPage(browser, server.baseURL));
    await page.goto('/');
    await submitLogin(page, 'ada', PASSWORD);
    await enrolTwoFactor(page);
    await leaveRecoveryCodes(page);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  test('an administrator creates a user, with field errors shown next to the field', async () => {
    await openFromMenu(page, 'Users');
    await expectHeading(page, 'Users');
    await page.getByRole('link', { name: 'Ada' }).waitFor();
    await page.getByRole('link', { name: 'Create a user' }).click();
    await expectHeading(page, 'Create a user');

    await page.locator('#new-user-username').fill('nina');
    await page.locator('#new-user-display-name').fill('Nina');
    await page.locator('#new-user-role').selectOption('peer_mediator');
    await page.locator('#new-user-language').selectOption('fr');
    await page.locator('#new-user-password').fill('short');
    await page.getByRole('button', { name: 'Create the user' }).click();
    await page.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
    const error = page.locator('#new-user-password-error');
    await error.waitFor();
    const describedBy = await page.locator('#new-user-password').getAttribute('aria-describedby');
    assert.ok(describedBy.split(' ').includes('new-user-password-error'), describedBy);
    assert.equal(await page.locator('#new-user-password').getAttribute('aria-invalid'), 'true');

    await page.locator('#new-user-password').fill('a long enough first password');
    await page.getByRole('button', { name: 'Create the user' }).click();
    await expectHeading(page, 'Edit Nina');
    await page.getByText('User Nina is created.').waitFor();
  });

  test('the administrator edits the user: role and disabled', async () => {
    await expectHeading(page, 'Edit Nina');
    await page.locator('#edit-user-role').selectOption('lawyer');
    await page.locator('#edit-user-disabled').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();

    await page.getByRole('link', { name: 'Back to the users' }).click();
    await expectHeading(page, 'Users');
    const card = page.locator('.card').filter({ has: page.getByRole('link', { name: 'Nina' }) });
    await card.getByText('Lawyer').waitFor();
    await card.getByText('Disabled').first().waitFor();
  });

  test('a stale edit gets a clear conflict message (412) and can be reloaded', async () => {
    await page.getByRole('link', { name: 'Nina' }).click();
    await expectHeading(page, 'Edit Nina');
    // Someone else changes the user behind our back (same API, the current version).
    const status = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const id = location.pathname.split('/').pop();
      const user = await (await fetch(`/api/v1/users/${id}`)).json();
      const res = await fetch(`/api/v1/users/${id}`, {
        method: 'PATCH',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': me.csrf_token,
          'If-Match': `"${user.version}"`,
        },
        body: JSON.stringify({ display_name: 'Nina B.' }),
      });
      return res.status;
    });
    assert.equal(status, 200);

    await page.locator('#edit-user-role').selectOption('psychologist');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('alert')
      .getByText(/Someone else changed this user/)
      .waitFor();
    await page.getByRole('button', { name: 'Reload the current version' }).click();
    await expectHeading(page, 'Edit Nina B.');
    assert.equal(await page.locator('#edit-user-role').inputValue(), 'lawyer');
  });

  test('reset 2FA and end sessions ask for confirmation', async () => {
    await page.getByRole('button', { name: 'Reset two-step verification' }).click();
    await page.getByRole('button', { name: 'Yes, reset it' }).click();
    await page.getByText('Two-step verification is reset.').waitFor();
  });

  test('the audit log lists entries, filters and verifies the chain', async () => {
    await openFromMenu(page, 'Audit log');
    await expectHeading(page, 'Audit log');
    await page.locator('ol.cards > li').first().waitFor();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByText(/The chain is intact/).waitFor();

    // By the person who acted (a username is turned into the id the API filters on).
    await page.locator('#audit-actor').fill('ada');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText(/entries shown/).waitFor();
    const actors = await page.locator('ol.cards > li').allInnerTexts();
    assert.ok(actors.length > 0);
    assert.ok(
      actors.every((text) => text.includes('ada')),
      'only entries by ada',
    );

    // An unknown person is reported next to the field.
    await page.locator('#audit-actor').fill('nobody-with-this-name');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('#audit-actor-error').waitFor();

    // An action nobody did, and dates.
    await page.locator('#audit-actor').fill('');
    await page.locator('#audit-action').fill('no.such.action');
    await page.locator('#audit-from').fill('2020-01-01');
    await page.locator('#audit-to').fill('2099-12-31');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No entries match.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('ol.cards > li').first().waitFor();
  });
});
