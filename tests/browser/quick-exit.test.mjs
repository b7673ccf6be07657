import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  expectHeading,
  launchBrowser,
  NEUTRAL_URL,
  openFromMenu,
  openPage,
  submitLogin,
  VIEWPORTS,
} from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';

async function expectLeft(page, baseURL) {
  await page.waitForURL(NEUTRAL_URL);
  assert.equal(page.url(), NEUTRAL_URL);
  assert.equal(await page.title(), 'weather');
  // Back does not return into the app: it replaced its own history entry.
  await page.goBack().catch(() => {});
  assert.ok(!page.url().startsWith(baseURL), `Back went to ${page.url()}`);
}

describe('quick exit', { timeout: 120_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      users: [
        {
          username: 'mira',
          role: 'peer_mediator',
          password: PASSWORD,
          displayName: 'Mira',
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

  test('the button is on the sign-in page and leaves at once', async () => {
    const { context, page } = await openPage(browser, server.baseURL, {
      viewport: VIEWPORTS.phone,
    });
    await page.goto('/');
    await expectHeading(page, 'Sign in to Passerelle');
    await page.getByRole('button', { name: 'Quick exit' }).click();
    await expectLeft(page, server.baseURL);
    await context.close();
  });

  test('Escape twice leaves and ends the session', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    await page.goto('/');
    await submitLogin(page, 'mira', PASSWORD);
    await expectHeading(page, 'Hello, Mira');
    const me = () => context.request.get(server.baseURL + '/api/v1/me');
    assert.equal((await me()).status(), 200, 'signed in, as the page is');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expectLeft(page, server.baseURL);
    // The keepalive logout ends the session on the server. It is sent as the page leaves, so it
    // may still be on its way: ask with the page's own cookies until the server says signed out.
    const until = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < until) {
      status = (await me()).status();
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 401, 'the session has ended on the server');
    await page.goto(server.baseURL + '/');
    await expectHeading(page, 'Sign in to Passerelle');
    await context.close();
  });

  test('Shift three times leaves, even from inside a form field', async () => {
    const { context, page } = await openPage(browser, server.baseURL, {
      viewport: VIEWPORTS.phone,
    });
    await page.goto('/');
    await submitLogin(page, 'mira', PASSWORD);
    await expectHeading(page, 'Hello, Mira');
    await openFromMenu(page, 'My profile');
    await expectHeading(page, 'My profile');
    await page.locator('#profile-display-name').focus();
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await expectLeft(page, server.baseURL);
    await context.close();
  });

  test('typing capital letters does not trigger it', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    await page.goto('/');
    await page.locator('#login-username').focus();
    await page.keyboard.press('Shift+A');
    await page.keyboard.press('Shift+B');
    await page.keyboard.press('Shift+C');
    await page.waitForTimeout(300);
    assert.ok(page.url().startsWith(server.baseURL));
    assert.equal(await page.locator('#login-username').inputValue(), 'ABC');
    await context.close();
  });
});
