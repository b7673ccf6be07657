// The quick encounter on a phone (360 × 740): an anonymous outreach contact in a handful of taps,
// well under a minute; then one for a case of her caseload.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import {
  apiFromPage,
  expectHeading,
  expectNoHorizontalScroll,
  launchBrowser,
  openFromMenu,
  openPage,
  signInToHome,
  VIEWPORTS,
} from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';

describe('quick encounter on a phone', { timeout: 180_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({
      users: [
        {
          username: 'precious',
          role: 'peer_mediator',
          password: PASSWORD,
          displayName: 'Precious',
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

  test('an anonymous outreach contact takes a few taps and under a minute', async () => {
    const { context, page } = await openPage(browser, server.baseURL, {
      viewport: VIEWPORTS.phone,
    });
    try {
      await signInToHome(page, 'precious', PASSWORD);
      // One case of her own, so the form offers both "for a case" and "anonymous".
      const person = await apiFromPage(page, 'POST', '/people', {
        body: { given_name: 'Mercy', family_name: 'Ade' },
      });
      const kase = await apiFromPage(page, 'POST', '/cases', {
        body: { person_id: person.body.id },
      });
      assert.equal(kase.status, 201);

      const started = Date.now();
      let taps = 0;
      const tap = async (action) => {
        taps += 1;
        await action();
      };
      await tap(() => page.getByRole('button', { name: 'Menu', exact: true }).click());
      await tap(() =>
        page
          .getByRole('navigation', { name: 'Main menu' })
          .getByRole('link', { name: 'Log a contact' })
          .click(),
      );
      await expectHeading(page, 'Log a contact');
      // Defaults: today, 15 min.
      const today = await page.evaluate(() => {
        const d = new Date();
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      });
      assert.equal(await page.locator('#quick-encounter-date').inputValue(), today);
      assert.ok(await page.locator('#quick-encounter-duration-15').isChecked());

      await tap(() => page.getByLabel('Outreach contact').check());
      await tap(() => page.getByLabel('5 min', { exact: true }).check());
      await tap(() => page.getByLabel('Anonymous contact').check());
      await tap(() => page.getByLabel('Woman', { exact: true }).check());
      await tap(() => page.getByLabel('18-24 years').check());
      await tap(() => page.locator('#quick-encounter-nationality').selectOption('NG'));
      await expectNoHorizontalScroll(page, 'quick encounter (phone)');
      await tap(() => page.getByRole('button', { name: 'Save the contact' }).click());
      await page.getByText('Saved: Outreach contact. You can log the next one.').waitFor();
      const seconds = (Date.now() - started) / 1000;
      assert.ok(taps <= 9, `${taps} taps`);
      assert.ok(seconds < 60, `took ${seconds}s`);

      // Big touch targets: every tile at least 44 px high and not wider than the screen.
      for (const box of await page
        .locator('.tiles .choice')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
        assert.ok(box.height >= 44, `tile ${box.height}px high`);
        assert.ok(box.right <= 360, 'tile inside the screen');
      }
      // The form is reset for the next contact, still on "anonymous".
      assert.equal(await page.getByLabel('Outreach contact').isChecked(), false);
      assert.ok(await page.getByLabel('Anonymous contact').isChecked());
      assert.equal(await page.getByLabel('Woman', { exact: true }).isChecked(), false);

      // Then a phone follow-up for her case, picked from her caseload.
      await page.getByLabel('Phone follow-up').check();
      await page.getByLabel('Someone I follow (a case)').check();
      await page.getByRole('button', { name: 'Save the contact' }).click();
      await page.getByText('Choose the case, or choose “Anonymous contact”.').first().waitFor();
      await page.getByLabel(`${kase.body.number} · Mercy Ade`).check();
      await page.getByRole('button', { name: 'Save the contact' }).click();
      await page.getByText('Saved: Phone follow-up.', { exact: false }).waitFor();
      const list = await apiFromPage(page, 'GET', `/cases/${kase.body.id}/encounters`);
      assert.equal(list.body.items.length, 1);
      assert.equal(list.body.items[0].type, 'phone_follow_up');
      assert.equal(list.body.items[0].duration_minutes, 15);
      await openFromMenu(page, 'Home');
      await expectHeading(page, /^Hello/);
    } finally {
      await context.close();
    }
  });
});
