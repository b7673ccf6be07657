import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  expectHeading,
  launchBrowser,
  openFromMenu,
  openPage,
  submitLogin,
  VIEWPORTS,
} from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';

describe('language', { timeout: 120_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      users: [
        { username: 'lou', role: 'lawyer', password: PASSWORD, displayName: 'Lou', language: 'en' },
      ],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the switch changes every visible string and <html lang>, and is remembered', async () => {
    const { context, page } = await openPage(browser, server.baseURL, {
      viewport: VIEWPORTS.phone,
    });
    await page.goto('/');
    await expectHeading(page, 'Sign in to Passerelle');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('button', { name: /Français/ }).click();
    await expectHeading(page, 'Se connecter à Passerelle');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page.getByRole('button', { name: 'Sortie rapide' }).waitFor();
    await page.getByLabel('Identifiant').waitFor();
    assert.match(await page.title(), /Connexion/);

    await page.reload();
    await expectHeading(page, 'Se connecter à Passerelle');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    const keys = await page.evaluate(() => Object.keys(localStorage));
    assert.deepEqual(keys, ['passerelle.language']);
    await context.close();
  });

  test('a signed-in user who switches keeps French in her profile', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    await page.goto('/');
    await submitLogin(page, 'lou', PASSWORD);
    await expectHeading(page, 'Hello, Lou');
    // The screen switches at once; the profile is saved by a call in the background, which must
    // be done before the reload below (a reload would cut it short).
    const savedToProfile = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/me',
    );
    await page.getByRole('button', { name: /Français/ }).click();
    assert.equal((await savedToProfile).status(), 200, 'the choice is saved in her profile');
    await expectHeading(page, 'Bonjour Lou');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Mon profil' })
      .waitFor();

    // Forget the local choice: the profile brings French back after a reload.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expectHeading(page, 'Bonjour Lou');
    await openFromMenu(page, 'Mon profil', { nav: 'Menu principal' });
    await expectHeading(page, 'Mon profil');
    assert.equal(await page.locator('#profile-language').inputValue(), 'fr');

    // Back to English from the profile form.
    await page.locator('#profile-language').selectOption('en');
    await page.getByRole('button', { name: 'Enregistrer mes informations' }).click();
    await expectHeading(page, 'My profile');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await context.close();
  });
});
