// axe-core (WCAG 2.0/2.1/2.2 A and AA) on every screen, on a phone and on a laptop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  enrolTwoFactor,
  expectHeading,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  launchBrowser,
  leaveRecoveryCodes,
  openFromMenu,
  openPage,
  signOutViaMenu,
  submitLogin,
  VIEWPORTS,
} from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';

describe('accessibility', { timeout: 300_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      users: [
        {
          username: 'admin-phone',
          role: 'administrator',
          password: PASSWORD,
          displayName: 'Ana',
          language: 'en',
        },
        {
          username: 'admin-laptop',
          role: 'administrator',
          password: PASSWORD,
          displayName: 'Bea',
          language: 'en',
        },
      ],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [name, viewport, username] of [
    ['phone 360×740', VIEWPORTS.phone, 'admin-phone'],
    ['laptop 1280×800', VIEWPORTS.desktop, 'admin-laptop'],
  ]) {
    test(`every screen has no axe violations on a ${name}`, async () => {
      const { context, page } = await openPage(browser, server.baseURL, { viewport });
      const check = async (label) => {
        await expectNoAxeViolations(page, `${label} (${name})`);
        await expectNoHorizontalScroll(page, `${label} (${name})`);
      };

      await page.goto('/');
      await expectHeading(page, 'Sign in to Passerelle');
      await check('sign-in');
      await submitLogin(page, username, 'wrong password, surely');
      await page.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
      await check('sign-in with an error');

      await submitLogin(page, username, PASSWORD);
      await expectHeading(page, 'Set up two-step verification');
      await page.locator('img.qr').waitFor();
      await check('2FA enrolment');
      const { codes } = await enrolTwoFactor(page);
      await check('recovery codes');
      await leaveRecoveryCodes(page);
      await check('home');

      if (viewport === VIEWPORTS.phone) {
        const toggle = page.getByRole('button', { name: 'Menu' });
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        assert.equal(await page.getByRole('link', { name: 'My profile', exact: true }).count(), 0);
        await toggle.click();
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        await check('home with the menu open');
      } else {
        assert.equal(await page.getByRole('button', { name: 'Menu' }).isVisible(), false);
      }

      await openFromMenu(page, 'My profile');
      await expectHeading(page, 'My profile');
      await page.getByText('This device').waitFor();
      await check('profile');

      await openFromMenu(page, 'Audit log');
      await expectHeading(page, 'Audit log');
      await page.locator('ol.cards > li').first().waitFor();
      await page.getByRole('button', { name: 'Verify the chain' }).click();
      await page.getByText(/The chain is intact/).waitFor();
      await check('audit log');

      await page.goto('/no/such/page');
      await expectHeading(page, 'Page not found');
      await check('page not found');
      await page.getByRole('link', { name: 'Back to the home page' }).click();
      await expectHeading(page, /^Hello/);

      await signOutViaMenu(page);
      await check('signed out');
      await submitLogin(page, username, PASSWORD);
      await expectHeading(page, 'Two-step verification');
      await check('2FA challenge');
      await page.getByRole('button', { name: /use a recovery code/ }).click();
      await check('2FA challenge with a recovery code');
      await page.locator('#mfa-recovery-code').fill(codes[1]);
      await page.getByRole('button', { name: 'Verify' }).click();
      await expectHeading(page, /^Hello/);

      // Administration last: it depends on the most server routes.
      await openFromMenu(page, 'Users');
      await expectHeading(page, 'Users');
      await page.locator('.card').first().waitFor();
      await check('users');

      await page.getByRole('link', { name: 'Create a user' }).click();
      await expectHeading(page, 'Create a user');
      await check('create a user');
      await page.getByRole('button', { name: 'Create the user' }).click();
      await page.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
      await check('create a user with errors');

      await openFromMenu(page, 'Users');
      await page.getByRole('link', { name: 'Ana' }).click();
      await expectHeading(page, 'Edit Ana');
      await page.getByText(/open session/).waitFor();
      await check('edit a user');
      await page.getByRole('button', { name: 'Reset two-step verification' }).click();
      await check('edit a user, confirming');
      await page.getByRole('button', { name: 'Cancel' }).click();

      // French screens too.
      await page.getByRole('button', { name: /Français/ }).click();
      await expectHeading(page, 'Modifier Ana');
      await check('edit a user, in French');
      await page
        .getByRole('link', { name: 'Accueil' })
        .first()
        .click()
        .catch(() => {});
      await page.goto('/');
      await expectHeading(page, /^Bonjour/);
      await check('home, in French');
      await context.close();
    });
  }
});
