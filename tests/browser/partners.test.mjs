// The partner directory in the browser: finding a national mechanism whatever the spelling, a
// shelter whose address only authorised staff see, export and import (a refused row named), a
// sharing consent naming a partner of the directory and the data items she agreed to, partner
// fields on users; then axe on every new screen, on a phone and on a laptop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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
const SHELTER_ADDRESS = '12 rue des Tilleuls, 69001 Lyon';
// The national mechanisms are in every directory from the start (migration 0003), with fixed ids.
const ACSE_ID = '00000000-0000-7000-8000-000000000001';
const OFPRA_ID = '00000000-0000-7000-8000-000000000007';
const ACSE = /^Ac\.Sé — dispositif national/;

/** Organisations a coordinator adds through the API before the screens are tried. */
const SEED = [
  {
    name: 'Amicale du Nid',
    kind: 'NGO',
    city: 'Paris',
    country: 'FR',
    services: ['outreach', 'exit_programme'],
    languages: ['fr'],
  },
  {
    name: 'Médecins du Monde',
    kind: 'HealthServiceOrganisation',
    city: 'Lyon',
    country: 'FR',
    services: ['health', 'mental_health'],
  },
];

async function seedPartners(page) {
  const ids = {};
  for (const partner of SEED) {
    const r = await apiFromPage(page, 'POST', '/partners', { body: partner });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids[partner.name] = r.body.id;
  }
  return ids;
}

/**
 * Press Search; resolves once that search has ended. The results heading of the previous list is
 * on the screen all along, so waiting for it is not enough: the section is busy from the click
 * until the new results are shown and the focus is moved to their heading.
 */
async function submitSearch(page) {
  await page
    .getByRole('search', { name: 'Find a partner' })
    .getByRole('button', { name: 'Search', exact: true })
    .click();
  await page.waitForFunction(() => {
    const heading = document.getElementById('partners-results-heading');
    const section = document.querySelector('section[aria-labelledby="partners-results-heading"]');
    return (
      heading !== null &&
      document.activeElement === heading &&
      section?.getAttribute('aria-busy') === 'false'
    );
  });
}

/** Search the directory from its screen; resolves once its results are shown. */
async function searchDirectory(page, text) {
  await page.locator('#partners-query').fill(text);
  await submitSearch(page);
}

async function resultNames(page) {
  return (await page.locator('.cards .card-title a').allTextContents()).map((s) => s.trim());
}

/** The heading over the results for the whole directory as the API lists it now. */
async function allPartnersHeading(page) {
  const all = await apiFromPage(page, 'GET', '/partners');
  return `${all.body.items.length} partners`;
}

async function importFile(page, name, text, mimeType = 'text/csv') {
  await page.locator('#partners-import-file').setInputFiles({
    name,
    mimeType,
    buffer: Buffer.from(text, 'utf8'),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

describe('partner directory', { timeout: 600_000 }, () => {
  let server;
  let browser;
  const contexts = [];
  let coord; // the coordinator's page, signed in once
  let shelterId;

  const open = async (viewport = VIEWPORTS.desktop) => {
    const opened = await openPage(browser, server.baseURL, { viewport });
    contexts.push(opened.context);
    return opened.page;
  };

  before(async () => {
    server = await startServer({
      users: [
        { username: 'cora', role: 'coordinator', displayName: 'Cora' },
        { username: 'sam', role: 'social_worker', displayName: 'Sam' },
        { username: 'ada', role: 'administrator', displayName: 'Ada' },
      ].map((u) => ({ ...u, password: PASSWORD, language: 'en' })),
    });
    browser = await launchBrowser();
    coord = await open();
    await signInToHome(coord, 'cora', PASSWORD);
    await seedPartners(coord);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  test('a coordinator finds Ac.Sé by typing "acse" or "Ac.Sé", and filters by kind', async () => {
    await openFromMenu(coord, 'Partners');
    await expectHeading(coord, 'Partner directory');
    const everyone = await allPartnersHeading(coord);
    await coord.getByRole('heading', { name: everyone }).waitFor();
    // National mechanisms are listed apart, under their own heading.
    await coord.getByRole('heading', { name: 'National mechanisms' }).waitFor();
    await coord.getByRole('heading', { name: 'Organisations' }).waitFor();

    for (const text of ['acse', 'Ac.Sé', 'AC.SE', 'safe-house']) {
      await searchDirectory(coord, text);
      await coord.getByRole('heading', { name: '1 partner', exact: true }).waitFor();
      const names = await resultNames(coord);
      assert.equal(names.length, 1, `searching "${text}"`);
      assert.match(names[0], ACSE, `searching "${text}"`);
    }
    await coord.locator('.card').getByText('Ac.Sé (national safe-house network)').waitFor();
    assert.doesNotMatch(coord.url(), /acse|Ac\.S/i, 'the search stays out of the address');

    await searchDirectory(coord, 'no such partner');
    await coord.getByText('No partner matches.').waitFor();

    await coord.locator('#partners-query').fill('');
    await coord.getByText('Filter by kind, service, language, country').click();
    await coord.locator('#partners-kind').selectOption('HealthServiceOrganisation');
    await submitSearch(coord);
    await coord.getByRole('heading', { name: '1 partner', exact: true }).waitFor();
    assert.deepEqual(await resultNames(coord), ['Médecins du Monde']);
    await coord.getByRole('button', { name: 'Show the whole directory' }).click();
    await coord.getByRole('heading', { name: everyone }).waitFor();
  });

  test('a coordinator adds a shelter with a confidential address, corrects it over a concurrent edit, and exports the directory', async () => {
    await coord.getByRole('link', { name: 'Add a partner' }).click();
    await expectHeading(coord, 'Add a partner');
    await coord.getByRole('button', { name: 'Add the partner' }).click();
    await coord.locator('#new-partner-name-error').waitFor();
    await coord.locator('#new-partner-kind-error').waitFor();

    await coord.locator('#new-partner-name').fill('Refuge Horizon');
    await coord.locator('#new-partner-kind').selectOption('NGO');
    await coord.locator('#new-partner-services-shelter').check();
    await coord.locator('#new-partner-country').selectOption('FR');
    await coord.locator('#new-partner-city').fill('Lyon');
    await coord.locator('#new-partner-confidential').check();
    await coord.locator('#new-partner-address').fill(SHELTER_ADDRESS);
    await coord.locator('#new-partner-latitude').fill('45.767');
    await coord.locator('#new-partner-longitude').fill('4.834');
    await coord.getByRole('button', { name: 'Add the partner' }).click();
    await expectHeading(coord, 'Refuge Horizon');
    await coord.getByText('Refuge Horizon is added to the directory.').waitFor();
    await coord.getByText(SHELTER_ADDRESS).waitFor();
    await coord.getByText('45.767, 4.834').waitFor();
    shelterId = coord.url().split('/').pop();
    assert.match(shelterId, /^[0-9a-f-]{36}$/);

    // Someone else changes the town while she corrects the phone: nothing is overwritten.
    await coord.getByRole('button', { name: 'Edit the partner' }).click();
    await coord.locator('#edit-partner-phone').fill('04 72 00 00 00');
    const current = await apiFromPage(coord, 'GET', `/partners/${shelterId}`);
    const other = await apiFromPage(coord, 'PATCH', `/partners/${shelterId}`, {
      body: { city: 'Villeurbanne' },
      ifMatch: current.body.version,
    });
    assert.equal(other.status, 200);
    await coord.getByRole('button', { name: 'Save the changes' }).click();
    await coord.getByRole('heading', { name: /Someone changed this record/ }).waitFor();
    await coord.getByText('Changed by someone else meanwhile: Town or city.').waitFor();
    await coord.getByRole('button', { name: 'Apply my changes to the current version' }).click();
    assert.equal(await coord.locator('#edit-partner-city').inputValue(), 'Villeurbanne');
    assert.equal(await coord.locator('#edit-partner-phone').inputValue(), '04 72 00 00 00');
    await coord.getByRole('button', { name: 'Save the changes' }).click();
    await coord.getByText('The changes are saved.').waitFor();
    const saved = await apiFromPage(coord, 'GET', `/partners/${shelterId}`);
    assert.equal(saved.body.city, 'Villeurbanne');
    assert.equal(saved.body.phone, '04 72 00 00 00');
    assert.equal(saved.body.address, SHELTER_ADDRESS, 'the address is kept');

    await coord.getByRole('link', { name: 'Back to the directory' }).click();
    await coord.getByRole('heading', { name: await allPartnersHeading(coord) }).waitFor();
    const [download] = await Promise.all([
      coord.waitForEvent('download'),
      coord.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^partners-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.match(header, /^id,name,kind,/);
    const shelterRow = rows.find((r) => r.includes('Refuge Horizon'));
    assert.ok(shelterRow, 'the shelter is in the export');
    assert.ok(shelterRow.includes(SHELTER_ADDRESS), 'a coordinator exports its address');
    assert.ok(
      rows.some((r) => r.startsWith(`${ACSE_ID},`)),
      'the national mechanisms too',
    );
    await coord.getByText(/The file partners-.*\.csv is downloaded\./).waitFor();

    const [geo] = await Promise.all([
      coord.waitForEvent('download'),
      coord.getByRole('button', { name: 'Export GeoJSON' }).click(),
    ]);
    assert.match(geo.suggestedFilename(), /\.geojson$/);
    const collection = JSON.parse(await readFile(await geo.path(), 'utf8'));
    assert.equal(collection.type, 'FeatureCollection');
    const point = collection.features.find((f) => f.properties.name === 'Refuge Horizon');
    assert.deepEqual(point.geometry.coordinates, [4.834, 45.767]);
  });

  test('an import with a bad row is refused with that row named; the corrected file is taken', async () => {
    await coord.goto('/partners');
    await expectHeading(coord, 'Partner directory');
    const before = (await apiFromPage(coord, 'GET', '/partners')).body.items.length;
    await coord.getByRole('button', { name: 'Import', exact: true }).click();
    await coord.locator('#partners-import-file-error').waitFor();

    const bad = [
      'name,kind,city,services',
      'Accueil Ouest,NGO,Nantes,shelter|health',
      'Permanence Juridique,Spaceship,Paris,legal_advice',
    ].join('\r\n');
    await importFile(coord, 'partners.csv', bad);
    const alert = coord.locator('.import-errors');
    await alert.getByText('Row 3: kind — This value is not valid.').waitFor();
    assert.match(await alert.textContent(), /Nothing was imported/);
    // All or nothing: the good row was not added either.
    const none = await apiFromPage(coord, 'GET', '/partners?q=Accueil%20Ouest');
    assert.equal(none.body.items.length, 0);

    const good = bad.replace('Spaceship', 'LegalService');
    await importFile(coord, 'partners.csv', good);
    await coord.getByText('Import done: 2 added, 0 updated, 0 already up to date.').waitFor();
    assert.equal(await coord.locator('.import-errors').count(), 0, 'the old errors are gone');
    await coord.getByRole('heading', { name: `${before + 2} partners` }).waitFor();
    await searchDirectory(coord, 'accueil ouest');
    assert.deepEqual(await resultNames(coord), ['Accueil Ouest']);
  });

  test('a social worker without the grant sees the shelter, not its address; she cannot import', async () => {
    const sw = await open(VIEWPORTS.phone);
    await signInToHome(sw, 'sam', PASSWORD);
    await openFromMenu(sw, 'Partners');
    await expectHeading(sw, 'Partner directory');
    await searchDirectory(sw, 'horizon');
    const card = sw.locator('.card', { hasText: 'Refuge Horizon' });
    await card.getByText('Address known to authorised staff only').waitFor();
    assert.equal(await sw.getByRole('heading', { name: 'Import partners' }).count(), 0);
    assert.equal(await sw.getByRole('link', { name: 'Add a partner' }).count(), 0);

    await card.getByRole('link', { name: 'Refuge Horizon' }).click();
    await expectHeading(sw, 'Refuge Horizon');
    await sw.getByText('Address known to authorised staff only').waitFor();
    const text = await sw.locator('main').textContent();
    assert.ok(!text.includes('Tilleuls'), 'no address on the page');
    assert.ok(!text.includes('45.767'), 'no coordinates on the page');
    assert.equal(await sw.getByRole('button', { name: 'Edit the partner' }).count(), 0);
    await sw.goto('/partners/new');
    await expectHeading(sw, 'You do not have access to this page');
  });

  test('the coordinator records a sharing consent with a partner of the directory and three data items', async () => {
    const person = await apiFromPage(coord, 'POST', '/people', {
      body: { given_name: 'Joy', family_name: 'Eze' },
    });
    assert.equal(person.status, 201, JSON.stringify(person.body));
    await coord.goto(`/people/${person.body.id}`);
    await expectHeading(coord, 'Joy Eze');
    await coord.getByRole('button', { name: 'Record a consent' }).click();
    await coord.locator('#consent-purpose').selectOption('sharing');
    await coord.getByRole('button', { name: 'Save the consent' }).click();
    await coord.locator('#consent-partner-error').waitFor();
    await coord.locator('#consent-items-error').waitFor();

    // The partner is chosen from the directory, national mechanisms in their own group (the
    // picker is disabled while the directory loads).
    await coord.locator('#consent-partner:enabled').waitFor();
    const groups = await coord
      .locator('#consent-partner optgroup')
      .evaluateAll((els) => els.map((e) => e.getAttribute('label')));
    assert.deepEqual(groups, ['National mechanisms', 'Organisations']);
    await coord.locator('#consent-partner').selectOption(ACSE_ID);
    await coord.locator('#consent-items-given_name').check();
    await coord.locator('#consent-items-languages').check();
    await coord.locator('#consent-items-phone').check();
    await coord.locator('#consent-method-written').check();
    await coord.getByRole('button', { name: 'Save the consent' }).click();
    await coord.getByText('The consent is recorded.').waitFor();

    const row = coord.locator('.consent-row', {
      hasText: 'Sharing with a partner',
    });
    await row.getByText(/Sharing with a partner — Ac\.Sé — dispositif national/).waitFor();
    await row.getByText('May share: Given name, Languages, Phone number').waitFor();
    const stored = await apiFromPage(coord, 'GET', `/people/${person.body.id}/consents`);
    const sharing = stored.body.items.find((c) => c.purpose === 'sharing');
    assert.deepEqual([...sharing.data_items].sort(), ['given_name', 'languages', 'phone']);
    assert.equal(sharing.partner_id, ACSE_ID, 'the consent names the partner by id');

    // The withdrawal names the partner.
    await row
      .getByRole('button', {
        name: /^Withdraw the consent to share with Ac\.Sé — /,
      })
      .click();
    await coord
      .getByRole('heading', {
        name: /^Record a withdrawal: sharing with Ac\.Sé — /,
      })
      .waitFor();
    await coord.getByRole('button', { name: 'Save the withdrawal' }).click();
    await coord.getByText('The withdrawal is recorded.').waitFor();
    await coord.locator('.consent-row', { hasText: 'Ac.Sé' }).getByText('Withdrawn').waitFor();
  });

  test('an administrator creates a partner user with her organisation and grants a social worker the shelter addresses', async () => {
    const admin = await open();
    await signInToHome(admin, 'ada', PASSWORD);
    await openFromMenu(admin, 'Users');
    await admin.getByRole('link', { name: 'Create a user' }).click();
    await expectHeading(admin, 'Create a user');
    await admin.locator('#new-user-username').fill('lea.horizon');
    await admin.locator('#new-user-display-name').fill('Léa');
    await admin.locator('#new-user-role').selectOption('partner');
    await admin.locator('#new-user-password').fill('Velvet tangerine orbit 7741');
    await admin.getByRole('button', { name: 'Create the user' }).click();
    await admin.locator('#new-user-partner-error').waitFor();
    await admin
      .locator('#new-user-partner')
      .selectOption({ label: 'Refuge Horizon (Villeurbanne)' });
    await admin.getByRole('button', { name: 'Create the user' }).click();
    await expectHeading(admin, 'Edit Léa');
    await admin.getByText('User Léa is created.').waitFor();
    // Her organisation is shown once the directory is loaded (the picker is disabled until then).
    await admin.locator('#edit-user-partner:enabled').waitFor();
    assert.equal(await admin.locator('#edit-user-partner').inputValue(), shelterId);
    const userId = admin.url().split('/').pop();
    const created = await apiFromPage(admin, 'GET', `/users/${userId}`);
    assert.equal(created.body.partner_id, shelterId);

    // "May see shelter addresses" is offered for social workers only.
    await openFromMenu(admin, 'Users');
    await admin.getByRole('link', { name: 'Sam' }).click();
    await expectHeading(admin, 'Edit Sam');
    await admin.getByLabel('May see shelter addresses').check();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Changes saved.').waitFor();
    await admin.locator('#edit-user-role').selectOption('peer_mediator');
    assert.equal(await admin.getByLabel('May see shelter addresses').count(), 0);

    const sw = await open();
    await signInToHome(sw, 'sam', PASSWORD);
    await sw.goto(`/partners/${shelterId}`);
    await expectHeading(sw, 'Refuge Horizon');
    await sw.getByText(SHELTER_ADDRESS).waitFor();
  });
});

describe('partner screens accessibility', { timeout: 600_000 }, () => {
  let server;
  let browser;
  const SIZES = [
    ['phone', VIEWPORTS.phone],
    ['laptop', VIEWPORTS.desktop],
  ];

  before(async () => {
    const users = [{ username: 'seeder', role: 'coordinator', displayName: 'Seeder' }];
    for (const [size] of SIZES)
      users.push(
        {
          username: `coord-${size}`,
          role: 'coordinator',
          displayName: `Cora ${size}`,
        },
        {
          username: `admin-${size}`,
          role: 'administrator',
          displayName: `Ada ${size}`,
        },
        {
          username: `sw-${size}`,
          role: 'social_worker',
          displayName: `Sam ${size}`,
        },
      );
    server = await startServer({
      users: users.map((u) => ({ ...u, password: PASSWORD, language: 'en' })),
    });
    browser = await launchBrowser();
    const { context, page } = await openPage(browser, server.baseURL);
    await signInToHome(page, 'seeder', PASSWORD);
    await seedPartners(page);
    await context.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [size, viewport] of SIZES) {
    test(`the partner screens have no axe violations on a ${size}`, async () => {
      const contexts = [];
      const open = async () => {
        const opened = await openPage(browser, server.baseURL, { viewport });
        contexts.push(opened.context);
        return opened.page;
      };
      try {
        const page = await open();
        // At the top of the page: axe counts a control under the sticky header as obscured.
        const check = async (p, label) => {
          await p.evaluate(() => window.scrollTo(0, 0));
          await expectNoAxeViolations(p, `${label} (${size})`);
          await expectNoHorizontalScroll(p, `${label} (${size})`);
        };
        await signInToHome(page, `coord-${size}`, PASSWORD);

        await openFromMenu(page, 'Partners');
        await expectHeading(page, 'Partner directory');
        await page.locator('#partners-results-heading').waitFor();
        await check(page, 'partner directory');
        await page.getByText('Filter by kind, service, language, country').click();
        await page.locator('#partners-service').selectOption('shelter');
        // Ended, or the focus moving to the results would scroll the page during the check.
        await submitSearch(page);
        await page.getByRole('heading', { name: /^\d+ partners?$/ }).waitFor();
        await page.locator('.card', { hasText: 'Ac.Sé' }).waitFor();
        await check(page, 'partner directory, filtered');
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.locator('#partners-import-file-error').waitFor();
        await check(page, 'import without a file');
        await importFile(page, 'p.csv', 'name,kind\r\nA,Nope\r\n,NGO');
        await page.locator('.import-errors li').first().waitFor();
        await check(page, 'import refused');

        await page.getByRole('link', { name: 'Add a partner' }).click();
        await expectHeading(page, 'Add a partner');
        await check(page, 'add a partner');
        await page.getByRole('button', { name: 'Add the partner' }).click();
        await page.locator('#new-partner-name-error').waitFor();
        await check(page, 'add a partner with errors');
        await page.locator('#new-partner-name').fill(`Foyer ${size}`);
        await page.locator('#new-partner-kind').selectOption('NGO');
        await page.locator('#new-partner-confidential').check();
        await page.locator('#new-partner-address').fill('3 impasse Discrète');
        await page.getByRole('button', { name: 'Add the partner' }).click();
        await expectHeading(page, `Foyer ${size}`);
        await check(page, 'partner page');
        const partnerId = page.url().split('/').pop();
        await page.getByRole('button', { name: 'Edit the partner' }).click();
        await check(page, 'partner edit form');
        const current = await apiFromPage(page, 'GET', `/partners/${partnerId}`);
        await apiFromPage(page, 'PATCH', `/partners/${partnerId}`, {
          body: { notes: 'Call first.' },
          ifMatch: current.body.version,
        });
        await page.locator('#edit-partner-city').fill('Lyon');
        await page.getByRole('button', { name: 'Save the changes' }).click();
        await page.getByRole('heading', { name: /Someone changed this record/ }).waitFor();
        await check(page, 'partner edit conflict');

        const person = await apiFromPage(page, 'POST', '/people', {
          body: { given_name: 'Grace', family_name: `Obi ${size}` },
        });
        await page.goto(`/people/${person.body.id}`);
        await expectHeading(page, `Grace Obi ${size}`);
        await page.getByRole('button', { name: 'Record a consent' }).click();
        await page.locator('#consent-purpose').selectOption('sharing');
        await page.getByRole('button', { name: 'Save the consent' }).click();
        await page.locator('#consent-partner-error').waitFor();
        await check(page, 'sharing consent with errors');
        await page.locator('#consent-partner').selectOption(OFPRA_ID);
        await page.locator('#consent-items-given_name').check();
        await page.getByRole('button', { name: 'Save the consent' }).click();
        await page.getByText('May share: Given name').waitFor();
        await check(page, 'consents with a sharing consent');

        const sw = await open();
        await signInToHome(sw, `sw-${size}`, PASSWORD);
        await sw.goto(`/partners/${partnerId}`);
        await sw.getByText('Address known to authorised staff only').waitFor();
        await check(sw, 'partner page, address hidden');

        const admin = await open();
        await signInToHome(admin, `admin-${size}`, PASSWORD);
        await openFromMenu(admin, 'Users');
        await admin.getByRole('link', { name: 'Create a user' }).click();
        await admin.locator('#new-user-role').selectOption('partner');
        await admin.getByRole('button', { name: 'Create the user' }).click();
        await admin.locator('#new-user-partner-error').waitFor();
        await check(admin, 'create a partner user with errors');
        await admin.locator('#new-user-role').selectOption('social_worker');
        await admin.locator('#new-user-secret-places').waitFor();
        await check(admin, 'create a social worker');
      } finally {
        for (const context of contexts) await context.close();
      }
    });
  }
});
