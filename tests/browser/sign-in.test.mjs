import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  enrolTwoFactor,
  expectHeading,
  freshCode,
  launchBrowser,
  leaveRecoveryCodes,
  openFromMenu,
  openPage,
  signOutViaMenu,
  submitLogin,
} from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';

describe('signing in', { timeout: 180_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      users: [
        {
          username: 'sam',
          role: 'social_worker',
          password: PASSWORD,
          displayName: 'Sam',
          language: 'en',
        },
        {
          username: 'cora',
          role: 'coordinator',
          password: PASSWORD,
          displayName: 'Cora',
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

  test('a social worker signs in without 2FA and sees the home page', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    const nonGetWithoutCsrf = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/api/') || request.method() === 'GET') return;
      if (url.pathname === '/api/v1/auth/login') return;
      if (!request.headers()['x-csrf-token'])
        nonGetWithoutCsrf.push(`${request.method()} ${url.pathname}`);
    });

    await page.goto('/');
    await expectHeading(page, 'Sign in to Passerelle');
    assert.equal(await page.getByText(/session has ended/).count(), 0, 'no message on a first visit');
    await submitLogin(page, 'sam', PASSWORD);
    await expectHeading(page, 'Hello, Sam');
    await page.getByText('Nothing to show yet').waitFor();
    await page.getByRole('link', { name: 'Go to my profile' }).click();
    await expectHeading(page, 'My profile');

    // A change goes through with the CSRF token.
    await page.locator('#profile-display-name').fill('Samira');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.getByText('Your details are saved.').waitFor();

    // Nothing identifying is kept in browser storage or in the URL.
    const storage = await page.evaluate(() => ({
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      cookie: document.cookie,
    }));
    assert.ok(
      storage.local.every((k) => k === 'passerelle.language'),
      `localStorage: ${storage.local}`,
    );
    assert.deepEqual(storage.session, []);
    assert.equal(storage.cookie, '', 'the session cookie is HttpOnly');
    assert.ok(!page.url().includes('sam'), page.url());

    await signOutViaMenu(page);
    await page.getByText('You are signed out.').waitFor();
    assert.deepEqual(nonGetWithoutCsrf, [], 'every non-GET call carries X-CSRF-Token');
    await context.close();
  });

  test('a wrong password shows the server message as an alert and clears the password', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    await page.goto('/');
    await submitLogin(page, 'sam', 'not the right password');
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    assert.notEqual((await alert.textContent()).trim(), '');
    assert.equal(await page.locator('#login-password').inputValue(), '');
    await expectHeading(page, 'Sign in to Passerelle');
    await context.close();
  });

  test('a coordinator enrols in 2FA, saves recovery codes, then needs a code at each sign-in', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    await page.goto('/');
    await submitLogin(page, 'cora', PASSWORD);
    const { secret, step, codes } = await enrolTwoFactor(page);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    await leaveRecoveryCodes(page);
    await expectHeading(page, 'Hello, Cora');

    await signOutViaMenu(page);
    await submitLogin(page, 'cora', PASSWORD);
    await expectHeading(page, 'Two-step verification');
    // A wrong code is refused with a message.
    await page.locator('#mfa-code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
    await expectHeading(page, 'Two-step verification');
    // A code from the next time step (each code is accepted once).
    const { code } = await freshCode(secret, step);
    await page.locator('#mfa-code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectHeading(page, 'Hello, Cora');

    // And a recovery code works too.
    await signOutViaMenu(page);
    await submitLogin(page, 'cora', PASSWORD);
    await expectHeading(page, 'Two-step verification');
    await page.getByRole('button', { name: /use a recovery code/ }).click();
    await page.locator('#mfa-recovery-code').fill(codes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectHeading(page, 'Hello, Cora');
    await context.close();
  });

  test('when the session is gone, the next call returns to the sign-in screen', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    await page.goto('/');
    await submitLogin(page, 'sam', PASSWORD);
    await expectHeading(page, /^Hello/);
    await context.clearCookies();
    await openFromMenu(page, 'My profile');
    await expectHeading(page, 'Sign in to Passerelle');
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    await context.close();
  });
});
