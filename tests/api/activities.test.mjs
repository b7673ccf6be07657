// Group work through the API, every answer checked against docs/openapi.yaml: activities and
// sessions (versions, references, the phone's list), attendance of members by person and of
// outsiders by count (members only, no duplicates), the member search, media and the media
// consent (a withdrawal flags what must come down), calls for contributions (reviews, weighted
// ranking, places), projects (codes, viewers, records counted towards them, encounters tagged
// with a code, indicators validated as data), who may do what, and the audit trail.
// One server, every user signed in once; the tests run in order and build on each other.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { roleUser, signIn } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const NO_SUCH_ID = '0190d7a4-3c2e-7b1a-8f00-0123456789ab';
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const U = {
  admin: roleUser('administrator'),
  coord: roleUser('coordinator'),
  sw: roleUser('social_worker'),
  peer: roleUser('peer_mediator'),
  peer2: roleUser('peer_mediator', '2'),
  psych: roleUser('psychologist'),
  researcher: roleUser('researcher'),
  viewer: roleUser('project_viewer'),
  viewer2: roleUser('project_viewer', '2'),
};

const codes = (r) => (r.body?.errors ?? []).map((e) => `${e.field}:${e.code}`);
const P = (t) => `https://passerelle.invalid/problems/${t}`;

describe('activities, media, calls, projects', () => {
  let server;
  const c = {}; // signed-in clients by key of U
  const s = {}; // shared records

  before(async () => {
    server = await startServer({ users: Object.values(U) });
    for (const [key, user] of Object.entries(U)) c[key] = (await signIn(server, user)).client;
  });
  after(() => server?.stop());

  const patch = (client, url, version, body) =>
    client.patch(url, body, { headers: { 'if-match': `"${version}"` } });
  const audit = async (action) => (await c.admin.get(`/api/v1/audit?action=${action}&limit=200`)).body.items;

  test('setup: a site, two members, someone who is not a member, a case', async () => {
    const site = await c.admin.post('/api/v1/sites', { name: 'Local associatif', kind: 'office' });
    assert.equal(site.status, 201, site.text);
    s.site = site.body.id;
    for (const [key, body] of [
      ['awa', { given_name: 'Awa', family_name: 'Diop', birth_year: 1990, gender: 'Feminine', member: true }],
      ['blessing', { given_name: 'Blessing', family_name: 'Okafor', birth_year: 1996, gender: 'Feminine', member: true }],
      ['nadia', { given_name: 'Nadia', family_name: 'Benali', birth_year: 1985, gender: 'Feminine' }],
    ]) {
      const p = await c.coord.post('/api/v1/people', body);
      assert.equal(p.status, 201, p.text);
      s[key] = p.body.id;
    }
    const k = await c.coord.post('/api/v1/cases', { person_id: s.nadia });
    assert.equal(k.status, 201, k.text);
    s.caseNadia = k.body.id;
  });

  test('activities: create, list by type, read, change with a version', async () => {
    const bad = await c.sw.post('/api/v1/activities', { type: 'knitting', title: '' });
    assert.equal(bad.status, 422);
    assert.deepEqual(codes(bad).sort(), ['title:field.required', 'type:field.invalid']);
    const backwards = await c.sw.post('/api/v1/activities', {
      type: 'workshop', title: 'Écriture', starts_on: '2025-03-01', ends_on: '2025-02-01',
    });
    assert.deepEqual(codes(backwards), ['ends_on:field.invalid']);
    assert.deepEqual(codes(await c.sw.post('/api/v1/activities', { type: 'workshop', title: 'x', colour: 'red' })), ['colour:field.unknown']);

    const a = await c.sw.post('/api/v1/activities', {
      type: 'workshop',
      title: 'Atelier écriture',
      description: 'Writing our stories',
      themes: ['History of slavery', 'Voice'],
      audience: 'members',
      starts_on: day(-30),
    });
    assert.equal(a.status, 201, a.text);
    assert.equal(a.headers.get('location'), `/api/v1/activities/${a.body.id}`);
    assert.equal(a.headers.get('etag'), '"1"');
    assert.deepEqual(a.body.themes, ['History of slavery', 'Voice']);
    assert.equal(a.body.session_count, 0);
    assert.deepEqual(a.body.projects, []);
    assert.equal(a.body.international, false);
    s.workshop = a.body.id;
    const film = await c.peer.post('/api/v1/activities', { type: 'film_debate', title: 'Ciné-débat', audience: 'public' });
    assert.equal(film.status, 201, film.text);
    s.film = film.body.id;

    const workshops = await c.psych.get('/api/v1/activities?type=workshop');
    assert.equal(workshops.status, 200);
    assert.ok(workshops.body.items.some((x) => x.id === s.workshop));
    assert.ok(!workshops.body.items.some((x) => x.id === s.film));
    assert.equal((await c.psych.get('/api/v1/activities?type=knitting')).status, 400);

    assert.equal((await c.sw.patch(`/api/v1/activities/${s.workshop}`, { title: 'x' })).status, 428);
    const changed = await patch(c.sw, `/api/v1/activities/${s.workshop}`, 1, { title: 'Atelier d’écriture', international: true });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.version, 2);
    assert.equal(changed.body.international, true);
    const stale = await patch(c.peer, `/api/v1/activities/${s.workshop}`, 1, { title: 'Autre' });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.current.title, 'Atelier d’écriture');
    assert.equal(stale.body.current_version, 2);
    assert.equal((await c.sw.get(`/api/v1/activities/${s.workshop}`)).body.title, 'Atelier d’écriture');
    assert.equal((await c.sw.get(`/api/v1/activities/${NO_SUCH_ID}`)).status, 404);
    for (const who of ['viewer', 'researcher', 'admin'])
      assert.equal((await c[who].get('/api/v1/activities')).status, 403, who);
    assert.ok((await audit('activity.create')).some((e) => e.target_id === s.workshop && e.actor_id === U.sw.id));
  });

  test('sessions: references checked, the phone list by dates, changes with a version', async () => {
    const base = `/api/v1/activities/${s.workshop}/sessions`;
    const refused = [
      [{ held_on: day(0), facilitators: [U.viewer.id] }, 'facilitators:field.invalid'],
      [{ held_on: day(0), site_id: NO_SUCH_ID }, 'site_id:field.invalid'],
      [{ held_on: day(0), starts_at: '25:00' }, 'starts_at:field.invalid'],
      [{ held_on: day(0), materials: [{ title: 'x', link: 'javascript:alert(1)' }] }, 'materials:field.invalid'],
      [{ held_on: '2025-02-30' }, 'held_on:date.format'],
      [{}, 'held_on:field.required'],
      [{ held_on: day(0), projects: [NO_SUCH_ID] }, 'projects:field.invalid'],
    ];
    for (const [body, code] of refused) {
      const r = await c.sw.post(base, body);
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
      assert.deepEqual(codes(r), [code]);
    }
    const session = await c.sw.post(base, {
      held_on: day(0),
      starts_at: '14:00',
      duration_minutes: 120,
      site_id: s.site,
      theme: 'Letters home',
      facilitators: [U.peer.id, U.psych.id],
      guests: [{ name: 'Jane Doe', role: 'Historian', organisation: 'Université Paris 8' }],
      materials: [{ title: 'Handout', link: 'https://example.org/handout.pdf' }, { title: 'Printed poems' }],
      notes: 'Good energy.',
    });
    assert.equal(session.status, 201, session.text);
    assert.equal(session.headers.get('location'), `/api/v1/sessions/${session.body.id}`);
    assert.equal(session.body.activity_title, 'Atelier d’écriture');
    assert.equal(session.body.activity_type, 'workshop');
    assert.deepEqual(session.body.facilitators, [U.peer.id, U.psych.id]);
    assert.deepEqual(session.body.materials[1], { title: 'Printed poems', link: '' });
    assert.equal(session.body.member_count, 0);
    s.session = session.body.id;
    const old = await c.sw.post(base, { held_on: day(-40) });
    assert.equal(old.status, 201, old.text);
    s.oldSession = old.body.id;
    assert.equal(
      (await c.sw.post(`/api/v1/activities/${NO_SUCH_ID}/sessions`, { held_on: day(0) })).status,
      404,
    );

    // The phone's list: today ± 7 days by default.
    const list = await c.peer.get('/api/v1/sessions');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((x) => x.id === s.session));
    assert.ok(!list.body.items.some((x) => x.id === s.oldSession));
    const older = await c.peer.get(`/api/v1/sessions?from=${day(-45)}&to=${day(-35)}`);
    assert.deepEqual(older.body.items.map((x) => x.id), [s.oldSession]);
    assert.equal((await c.peer.get(`/api/v1/sessions?from=${day(0)}&to=${day(-1)}`)).status, 400);
    assert.equal((await c.peer.get('/api/v1/sessions?from=2025-13-01')).status, 400);

    const activity = await c.peer.get(`/api/v1/activities/${s.workshop}`);
    assert.equal(activity.body.session_count, 2);
    assert.deepEqual(activity.body.sessions.map((x) => x.id).sort(), [s.session, s.oldSession].sort());

    const moved = await patch(c.peer, `/api/v1/sessions/${s.session}`, 1, { starts_at: '15:00', work: 'Beloved' });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.starts_at, '15:00');
    assert.equal(moved.body.work, 'Beloved');
    assert.equal(moved.body.theme, 'Letters home', 'what was not sent stays');
    assert.equal((await patch(c.peer, `/api/v1/sessions/${s.session}`, 1, { work: 'x' })).status, 412);
  });

  test('attendance: members by person, once; outsiders by count, organisation and profession', async () => {
    const url = `/api/v1/sessions/${s.session}/attendance`;
    const awa = await c.peer.post(url, { person_id: s.awa });
    assert.equal(awa.status, 201, awa.text);
    assert.equal(awa.body.person_name, 'Awa Diop');
    assert.equal(awa.body.role, 'participant');
    s.awaAttendance = awa.body.id;
    const again = await c.psych.post(url, { person_id: s.awa, role: 'peer_helper' });
    assert.equal(again.status, 409);
    assert.equal(again.body.type, P('conflict'));
    assert.deepEqual(codes(again), ['person_id:attendance.duplicate']);
    // Only members take part by name.
    assert.deepEqual(codes(await c.peer.post(url, { person_id: s.nadia })), ['person_id:field.invalid']);
    assert.deepEqual(codes(await c.peer.post(url, { person_id: NO_SUCH_ID })), ['person_id:field.invalid']);
    assert.deepEqual(codes(await c.peer.post(url, {})), ['person_id:field.required']);
    assert.deepEqual(codes(await c.peer.post(url, { person_id: s.blessing, outsider_count: 2, profession: 'lawyer' })), [
      'outsider_count:field.invalid',
    ]);
    assert.deepEqual(codes(await c.peer.post(url, { outsider_count: 12 })), ['profession:field.required']);
    assert.deepEqual(codes(await c.peer.post(url, { outsider_count: 0, profession: 'police_officer' })), [
      'outsider_count:field.invalid',
    ]);
    assert.deepEqual(codes(await c.peer.post(url, { outsider_count: 3, profession: 'firefighter' })), [
      'profession:field.invalid',
    ]);
    const police = await c.peer.post(url, {
      outsider_count: 12, organisation: 'Commissariat du 18e', profession: 'police_officer', role: 'trainee',
    });
    assert.equal(police.status, 201, police.text);
    const { id: _id, ...line } = police.body;
    assert.deepEqual(line, {
      session_id: s.session, person_id: null, person_name: null, outsider_count: 12,
      organisation: 'Commissariat du 18e', profession: 'police_officer', role: 'trainee',
    });
    const blessing = await c.sw.post(url, { person_id: s.blessing, role: 'peer_helper' });
    assert.equal(blessing.status, 201, blessing.text);

    const sheet = await c.psych.get(`/api/v1/sessions/${s.session}`);
    assert.equal(sheet.status, 200);
    assert.equal(sheet.body.member_count, 2);
    assert.equal(sheet.body.outsider_count, 12);
    assert.deepEqual(sheet.body.attendance.map((a) => a.person_name).filter(Boolean).sort(), ['Awa Diop', 'Blessing Okafor']);

    const removed = await c.peer.delete(`${url}/${s.awaAttendance}`);
    assert.equal(removed.status, 204, removed.text);
    assert.equal((await c.peer.delete(`${url}/${s.awaAttendance}`)).status, 404);
    assert.equal((await c.peer.get(`/api/v1/sessions/${s.session}`)).body.member_count, 1);
    assert.equal((await c.peer.post(url, { person_id: s.awa })).status, 201, 'taken again after removal');
    assert.equal((await c.peer.post(`/api/v1/sessions/${NO_SUCH_ID}/attendance`, { person_id: s.awa })).status, 404);

    // The audit says what happened, not who attended.
    const added = (await audit('attendance.add')).filter((e) => e.target_id === s.session);
    assert.equal(added.length, 4);
    for (const e of added) assert.ok(!JSON.stringify(e.details).includes(s.awa), 'no person id in the audit details');
    assert.ok(added.some((e) => e.details.member === false && e.details.count === 12 && e.details.profession === 'police_officer'));
  });

  test('member search: members only, by name, for those who take attendance', async () => {
    const found = await c.peer.get('/api/v1/members?q=awa');
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.body.items, [{ id: s.awa, name: 'Awa Diop' }]);
    assert.ok((await c.peer.get('/api/v1/members?q=okafor')).body.items.some((m) => m.id === s.blessing));
    assert.deepEqual((await c.peer.get('/api/v1/members?q=nadia')).body.items, [], 'not a member');
    assert.equal((await c.peer.get('/api/v1/members')).status, 400);
    assert.equal((await c.viewer.get('/api/v1/members?q=awa')).status, 403);
    const searches = await audit('member.search');
    assert.ok(searches.some((e) => e.actor_id === U.peer.id && e.details.results === 1));
  });

  test('media: participants need their media consent; a withdrawal flags what must come down', async () => {
    const consent = (person, status, givenOn) =>
      c.coord.post(`/api/v1/people/${person}/consents`, { purpose: 'media', status, given_on: givenOn, method: 'written' });
    assert.equal((await consent(s.awa, 'given', day(-10))).status, 201);

    const bad = await c.peer.post('/api/v1/media', { kind: 'podcast', title: '' });
    assert.deepEqual(codes(bad).sort(), ['kind:field.invalid', 'title:field.required']);
    assert.deepEqual(codes(await c.peer.post('/api/v1/media', { kind: 'video', title: 'x', activity_id: NO_SUCH_ID })), [
      'activity_id:field.invalid',
    ]);
    assert.deepEqual(codes(await c.peer.post('/api/v1/media', { kind: 'video', title: 'x', status: 'published' })), [
      'published_on:field.required',
    ]);
    const m = await c.peer.post('/api/v1/media', { kind: 'podcast_episode', title: 'Voix de femmes', activity_id: s.workshop });
    assert.equal(m.status, 201, m.text);
    assert.equal(m.body.status, 'in_production');
    assert.equal(m.body.must_take_down, false);
    s.podcast = m.body.id;
    const url = (person) => `/api/v1/media/${s.podcast}/participants/${person}`;

    const withAwa = await c.peer.call('PUT', url(s.awa), { body: { part: 'voice' } });
    assert.equal(withAwa.status, 200, withAwa.text);
    assert.deepEqual(withAwa.body.participants, [
      { person_id: s.awa, person_name: 'Awa Diop', part: 'voice', consent_in_force: true },
    ]);
    const noConsent = await c.peer.call('PUT', url(s.blessing), { body: { part: 'voice' } });
    assert.equal(noConsent.status, 422);
    assert.deepEqual(codes(noConsent), ['person_id:consent.media_missing']);
    assert.equal((await c.peer.call('PUT', url(NO_SUCH_ID), { body: {} })).status, 404);
    assert.deepEqual(codes(await c.peer.call('PUT', url(s.awa), { body: { part: 'dance' } })), ['part:field.invalid']);

    assert.equal((await consent(s.blessing, 'given', day(-10))).status, 201);
    const both = await c.peer.call('PUT', url(s.blessing), { body: { part: 'face' } });
    assert.equal(both.status, 200, both.text);
    assert.equal(both.body.participants.length, 2);

    const current = (await c.peer.get(`/api/v1/media/${s.podcast}`)).body.version;
    const published = await patch(c.peer, `/api/v1/media/${s.podcast}`, current, {
      status: 'published', published_on: day(-1), link: 'https://podcast.example.org/voix-1',
    });
    assert.equal(published.status, 200, published.text);
    assert.equal(published.body.must_take_down, false);
    assert.deepEqual((await c.sw.get('/api/v1/media?attention=true')).body.items, []);

    // Blessing withdraws her consent: the published episode must come down, at once.
    assert.equal((await consent(s.blessing, 'withdrawn', day(0))).status, 201);
    const flagged = await c.sw.get(`/api/v1/media/${s.podcast}`);
    assert.equal(flagged.body.must_take_down, true);
    assert.equal(flagged.body.participants.find((p) => p.person_id === s.blessing).consent_in_force, false);
    assert.equal(flagged.body.participants.find((p) => p.person_id === s.awa).consent_in_force, true);
    const attention = await c.sw.get('/api/v1/media?attention=true');
    assert.deepEqual(attention.body.items.map((x) => x.id), [s.podcast]);
    assert.equal((await c.sw.get('/api/v1/media?attention=maybe')).status, 400);

    // Publishing again is refused while her consent is withdrawn; taking it down clears the flag.
    const version = flagged.body.version;
    const republish = await patch(c.peer, `/api/v1/media/${s.podcast}`, version, { status: 'published' });
    assert.equal(republish.status, 422);
    assert.deepEqual(codes(republish), ['status:consent.media_missing']);
    const down = await patch(c.peer, `/api/v1/media/${s.podcast}`, version, { status: 'taken_down' });
    assert.equal(down.status, 200, down.text);
    assert.equal(down.body.must_take_down, false);
    assert.deepEqual((await c.sw.get('/api/v1/media?attention=true')).body.items, []);

    assert.equal((await c.peer.delete(url(s.blessing))).status, 204);
    assert.equal((await c.peer.delete(url(s.blessing))).status, 404);
    assert.ok((await audit('media.status_change')).some((e) => e.target_id === s.podcast && e.details.status === 'taken_down'));
    assert.equal((await c.viewer.get('/api/v1/media')).status, 403);
  });

  test('calls for contributions: criteria, reviews, weighted ranking, places', async () => {
    assert.equal((await c.sw.post('/api/v1/calls', { title: 'x' })).status, 403, 'projects.manage only');
    const badCriteria = await c.coord.post('/api/v1/calls', {
      title: 'x', criteria: [{ key: 'a', label: 'A' }, { key: 'a', label: 'Again' }],
    });
    assert.deepEqual(codes(badCriteria), ['criteria:field.invalid']);
    const call = await c.coord.post('/api/v1/calls', {
      title: 'Emploi en milieu rural',
      description: 'Six projects for employment in rural areas',
      criteria: [
        { key: 'relevance', label: 'Relevance', weight: 2, max: 5 },
        { key: 'feasibility', label: 'Feasibility', weight: 1, max: 10 },
      ],
      opens_on: '2025-01-01',
      closes_on: '2025-03-31',
      places: 1,
    });
    assert.equal(call.status, 201, call.text);
    assert.equal(call.body.application_count, 0);
    s.call = call.body.id;
    const apply = (initiative, extra = {}) =>
      c.coord.post(`/api/v1/calls/${s.call}/applications`, { initiative, received_on: '2025-02-01', ...extra });
    const a1 = await apply('Ferme solidaire', {
      organisation: 'Association Terre', region: 'Occitanie', country: 'FR',
      contact: { name: 'M. Dupont', email: 'contact@terre.example', phone: '05 61 00 00 00' },
      summary: 'Market gardening jobs',
    });
    assert.equal(a1.status, 201, a1.text);
    assert.deepEqual(a1.body.contact, { name: 'M. Dupont', email: 'contact@terre.example', phone: '05 61 00 00 00' });
    assert.equal(a1.body.score, null);
    const a2 = await apply('Atelier couture');
    const a3 = await apply('Boulangerie');
    assert.equal(a2.status, 201, a2.text);
    s.a1 = a1.body.id;
    s.a2 = a2.body.id;
    s.a3 = a3.body.id;
    assert.deepEqual(codes(await apply('x', { country: 'fr' })), ['country:field.invalid']);
    assert.equal((await c.coord.post(`/api/v1/calls/${NO_SUCH_ID}/applications`, { initiative: 'x' })).status, 404);

    const review = (client, id, body) => client.call('PUT', `/api/v1/applications/${id}/reviews/me`, { body });
    assert.deepEqual(codes(await review(c.sw, s.a1, { scores: { relevance: 5 } })), ['scores.feasibility:field.required']);
    assert.deepEqual(codes(await review(c.sw, s.a1, { scores: { relevance: 6, feasibility: 1 } })), ['scores.relevance:field.invalid']);
    assert.deepEqual(codes(await review(c.sw, s.a1, { scores: { relevance: 1, feasibility: 1, charm: 3 } })), ['scores.charm:field.unknown']);
    assert.equal((await review(c.viewer, s.a1, { scores: { relevance: 1, feasibility: 1 } })).status, 403);
    // a1: (2×5/5 + 1×10/10) / 3 = 100 %, and (2×3/5 + 1×4/10) / 3 = 53.3 % → 76.7
    let r = await review(c.sw, s.a1, { scores: { relevance: 5, feasibility: 10 }, comment: 'Strong' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.score, 100);
    r = await review(c.peer, s.a1, { scores: { relevance: 3, feasibility: 4 } });
    assert.equal(r.body.score, 76.7);
    assert.equal(r.body.reviews.length, 2);
    // a2: (2×4/5 + 1×5/10) / 3 = 70 %; sent twice, the second replaces the first.
    await review(c.sw, s.a2, { scores: { relevance: 1, feasibility: 1 } });
    r = await review(c.sw, s.a2, { scores: { relevance: 4, feasibility: 5 } });
    assert.equal(r.body.score, 70);
    assert.equal(r.body.reviews.length, 1);

    const ranked = await c.psych.get(`/api/v1/calls/${s.call}/applications`);
    assert.equal(ranked.status, 200);
    assert.deepEqual(ranked.body.items.map((x) => x.id), [s.a1, s.a2, s.a3]);
    assert.deepEqual(ranked.body.items.map((x) => x.score), [76.7, 70, null]);
    assert.equal((await c.psych.get(`/api/v1/calls/${s.call}`)).body.application_count, 3);

    const frozen = await patch(c.coord, `/api/v1/calls/${s.call}`, 1, {
      criteria: [{ key: 'relevance', label: 'Relevance', weight: 3, max: 5 }],
    });
    assert.equal(frozen.status, 409);
    assert.deepEqual(codes(frozen), ['criteria:call.reviewed']);
    const renamed = await patch(c.coord, `/api/v1/calls/${s.call}`, 1, {
      status: 'reviewing',
      criteria: [
        { key: 'relevance', label: 'Pertinence', weight: 2, max: 5 },
        { key: 'feasibility', label: 'Faisabilité', weight: 1, max: 10 },
      ],
    });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.criteria[0].label, 'Pertinence');

    const selected = await patch(c.coord, `/api/v1/applications/${s.a1}`, 1, { status: 'selected' });
    assert.equal(selected.status, 200, selected.text);
    const full = await patch(c.coord, `/api/v1/applications/${s.a2}`, 1, { status: 'selected' });
    assert.equal(full.status, 409);
    assert.deepEqual(codes(full), ['status:call.places_full']);
    const followed = await patch(c.coord, `/api/v1/applications/${s.a1}`, 2, {
      follow_up: [{ on: '2025-06-01', note: 'Visit', outcome: 'Two people hired' }],
      outcome: 'Two jobs created',
    });
    assert.equal(followed.status, 200, followed.text);
    assert.deepEqual(followed.body.follow_up, [{ on: '2025-06-01', note: 'Visit', outcome: 'Two people hired' }]);
    assert.equal((await patch(c.sw, `/api/v1/applications/${s.a1}`, 3, { outcome: 'x' })).status, 403);
    assert.equal((await c.viewer.get('/api/v1/calls')).status, 403);
  });

  test('projects: codes, who manages them, viewers see only theirs', async () => {
    for (const who of ['peer', 'sw', 'psych'])
      assert.equal((await c[who].post('/api/v1/projects', { code: 'x1', name: 'x', starts_on: '2025-01-01' })).status, 403, who);
    const bad = await c.coord.post('/api/v1/projects', { code: 'Voice Over', name: '', starts_on: '2025-13-01' });
    assert.deepEqual(codes(bad).sort(), ['code:field.invalid', 'name:field.required', 'starts_on:date.format']);
    const a = await c.coord.post('/api/v1/projects', {
      code: 'voiceover',
      name: 'VoiceOver',
      starts_on: '2025-01-01',
      ends_on: '2026-12-31',
      aims: 'Survivors as partners',
      funders: [{ name: 'AMIF', amount_cents: 12_500_000 }],
      partners: [{ name: 'On the Road', country: 'IT' }],
      narrative: { context: 'Context text', results: 'Results text' },
    });
    assert.equal(a.status, 201, a.text);
    assert.deepEqual(a.body.funders, [{ name: 'AMIF', amount_cents: 12_500_000, currency: 'EUR' }]);
    assert.deepEqual(a.body.partners, [{ partner_id: null, name: 'On the Road', country: 'IT' }]);
    assert.deepEqual(a.body.indicators, []);
    s.projectA = a.body.id;
    const taken = await c.coord.post('/api/v1/projects', { code: 'voiceover', name: 'Again', starts_on: '2025-01-01' });
    assert.equal(taken.status, 409);
    assert.deepEqual(codes(taken), ['code:project.code_taken']);
    const b = await c.coord.post('/api/v1/projects', { code: 'tous-pour-un', name: 'All in favour', starts_on: '2024-01-01' });
    assert.equal(b.status, 201, b.text);
    s.projectB = b.body.id;

    assert.deepEqual(codes(await patch(c.coord, `/api/v1/projects/${s.projectA}`, 1, { code: 'other' })), ['code:field.unknown']);
    const changed = await patch(c.coord, `/api/v1/projects/${s.projectA}`, 1, { narrative: { context: 'New context' } });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(changed.body.narrative, { context: 'New context' });

    // Viewers: only project viewers, and they see only their projects.
    const asViewer = (who) => c.coord.call('PUT', `/api/v1/projects/${s.projectA}/viewers/${U[who].id}`, { body: {} });
    assert.deepEqual(codes(await asViewer('sw')), ['user_id:field.invalid']);
    assert.equal((await asViewer('viewer')).status, 204);
    assert.equal((await c.coord.call('PUT', `/api/v1/projects/${s.projectA}/viewers/${NO_SUCH_ID}`, { body: {} })).status, 404);
    assert.deepEqual((await c.viewer.get('/api/v1/projects')).body.items.map((p) => p.id), [s.projectA]);
    assert.deepEqual((await c.viewer2.get('/api/v1/projects')).body.items, []);
    assert.equal((await c.viewer.get(`/api/v1/projects/${s.projectA}`)).status, 200);
    assert.equal((await c.viewer.get(`/api/v1/projects/${s.projectB}`)).status, 404);
    assert.equal((await c.viewer2.get(`/api/v1/projects/${s.projectA}`)).status, 404);
    assert.deepEqual((await c.sw.get(`/api/v1/projects/${s.projectA}`)).body.viewers, [U.viewer.id]);
    const ids = (await c.sw.get('/api/v1/projects')).body.items.map((p) => p.id);
    assert.ok(ids.includes(s.projectA) && ids.includes(s.projectB), 'staff see every project');
    assert.equal((await c.peer.get('/api/v1/projects')).status, 403, 'peer mediators do not read reports');
    assert.equal((await c.coord.delete(`/api/v1/projects/${s.projectA}/viewers/${U.viewer2.id}`)).status, 204);
    assert.ok((await audit('project.viewer_add')).some((e) => e.target_id === s.projectA && e.details.user_id === U.viewer.id));
  });

  test('records counted towards a project: links, codes on encounters, scope of casework', async () => {
    const link = (client, type, id, method = 'PUT') =>
      client.call(method, `/api/v1/projects/${s.projectA}/records/${type}/${id}`, method === 'PUT' ? { body: {} } : {});
    assert.equal((await link(c.peer, 'activity', s.workshop)).status, 204);
    assert.equal((await link(c.peer, 'activity', s.workshop)).status, 204, 'idempotent');
    assert.deepEqual((await c.peer.get(`/api/v1/activities/${s.workshop}`)).body.projects, [s.projectA]);
    assert.equal((await link(c.peer, 'activity', s.workshop, 'DELETE')).status, 204);
    assert.equal((await link(c.peer, 'activity', s.workshop, 'DELETE')).status, 404);
    assert.deepEqual((await c.peer.get(`/api/v1/activities/${s.workshop}`)).body.projects, []);
    assert.equal((await link(c.peer, 'activity', NO_SUCH_ID)).status, 404);
    assert.equal((await link(c.peer, 'person', s.awa)).status, 404, 'not a record type');
    assert.equal((await link(c.peer, 'session', s.session)).status, 204);
    assert.deepEqual((await c.peer.get(`/api/v1/sessions/${s.session}`)).body.projects, [s.projectA]);
    assert.equal((await link(c.peer, 'media_item', s.podcast)).status, 204);
    assert.equal((await link(c.peer, 'application', s.a1)).status, 204);
    const attendance = (await c.peer.get(`/api/v1/sessions/${s.session}`)).body.attendance[0].id;
    assert.equal((await link(c.peer, 'attendance', attendance)).status, 204);
    assert.equal((await link(c.viewer, 'activity', s.workshop)).status, 403);

    // Casework records: only within one's scope (a peer mediator on no case team sees none).
    assert.equal((await link(c.peer2, 'case', s.caseNadia)).status, 404);
    assert.equal((await link(c.coord, 'case', s.caseNadia)).status, 204);

    // On create, `projects` links the new record; PATCH replaces the set.
    const tagged = await c.sw.post('/api/v1/activities', { type: 'training', title: 'Police training', projects: [s.projectA, s.projectB] });
    assert.equal(tagged.status, 201, tagged.text);
    assert.deepEqual(tagged.body.projects.sort(), [s.projectA, s.projectB].sort());
    const retagged = await patch(c.sw, `/api/v1/activities/${tagged.body.id}`, 1, { projects: [s.projectB] });
    assert.deepEqual(retagged.body.projects, [s.projectB]);
    assert.deepEqual(codes(await c.sw.post('/api/v1/activities', { type: 'event', title: 'x', projects: [NO_SUCH_ID] })), [
      'projects:field.invalid',
    ]);

    // Encounters carry project codes: each becomes a link; an unknown code is refused.
    const unknown = await c.coord.post('/api/v1/encounters', { case_id: s.caseNadia, type: 'individual_meeting', projects: ['nope'] });
    assert.equal(unknown.status, 422);
    assert.deepEqual(codes(unknown), ['projects:field.invalid']);
    const enc = await c.coord.post('/api/v1/encounters', {
      case_id: s.caseNadia, type: 'individual_meeting', projects: ['voiceover', 'tous-pour-un'],
    });
    assert.equal(enc.status, 201, enc.text);
    const anonymous = await c.peer.post('/api/v1/encounters', {
      anonymous: { gender: 'Feminine' }, type: 'outreach_contact', projects: ['voiceover'],
    });
    assert.equal(anonymous.status, 201, anonymous.text);
    // They were linked: unlinking answers 204 (404 when there was no link).
    assert.equal((await link(c.coord, 'encounter', enc.body.id, 'DELETE')).status, 204);
    assert.equal((await link(c.coord, 'encounter', enc.body.id, 'DELETE')).status, 404);
    assert.equal((await c.coord.call('DELETE', `/api/v1/projects/${s.projectB}/records/encounter/${enc.body.id}`)).status, 204);
    assert.equal((await link(c.peer, 'encounter', anonymous.body.id, 'DELETE')).status, 204);
    assert.equal((await link(c.peer2, 'encounter', enc.body.id)).status, 404, 'outside her scope');
    const links = await audit('project.link');
    assert.ok(links.some((e) => e.target_id === s.projectA && e.details.record_type === 'case' && e.details.record_id === s.caseNadia));
  });

  test('indicators: declared as data, validated, changed with a version', async () => {
    const url = `/api/v1/projects/${s.projectA}/indicators`;
    const refused = [
      [{ name: 'x', counts: 'persons' }, ['counts:field.invalid']],
      [{ name: 'x', counts: 'people', filters: { colour: ['red'] } }, ['filters.colour:field.unknown']],
      [{ name: 'x', counts: 'people', filters: { professions: ['lawyer'] } }, ['filters.professions:field.invalid']],
      [{ name: 'x', counts: 'outcomes' }, ['filters.statuses:field.required']],
      [{ name: 'x', counts: 'outcomes', filters: { procedure_kind: 'housing', statuses: ['granted'] } }, ['filters.statuses:field.invalid']],
      [{ name: 'x', counts: 'sessions', filters: { international: 'maybe' } }, ['filters.international:field.invalid']],
      [{ name: '', counts: 'people' }, ['name:field.required']],
      [{ name: 'x', counts: 'people', milestones: [{ on: '2025-02-30', value: 3 }] }, ['milestones:field.invalid']],
    ];
    for (const [body, expected] of refused) {
      const r = await c.coord.post(url, body);
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
      assert.deepEqual(codes(r), expected, JSON.stringify(body));
    }
    const people = await c.coord.post(url, {
      name: 'Members taking part',
      counts: 'people',
      filters: { via: ['attendance'], minor: false },
      target: 40,
      milestones: [{ on: '2025-12-31', value: 20 }, { on: '2025-06-30', value: 10 }],
    });
    assert.equal(people.status, 201, people.text);
    assert.deepEqual(people.body.filters, { via: ['attendance'], minor: false });
    assert.deepEqual(people.body.milestones.map((m) => m.on), ['2025-06-30', '2025-12-31'], 'in date order');
    assert.equal(people.body.position, 0);
    const housed = await c.coord.post(url, {
      name: 'Housed', counts: 'outcomes', filters: { procedure_kind: ['housing'], statuses: ['housed'] }, target: 10,
    });
    assert.equal(housed.status, 201, housed.text);
    assert.equal(housed.body.position, 1, 'last by default');
    assert.deepEqual(housed.body.filters, { procedure_kind: 'housing', statuses: ['housed'] });
    assert.equal((await c.sw.post(url, { name: 'x', counts: 'people' })).status, 403);
    assert.equal((await c.coord.post(`/api/v1/projects/${NO_SUCH_ID}/indicators`, { name: 'x', counts: 'people' })).status, 404);

    const changed = await patch(c.coord, `/api/v1/indicators/${housed.body.id}`, 1, { target: 12, position: 5 });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.target, 12);
    assert.deepEqual(codes(await patch(c.coord, `/api/v1/indicators/${housed.body.id}`, 2, { counts: 'sessions' })), [
      'filters.procedure_kind:field.invalid', 'filters.statuses:field.invalid',
    ]);
    assert.equal((await patch(c.coord, `/api/v1/indicators/${housed.body.id}`, 1, { target: 1 })).status, 412);
    const project = await c.viewer.get(`/api/v1/projects/${s.projectA}`);
    assert.deepEqual(project.body.indicators.map((i) => i.name), ['Members taking part', 'Housed']);
    assert.equal((await c.coord.delete(`/api/v1/indicators/${housed.body.id}`)).status, 204);
    assert.equal((await c.coord.delete(`/api/v1/indicators/${housed.body.id}`)).status, 404);
    assert.ok((await audit('indicator.delete')).some((e) => e.target_id === s.projectA));
  });
});
