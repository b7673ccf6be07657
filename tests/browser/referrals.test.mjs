// Referrals and procedures in the browser: a social worker prepares a referral to Ac.Sé on a
// case, is refused the send until the person's sharing consent covers the packet, sends it and
// prints the form; a user of Ac.Sé answers it on the partner portal, seeing only the packet;
// the case then shows it completed with its history. A compensation claim's CIVI deadline shows
// on "my day" and on the deadlines board, and moving it on asks for the fields it needs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot, startServer } from '../support/server.mjs';
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
  { username: 'ama', role: 'partner', displayName: 'Ama', partner: 'acse' },
].map((u) => ({ ...u, password: PASSWORD, language: 'en' }));

/** A calendar day as yyyy-mm-dd, `years` and `days` from today (local time, like the app). */
function dayFromToday({ years = 0, days = 0 } = {}) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setFullYear(d.getFullYear() + years);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Record a sharing consent for the partner, covering `items`, through the API. */
async function recordSharing(page, personId, partnerId, items, status = 'given') {
  const body = {
    purpose: 'sharing',
    status,
    method: 'written',
    given_on: dayFromToday(),
    partner_id: partnerId,
  };
  if (status === 'given') body.data_items = items;
  const res = await apiFromPage(page, 'POST', `/people/${personId}/consents`, {
    body,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

describe('referrals and procedures', { timeout: 300_000 }, () => {
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

  test('a referral goes from draft to completed, answered by the partner on her portal', async () => {
    const sw = await openPage(browser, server.baseURL);
    const partner = await openPage(browser, server.baseURL);
    try {
      const { page } = sw;
      await signInToHome(page, 'sofia', PASSWORD);
      const person = await apiFromPage(page, 'POST', '/people', {
        body: {
          given_name: 'Joy',
          family_name: 'Edosa',
          birth_year: 1998,
          gender: 'Feminine',
          nationalities: ['NG'],
          languages: ['en', 'pcm'],
        },
      });
      assert.equal(person.status, 201, JSON.stringify(person.body));
      const personId = person.body.id;
      const kase = await apiFromPage(page, 'POST', '/cases', {
        body: { person_id: personId },
      });
      assert.equal(kase.status, 201, JSON.stringify(kase.body));
      const caseId = kase.body.id;
      const acse = (await apiFromPage(page, 'GET', '/partners?mechanism=acse')).body.items[0];
      assert.ok(acse, 'Ac.Sé is in the directory');

      // A referral prepared in the UI.
      await page.goto(`/cases/${caseId}`);
      await expectHeading(page, /^Case .* — Joy Edosa$/);
      await page.getByRole('heading', { name: 'Procedures', level: 2 }).waitFor();
      await page.getByText('No procedure on this case yet.').waitFor();
      await page.getByRole('button', { name: 'Start a procedure' }).click();
      await page.locator('#procedure-new-kind').selectOption('referral');
      await page.getByRole('button', { name: 'Prepare the referral' }).click();
      await page.locator('#referral-partner-error').waitFor();
      await page.locator('#referral-reason-error').waitFor();
      await page.locator('#referral-partner').selectOption(acse.id);
      await page.locator('#referral-reason').selectOption('safe_relocation');
      // The packet: the defaults (given name, family name, languages) and her situation.
      assert.equal(await page.locator('#referral-items-given_name').isChecked(), true);
      assert.equal(await page.locator('#referral-items-phone').isChecked(), false);
      await page.locator('#referral-items-situation').check();
      await page.locator('#procedure-new-details').fill('Needs to leave the city quickly.');
      await page.getByRole('button', { name: 'Prepare the referral' }).click();
      await page.getByText(/is prepared as a draft/).waitFor();
      const card = page.locator('article.procedure').filter({ hasText: 'Referral' });
      await card.getByText('Draft', { exact: true }).waitFor();
      await card.getByText('the referral cannot be sent').waitFor();
      await card.getByText(/has not given \(or has withdrawn\) her consent/).waitFor();

      // Sending is refused without her consent, with the server's reason.
      await card.getByRole('button', { name: 'Send the referral' }).click();
      await card.getByRole('heading', { name: 'Move to “Sent”' }).waitFor();
      await card.getByRole('button', { name: 'Send the referral' }).click();
      await card
        .locator('.error-summary')
        .getByText(/She has not agreed to share information with this partner/)
        .waitFor();

      // A consent that does not cover her situation: still refused.
      await recordSharing(page, personId, acse.id, ['given_name', 'family_name', 'languages']);
      await page.reload();
      await card.getByText(/does not cover every item of this packet/).waitFor();
      await card.getByRole('button', { name: 'Send the referral' }).click();
      await card.getByRole('button', { name: 'Send the referral' }).click();
      await card
        .locator('.error-summary')
        .getByText(/shares information she has not agreed to share/)
        .waitFor();

      // With a consent covering the packet, it is sent.
      await recordSharing(page, personId, acse.id, [
        'given_name',
        'family_name',
        'languages',
        'situation',
      ]);
      await page.reload();
      await card.getByText(/has agreed to share every item of this packet/).waitFor();
      await card.getByRole('button', { name: 'Send the referral' }).click();
      await card.getByRole('button', { name: 'Send the referral' }).click();
      await card.getByText('Status now: Sent.').waitFor();
      await card.locator('.badge').getByText('Sent', { exact: true }).waitFor();

      // The printable form is a PDF.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        card.getByRole('button', { name: 'Print the referral form (PDF)' }).click(),
      ]);
      const pdf = await readFile(await download.path());
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      await card.getByText('The referral form is downloaded.').waitFor();

      // It is in the list of referrals.
      await openFromMenu(page, 'Referrals');
      await expectHeading(page, 'Referrals');
      await page.getByRole('link', { name: `Referral to ${acse.name}` }).waitFor();

      // The partner's user lands on her portal and sees only the packet.
      const p = partner.page;
      await signInToHome(p, 'ama', PASSWORD);
      await p.getByRole('heading', { name: 'Referrals to your organisation' }).waitFor();
      await p.getByText('1 referral is waiting for your answer.').waitFor();
      const nav = p.getByRole('navigation', { name: 'Main menu' });
      assert.equal(await nav.getByRole('link', { name: 'People' }).count(), 0);
      await p.getByRole('link', { name: /^Safe relocation/ }).click();
      await expectHeading(p, /^Referral from /);
      const packet = p.locator('.packet');
      await packet.getByText('Joy', { exact: true }).waitFor();
      await packet.getByText('Edosa', { exact: true }).waitFor();
      await packet.getByText('English').waitFor();
      await packet.getByText('Needs to leave the city quickly.').waitFor();
      const shown = await packet.textContent();
      assert.doesNotMatch(
        shown,
        /Nigeria\b|1998|Nationalit|Year of birth/,
        'only the packet items',
      );

      await p.getByRole('button', { name: 'Send our answer' }).click();
      await p.locator('#answer-to-error').waitFor();
      await p.getByLabel('We accept the referral').check();
      await p.getByRole('button', { name: 'Send our answer' }).click();
      await p.getByText('Your answer is recorded: We accept the referral.').waitFor();
      await p.getByLabel('It is done').check();
      await p.locator('#answer-outcome').fill('She arrived at the safe house on Monday.');
      await p.getByRole('button', { name: 'Send our answer' }).click();
      await p.getByText('Your answer is recorded: It is done.').waitFor();
      await p.locator('.facts').getByText('Completed').waitFor();
      assert.equal(await p.getByRole('button', { name: 'Send our answer' }).count(), 0);

      // Back on the case: completed, with its history.
      await page.goto(`/cases/${caseId}`);
      await card.locator('.badge').getByText('Completed', { exact: true }).waitFor();
      await card.getByText('History').click();
      await card.getByText('Draft → Sent').waitFor();
      await card.getByText('Sent → Accepted').waitFor();
      await card.getByText('Accepted → Completed').waitFor();
      assert.equal(await card.getByRole('button', { name: 'Send the referral' }).count(), 0);
      const timeline = await apiFromPage(page, 'GET', `/cases/${caseId}/timeline`);
      const moves = timeline.body.items
        .filter((i) => i.kind === 'procedure_step' && i.procedure_kind === 'referral')
        .map((i) => i.to_status);
      for (const status of ['sent', 'accepted', 'completed'])
        assert.ok(moves.includes(status), `the timeline has the move to ${status}`);

      // She withdraws her consent: the partner no longer sees the packet.
      await recordSharing(page, personId, acse.id, [], 'withdrawn');
      await p.reload();
      await p.getByText('The details are withheld').waitFor();
      assert.equal(await p.locator('.packet').count(), 0);
    } finally {
      await sw.context.close();
      await partner.context.close();
    }
  });

  test('every value the kinds endpoint sends has words in the screens', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    try {
      await signInToHome(page, 'sofia', PASSWORD);
      const kinds = (await apiFromPage(page, 'GET', '/procedure-kinds')).body.items;
      assert.equal(kinds.length, 11, 'a social worker sees every area');
      // The English catalog of these screens (French has the same keys: i18n.test.ts), and the
      // same lookups as lib/procedures.ts (labelKeys): kind-specific first, then general.
      const catalog = await readFile(path.join(repoRoot, 'web/src/i18n/procedures.en.ts'), 'utf8');
      const keys = new Set([...catalog.matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]));
      const missing = [];
      const need = (value, ...candidates) => {
        if (!candidates.some((k) => keys.has(k))) missing.push(value);
      };
      for (const k of kinds) {
        need(k.kind, `procedure.kind.${k.kind}`);
        need(k.area, `procedure.area.${k.area}`);
        for (const s of [...k.statuses, ...k.final_statuses])
          need(`${k.kind}:${s}`, `procedure.status.${k.kind}.${s}`, `procedure.status.${s}`);
        const fields = [...k.fields, ...k.steps.flatMap((s) => s.fields)];
        for (const f of fields) {
          need(
            `${k.kind}.${f.name}`,
            `procedure.field.${k.kind}.${f.name}`,
            `procedure.field.${f.name}`,
          );
          for (const c of f.choices ?? [])
            need(`${f.name}=${c}`, `procedure.choice.${f.name}.${c}`, `procedure.choice.${c}`);
        }
        for (const s of k.steps) need(s.kind, `procedure.step.${s.kind}`);
      }
      assert.deepEqual(missing, []);
    } finally {
      await context.close();
    }
  });

  test('a CIVI deadline shows on my day and on the board; moving on asks for what it needs', async () => {
    const { context, page } = await openPage(browser, server.baseURL);
    try {
      await signInToHome(page, 'sofia', PASSWORD);
      const person = await apiFromPage(page, 'POST', '/people', {
        body: { given_name: 'Grace', family_name: 'Obi', birth_year: 1995 },
      });
      const kase = await apiFromPage(page, 'POST', '/cases', {
        body: { person_id: person.body.id },
      });
      const caseId = kase.body.id;
      const caseNumber = kase.body.number;

      // The offence was 3 years and 2 days ago: the CIVI claim is 2 days late.
      const offence = dayFromToday({ years: -3, days: -2 });
      await page.goto(`/cases/${caseId}`);
      await page.getByRole('button', { name: 'Start a procedure' }).click();
      await page.locator('#procedure-new-kind').selectOption('compensation');
      await page.getByText('Fill in what is already known (optional)').click();
      await page.locator('#procedure-new-offence_on').fill(offence);
      await page.locator('#procedure-new-amount_claimed').fill('1500,5');
      await page.getByRole('button', { name: 'Start the procedure' }).click();
      await page.getByText('Compensation claim: started.').waitFor();
      const card = page.locator('article.procedure').filter({ hasText: 'Compensation claim' });
      await card.getByText('€1,500.50').waitFor();
      await card
        .locator('.deadline.overdue')
        .getByText('Last day to claim from the CIVI')
        .waitFor();
      const saved = (await apiFromPage(page, 'GET', `/cases/${caseId}/procedures`)).body.items[0];
      assert.equal(saved.fields.amount_claimed, 150050, 'amounts travel as cents');

      await openFromMenu(page, 'Home');
      await page.getByRole('heading', { name: 'My deadlines' }).waitFor();
      const mine = page.locator('.deadline').filter({ hasText: 'Last day to claim from the CIVI' });
      await mine.getByText('Overdue').waitFor();
      await mine.getByRole('link', { name: `Case ${caseNumber}` }).waitFor();
      await page.getByText('1 deadline is overdue.').waitFor();

      await openFromMenu(page, 'Deadlines board');
      await expectHeading(page, 'Deadlines board');
      const overdue = page.locator('section').filter({
        has: page.getByRole('heading', { name: /^Overdue/, level: 2 }),
      });
      await overdue.getByRole('heading', { name: 'Last day to claim from the CIVI' }).waitFor();
      await overdue.getByRole('link', { name: `Case ${caseNumber}` }).click();
      await expectHeading(page, /^Case .* — Grace Obi$/);

      // Filing the claim needs the body and the date: asked for in the same form.
      await card.getByRole('button', { name: 'Move to “Filed”' }).click();
      await card.getByText('To move on, these must be filled in:').waitFor();
      await card.getByRole('button', { name: 'Move to “Filed”' }).click();
      await card.getByText('Fill this in to move on.').first().waitFor();
      await card.getByLabel('Claim made to').selectOption('civi');
      await card.getByLabel('Filed on').fill(dayFromToday());
      await card.getByRole('button', { name: 'Move to “Filed”' }).click();
      await card.getByText('Status now: Filed.').waitFor();
      await card.getByText('CIVI (victims’ compensation board)').waitFor();
      // Filed: no more CIVI deadline.
      assert.equal(await card.locator('.deadline').count(), 0);

      // A hearing as a dated step.
      await card.getByRole('button', { name: 'Add a step' }).click();
      await card.getByLabel('Hearing').check();
      await card.getByLabel('Court').fill('Tribunal judiciaire de Paris');
      await card.getByRole('button', { name: 'Add the step: Hearing' }).click();
      await card.getByText('Step added: Hearing.').waitFor();
      await card.getByText('History').click();
      await card.getByText('Preparing → Filed').waitFor();
      await card.getByText('Tribunal judiciaire de Paris').waitFor();
    } finally {
      await context.close();
    }
  });
});
