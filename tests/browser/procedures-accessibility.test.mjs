// axe-core (same WCAG tags as accessibility.test.mjs) on the procedure, referral and deadline
// screens and on the partner portal, on a phone and on a laptop, with no sideways scrolling.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function api(page, method, path, body) {
  const res = await apiFromPage(page, method, path, body === undefined ? {} : { body });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('procedures accessibility', { timeout: 600_000 }, () => {
  let server;
  let browser;

  before(async () => {
    const users = [];
    for (const [size] of SIZES)
      users.push(
        {
          username: `sw-${size}`,
          role: 'social_worker',
          displayName: `Sofia ${size}`,
        },
        {
          username: `acse-${size}`,
          role: 'partner',
          displayName: `Ama ${size}`,
          partner: 'acse',
        },
      );
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
    test(`procedure screens have no axe violations on a ${size}`, async () => {
      const contexts = [];
      const open = async () => {
        const opened = await openPage(browser, server.baseURL, { viewport });
        contexts.push(opened.context);
        return opened.page;
      };
      try {
        const page = await open();
        // axe's target-size rule counts a control under the sticky header as obscured: check at
        // the top of the page.
        const check = async (p, label) => {
          await p.evaluate(() => window.scrollTo(0, 0));
          await expectNoAxeViolations(p, `${label} (${size})`);
          await expectNoHorizontalScroll(p, `${label} (${size})`);
        };
        await signInToHome(page, `sw-${size}`, PASSWORD);

        // A case with a referral sent to Ac.Sé, a draft one the consent does not allow, and an
        // overdue compensation claim.
        const person = await api(page, 'POST', '/people', {
          given_name: size === 'phone' ? 'Esther' : 'Ruth',
          family_name: 'Bello',
          birth_year: 1997,
          languages: ['en'],
        });
        const kase = await api(page, 'POST', '/cases', {
          person_id: person.id,
        });
        const [acse] = (await api(page, 'GET', '/partners?mechanism=acse')).items;
        const [siao] = (await api(page, 'GET', '/partners?mechanism=siao_115')).items;
        await api(page, 'POST', `/people/${person.id}/consents`, {
          purpose: 'sharing',
          status: 'given',
          method: 'written',
          given_on: today(),
          partner_id: acse.id,
          data_items: ['given_name', 'family_name', 'languages', 'situation'],
        });
        const sent = await api(page, 'POST', `/cases/${kase.id}/procedures`, {
          kind: 'referral',
          partner_id: acse.id,
          // Each size its own reason: the two partner users work at the same organisation.
          reason: size === 'phone' ? 'shelter' : 'health',
          packet_items: ['given_name', 'family_name', 'languages', 'situation'],
          fields: { details: 'Safe place needed before the hearing.' },
        });
        await api(page, 'POST', `/procedures/${sent.id}/transitions`, {
          to: 'sent',
        });
        await api(page, 'POST', `/cases/${kase.id}/procedures`, {
          kind: 'referral',
          partner_id: siao.id,
          reason: 'housing',
          packet_items: ['given_name'],
        });
        const [y, m, d] = today().split('-').map(Number);
        const offence = `${y - 3}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
        await api(page, 'POST', `/cases/${kase.id}/procedures`, {
          kind: 'compensation',
          fields: { offence_on: offence, amount_claimed: 250000 },
          due_on: today(),
        });

        await page.goto(`/cases/${kase.id}`);
        await page.getByRole('heading', { name: 'Procedures', level: 2 }).waitFor();
        await page.getByText('the referral cannot be sent').waitFor();
        await check(page, 'case with procedures');

        const byStatus = (status) =>
          page.locator('article.procedure').filter({
            has: page.locator('.badge', { hasText: new RegExp(`^${status}$`) }),
          });
        const draft = byStatus('Draft');
        await draft.getByRole('button', { name: 'Send the referral' }).click();
        await draft.getByRole('button', { name: 'Send the referral' }).click();
        await draft.locator('.error-summary').waitFor();
        await check(page, 'referral send refused');
        await draft.getByRole('button', { name: 'Cancel' }).click();

        const claim = page.locator('article.procedure').filter({ hasText: 'Compensation claim' });
        await claim.getByRole('button', { name: 'Move to “Filed”' }).click();
        await claim.getByRole('button', { name: 'Move to “Filed”' }).click();
        await claim.locator('.field-error').first().waitFor();
        await check(page, 'transition with required fields and errors');
        await claim.getByRole('button', { name: 'Cancel' }).click();
        await claim.getByRole('button', { name: 'Move to “Abandoned”' }).click();
        await check(page, 'transition with a reason');
        await claim.getByRole('button', { name: 'Cancel' }).click();
        await claim.getByRole('button', { name: 'Update the details' }).click();
        await claim.getByLabel('Amount claimed').fill('a lot');
        await claim.getByRole('button', { name: 'Save the details' }).click();
        await claim.locator('.field-error').first().waitFor();
        await check(page, 'procedure details with an error');
        await claim.getByRole('button', { name: 'Cancel' }).click();
        await claim.getByRole('button', { name: 'Add a step' }).click();
        await check(page, 'add a step');
        await claim.getByRole('button', { name: 'Cancel' }).click();
        const referral = byStatus('Sent');
        await referral.getByText('What was sent to the partner').click();
        await referral.getByText('History').click();
        await referral.getByText('Draft → Sent').waitFor();
        await check(page, 'referral packet and history');

        await page.getByRole('button', { name: 'Start a procedure' }).click();
        await page.locator('#procedure-new-kind').selectOption('referral');
        await page.getByRole('button', { name: 'Prepare the referral' }).click();
        await page.locator('#referral-partner-error').waitFor();
        await check(page, 'new referral with errors');
        await page.locator('#procedure-new-kind').selectOption('residence_permit');
        await page.getByText('Fill in what is already known (optional)').click();
        await check(page, 'new residence permit procedure');

        await openFromMenu(page, 'Referrals');
        await expectHeading(page, 'Referrals');
        await page.getByRole('heading', { name: '2 referrals' }).waitFor();
        await check(page, 'referrals');

        await openFromMenu(page, 'Deadlines board');
        await expectHeading(page, 'Deadlines board');
        await page.locator('.deadline').first().waitFor();
        await check(page, 'deadlines board');

        await openFromMenu(page, 'Home');
        await page.getByRole('heading', { name: 'My deadlines' }).waitFor();
        await check(page, 'home with deadlines');

        // The partner portal.
        const partner = await open();
        await signInToHome(partner, `acse-${size}`, PASSWORD);
        await partner.getByRole('heading', { name: 'Referrals to your organisation' }).waitFor();
        await partner.locator('.card').first().waitFor();
        await check(partner, 'partner portal');
        await partner
          .getByRole('link', {
            name: size === 'phone' ? /^Shelter/ : /^Health care/,
          })
          .click();
        await expectHeading(partner, /^Referral from /);
        await check(partner, 'partner referral');
        await partner.getByLabel('We decline the referral').check();
        await partner.getByRole('button', { name: 'Send our answer' }).click();
        await partner.locator('#answer-reason-error').waitFor();
        await check(partner, 'partner answer with an error');
        await api(page, 'POST', `/people/${person.id}/consents`, {
          purpose: 'sharing',
          status: 'withdrawn',
          method: 'oral',
          given_on: today(),
          partner_id: acse.id,
        });
        await partner.reload();
        await partner.getByText('The details are withheld').waitFor();
        await check(partner, 'partner referral withheld');
      } finally {
        for (const context of contexts) await context.close();
      }
    });
  }
});
