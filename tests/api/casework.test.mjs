// Casework through the API, every answer checked against docs/openapi.yaml: people (duplicates,
// search, consents, rights), record scope (own / team / org, minors, break-the-glass), note levels
// for every role, versions (412/428), encounters, tasks, timeline, the iCal feed, retention.
// One server, every user signed in once; the tests run in order and build on each other.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { api, assertSchema, validateResponse } from '../support/openapi.mjs';
import { roleUser, signIn } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const run = promisify(execFile);
const NO_SUCH_ID = '0190d7a4-3c2e-7b1a-8f00-0123456789ab';

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const thisYear = new Date().getUTCFullYear();

const U = {
  admin: roleUser('administrator'),
  coord: roleUser('coordinator'),
  sw: roleUser('social_worker'), // in team A
  sw2: roleUser('social_worker', '2'), // in no team
  peer: roleUser('peer_mediator'), // on the case team of case A
  peer2: roleUser('peer_mediator', '2'), // on no case team
  lawyer: roleUser('lawyer'),
  lawyer2: roleUser('lawyer', '2'),
  psych: roleUser('psychologist'),
  researcher: roleUser('researcher'),
  viewer: roleUser('project_viewer'),
  partner: roleUser('partner'),
};

const codes = (r) => (r.body?.errors ?? []).map((e) => `${e.field}:${e.code}`);
const ids = (r) => r.body.items.map((i) => i.id);

describe('casework', () => {
  let server;
  const c = {}; // signed-in clients by key of U
  const s = {}; // shared records

  before(async () => {
    server = await startServer({ users: Object.values(U) });
    for (const [key, user] of Object.entries(U)) c[key] = (await signIn(server, user)).client;
  });
  after(() => server?.stop());

  test('teams: an administrator creates one and adds a social worker', async () => {
    const t = await c.admin.post('/api/v1/teams', { name: 'Team A' });
    assert.equal(t.status, 201, t.text);
    s.team = t.body.id;
    assert.equal((await c.admin.post('/api/v1/teams', { name: 'Team A' })).status, 409);
    assert.equal((await c.sw.post('/api/v1/teams', { name: 'Team B' })).status, 403);
    const put = await c.admin.call('PUT', `/api/v1/teams/${s.team}/members/${U.sw.id}`, {
      body: {},
    });
    assert.equal(put.status, 204, put.text);
    assert.equal(
      (await c.admin.call('PUT', `/api/v1/teams/${NO_SUCH_ID}/members/${U.sw.id}`)).status,
      404,
    );
    const list = await c.sw.get('/api/v1/teams');
    assert.deepEqual(list.body.items.find((x) => x.id === s.team).member_ids, [U.sw.id]);
    const site = await c.admin.post('/api/v1/sites', { name: 'Permanence Nord', kind: 'office' });
    assert.equal(site.status, 201, site.text);
    s.site = site.body.id;
    assert.ok((await c.sw.get('/api/v1/sites')).body.items.some((x) => x.id === s.site));
  });

  test('register a person and open her case with a team', async () => {
    const p = await c.sw.post('/api/v1/people', {
      given_name: 'Aïcha',
      family_name: 'Ndiaye',
      birth_date: '1995-03-14',
      gender: 'Feminine',
      nationalities: ['SN'],
      languages: ['fr', 'wo'],
      contact: { phones: ['06 12 34 56 78'] },
      documents: { passport: 'confiscated' },
    });
    assert.equal(p.status, 201, p.text);
    assert.equal(p.headers.get('location'), `/api/v1/people/${p.body.id}`);
    assert.equal(p.headers.get('etag'), '"1"');
    assert.equal(p.body.birth_year, 1995);
    assert.equal(p.body.minor, false);
    s.aicha = p.body.id;

    const k = await c.sw.post('/api/v1/cases', {
      person_id: s.aicha,
      team_id: s.team,
      programmes: ['housing'],
      victim_status: 'possible',
      exploitation_types: ['SexualExploitation'],
      means_of_control: ['DebtBondage', 'WithholdsDocuments'],
      recruitment_country: 'NG',
      summary: 'Arrived in 2024.',
      team: [
        { user_id: U.peer.id, role: 'peer_mediator' },
        { user_id: U.lawyer.id, role: 'lawyer' },
        { user_id: U.psych.id, role: 'psychologist' },
      ],
    });
    assert.equal(k.status, 201, k.text);
    assert.match(k.body.number, /^\d{4}-\d{4}$/);
    assert.equal(k.headers.get('location'), `/api/v1/cases/${k.body.id}`);
    assert.deepEqual(
      k.body.team.map((m) => `${m.user_id}:${m.role}`).sort(),
      [
        `${U.sw.id}:lead`,
        `${U.peer.id}:peer_mediator`,
        `${U.lawyer.id}:lawyer`,
        `${U.psych.id}:psychologist`,
      ].sort(),
    );
    assert.deepEqual(k.body.access, { write: true, break_glass: false, note_levels: ['general'] });
    s.caseA = k.body.id;
    s.numberA = k.body.number;
    const person = await c.sw.get(`/api/v1/people/${s.aicha}`);
    assert.deepEqual(person.body.cases, [{ id: s.caseA, number: s.numberA, status: 'Active' }]);

    // Someone the social worker does not follow: the coordinator's own case, in no team.
    const f = await c.coord.post('/api/v1/people', {
      given_name: 'Fatou',
      family_name: 'Diallo',
      birth_year: 1990,
    });
    assert.equal(f.status, 201, f.text);
    s.fatou = f.body.id;
    const kf = await c.coord.post('/api/v1/cases', { person_id: s.fatou });
    assert.equal(kf.status, 201, kf.text);
    s.caseF = kf.body.id;
    // The coordinator's case in team A (social workers of the team see it).
    const h = await c.coord.post('/api/v1/people', {
      given_name: 'Hawa',
      family_name: 'Traoré',
      birth_year: 1988,
    });
    s.hawa = h.body.id;
    const kh = await c.coord.post('/api/v1/cases', { person_id: s.hawa, team_id: s.team });
    assert.equal(kh.status, 201, kh.text);
    s.caseH = kh.body.id;
  });

  test('duplicate check: misspelled, reordered, accent-free names and another phone writing', async () => {
    const found = async (body) => {
      const r = await c.sw.post('/api/v1/people/duplicates', body);
      assert.equal(r.status, 200, r.text);
      return r.body.items.find((i) => i.id === s.aicha);
    };
    const plain = await found({ given_name: 'Aicha', family_name: 'Ndiaye' });
    assert.ok(plain, 'without the accent');
    assert.ok(plain.reasons.includes('name'));
    assert.deepEqual(plain.case_numbers, [s.numberA]);
    assert.ok(await found({ given_name: 'Ndiaye', family_name: 'Aïcha' }), 'words reordered');
    assert.ok(await found({ given_name: 'Aisha', family_name: 'Ndiaye' }), 'misspelled');
    assert.ok(
      await found({ given_name: 'Aïcha', family_name: 'Ndyaye' }),
      'misspelled family name',
    );
    const byPhone = await found({
      given_name: 'Someone',
      family_name: 'Else',
      contact: { phones: ['+33 6 12 34 56 78'] },
    });
    assert.ok(byPhone, 'phone in international form');
    assert.deepEqual(byPhone.reasons, ['phone']);
    assert.ok(
      await found({ given_name: 'X', contact: { phones: ['0033612345678'] } }),
      'phone with 0033',
    );
    // Outside her scope: counted, never shown.
    const hidden = await c.sw.post('/api/v1/people/duplicates', {
      given_name: 'Fatou',
      family_name: 'Diallo',
    });
    assert.equal(hidden.status, 200);
    assert.ok(!hidden.body.items.some((i) => i.id === s.fatou));
    assert.ok(hidden.body.outside_scope >= 1);
    const coordView = await c.coord.post('/api/v1/people/duplicates', {
      given_name: 'Fatou',
      family_name: 'Dialo',
    });
    assert.ok(coordView.body.items.some((i) => i.id === s.fatou));
    assert.equal(coordView.body.outside_scope, 0);
  });

  test('search by name, phone, birth date and case number', async () => {
    const q = async (query) => {
      const r = await c.sw.get(`/api/v1/people?${query}`);
      assert.equal(r.status, 200, r.text);
      return r;
    };
    assert.ok(ids(await q('q=aicha')).includes(s.aicha));
    assert.ok(ids(await q(`q=${encodeURIComponent('NDIAYE Aïcha')}`)).includes(s.aicha));
    assert.ok(ids(await q(`phone=${encodeURIComponent('+33612345678')}`)).includes(s.aicha));
    assert.ok(ids(await q('birth_date=1995-03-14')).includes(s.aicha));
    const byNumber = await q(`case_number=${s.numberA}`);
    assert.deepEqual(ids(byNumber), [s.aicha]);
    assert.equal((await c.sw.get('/api/v1/people')).status, 400);
    assert.equal((await c.sw.get('/api/v1/people?birth_date=14-03-1995')).status, 400);
    const hidden = await q('q=fatou+diallo');
    assert.deepEqual(ids(hidden), []);
    assert.equal(hidden.body.outside_scope, 1);
  });

  test('scope: peer mediator sees her own cases, social worker her team, coordinator all', async () => {
    const numbers = async (client) => {
      const r = await client.get('/api/v1/cases?limit=200');
      assert.equal(r.status, 200, r.text);
      return r.body.items.map((i) => i.id);
    };
    const peer = await numbers(c.peer);
    assert.deepEqual(peer, [s.caseA]);
    assert.equal(
      (await c.peer.get('/api/v1/cases?limit=200')).body.items[0].my_role,
      'peer_mediator',
    );
    assert.equal((await c.peer.get(`/api/v1/cases/${s.caseF}`)).status, 404);
    assert.equal((await c.peer.get(`/api/v1/cases/${s.caseH}`)).status, 404);
    assert.equal((await c.peer.get(`/api/v1/people/${s.fatou}`)).status, 404);
    // Own-scope roles are not even told that someone matched elsewhere; a social worker is.
    const search = await c.peer.get('/api/v1/people?q=hawa+traore');
    assert.deepEqual(ids(search), []);
    assert.equal(search.body.outside_scope, 0);
    const bySw2 = await c.sw2.get('/api/v1/people?q=hawa+traore');
    assert.deepEqual(ids(bySw2), []);
    assert.equal(bySw2.body.outside_scope, 1);
    assert.deepEqual(
      ids(
        await c.peer.get(
          `/api/v1/people?case_number=${encodeURIComponent((await c.coord.get(`/api/v1/cases/${s.caseH}`)).body.number)}`,
        ),
      ),
      [],
    );
    assert.deepEqual(await numbers(c.peer2), []);
    assert.equal((await c.peer2.get(`/api/v1/cases/${s.caseA}`)).status, 404);

    const sw = await numbers(c.sw);
    assert.ok(sw.includes(s.caseA) && sw.includes(s.caseH), 'team A cases');
    assert.ok(!sw.includes(s.caseF));
    const h = await c.sw.get(`/api/v1/cases/${s.caseH}`);
    assert.equal(h.status, 200);
    assert.equal(h.body.access.write, true);
    assert.equal((await c.sw.get(`/api/v1/cases/${s.caseF}`)).status, 404);
    assert.deepEqual(await numbers(c.sw2), []);
    assert.equal((await c.sw2.get(`/api/v1/cases/${s.caseH}`)).status, 404);
    assert.equal((await c.sw2.get(`/api/v1/people/${s.aicha}`)).status, 404);
    assert.deepEqual(await numbers(c.lawyer2), []);

    const coord = await numbers(c.coord);
    for (const id of [s.caseA, s.caseF, s.caseH]) assert.ok(coord.includes(id));
    // scope=mine: only where she is on the team
    const mine = (await c.coord.get('/api/v1/cases?scope=mine&limit=200')).body.items.map(
      (i) => i.id,
    );
    assert.ok(mine.includes(s.caseF) && !mine.includes(s.caseA));
    assert.equal((await c.admin.get('/api/v1/cases')).status, 403);
  });

  test('notes: every role × every level, as in src/core/case_access.cpp', async () => {
    const LEVELS = ['general', 'legal', 'clinical'];
    const may = {
      coord: ['general', 'legal'],
      sw: ['general'],
      peer: ['general'],
      lawyer: ['general', 'legal'],
      psych: ['general', 'clinical'],
    };
    const written = { general: [], legal: [], clinical: [] };
    for (const [who, levels] of Object.entries(may)) {
      for (const level of LEVELS) {
        const body = `${level} note by ${who}`;
        const r = await c[who].post(`/api/v1/cases/${s.caseA}/notes`, { level, body });
        if (levels.includes(level)) {
          assert.equal(r.status, 201, `${who} writes ${level}: ${r.text}`);
          assert.equal(r.body.level, level);
          written[level].push(body);
        } else {
          assert.equal(r.status, 403, `${who} may not write ${level}: ${r.text}`);
          assert.equal(r.body.type, 'https://passerelle.invalid/problems/forbidden');
        }
      }
    }
    for (const [who, levels] of Object.entries(may)) {
      const r = await c[who].get(`/api/v1/cases/${s.caseA}/notes`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.levels, levels, `${who}: levels`);
      const expected = levels.flatMap((l) => written[l]).sort();
      assert.deepEqual(r.body.items.map((n) => n.body).sort(), expected, `${who}: notes read`);
      const kase = await c[who].get(`/api/v1/cases/${s.caseA}`);
      assert.deepEqual(kase.body.access.note_levels, levels, `${who}: access.note_levels`);
    }
    assert.equal(
      written.clinical.length,
      1,
      'only the psychologist on the case writes clinical notes',
    );
    // no cases.work: 403 on the route itself, whatever the level
    for (const who of ['admin', 'researcher', 'viewer', 'partner']) {
      assert.equal((await c[who].get(`/api/v1/cases/${s.caseA}/notes`)).status, 403, who);
      for (const level of LEVELS) {
        const r = await c[who].post(`/api/v1/cases/${s.caseA}/notes`, { level, body: 'x' });
        assert.equal(r.status, 403, `${who} ${level}`);
      }
      assert.equal((await c[who].get(`/api/v1/cases/${s.caseA}/timeline`)).status, 403, who);
    }
    // a lawyer not on the case does not see it at all
    assert.equal((await c.lawyer2.get(`/api/v1/cases/${s.caseA}/notes`)).status, 404);
    assert.equal(
      (await c.lawyer2.post(`/api/v1/cases/${s.caseA}/notes`, { level: 'legal', body: 'x' }))
        .status,
      404,
    );
    s.notes = written;
  });

  test('minors: team social worker not on the case and untrained peer mediator on it get 404', async () => {
    const m = await c.coord.post('/api/v1/people', {
      given_name: 'Mariam',
      family_name: 'Keita',
      birth_year: thisYear - 16,
    });
    assert.equal(m.status, 201, m.text);
    assert.equal(m.body.minor, true);
    const k = await c.coord.post('/api/v1/cases', {
      person_id: m.body.id,
      team_id: s.team,
      team: [{ user_id: U.peer.id, role: 'peer_mediator' }],
    });
    assert.equal(k.status, 201, k.text);
    assert.equal(k.body.person.minor, true);
    assert.equal((await c.coord.get(`/api/v1/cases/${k.body.id}`)).status, 200);
    assert.equal((await c.sw.get(`/api/v1/cases/${k.body.id}`)).status, 404, 'team group only');
    assert.equal((await c.sw.get(`/api/v1/people/${m.body.id}`)).status, 404);
    assert.ok(
      !(await c.sw.get('/api/v1/cases?limit=200')).body.items.some((i) => i.id === k.body.id),
    );
    assert.equal(
      (await c.peer.get(`/api/v1/cases/${k.body.id}`)).status,
      404,
      'peer mediator not trained for minors',
    );
    assert.ok(
      !(await c.peer.get('/api/v1/cases?limit=200')).body.items.some((i) => i.id === k.body.id),
    );
    // On the case team, a social worker does see the minor's file.
    const put = await c.coord.call('PUT', `/api/v1/cases/${k.body.id}/team/${U.sw.id}`, {
      body: { role: 'lead' },
    });
    assert.equal(put.status, 204, put.text);
    assert.equal((await c.sw.get(`/api/v1/cases/${k.body.id}`)).status, 200);
    assert.equal((await c.coord.delete(`/api/v1/cases/${k.body.id}/team/${U.sw.id}`)).status, 204);
    assert.equal((await c.sw.get(`/api/v1/cases/${k.body.id}`)).status, 404);
    assert.equal((await c.coord.delete(`/api/v1/cases/${k.body.id}/team/${U.sw.id}`)).status, 404);
  });

  test('break-the-glass: read-only access with a reason, listed and audited', async () => {
    assert.equal((await c.peer2.get(`/api/v1/cases/${s.caseA}`)).status, 404);
    const short = await c.peer2.post(`/api/v1/cases/${s.caseA}/break-glass`, { reason: 'urgent' });
    assert.equal(short.status, 422);
    assert.deepEqual(codes(short), ['reason:reason.short']);
    assert.equal(
      (
        await c.peer2.post(`/api/v1/cases/${NO_SUCH_ID}/break-glass`, {
          reason: 'She called the night line, in danger',
        })
      ).status,
      404,
    );
    const g = await c.peer2.post(`/api/v1/cases/${s.caseA}/break-glass`, {
      reason: 'She called the night line, in danger',
    });
    assert.equal(g.status, 201, g.text);
    assert.equal(g.body.case_id, s.caseA);
    const k = await c.peer2.get(`/api/v1/cases/${s.caseA}`);
    assert.equal(k.status, 200, k.text);
    assert.equal(k.body.access.break_glass, true);
    assert.equal(k.body.access.write, false);
    assert.equal((await c.peer2.get(`/api/v1/cases/${s.caseA}/notes`)).status, 200);
    const note = await c.peer2.post(`/api/v1/cases/${s.caseA}/notes`, {
      level: 'general',
      body: 'x',
    });
    assert.equal(note.status, 403, note.text);
    const enc = await c.peer2.post('/api/v1/encounters', {
      case_id: s.caseA,
      type: 'phone_follow_up',
    });
    assert.equal(enc.status, 403);
    // not in her caseload list
    assert.deepEqual((await c.peer2.get('/api/v1/cases')).body.items, []);

    const review = await c.coord.get('/api/v1/break-glass');
    assert.equal(review.status, 200);
    const grant = review.body.items.find((i) => i.id === g.body.id);
    assert.ok(grant);
    assert.equal(grant.user_id, U.peer2.id);
    assert.equal(grant.case_number, s.numberA);
    assert.equal(grant.active, true);
    assert.equal((await c.sw.get('/api/v1/break-glass')).status, 403);
    const audit = await c.admin.get('/api/v1/audit?action=case.break_glass');
    assert.ok(audit.body.items.some((e) => e.target_id === s.caseA && e.actor_id === U.peer2.id));
    const reads = await c.admin.get(`/api/v1/audit?action=case.read&actor=${U.peer2.id}`);
    assert.ok(
      reads.body.items.some((e) => e.target_id === s.caseA && e.details?.break_glass === true),
    );
  });

  test('versions: stale If-Match → 412 with the current version, nothing changed; none → 428', async () => {
    // person
    const p0 = await c.sw.get(`/api/v1/people/${s.aicha}`);
    const v = Number(JSON.parse(p0.headers.get('etag')));
    const ok = await c.sw.patch(
      `/api/v1/people/${s.aicha}`,
      { aliases: ['Aissatou'] },
      { headers: { 'if-match': `"${v}"` } },
    );
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.version, v + 1);
    const stale = await c.sw.patch(
      `/api/v1/people/${s.aicha}`,
      { family_name: 'Wrong' },
      { headers: { 'if-match': `"${v}"` } },
    );
    assert.equal(stale.status, 412);
    assert.equal(stale.body.current_version, v + 1);
    assert.equal(stale.body.current.family_name, 'Ndiaye');
    assert.equal(
      (await c.sw.patch(`/api/v1/people/${s.aicha}`, { family_name: 'Wrong' })).status,
      428,
    );
    assert.equal((await c.sw.get(`/api/v1/people/${s.aicha}`)).body.family_name, 'Ndiaye');
    // case
    const k0 = await c.sw.get(`/api/v1/cases/${s.caseA}`);
    const kv = k0.body.version;
    const kok = await c.sw.patch(
      `/api/v1/cases/${s.caseA}`,
      { summary: 'Arrived in 2024; housed.' },
      { headers: { 'if-match': `"${kv}"` } },
    );
    assert.equal(kok.status, 200, kok.text);
    const kstale = await c.sw.patch(
      `/api/v1/cases/${s.caseA}`,
      { summary: 'lost' },
      { headers: { 'if-match': `W/"${kv}"` } },
    );
    assert.equal(kstale.status, 412);
    assert.equal(kstale.body.current_version, kv + 1);
    assert.equal((await c.sw.patch(`/api/v1/cases/${s.caseA}`, { summary: 'lost' })).status, 428);
    assert.equal(
      (await c.sw.get(`/api/v1/cases/${s.caseA}`)).body.summary,
      'Arrived in 2024; housed.',
    );
    // task
    const t = await c.sw.post('/api/v1/tasks', {
      case_id: s.caseA,
      title: 'Call the lawyer',
      due_at: day(3),
    });
    assert.equal(t.status, 201, t.text);
    const tok = await c.sw.patch(
      `/api/v1/tasks/${t.body.id}`,
      { title: 'Call the lawyer back' },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(tok.status, 200, tok.text);
    const tstale = await c.sw.patch(
      `/api/v1/tasks/${t.body.id}`,
      { title: 'lost' },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(tstale.status, 412);
    assert.equal(tstale.body.current_version, 2);
    assert.equal(tstale.body.current.title, 'Call the lawyer back');
    assert.equal((await c.sw.patch(`/api/v1/tasks/${t.body.id}`, { title: 'lost' })).status, 428);
    // goal
    const g = await c.sw.post(`/api/v1/cases/${s.caseA}/goals`, {
      type: 'Housing',
      objective: 'Stable housing',
      planned_end: day(90),
    });
    assert.equal(g.status, 201, g.text);
    s.goal = g.body.id;
    const gok = await c.sw.patch(
      `/api/v1/goals/${s.goal}`,
      { progress: 40, status: 'in_progress' },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(gok.status, 200, gok.text);
    const gstale = await c.sw.patch(
      `/api/v1/goals/${s.goal}`,
      { progress: 90 },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(gstale.status, 412);
    assert.equal(gstale.body.current_version, 2);
    assert.equal(gstale.body.current.progress, 40);
    assert.equal((await c.sw.patch(`/api/v1/goals/${s.goal}`, { progress: 90 })).status, 428);
    assert.equal((await c.sw.get(`/api/v1/cases/${s.caseA}/goals`)).body.items[0].progress, 40);
  });

  test('consents: given then withdrawn, the latest decides', async () => {
    const url = `/api/v1/people/${s.aicha}/consents`;
    const given = await c.sw.post(url, {
      purpose: 'sharing',
      partner_name: 'Shelter Horizon',
      method: 'written',
      given_on: day(-30),
    });
    assert.equal(given.status, 201, given.text);
    assert.equal(given.body.status, 'given');
    const withdrawn = await c.peer.post(url, {
      purpose: 'sharing',
      partner_name: 'Shelter Horizon',
      status: 'withdrawn',
      method: 'oral',
    });
    assert.equal(withdrawn.status, 201, withdrawn.text);
    assert.equal(withdrawn.body.given_on, day(0));
    const again = await c.sw.post(url, {
      purpose: 'case_management',
      method: 'oral',
      given_on: day(-2),
    });
    assert.equal(again.status, 201);
    const list = await c.lawyer.get(url);
    assert.equal(list.status, 200);
    const latest = (purpose) =>
      list.body.items
        .filter((x) => x.purpose === purpose)
        .sort((a, b) => (a.given_on + a.created_at < b.given_on + b.created_at ? -1 : 1))
        .at(-1);
    assert.equal(latest('sharing').status, 'withdrawn');
    assert.equal(latest('case_management').status, 'given');
    assert.equal(list.body.items.length, 3);
    const noPartner = await c.sw.post(url, { purpose: 'sharing', method: 'oral' });
    assert.equal(noPartner.status, 422);
    assert.deepEqual(codes(noPartner), ['partner_name:field.required']);
    assert.deepEqual(
      codes(await c.sw.post(url, { purpose: 'media', method: 'oral', given_on: day(2) })),
      ['given_on:date.format'],
    );
    assert.equal((await c.sw2.get(url)).status, 404);
  });

  test('encounters: with a case, anonymous, and the refusals', async () => {
    const withCase = await c.sw.post('/api/v1/encounters', {
      case_id: s.caseA,
      type: 'accompaniment_prefecture',
      happened_on: day(-1),
      duration_minutes: 90,
      site_id: s.site,
      language: 'fr',
      topics: ['residence'],
      notes: 'Receipt obtained.',
    });
    assert.equal(withCase.status, 201, withCase.text);
    assert.equal(withCase.body.anonymous, false);
    const anon = await c.peer2.post('/api/v1/encounters', {
      type: 'outreach_contact',
      anonymous: { gender: 'Feminine', age_band: '25-34', nationality: 'NG' },
    });
    assert.equal(anon.status, 201, anon.text);
    assert.equal(anon.body.anonymous, true);
    assert.equal(anon.body.case_id, null);
    const both = await c.sw.post('/api/v1/encounters', {
      case_id: s.caseA,
      type: 'orientation',
      anonymous: { gender: 'Feminine' },
    });
    assert.equal(both.status, 422);
    assert.ok(codes(both).includes('anonymous:field.invalid'));
    const neither = await c.sw.post('/api/v1/encounters', { type: 'orientation' });
    assert.equal(neither.status, 422);
    assert.deepEqual(codes(neither), ['case_id:field.required']);
    const future = await c.sw.post('/api/v1/encounters', {
      case_id: s.caseA,
      type: 'orientation',
      // Two days ahead is in the future in every time zone (tomorrow may already be today at UTC+14).
      happened_on: day(2),
    });
    assert.equal(future.status, 422);
    assert.deepEqual(codes(future), ['happened_on:date.format']);
    const badBand = await c.sw.post('/api/v1/encounters', {
      type: 'outreach_contact',
      anonymous: { age_band: '30-40' },
    });
    assert.deepEqual(codes(badBand), ['anonymous.age_band:field.invalid']);
    assert.equal(
      (await c.sw2.post('/api/v1/encounters', { case_id: s.caseA, type: 'orientation' })).status,
      404,
    );
    const list = await c.peer.get(`/api/v1/cases/${s.caseA}/encounters`);
    assert.equal(list.status, 200);
    assert.deepEqual(ids(list), [withCase.body.id]);
    assert.equal(list.body.items[0].duration_minutes, 90);
  });

  test('tasks: my list by due date, overdue flag, done via PATCH; assignee off the case → 422', async () => {
    const mk = async (title, due_at, extra = {}) => {
      const r = await c.lawyer.post('/api/v1/tasks', { title, due_at, ...extra });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    const later = await mk('File the appeal', day(10));
    const past = await mk('Send the documents', day(-2));
    const soon = await mk('Hearing', `${day(1)}T09:30:00Z`, {
      kind: 'appointment',
      case_id: s.caseA,
    });
    const mine = await c.lawyer.get('/api/v1/tasks');
    assert.equal(mine.status, 200);
    assert.deepEqual(ids(mine), [past.id, soon.id, later.id]);
    assert.deepEqual(
      mine.body.items.map((t) => t.overdue),
      [true, false, false],
    );
    const done = await c.lawyer.patch(
      `/api/v1/tasks/${past.id}`,
      { done: true },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(done.status, 200, done.text);
    assert.ok(done.body.done_at);
    assert.equal(done.body.overdue, false);
    assert.deepEqual(ids(await c.lawyer.get('/api/v1/tasks')), [soon.id, later.id]);
    assert.deepEqual(ids(await c.lawyer.get('/api/v1/tasks?include_done=true')), [
      past.id,
      soon.id,
      later.id,
    ]);
    const caseTasks = await c.sw.get(`/api/v1/cases/${s.caseA}/tasks`);
    assert.ok(ids(caseTasks).includes(soon.id));
    assert.equal(caseTasks.body.items.find((t) => t.id === soon.id).kind, 'appointment');
    // someone not on the case
    const off = await c.sw.post('/api/v1/tasks', {
      case_id: s.caseA,
      assignee_id: U.sw2.id,
      title: 'x',
      due_at: day(1),
    });
    assert.equal(off.status, 422);
    assert.deepEqual(codes(off), ['assignee_id:field.invalid']);
    // someone else's personal task: 404
    assert.equal(
      (
        await c.sw.patch(
          `/api/v1/tasks/${later.id}`,
          { done: true },
          { headers: { 'if-match': '"1"' } },
        )
      ).status,
      404,
    );
    s.appointment = soon;
  });

  test('timeline: encounters, goals, events, and only the note levels the reader may see', async () => {
    const ev = await c.sw.post(`/api/v1/cases/${s.caseA}/events`, {
      stage: 'Recruitment',
      country: 'NG',
      happened_on: '2023-05-01',
      place: 'Benin City',
    });
    assert.equal(ev.status, 201, ev.text);
    assert.equal(
      (await c.sw.get(`/api/v1/cases/${s.caseA}/events`)).body.items[0].place,
      'Benin City',
    );
    const needs = await c.sw.call('PUT', `/api/v1/cases/${s.caseA}/needs`, {
      body: { needs: { shelter: 'met', legal: 'in_progress' } },
    });
    assert.equal(needs.status, 200, needs.text);
    assert.deepEqual((await c.peer.get(`/api/v1/cases/${s.caseA}/needs`)).body.needs, {
      shelter: 'met',
      legal: 'in_progress',
    });
    const badNeed = await c.sw.call('PUT', `/api/v1/cases/${s.caseA}/needs`, {
      body: { needs: { shelter: 'done' } },
    });
    assert.deepEqual(codes(badNeed), ['needs.shelter:field.invalid']);

    const kinds = (r) => new Set(r.body.items.map((i) => i.kind));
    const levels = (r) =>
      new Set(r.body.items.filter((i) => i.kind === 'note').map((i) => i.level));
    const psych = await c.psych.get(`/api/v1/cases/${s.caseA}/timeline`);
    assert.equal(psych.status, 200, psych.text);
    for (const k of [
      'case_opened',
      'encounter',
      'note',
      'goal',
      'trafficking_event',
      'consent',
      'appointment',
      'task',
    ])
      assert.ok(kinds(psych).has(k), `timeline has ${k}`);
    assert.deepEqual(levels(psych), new Set(['general', 'clinical']));
    assert.deepEqual(
      levels(await c.lawyer.get(`/api/v1/cases/${s.caseA}/timeline`)),
      new Set(['general', 'legal']),
    );
    assert.deepEqual(
      levels(await c.sw.get(`/api/v1/cases/${s.caseA}/timeline`)),
      new Set(['general']),
    );
    assert.deepEqual(
      levels(await c.coord.get(`/api/v1/cases/${s.caseA}/timeline`)),
      new Set(['general', 'legal']),
    );
    const at = psych.body.items.map((i) => i.at);
    assert.deepEqual(at, [...at].sort().reverse(), 'newest first');
    assert.equal((await c.sw2.get(`/api/v1/cases/${s.caseA}/timeline`)).status, 404);
  });

  test('iCal feed: appointments by case number, no names, revocable', async () => {
    const created = await c.lawyer.post('/api/v1/me/calendar', {});
    assert.equal(created.status, 201, created.text);
    const anon = api(server);
    const feed = await anon.get(created.body.url, { session: false });
    assert.equal(feed.status, 200, feed.text);
    assert.match(feed.headers.get('content-type'), /^text\/calendar/);
    assert.match(feed.text, /^BEGIN:VCALENDAR\r\n/);
    assert.ok(
      feed.text.includes(`SUMMARY:Appointment ${s.numberA}`) ||
        feed.text.includes(`SUMMARY:Rendez-vous ${s.numberA}`),
      feed.text,
    );
    assert.ok(feed.text.includes(`DTSTART:${day(1).replace(/-/g, '')}T093000Z`), feed.text);
    for (const secret of ['Aïcha', 'Ndiaye', 'Hearing', 'File the appeal'])
      assert.ok(!feed.text.includes(secret), `feed leaks ${secret}`);
    const wrong = await anon.get(
      '/api/v1/calendar.ics?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      { session: false },
    );
    assert.equal(wrong.status, 404);
    assert.equal((await anon.get('/api/v1/calendar.ics', { session: false })).status, 404);
    assert.equal((await c.lawyer.delete('/api/v1/me/calendar')).status, 204);
    assert.equal((await anon.get(created.body.url, { session: false })).status, 404);
  });

  test('GDPR: export JSON and PDF; clinical notes counted, not given', async () => {
    const bad = await c.coord.post(`/api/v1/people/${s.aicha}/export`, { reason: 'asked' });
    assert.equal(bad.status, 422);
    assert.equal(
      (await c.sw.post(`/api/v1/people/${s.aicha}/export`, { reason: 'She asked for her file' }))
        .status,
      403,
    );
    const r = await c.coord.post(`/api/v1/people/${s.aicha}/export`, {
      reason: 'She asked for her file (art. 15)',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.person.given_name, 'Aïcha');
    const bodies = r.body.cases.flatMap((k) => k.notes.map((n) => n.body));
    for (const b of [...s.notes.general, ...s.notes.legal])
      assert.ok(bodies.includes(b), `export has ${b}`);
    assert.ok(!JSON.stringify(r.body).includes(s.notes.clinical[0]), 'no clinical text');
    assert.equal(r.body.clinical_notes_withheld, s.notes.clinical.length);
    assert.equal(r.body.consents.length, 3);
    const audit = await c.admin.get('/api/v1/audit?action=person.export');
    assert.ok(audit.body.items.some((e) => e.target_id === s.aicha));

    // Binary: fetched directly, then checked against the description like every other answer.
    const exportPath = `/api/v1/people/${s.aicha}/export`;
    const raw = await fetch(`${server.baseURL}${exportPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `passerelle_session=${c.coord.cookie}`,
        'x-csrf-token': c.coord.csrf,
      },
      body: JSON.stringify({ reason: 'She asked for her file (art. 15)', format: 'pdf' }),
    });
    const bytes = Buffer.from(await raw.arrayBuffer());
    const text = raw.status === 200 ? '' : bytes.toString();
    validateResponse({
      method: 'POST',
      path: exportPath,
      status: raw.status,
      headers: raw.headers,
      text,
    });
    assert.equal(raw.status, 200, text);
    assert.equal(raw.headers.get('content-type'), 'application/pdf');
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-pdf-'));
    try {
      await writeFile(path.join(dir, 'export.pdf'), bytes);
      const { stdout } = await run('pdftotext', [path.join(dir, 'export.pdf'), '-']);
      assert.match(stdout, /Aïcha Ndiaye/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('GDPR: anonymise destroys names and keeps the case', async () => {
    const b = await c.sw.post('/api/v1/people', {
      given_name: 'Blessing',
      family_name: 'Okoro',
      contact: { phones: ['0755555555'] },
    });
    const k = await c.sw.post('/api/v1/cases', { person_id: b.body.id, team_id: s.team });
    assert.equal(k.status, 201, k.text);
    await c.sw.post(`/api/v1/cases/${k.body.id}/notes`, { body: 'Her story' });
    assert.deepEqual(ids(await c.sw.get('/api/v1/people?q=blessing+okoro')), [b.body.id]);
    assert.equal(
      (
        await c.sw.post(`/api/v1/people/${b.body.id}/anonymise`, {
          reason: 'She asked to be forgotten',
        })
      ).status,
      403,
    );
    const a = await c.coord.post(`/api/v1/people/${b.body.id}/anonymise`, {
      reason: 'She asked to be forgotten',
    });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.anonymised, true);
    assert.equal(a.body.notes_removed, 1);
    assert.deepEqual(ids(await c.sw.get('/api/v1/people?q=blessing+okoro')), []);
    assert.deepEqual(ids(await c.sw.get('/api/v1/people?phone=0755555555')), []);
    const p = await c.sw.get(`/api/v1/people/${b.body.id}`);
    assert.equal(p.status, 200);
    assert.equal(p.body.given_name, 'Anonymised');
    assert.equal(p.body.family_name, '');
    assert.deepEqual(p.body.contact.phones, []);
    const kase = await c.sw.get(`/api/v1/cases/${k.body.id}`);
    assert.equal(kase.status, 200);
    assert.equal(kase.body.number, k.body.number);
    assert.deepEqual((await c.sw.get(`/api/v1/cases/${k.body.id}/notes`)).body.items, []);
    assert.equal(
      (
        await c.coord.post(`/api/v1/people/${NO_SUCH_ID}/anonymise`, {
          reason: 'She asked to be forgotten',
        })
      ).status,
      404,
    );
  });

  test('GDPR: merge moves the case and consents; the old name finds the kept record', async () => {
    const kept = await c.sw.post('/api/v1/people', {
      given_name: 'Grace',
      family_name: 'Okafor',
      birth_year: 1992,
    });
    const old = await c.sw.post('/api/v1/people', {
      given_name: 'Gracious',
      family_name: 'Okafor-Eze',
      birth_year: 1992,
    });
    const k = await c.sw.post('/api/v1/cases', { person_id: old.body.id, team_id: s.team });
    assert.equal(k.status, 201, k.text);
    assert.equal(
      (
        await c.sw.post(`/api/v1/people/${old.body.id}/consents`, {
          purpose: 'photo',
          method: 'written',
        })
      ).status,
      201,
    );
    const bad = await c.coord.post(`/api/v1/people/${old.body.id}/merge`, {
      into: old.body.id,
      reason: 'Same woman, two records',
    });
    assert.deepEqual(codes(bad), ['into:field.invalid']);
    const m = await c.coord.post(`/api/v1/people/${old.body.id}/merge`, {
      into: kept.body.id,
      reason: 'Same woman, two records',
    });
    assert.equal(m.status, 200, m.text);
    assert.equal(m.body.into, kept.body.id);
    const after = await c.sw.get(`/api/v1/people/${kept.body.id}`);
    assert.deepEqual(
      after.body.cases.map((x) => x.id),
      [k.body.id],
    );
    const consents = await c.sw.get(`/api/v1/people/${kept.body.id}/consents`);
    assert.deepEqual(
      consents.body.items.map((x) => x.purpose),
      ['photo'],
    );
    assert.equal((await c.sw.get(`/api/v1/cases/${k.body.id}`)).body.person.id, kept.body.id);
    assert.deepEqual(ids(await c.sw.get('/api/v1/people?q=gracious+okafor-eze')), [kept.body.id]);
    assert.equal(
      (
        await c.coord.post(`/api/v1/people/${old.body.id}/merge`, {
          into: kept.body.id,
          reason: 'Same woman, two records',
        })
      ).status,
      404,
    );
  });

  test('restricted person: her case is read-only for a social worker', async () => {
    const r = await c.sw.post('/api/v1/people', { given_name: 'Rita', family_name: 'Mensah' });
    const k = await c.sw.post('/api/v1/cases', { person_id: r.body.id, team_id: s.team });
    const p = await c.coord.patch(
      `/api/v1/people/${r.body.id}`,
      { restricted: true },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.restricted, true);
    const kase = await c.sw.get(`/api/v1/cases/${k.body.id}`);
    assert.equal(kase.status, 200);
    assert.equal(kase.body.access.write, false);
    assert.equal((await c.sw.post(`/api/v1/cases/${k.body.id}/notes`, { body: 'x' })).status, 403);
    assert.equal(
      (
        await c.sw.patch(
          `/api/v1/cases/${k.body.id}`,
          { summary: 'x' },
          { headers: { 'if-match': `"${kase.body.version}"` } },
        )
      ).status,
      403,
    );
    assert.equal(
      (await c.sw.post('/api/v1/encounters', { case_id: k.body.id, type: 'orientation' })).status,
      403,
    );
    assert.equal(
      (await c.sw.post('/api/v1/tasks', { case_id: k.body.id, title: 'x', due_at: day(1) })).status,
      403,
    );
  });

  test('input errors: unknown fields, bad vocabulary, ill-formed and unknown ids', async () => {
    const unknown = await c.sw.post('/api/v1/people', { given_name: 'A', nickname: 'B' });
    assert.equal(unknown.status, 422);
    assert.deepEqual(codes(unknown), ['nickname:field.unknown']);
    assert.deepEqual(
      codes(await c.sw.post('/api/v1/cases', { person_id: s.aicha, colour: 'red' })),
      ['colour:field.unknown'],
    );
    assert.deepEqual(codes(await c.sw.post('/api/v1/people', { given_name: 'A', gender: 'F' })), [
      'gender:field.invalid',
    ]);
    assert.deepEqual(
      codes(await c.sw.post('/api/v1/people', { given_name: 'A', nationalities: ['fr'] })),
      ['nationalities:field.invalid'],
    );
    assert.deepEqual(codes(await c.sw.post('/api/v1/people', { family_name: 'A' })), [
      'given_name:field.required',
    ]);
    assert.deepEqual(
      codes(await c.sw.post('/api/v1/cases', { person_id: s.aicha, status: 'Open' })),
      ['status:field.invalid'],
    );
    assert.deepEqual(
      codes(
        await c.sw.post('/api/v1/cases', { person_id: s.aicha, exploitation_types: ['Begging'] }),
      ),
      ['exploitation_types:field.invalid'],
    );
    assert.deepEqual(codes(await c.sw.post('/api/v1/cases', { person_id: s.fatou })), [
      'person_id:field.invalid',
    ]);
    assert.deepEqual(
      codes(await c.sw.post(`/api/v1/cases/${s.caseA}/notes`, { level: 'secret', body: 'x' })),
      ['level:field.invalid'],
    );
    assert.deepEqual(
      codes(await c.sw.post('/api/v1/encounters', { case_id: s.caseA, type: 'visit' })),
      ['type:field.invalid'],
    );
    assert.deepEqual(
      codes(await c.sw.post('/api/v1/tasks', { title: 'x', due_at: day(1), kind: 'meeting' })),
      ['kind:field.invalid'],
    );
    assert.deepEqual(
      codes(await c.sw.post(`/api/v1/cases/${s.caseA}/goals`, { type: 'Fun', objective: 'x' })),
      ['type:field.invalid'],
    );
    assert.deepEqual(
      codes(await c.sw.post(`/api/v1/cases/${s.caseA}/events`, { stage: 'Arrival' })),
      ['stage:field.invalid'],
    );
    assert.deepEqual(
      codes(
        await c.sw.call('PUT', `/api/v1/cases/${s.caseA}/team/${U.sw2.id}`, {
          body: { role: 'boss' },
        }),
      ),
      ['role:field.invalid'],
    );
    assert.deepEqual(
      codes(
        await c.sw.call('PUT', `/api/v1/cases/${s.caseA}/team/${U.admin.id}`, {
          body: { role: 'other' },
        }),
      ),
      ['user_id:field.invalid'],
    );
    assert.deepEqual(
      codes(await c.admin.post('/api/v1/sites', { name: 'Court', kind: 'castle' })),
      ['kind:field.invalid'],
    );
    assert.deepEqual(
      codes(
        await c.sw.post('/api/v1/people/duplicates', { given_name: 'A', birth_date: '2020-13-01' }),
      ),
      ['birth_date:date.format'],
    );
    for (const p of [
      '/api/v1/people/not-an-id',
      '/api/v1/cases/123',
      `/api/v1/people/${NO_SUCH_ID}`,
      `/api/v1/cases/${NO_SUCH_ID}`,
      `/api/v1/cases/${NO_SUCH_ID}/notes`,
      `/api/v1/people/${NO_SUCH_ID}/consents`,
    ]) {
      const r = await c.coord.get(p);
      assert.equal(r.status, 404, p);
    }
    assert.equal(
      (await c.sw.patch('/api/v1/tasks/nope', { done: true }, { headers: { 'if-match': '"1"' } }))
        .status,
      404,
    );
    assert.equal(
      (
        await c.sw.patch(
          `/api/v1/goals/${NO_SUCH_ID}`,
          { progress: 1 },
          { headers: { 'if-match': '"1"' } },
        )
      ).status,
      404,
    );
    assert.equal(
      (
        await c.sw.call('PUT', `/api/v1/people/${s.aicha}/relations/not-an-id`, {
          body: { relation: 'child' },
        })
      ).status,
      404,
    );
  });

  test('relations: a relative is named only to those who may see her', async () => {
    const child = await c.sw.post('/api/v1/people', {
      given_name: 'Moussa',
      family_name: 'Ndiaye',
      birth_year: thisYear - 4,
    });
    assert.equal(child.status, 201);
    const put = await c.sw.call('PUT', `/api/v1/people/${s.aicha}/relations/${child.body.id}`, {
      body: { relation: 'child' },
    });
    assert.equal(put.status, 204, put.text);
    const mine = await c.sw.get(`/api/v1/people/${s.aicha}/relations`);
    assert.deepEqual(mine.body.items, [
      {
        relative_id: child.body.id,
        relation: 'child',
        given_name: 'Moussa',
        family_name: 'Ndiaye',
        minor: true,
      },
    ]);
    const peer = await c.peer.get(`/api/v1/people/${s.aicha}/relations`);
    assert.deepEqual(peer.body.items, [{ relative_id: child.body.id, relation: 'child' }]);
    assert.deepEqual(
      codes(
        await c.sw.call('PUT', `/api/v1/people/${s.aicha}/relations/${child.body.id}`, {
          body: { relation: 'cousin' },
        }),
      ),
      ['relation:field.invalid'],
    );
    assert.equal(
      (await c.sw.delete(`/api/v1/people/${s.aicha}/relations/${child.body.id}`)).status,
      204,
    );
    assert.equal(
      (await c.sw.delete(`/api/v1/people/${s.aicha}/relations/${child.body.id}`)).status,
      404,
    );
  });

  // Last: the retention run with a clock 10 years ahead also ends every session.
  test('retention: the person of a long-closed case is anonymised', async () => {
    const z = await c.sw.post('/api/v1/people', { given_name: 'Zainab', family_name: 'Conteh' });
    const k = await c.sw.post('/api/v1/cases', { person_id: z.body.id, team_id: s.team });
    const closed = await c.sw.patch(
      `/api/v1/cases/${k.body.id}`,
      { status: 'Closed', closure_reason: 'Moved abroad' },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.body.closed_on, day(0));
    const tenYears = Math.floor(Date.now() / 1000) + 10 * 366 * 86400;
    await server.cli(['retention', 'run'], { env: { PASSERELLE_FAKE_NOW: String(tenYears) } });
    const { client } = await signIn(server, U.coord);
    const p = await client.get(`/api/v1/people/${z.body.id}`);
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.given_name, 'Anonymised');
    assert.equal(p.body.family_name, '');
    assert.equal((await client.get(`/api/v1/cases/${k.body.id}`)).body.status, 'Closed');
    assert.deepEqual(ids(await client.get('/api/v1/people?q=zainab+conteh')), []);
    // an open case keeps its person
    assert.equal((await client.get(`/api/v1/people/${s.aicha}`)).body.given_name, 'Aïcha');
  });
});

// The request schemas of the description agree with the server: bodies it accepts validate,
// bodies it refuses (422 above) do not.
describe('casework request schemas', () => {
  const id = NO_SUCH_ID;
  const cases = [
    [
      'PersonCreate',
      {
        given_name: 'Aïcha',
        family_name: 'Ndiaye',
        birth_date: '1995-03-14',
        gender: 'Feminine',
        nationalities: ['SN'],
        languages: ['fr', 'wo'],
        contact: { phones: ['06 12 34 56 78'] },
        documents: { passport: 'confiscated' },
      },
      true,
    ],
    ['PersonCreate', { family_name: 'A' }, false],
    ['PersonCreate', { given_name: 'A', nickname: 'B' }, false],
    ['PersonCreate', { given_name: 'A', gender: 'F' }, false],
    ['PersonCreate', { given_name: 'A', nationalities: ['fr'] }, false],
    ['PersonPatch', { restricted: true, minor_override: null }, true],
    [
      'CaseCreate',
      {
        person_id: id,
        team_id: id,
        victim_status: 'possible',
        exploitation_types: ['SexualExploitation'],
        team: [{ user_id: id, role: 'lawyer' }],
      },
      true,
    ],
    ['CaseCreate', { person_id: id, status: 'Open' }, false],
    ['CaseCreate', { person_id: id, colour: 'red' }, false],
    ['CaseCreate', { person_id: id, closure_reason: 'x' }, false],
    ['CasePatch', { status: 'Closed', closure_reason: 'Moved abroad' }, true],
    ['CasePatch', { person_id: id }, false],
    ['NoteCreate', { level: 'legal', body: 'x' }, true],
    ['NoteCreate', { level: 'secret', body: 'x' }, false],
    [
      'EncounterCreate',
      {
        case_id: id,
        type: 'accompaniment_prefecture',
        happened_on: '2026-01-02',
        duration_minutes: 90,
      },
      true,
    ],
    [
      'EncounterCreate',
      {
        type: 'outreach_contact',
        anonymous: { gender: 'Feminine', age_band: '25-34', nationality: 'NG' },
      },
      true,
    ],
    [
      'EncounterCreate',
      { case_id: id, type: 'orientation', anonymous: { gender: 'Feminine' } },
      false,
    ],
    ['EncounterCreate', { type: 'orientation' }, false],
    ['EncounterCreate', { type: 'outreach_contact', anonymous: { age_band: '30-40' } }, false],
    [
      'TaskCreate',
      { title: 'Hearing', due_at: '2026-12-01T09:30:00Z', kind: 'appointment', case_id: id },
      true,
    ],
    ['TaskCreate', { title: 'x', due_at: '2026-12-01', kind: 'meeting' }, false],
    ['TaskPatch', { done: true }, true],
    [
      'ConsentCreate',
      {
        purpose: 'sharing',
        partner_name: 'Shelter Horizon',
        method: 'written',
        given_on: '2026-01-01',
      },
      true,
    ],
    ['ConsentCreate', { purpose: 'sharing', method: 'oral' }, false],
    [
      'GoalCreate',
      { type: 'Housing', objective: 'Stable housing', planned_end: '2027-01-01' },
      true,
    ],
    ['GoalCreate', { type: 'Fun', objective: 'x' }, false],
    ['GoalPatch', { progress: 40, status: 'in_progress' }, true],
    ['GoalPatch', { progress: 140 }, false],
    [
      'EventCreate',
      { stage: 'Recruitment', country: 'NG', happened_on: '2023-05-01', place: 'Benin City' },
      true,
    ],
    ['EventCreate', { stage: 'Arrival' }, false],
    ['Needs', { needs: { shelter: 'met', legal: 'in_progress' } }, true],
    ['Needs', { needs: { shelter: 'done' } }, false],
    ['CaseTeamPut', { role: 'boss' }, false],
    ['RelationPut', { relation: 'cousin' }, false],
    ['ReasonRequest', { reason: 'urgent' }, false],
    ['ExportRequest', { reason: 'She asked for her file', format: 'pdf' }, true],
    ['MergeRequest', { into: id, reason: 'Same woman, two records' }, true],
    ['SiteCreate', { name: 'Court', kind: 'castle' }, false],
    ['TeamCreate', { name: 'Team A' }, true],
  ];
  for (const [name, body, valid] of cases) {
    test(`${name} ${valid ? 'accepts' : 'refuses'} ${JSON.stringify(body)}`, () => {
      if (valid) assertSchema(name, body);
      else assert.throws(() => assertSchema(name, body));
    });
  }
});
