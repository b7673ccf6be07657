// Activities, projects and dashboards in the browser: on a 360 px phone a peer mediator adds a
// session of an existing workshop and takes attendance (two members found by name, twelve police
// officers of one unit); a coordinator opens the project's dashboard, reads an indicator's chart
// and its table, and downloads the funder report as XLSX; then axe on every new screen at 360
// and 1280 px, with no sideways scrolling.
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

describe('activities, attendance and dashboards', { timeout: 900_000 }, () => {
  let server;
  let browser;
  let project;
  let workshop;
  let sessionId;

  before(async () => {
    server = await startServer({
      users: [
        {
          username: 'precious',
          role: 'peer_mediator',
          displayName: 'Precious',
        },
        { username: 'cora', role: 'coordinator', displayName: 'Cora' },
        {
          username: 'cora-dash',
          role: 'coordinator',
          displayName: 'Cora dash',
        },
        {
          username: 'cora-phone',
          role: 'coordinator',
          displayName: 'Cora phone',
        },
        {
          username: 'cora-laptop',
          role: 'coordinator',
          displayName: 'Cora laptop',
        },
      ].map((u) => ({ ...u, password: PASSWORD, language: 'en' })),
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('on a phone, a peer mediator adds a session and takes attendance', async () => {
    // The coordinator sets things up: two members, a project with indicators, a workshop in it.
    const setup = await openPage(browser, server.baseURL);
    try {
      await signInToHome(setup.page, 'cora', PASSWORD);
      for (const [given_name, family_name] of [
        ['Ama', 'Mensah'],
        ['Joy', 'Okafor'],
        ['Blessing', 'Mensah-Idowu'],
      ])
        await api(setup.page, 'POST', '/people', {
          given_name,
          family_name,
          member: true,
        });
      // Not a member: never offered on the attendance sheet.
      await api(setup.page, 'POST', '/people', {
        given_name: 'Grace',
        family_name: 'Mensah',
      });
      project = await api(setup.page, 'POST', '/projects', {
        code: 'voix-libres',
        name: 'Voix libres',
        starts_on: `${new Date().getFullYear() - 1}-01-01`,
        aims: 'Group work with survivors and training of professionals.',
        funders: [{ name: 'Fondation Lumière', amount_cents: 4500000, currency: 'EUR' }],
      });
      await api(setup.page, 'POST', `/projects/${project.id}/indicators`, {
        name: 'Police officers trained',
        counts: 'outsiders',
        filters: { professions: ['police_officer'] },
        target: 100,
      });
      await api(setup.page, 'POST', `/projects/${project.id}/indicators`, {
        name: 'Members taking part',
        counts: 'attendances',
        target: 40,
      });
      workshop = await api(setup.page, 'POST', '/activities', {
        type: 'workshop',
        title: 'Sewing workshop',
        themes: ['Patterns', 'Finishing'],
        audience: 'mixed',
        projects: [project.id],
      });
    } finally {
      await setup.context.close();
    }

    const { context, page } = await openPage(browser, server.baseURL, {
      viewport: VIEWPORTS.phone,
    });
    try {
      await signInToHome(page, 'precious', PASSWORD);
      await openFromMenu(page, 'Activities');
      await expectHeading(page, 'Activities');
      await page.getByRole('link', { name: 'Sewing workshop' }).click();
      await expectHeading(page, 'Sewing workshop');
      await page.getByRole('button', { name: 'New session' }).click();
      assert.equal(await page.locator('#session-new-held-on').inputValue(), today());
      await page.locator('#session-new-starts-at').fill('14:00');
      await page.locator('#session-new-theme').fill('Patterns');
      await expectNoHorizontalScroll(page, 'new session (phone)');
      await page.getByRole('button', { name: 'Add the session and take attendance' }).click();
      await page.getByText('The session is added. Take attendance below.').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Attendance' }).waitFor();
      sessionId = page.url().split('/').pop();

      // Two members, each found by name and marked with one tap.
      const search = async (name) => {
        await page.locator('#attendance-member').fill(name);
        await page.getByRole('button', { name: 'Search', exact: true }).click();
      };
      await search('Mensah');
      const ama = page.getByRole('button', { name: /^Ama Mensah/ });
      await ama.waitFor();
      // Members only: Grace Mensah is not one.
      assert.equal(await page.getByRole('button', { name: /^Grace Mensah/ }).count(), 0);
      assert.equal(await ama.getAttribute('aria-pressed'), 'false');
      await ama.click();
      await page.getByText('Ama Mensah is marked present.').waitFor();
      assert.equal(await ama.getAttribute('aria-pressed'), 'true');
      await search('Okafor');
      await page.getByRole('button', { name: /^Joy Okafor/ }).click();
      await page.getByText('Joy Okafor is marked present.').waitFor();
      // Big touch targets inside the screen.
      for (const box of await page
        .locator('.member-results button')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
        assert.ok(box.height >= 44, `member button ${box.height}px high`);
        assert.ok(box.right <= 360, 'member button inside the screen');
      }

      // Twelve police officers of one unit, counted, not named.
      await page.getByRole('button', { name: 'Add them' }).click();
      await page.locator('#attendance-outsiders-count-error').waitFor();
      await page.locator('#attendance-outsiders-count').fill('12');
      await page.locator('#attendance-outsiders-profession').selectOption('police_officer');
      await page
        .locator('#attendance-outsiders-organisation')
        .fill('Brigade de protection des familles');
      await page.getByRole('button', { name: 'Add them' }).click();
      await page
        .getByText('Added: 12 × Police officers — Brigade de protection des familles.')
        .waitFor();
      const totals = (await page.locator('.totals').innerText()).replace(/\s+/g, ' ');
      assert.match(totals, /2 members/);
      assert.match(totals, /12 others/);
      await expectNoHorizontalScroll(page, 'attendance sheet (phone)');

      const stored = await api(page, 'GET', `/sessions/${sessionId}`);
      assert.equal(stored.member_count, 2);
      assert.equal(stored.outsider_count, 12);
      assert.deepEqual(
        stored.attendance
          .map((a) => a.person_name)
          .filter(Boolean)
          .sort(),
        ['Ama Mensah', 'Joy Okafor'],
      );

      // The counts show on the activity's list of sessions too.
      await page.getByRole('link', { name: 'Back to Sewing workshop' }).click();
      await expectHeading(page, 'Sewing workshop');
      await page.getByText('2 members · 12 others').waitFor();

      // Today's sessions are on her home page, one tap from the sheet.
      await openFromMenu(page, 'Home');
      await page.getByRole('heading', { name: 'Today’s sessions' }).waitFor();
      await page.getByRole('link', { name: /^Sewing workshop · / }).click();
      await page.getByRole('heading', { level: 2, name: 'Attendance' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('a coordinator reads an indicator on the dashboard and downloads the XLSX report', async () => {
    assert.ok(project, 'the project of the first test');
    const { context, page } = await openPage(browser, server.baseURL);
    try {
      await signInToHome(page, 'cora-dash', PASSWORD);
      await openFromMenu(page, 'Projects');
      await expectHeading(page, 'Projects');
      await page.getByRole('link', { name: 'Voix libres', exact: true }).click();
      await expectHeading(page, 'Voix libres');
      // She defines one more indicator: workshop sessions, 10 by the end.
      await page.getByRole('button', { name: 'New indicator' }).click();
      await page.locator('#indicator-new-name').fill('Workshop sessions');
      await page.locator('#indicator-new-counts').selectOption('sessions');
      await page.locator('#indicator-new-filter-activity_types-workshop').check();
      await page.locator('#indicator-new-target').fill('10');
      await page.getByRole('button', { name: 'Add the indicator' }).click();
      await page.getByText('The indicator “Workshop sessions” is added.').waitFor();
      const defined = page.locator('li.card', {
        has: page.getByRole('heading', { name: 'Workshop sessions' }),
      });
      await defined.getByText('Types of activity').waitFor();
      assert.match(await defined.innerText(), /Workshop/);

      await page.getByRole('link', { name: 'Open the dashboard' }).click();
      await expectHeading(page, 'Dashboard: Voix libres');
      const sessions = page.getByRole('article', { name: 'Workshop sessions' });
      assert.deepEqual(
        (
          await sessions
            .getByRole('table', { name: 'Progress of Workshop sessions' })
            .locator('tbody td')
            .allInnerTexts()
        ).map((v) => v.trim()),
        ['1', '10', '10%'],
      );

      const indicator = page.getByRole('article', {
        name: 'Police officers trained',
      });
      await indicator.waitFor();
      const bar = indicator.getByRole('img', {
        name: /^Progress bar of Police officers trained/,
      });
      assert.match(await bar.getAttribute('aria-label'), /12 of 100 \(12%\)/);
      const progress = indicator.getByRole('table', {
        name: 'Progress of Police officers trained',
      });
      assert.deepEqual(
        (await progress.locator('tbody td').allInnerTexts()).map((s) => s.trim()),
        ['12', '100', '12%'],
      );
      await indicator
        .getByRole('img', { name: /^Line chart of Police officers trained/ })
        .waitFor();
      const series = indicator.getByRole('table', {
        name: 'Police officers trained, cumulative at the end of each month',
      });
      assert.equal(
        (await series.locator('tbody tr').last().locator('td').innerText()).trim(),
        '12',
      );
      const byProfession = indicator.getByRole('table', {
        name: 'Police officers trained by Profession',
      });
      assert.equal(
        (
          await byProfession
            .getByRole('row', { name: /Police officers/ })
            .locator('td')
            .innerText()
        ).trim(),
        '12',
      );
      await indicator.getByRole('img', { name: /^Bar chart of Police officers trained/ }).waitFor();

      // As a funder sees it: 2 attendances are fewer than 5, so they are hidden.
      await page.getByLabel('Hide small figures, as in reports').check();
      await page.getByRole('button', { name: 'Show the figures' }).click();
      await page.getByText('Figures under 5 are hidden (“<5”)').waitFor();
      const members = page.getByRole('article', {
        name: 'Members taking part',
      });
      assert.equal(
        (
          await members
            .getByRole('table', { name: 'Progress of Members taking part' })
            .locator('tbody td')
            .first()
            .innerText()
        ).trim(),
        '<5',
      );

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download as spreadsheet (XLSX)' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^voix-libres-.*\.xlsx$/);
      const bytes = await readFile(await download.path());
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip');
      await page.getByText('The report is downloaded (spreadsheet (XLSX)).').waitFor();
    } finally {
      await context.close();
    }
  });

  for (const [size, viewport] of [
    ['phone', VIEWPORTS.phone],
    ['laptop', VIEWPORTS.desktop],
  ]) {
    test(`the new screens have no axe violations on a ${size}`, async () => {
      assert.ok(project && workshop && sessionId, 'the records of the first test');
      const { context, page } = await openPage(browser, server.baseURL, {
        viewport,
      });
      // axe's target-size rule counts a control under the sticky header as obscured: check at
      // the top of the page.
      const check = async (label) => {
        await page.evaluate(() => window.scrollTo(0, 0));
        await expectNoAxeViolations(page, `${label} (${size})`);
        await expectNoHorizontalScroll(page, `${label} (${size})`);
      };
      try {
        await signInToHome(page, `cora-${size}`, PASSWORD);
        // A member with her media consent, a media item, a call with an application.
        const member = await api(page, 'POST', '/people', {
          given_name: size === 'phone' ? 'Esther' : 'Ruth',
          family_name: 'Bello',
          member: true,
        });
        await api(page, 'POST', `/people/${member.id}/consents`, {
          purpose: 'media',
          status: 'given',
          method: 'written',
          given_on: today(),
        });
        const media = await api(page, 'POST', '/media', {
          kind: 'podcast_episode',
          title: `Our voices ${size}`,
          activity_id: workshop.id,
        });
        await api(page, 'PUT', `/media/${media.id}/participants/${member.id}`, {
          part: 'voice',
        });
        // Published, then her consent withdrawn: the item must come down.
        const published = await apiFromPage(page, 'PATCH', `/media/${media.id}`, {
          body: { status: 'published', published_on: today() },
          ifMatch: media.version,
        });
        assert.equal(published.status, 200, JSON.stringify(published.body));
        await api(page, 'POST', `/people/${member.id}/consents`, {
          purpose: 'media',
          status: 'withdrawn',
          method: 'oral',
          given_on: today(),
        });
        const call = await api(page, 'POST', '/calls', {
          title: `Small grants ${size}`,
          criteria: [
            { key: 'relevance', label: 'Relevance', weight: 2, max: 5 },
            { key: 'feasibility', label: 'Feasibility', weight: 1, max: 5 },
          ],
          places: 2,
        });
        await api(page, 'POST', `/calls/${call.id}/applications`, {
          initiative: 'Sisters in Lyon',
          organisation: 'Collectif des sœurs',
          country: 'FR',
          summary: 'Peer support circles.',
        });

        await openFromMenu(page, 'Activities');
        await expectHeading(page, 'Activities');
        await page.getByRole('heading', { name: 'Today’s sessions' }).waitFor();
        await page
          .getByRole('link', { name: /^Sewing workshop ·/ })
          .first()
          .waitFor();
        await check('activities');
        await page.getByRole('button', { name: 'New activity' }).click();
        await page.getByRole('button', { name: 'Add the activity' }).click();
        await page.locator('#activity-new-type-error').waitFor();
        await check('new activity with errors');

        await page.goto(`/activities/${workshop.id}`);
        await expectHeading(page, 'Sewing workshop');
        // Someone else changes the activity while she edits it: her save is refused (412).
        await page.getByRole('button', { name: 'Change the activity' }).click();
        await page.locator('#activity-edit-description').fill('Sewing and talking.');
        const current = await api(page, 'GET', `/activities/${workshop.id}`);
        await apiFromPage(page, 'PATCH', `/activities/${workshop.id}`, {
          body: { audience: 'members' },
          ifMatch: current.version,
        });
        await page.getByRole('button', { name: 'Save the activity' }).click();
        await page
          .getByText('Someone else changed this while you were editing (Audience).', {
            exact: false,
          })
          .waitFor();
        await check('activity edit conflict');
        await page.getByRole('button', { name: 'Start again from their version' }).click();
        assert.equal(await page.locator('#activity-edit-audience').inputValue(), 'members');
        await page.locator('#activity-edit-audience').selectOption('mixed');
        await page.getByRole('button', { name: 'Save the activity' }).click();
        await page.getByText('The activity is saved.').waitFor();
        await page.getByRole('button', { name: 'New session' }).click();
        await page.getByText('Guests, materials and notes').click();
        await page.getByRole('button', { name: 'Add a guest' }).click();
        await check('activity with a new session');

        await page.goto(`/sessions/${sessionId}`);
        await page.getByRole('heading', { level: 2, name: 'Attendance' }).waitFor();
        await page.locator('#attendance-member').fill('Mensah');
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.getByRole('button', { name: /^Ama Mensah/ }).waitFor();
        await check('attendance sheet');
        await page.getByRole('button', { name: 'Change the session' }).click();
        await check('session edit');

        await page.goto('/media');
        await expectHeading(page, 'Media made with members');
        await page
          .getByText(/published items? must come down/)
          .first()
          .waitFor();
        await page.getByLabel('Only those that must come down').check();
        await page.getByRole('button', { name: 'Show', exact: true }).click();
        await page.getByRole('link', { name: `Our voices ${size}` }).waitFor();
        await check('media list, those that must come down');
        await page.getByRole('link', { name: `Our voices ${size}` }).click();
        await expectHeading(page, `Our voices ${size}`);
        await page.getByText('Media consent withdrawn or missing').waitFor();
        await page
          .getByRole('note')
          .getByText(/Must come down: a participant/)
          .waitFor();
        await check('media item that must come down');

        await openFromMenu(page, 'Calls for contributions');
        await expectHeading(page, 'Calls for contributions');
        await page.getByRole('link', { name: `Small grants ${size}` }).click();
        await expectHeading(page, `Small grants ${size}`);
        await page.getByRole('heading', { name: /Sisters in Lyon/ }).waitFor();
        await page.getByRole('button', { name: 'Save your review' }).click();
        await page.locator('[id$="-relevance-error"]').waitFor();
        await check('call with a review with errors');
        await page.getByLabel('Relevance (0 to 5)').fill('4');
        await page.getByLabel('Feasibility (0 to 5)').fill('5');
        await page.getByRole('button', { name: 'Save your review' }).click();
        await page.getByText('Score 86.7 / 100').waitFor();
        await page.getByRole('button', { name: 'Select', exact: true }).click();
        await page.getByRole('heading', { name: 'Follow-up' }).waitFor();
        await check('call with a selected application');

        await openFromMenu(page, 'Projects');
        await expectHeading(page, 'Projects');
        await check('projects');
        await page.getByRole('link', { name: 'Voix libres', exact: true }).click();
        await expectHeading(page, 'Voix libres');
        await page.getByRole('button', { name: 'New indicator' }).click();
        await page.locator('#indicator-new-counts').selectOption('outcomes');
        await page.getByRole('button', { name: 'Add the indicator' }).click();
        await page.locator('#indicator-new-name-error').waitFor();
        await check('project with a new indicator and errors');
        await page.getByRole('button', { name: 'Cancel' }).click();
        await page.getByRole('button', { name: 'Change the project' }).click();
        await check('project edit');

        await openFromMenu(page, 'Dashboard');
        await expectHeading(page, 'Dashboard');
        await page.getByRole('heading', { name: 'Voix libres' }).waitFor();
        await check('organisation overview');
        await page.goto(`/projects/${project.id}/dashboard`);
        await page.getByRole('article', { name: 'Police officers trained' }).waitFor();
        await check('project dashboard');
        await page.getByLabel('Hide small figures, as in reports').check();
        await page.getByRole('button', { name: 'Show the figures' }).click();
        await page.getByText('Figures under 5 are hidden (“<5”)').waitFor();
        await check('project dashboard, small figures hidden');
      } finally {
        await context.close();
      }
    });
  }
});
