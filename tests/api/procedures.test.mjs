// Procedures through the API, every answer checked against docs/openapi.yaml: a referral from
// draft to completed and every refusal on the way (nothing changes), the consent rule, deadline
// arithmetic seen in GET /deadlines, who sees which kinds (areas), minors-only kinds, the
// timeline, hearings in the iCal feed, the printable referral form, the GDPR export, the audit.
// One server, every user signed in once; the tests run in order and build on each other.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { api, validateResponse } from '../support/openapi.mjs';
import { roleUser, signIn } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const run = promisify(execFile);
const NO_SUCH_ID = '0190d7a4-3c2e-7b1a-8f00-0123456789ab';
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const thisYear = new Date().getUTCFullYear();

const U = {
  admin: roleUser('administrator'),
  coord: roleUser('coordinator'),
  sw: roleUser('social_worker'), // lead of case A, in team A
  peer: roleUser('peer_mediator'), // on case A's team
  peer2: roleUser('peer_mediator', '2'), // on no case team
  lawyer: roleUser('lawyer'), // on case A's team
  lawyer2: roleUser('lawyer', '2'), // on no case team
  psych: roleUser('psychologist'), // on case A's team
};

const codes = (r) => (r.body?.errors ?? []).map((e) => `${e.field}:${e.code}`);
const P = (t) => `https://passerelle.invalid/problems/${t}`;

describe('procedures', () => {
  let server;
  const c = {}; // signed-in clients by key of U
  const s = {}; // shared records

  before(async () => {
    server = await startServer({ users: Object.values(U) });
    for (const [key, user] of Object.entries(U)) c[key] = (await signIn(server, user)).client;
  });
  after(() => server?.stop());

  const version = async (id) => (await c.sw.get(`/api/v1/procedures/${id}`)).body.version;
  const transition = (client, id, body) => client.post(`/api/v1/procedures/${id}/transitions`, body);

  test('setup: partners, a person with a child and needs, her case; a minor', async () => {
    const team = await c.admin.post('/api/v1/teams', { name: 'Team A' });
    assert.equal(team.status, 201, team.text);
    s.team = team.body.id;
    const put = await c.admin.call('PUT', `/api/v1/teams/${s.team}/members/${U.sw.id}`, { body: {} });
    assert.equal(put.status, 204, put.text);

    for (const [key, name, kind] of [
      ['horizon', 'Refuge Horizon', 'NGO'],
      ['clinic', 'Clinique du Sud', 'HealthServiceOrganisation'],
    ]) {
      const p = await c.coord.post('/api/v1/partners', { name, kind });
      assert.equal(p.status, 201, p.text);
      s[key] = p.body.id;
    }

    const person = await c.sw.post('/api/v1/people', {
      given_name: 'Aïcha',
      family_name: 'Ndiaye',
      birth_date: '1995-03-14',
      gender: 'Feminine',
      nationalities: ['SN'],
      languages: ['fr', 'wo'],
      contact: { phones: ['06 12 34 56 78'] },
    });
    assert.equal(person.status, 201, person.text);
    s.aicha = person.body.id;
    const k = await c.sw.post('/api/v1/cases', {
      person_id: s.aicha,
      team_id: s.team,
      exploitation_types: ['SexualExploitation'],
      team: [
        { user_id: U.peer.id, role: 'peer_mediator' },
        { user_id: U.lawyer.id, role: 'lawyer' },
        { user_id: U.psych.id, role: 'psychologist' },
      ],
    });
    assert.equal(k.status, 201, k.text);
    s.caseA = k.body.id;
    s.numberA = k.body.number;
    const needs = await c.sw.call('PUT', `/api/v1/cases/${s.caseA}/needs`, {
      body: { needs: { shelter: 'identified', health: 'in_progress' } },
    });
    assert.equal(needs.status, 200, needs.text);
    const child = await c.sw.post('/api/v1/people', { given_name: 'Moussa', birth_year: thisYear - 6 });
    assert.equal(child.status, 201, child.text);
    const rel = await c.sw.call('PUT', `/api/v1/people/${s.aicha}/relations/${child.body.id}`, {
      body: { relation: 'child' },
    });
    assert.equal(rel.status, 204, rel.text);

    const minor = await c.sw.post('/api/v1/people', { given_name: 'Lina', birth_year: thisYear - 15 });
    assert.equal(minor.status, 201, minor.text);
    const km = await c.sw.post('/api/v1/cases', { person_id: minor.body.id });
    assert.equal(km.status, 201, km.text);
    s.caseMinor = km.body.id;
    // An adult by her papers whose age is disputed counts as a minor.
    const disputed = await c.sw.post('/api/v1/people', {
      given_name: 'Grace',
      birth_year: thisYear - 25,
      age_disputed: true,
    });
    assert.equal(disputed.status, 201, disputed.text);
    const kd = await c.sw.post('/api/v1/cases', { person_id: disputed.body.id });
    assert.equal(kd.status, 201, kd.text);
    s.caseDisputed = kd.body.id;
  });

  test('procedure kinds: only the areas a role may see', async () => {
    const kinds = async (who) => {
      const r = await c[who].get('/api/v1/procedure-kinds');
      assert.equal(r.status, 200, r.text);
      return r.body.items.map((k) => k.kind);
    };
    const all = await kinds('sw');
    assert.equal(all.length, 11);
    assert.equal(all[0], 'referral');
    assert.deepEqual(await kinds('lawyer'), all);
    const peer = await kinds('peer');
    assert.ok(peer.includes('referral') && peer.includes('exit_programme'));
    for (const legal of ['criminal_proceedings', 'compensation', 'residence_permit', 'asylum'])
      assert.ok(!peer.includes(legal), `peer mediator sees ${legal}`);
    const psych = await kinds('psych');
    assert.ok(!psych.includes('referral') && !psych.includes('compensation'));
    assert.ok(psych.includes('housing'));
    assert.deepEqual(await kinds('admin'), []);
    const referral = (await c.sw.get('/api/v1/procedure-kinds')).body.items[0];
    assert.equal(referral.initial, 'draft');
    const answer = referral.transitions.find((t) => t.from === 'sent' && t.to === 'declined');
    assert.deepEqual(
      [answer.by_partner, answer.reason_required, answer.by_staff],
      [true, true, true],
    );
    assert.ok(referral.fields.find((f) => f.name === 'details').sensitive);
  });

  test('create: required members, references, minors-only kinds', async () => {
    const url = `/api/v1/cases/${s.caseA}/procedures`;
    assert.deepEqual(codes(await c.sw.post(url, {})), ['kind:field.required']);
    assert.deepEqual(codes(await c.sw.post(url, { kind: 'divorce' })), ['kind:field.invalid']);
    assert.deepEqual(codes(await c.sw.post(url, { kind: 'referral' })).sort(), [
      'partner_id:field.required',
      'reason:field.required',
    ]);
    assert.deepEqual(
      codes(await c.sw.post(url, { kind: 'referral', partner_id: NO_SUCH_ID, reason: 'shelter' })),
      ['partner_id:field.invalid'],
    );
    assert.deepEqual(
      codes(
        await c.sw.post(url, {
          kind: 'referral',
          partner_id: s.horizon,
          reason: 'shelter',
          packet_items: ['given_name', 'shoe_size'],
        }),
      ),
      ['packet_items:field.invalid'],
    );
    assert.deepEqual(
      codes(await c.sw.post(url, { kind: 'compensation', fields: { offence_on: '2024-02-30' } })),
      ['fields.offence_on:date.format'],
    );
    assert.deepEqual(
      codes(await c.sw.post(url, { kind: 'compensation', fields: { colour: 'blue' } })),
      ['fields.colour:field.unknown'],
    );
    // lawyer_id: an active lawyer (or coordinator / social worker), not a peer mediator.
    assert.deepEqual(
      codes(await c.sw.post(url, { kind: 'criminal_proceedings', lawyer_id: U.peer.id })),
      ['lawyer_id:field.invalid'],
    );
    // Minors only: refused on an adult's case, accepted on a minor's and a disputed age.
    const adult = await c.sw.post(url, { kind: 'child_protection' });
    assert.equal(adult.status, 422);
    assert.deepEqual(codes(adult), ['kind:procedure.minors_only']);
    const minor = await c.sw.post(`/api/v1/cases/${s.caseMinor}/procedures`, {
      kind: 'child_protection',
      fields: { report_type: 'information_preoccupante', reported_on: day(-1), reported_to: 'crip' },
    });
    assert.equal(minor.status, 201, minor.text);
    assert.equal(minor.body.status, 'reported');
    const disputed = await c.sw.post(`/api/v1/cases/${s.caseDisputed}/procedures`, { kind: 'age_assessment' });
    assert.equal(disputed.status, 201, disputed.text);
    // Nothing was written on case A by the refusals.
    assert.deepEqual((await c.sw.get(url)).body.items, []);
    // Someone outside the case: 404; a role without the kind's area: 403.
    assert.equal((await c.peer2.post(url, { kind: 'exit_programme' })).status, 404);
    assert.equal((await c.peer.post(url, { kind: 'criminal_proceedings' })).status, 403);
    assert.equal((await c.psych.post(url, { kind: 'referral', partner_id: s.horizon, reason: 'shelter' })).status, 403);
  });

  test('referral: draft, with its packet and the consent rule not yet met', async () => {
    const r = await c.sw.post(`/api/v1/cases/${s.caseA}/procedures`, {
      kind: 'referral',
      partner_id: s.horizon,
      reason: 'shelter',
      due_on: day(10),
      packet_items: ['given_name', 'birth_year', 'nationalities', 'needs', 'children', 'situation'],
      fields: { details: 'Needs a safe place away from the city.', contact_person: 'Mme Martin' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/procedures/${r.body.id}`);
    assert.equal(r.headers.get('etag'), '"1"');
    s.referral = r.body.id;
    assert.equal(r.body.status, 'draft');
    assert.equal(r.body.direction, 'out');
    assert.equal(r.body.partner_name, 'Refuge Horizon');
    assert.equal(r.body.case_number, s.numberA);
    assert.equal(r.body.area, 'referral');
    assert.equal(r.body.packet, null);
    assert.deepEqual(r.body.consent, { sharing_in_force: false, items_covered: false });
    assert.deepEqual(r.body.allowed.sort(), ['sent', 'withdrawn']);
    assert.deepEqual(r.body.deadlines, [
      { kind: 'next_step', due_on: day(10), remind_on: day(8), ref: '' },
    ]);
    assert.equal(r.body.steps.length, 1);
    assert.deepEqual([r.body.steps[0].from_status, r.body.steps[0].to_status], [null, 'draft']);
    assert.equal(r.body.fields.details, 'Needs a safe place away from the city.');
  });

  test('consent rule: none, another partner, items not covered → refused; then given → sent', async () => {
    const consents = `/api/v1/people/${s.aicha}/consents`;
    const send = () => transition(c.sw, s.referral, { to: 'sent' });
    const refusedWith = async (code) => {
      const r = await send();
      assert.equal(r.status, 422, r.text);
      assert.deepEqual(codes(r), [`consent:${code}`]);
      const now = await c.sw.get(`/api/v1/procedures/${s.referral}`);
      assert.equal(now.body.version, 1, 'nothing changed');
      assert.equal(now.body.status, 'draft');
      assert.equal(now.body.steps.length, 1);
    };
    await refusedWith('consent.sharing_missing');

    const items = ['given_name', 'birth_year', 'nationalities', 'needs', 'children', 'situation'];
    const other = await c.sw.post(consents, {
      purpose: 'sharing',
      partner_id: s.clinic,
      data_items: items,
      method: 'written',
    });
    assert.equal(other.status, 201, other.text);
    assert.equal(other.body.partner_id, s.clinic);
    await refusedWith('consent.sharing_missing');

    const partial = await c.sw.post(consents, {
      purpose: 'sharing',
      partner_id: s.horizon,
      data_items: ['given_name', 'birth_year'],
      method: 'written',
      given_on: day(-1),
    });
    assert.equal(partial.status, 201, partial.text);
    await refusedWith('consent.items_not_covered');
    assert.deepEqual((await c.sw.get(`/api/v1/procedures/${s.referral}`)).body.consent, {
      sharing_in_force: true,
      items_covered: false,
    });

    // Bad consents are refused.
    assert.deepEqual(
      codes(await c.sw.post(consents, { purpose: 'sharing', partner_id: NO_SUCH_ID, method: 'oral' })),
      ['partner_id:field.invalid'],
    );
    assert.deepEqual(
      codes(await c.sw.post(consents, { purpose: 'sharing', partner_id: s.horizon, data_items: ['blood_type'], method: 'oral' })),
      ['data_items:field.invalid'],
    );
    assert.deepEqual(
      codes(await c.sw.post(consents, { purpose: 'research', data_items: ['given_name'], method: 'oral' })),
      ['data_items:field.invalid'],
    );

    const full = await c.sw.post(consents, {
      purpose: 'sharing',
      partner_id: s.horizon,
      data_items: items,
      method: 'written',
    });
    assert.equal(full.status, 201, full.text);
    const list = await c.sw.get(consents);
    const mine = list.body.items.find((x) => x.id === full.body.id);
    assert.deepEqual(mine.data_items, items);
    assert.equal(mine.partner_name, 'Refuge Horizon', 'named from the directory');

    const sent = await send();
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.body.status, 'sent');
    assert.equal(sent.body.version, 2);
    assert.equal(sent.headers.get('etag'), '"2"');
    assert.deepEqual(sent.body.consent, { sharing_in_force: true, items_covered: true });
    // The packet holds the packet items only, frozen as sent.
    assert.deepEqual(sent.body.packet, {
      given_name: 'Aïcha',
      birth_year: 1995,
      nationalities: ['SN'],
      needs: { shelter: 'identified', health: 'in_progress' },
      children: 1,
      situation: 'Needs a safe place away from the city.',
    });
    const last = sent.body.steps.at(-1);
    assert.deepEqual([last.kind, last.from_status, last.to_status, last.on, last.actor_id], [
      'transition',
      'draft',
      'sent',
      day(0),
      U.sw.id,
    ]);
    assert.deepEqual(sent.body.allowed.sort(), ['accepted', 'declined', 'failed', 'withdrawn']);
    // A later change of her record does not change what was sent.
    const person = await c.sw.get(`/api/v1/people/${s.aicha}`);
    const patched = await c.sw.patch(
      `/api/v1/people/${s.aicha}`,
      { given_name: 'Aicha' },
      { headers: { 'if-match': `"${person.body.version}"` } },
    );
    assert.equal(patched.status, 200, patched.text);
    assert.equal((await c.sw.get(`/api/v1/procedures/${s.referral}`)).body.packet.given_name, 'Aïcha');
  });

  test('refused transitions answer the documented error and change nothing', async () => {
    const before = await c.sw.get(`/api/v1/procedures/${s.referral}`);
    const refusals = [
      [{ to: 'completed' }, 409, ['to:transition.not_allowed']],
      [{ to: 'archived' }, 422, ['to:transition.unknown_status']],
      [{ to: 'declined' }, 422, ['reason:field.required']],
      [{ to: 'declined', reason: '   ' }, 422, ['reason:field.required']],
      [{ to: 'draft' }, 409, ['to:transition.not_allowed']],
      [{ to: 'accepted', on: day(3) }, 422, ['on:date.format']],
      [{ to: 'accepted', fields: { shoe_size: '38' } }, 422, ['fields.shoe_size:field.unknown']],
      [{}, 422, ['to:field.required']],
    ];
    for (const [body, status, expected] of refusals) {
      const r = await transition(c.sw, s.referral, body);
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.deepEqual(codes(r), expected, JSON.stringify(body));
      if (status === 409) assert.equal(r.body.type, P('conflict'));
    }
    // Read-only or outside the case.
    assert.equal((await transition(c.peer2, s.referral, { to: 'accepted' })).status, 404);
    assert.equal((await transition(c.psych, s.referral, { to: 'accepted' })).status, 404);
    const after = await c.sw.get(`/api/v1/procedures/${s.referral}`);
    assert.equal(after.body.version, before.body.version);
    assert.equal(after.body.status, 'sent');
    assert.deepEqual(after.body.steps, before.body.steps);
    // What a referral shares is settled once sent.
    const patch = await c.sw.patch(
      `/api/v1/procedures/${s.referral}`,
      { partner_id: s.clinic },
      { headers: { 'if-match': `"${after.body.version}"` } },
    );
    assert.equal(patch.status, 409, patch.text);
    assert.deepEqual(codes(patch), ['partner_id:procedure.not_draft']);
    assert.equal(await version(s.referral), before.body.version);
  });

  test('form.pdf: the packet only, in a PDF; audited', async () => {
    const formPath = `/api/v1/procedures/${s.referral}/form.pdf`;
    const raw = await fetch(`${server.baseURL}${formPath}`, {
      headers: { cookie: `passerelle_session=${c.sw.cookie}` },
    });
    const bytes = Buffer.from(await raw.arrayBuffer());
    const text = raw.status === 200 ? '' : bytes.toString();
    validateResponse({ method: 'GET', path: formPath, status: raw.status, headers: raw.headers, text });
    assert.equal(raw.status, 200, text);
    assert.equal(raw.headers.get('content-type'), 'application/pdf');
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-pdf-'));
    let pdfText;
    try {
      await writeFile(path.join(dir, 'form.pdf'), bytes);
      pdfText = (await run('pdftotext', [path.join(dir, 'form.pdf'), '-'])).stdout;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    for (const expected of ['Aïcha', '1995', 'SN', 'Refuge Horizon', 'Needs a safe place', 'Passerelle'])
      assert.ok(pdfText.includes(expected), `form holds ${expected}:\n${pdfText}`);
    // Not shared: her family name, her phone, the contact person of the referral.
    for (const secret of ['Ndiaye', '06 12', '+33', 'Mme Martin', s.numberA])
      assert.ok(!pdfText.includes(secret), `form leaks ${secret}`);
    assert.ok(pdfText.includes('Fiche d') || pdfText.includes('Referral form'), pdfText);

    assert.equal((await c.psych.get(formPath)).status, 403, 'no referrals.work');
    assert.equal((await c.peer2.get(formPath)).status, 404);
    const audit = await c.admin.get('/api/v1/audit?action=referral.form');
    assert.ok(audit.body.items.some((e) => e.target_id === s.referral && e.actor_id === U.sw.id));
  });

  test('referral: accepted, then completed; final, nothing moves any more', async () => {
    const accepted = await transition(c.peer, s.referral, { to: 'accepted' });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.body.status, 'accepted');
    assert.equal(accepted.body.closed_on, null);
    const done = await transition(c.sw, s.referral, {
      to: 'completed',
      fields: { outcome: 'Placed on the 3rd.' },
    });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'completed');
    assert.equal(done.body.closed_on, day(0));
    assert.equal(done.body.fields.outcome, 'Placed on the 3rd.');
    assert.deepEqual(done.body.allowed, []);
    assert.deepEqual(done.body.deadlines, [], 'no deadline once final');
    assert.deepEqual(
      done.body.steps.map((x) => `${x.from_status}>${x.to_status}`),
      ['null>draft', 'draft>sent', 'sent>accepted', 'accepted>completed'],
    );
    const v = done.body.version;
    const again = await transition(c.sw, s.referral, { to: 'failed', reason: 'She left.' });
    assert.equal(again.status, 409);
    assert.deepEqual(codes(again), ['to:transition.not_allowed']);
    const patch = await c.sw.patch(
      `/api/v1/procedures/${s.referral}`,
      { due_on: day(5) },
      { headers: { 'if-match': `"${v}"` } },
    );
    assert.equal(patch.status, 409, patch.text);
    assert.deepEqual(codes(patch), ['status:procedure.final']);
    assert.equal(await version(s.referral), v);
  });

  test('a withdrawal of consent blocks the pending send', async () => {
    const r = await c.sw.post(`/api/v1/cases/${s.caseA}/procedures`, {
      kind: 'referral',
      partner_id: s.horizon,
      reason: 'health',
      packet_items: ['given_name'],
    });
    assert.equal(r.status, 201, r.text);
    s.referral2 = r.body.id;
    assert.deepEqual(r.body.consent, { sharing_in_force: true, items_covered: true });
    const withdrawn = await c.sw.post(`/api/v1/people/${s.aicha}/consents`, {
      purpose: 'sharing',
      partner_id: s.horizon,
      status: 'withdrawn',
      method: 'oral',
    });
    assert.equal(withdrawn.status, 201, withdrawn.text);
    const refused = await transition(c.sw, s.referral2, { to: 'sent' });
    assert.equal(refused.status, 422, refused.text);
    assert.deepEqual(codes(refused), ['consent:consent.sharing_missing']);
    const now = await c.sw.get(`/api/v1/procedures/${s.referral2}`);
    assert.equal(now.body.status, 'draft');
    assert.equal(now.body.version, 1);
    assert.deepEqual(now.body.consent, { sharing_in_force: false, items_covered: false });
    // Nor may its form be printed any more, nor that of the referral already sent.
    assert.equal((await c.sw.get(`/api/v1/procedures/${s.referral2}/form.pdf`)).status, 422);
    assert.equal((await c.sw.get(`/api/v1/procedures/${s.referral}/form.pdf`)).status, 422);
    // Withdrawn with a reason instead.
    const w = await transition(c.sw, s.referral2, { to: 'withdrawn', reason: 'She changed her mind.' });
    assert.equal(w.status, 200, w.text);
    assert.equal(w.body.steps.at(-1).reason, 'She changed her mind.');
  });

  test('incoming referral: received as sent, answered by staff; the referrals list', async () => {
    const r = await c.sw.post(`/api/v1/cases/${s.caseA}/procedures`, {
      kind: 'referral',
      direction: 'in',
      partner_id: s.clinic,
      reason: 'mental_health',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'sent');
    assert.equal(r.body.consent, null);
    s.incoming = r.body.id;
    const bad = await c.sw.post(`/api/v1/cases/${s.caseA}/procedures`, {
      kind: 'referral',
      direction: 'in',
      partner_id: s.clinic,
      reason: 'mental_health',
      packet_items: ['given_name'],
    });
    assert.deepEqual(codes(bad), ['packet_items:field.invalid']);
    const ok = await transition(c.sw, s.incoming, { to: 'accepted' });
    assert.equal(ok.status, 200, ok.text);
    // No form to print for what we received, nor for another kind of procedure.
    assert.equal((await c.sw.get(`/api/v1/procedures/${s.incoming}/form.pdf`)).status, 404);

    const all = await c.sw.get('/api/v1/referrals');
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(
      all.body.items.map((x) => x.id).sort(),
      [s.referral, s.referral2, s.incoming].sort(),
    );
    assert.ok(all.body.items.every((x) => x.steps === undefined));
    const incoming = await c.sw.get('/api/v1/referrals?direction=in');
    assert.deepEqual(incoming.body.items.map((x) => x.id), [s.incoming]);
    const completed = await c.coord.get(`/api/v1/referrals?status=completed&partner_id=${s.horizon}`);
    assert.deepEqual(completed.body.items.map((x) => x.id), [s.referral]);
    assert.deepEqual((await c.peer2.get('/api/v1/referrals')).body.items, []);
    assert.equal((await c.peer.get('/api/v1/referrals')).body.items.length, 3);
    assert.equal((await c.psych.get('/api/v1/referrals')).status, 403);
    assert.equal((await c.sw.get('/api/v1/referrals?status=lost')).status, 400);
  });

  test('deadlines: CIVI from an offence on 29 February 2024 ends on 28 February 2027', async () => {
    const r = await c.lawyer.post(`/api/v1/cases/${s.caseA}/procedures`, {
      kind: 'compensation',
      lawyer_id: U.lawyer.id,
      fields: { body: 'civi', offence_on: '2024-02-29', amount_claimed: 1500000 },
    });
    assert.equal(r.status, 201, r.text);
    s.civi = r.body.id;
    assert.equal(r.body.fields.amount_claimed, 1500000);
    assert.deepEqual(r.body.deadlines, [
      { kind: 'civi_claim', due_on: '2027-02-28', remind_on: '2026-11-30', ref: '' },
    ]);
    // The later of offence + 3 years and the final decision + 1 year.
    const withDecision = await c.lawyer.patch(
      `/api/v1/procedures/${s.civi}`,
      { fields: { final_decision_on: '2026-06-15' } },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(withDecision.status, 200, withDecision.text);
    assert.equal(withDecision.body.deadlines[0].due_on, '2027-06-15');
    // A null clears it again.
    const cleared = await c.lawyer.patch(
      `/api/v1/procedures/${s.civi}`,
      { fields: { final_decision_on: null } },
      { headers: { 'if-match': '"2"' } },
    );
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.body.fields.final_decision_on, undefined);
    assert.equal(cleared.body.deadlines[0].due_on, '2027-02-28');
    assert.equal(cleared.body.version, 3);
    // A stale version: 412 with the current procedure; none: 428.
    const stale = await c.lawyer.patch(
      `/api/v1/procedures/${s.civi}`,
      { fields: { amount_claimed: 1 } },
      { headers: { 'if-match': '"1"' } },
    );
    assert.equal(stale.status, 412, stale.text);
    assert.equal(stale.body.current_version, 3);
    assert.equal(stale.body.current.fields.amount_claimed, 1500000);
    assert.equal(
      (await c.lawyer.patch(`/api/v1/procedures/${s.civi}`, { fields: { amount_claimed: 1 } })).status,
      428,
    );
    assert.deepEqual(
      codes(
        await c.lawyer.patch(`/api/v1/procedures/${s.civi}`, { fields: { amount_claimed: 'lots' } }, {
          headers: { 'if-match': '"3"' },
        }),
      ),
      ['fields.amount_claimed:field.invalid'],
    );
    assert.equal(await version(s.civi), 3);
  });

  test('deadlines: the exit programme renews every 6 months, three times at most', async () => {
    const r = await c.sw.post(`/api/v1/cases/${s.caseA}/procedures`, {
      kind: 'exit_programme',
      due_on: day(5),
    });
    assert.equal(r.status, 201, r.text);
    s.psp = r.body.id;
    const missing = await transition(c.sw, s.psp, { to: 'submitted', fields: { doc_request_form: 'present' } });
    assert.equal(missing.status, 422);
    assert.deepEqual(codes(missing).sort(), [
      'fields.doc_id_copy:field.required',
      'fields.doc_proof_of_situation:field.required',
      'fields.doc_sworn_statement:field.required',
      'fields.submitted_on:field.required',
    ]);
    assert.equal(await version(s.psp), 1, 'the fields sent with a refused move are not kept');
    const steps = [
      {
        to: 'submitted',
        fields: {
          doc_request_form: 'present',
          doc_proof_of_situation: 'present',
          doc_sworn_statement: 'present',
          doc_id_copy: 'present',
          submitted_on: '2026-05-02',
        },
      },
      { to: 'commission_scheduled', fields: { commission_on: '2026-06-10' } },
      { to: 'opinion_given', fields: { opinion: 'favourable' } },
      { to: 'authorised', fields: { decision_on: '2026-07-01' } },
      { to: 'in_programme', fields: { start_on: '2026-08-31' } },
    ];
    let last;
    for (const body of steps) {
      last = await transition(c.sw, s.psp, body);
      assert.equal(last.status, 200, `${body.to}: ${last.text}`);
    }
    const renewal = (body) => last.body.deadlines.find((d) => d.kind === body);
    // 31 August + 6 months = 28 February (no 31st), − 1 day.
    assert.deepEqual(renewal('psp_renewal'), {
      kind: 'psp_renewal',
      due_on: '2027-02-27',
      remind_on: '2027-01-13',
      ref: '',
    });
    const wrong = await c.sw.post(`/api/v1/procedures/${s.psp}/steps`, { kind: 'hearing', on: day(0) });
    assert.equal(wrong.status, 422);
    assert.deepEqual(codes(wrong), ['kind:step.unknown']);
    for (const [i, due] of [
      [1, '2027-08-30'],
      [2, '2028-02-28'],
    ]) {
      last = await c.sw.post(`/api/v1/procedures/${s.psp}/steps`, {
        kind: 'renewal',
        on: day(0),
        fields: { decided_on: day(0) },
        note: `Renewal ${i}`,
      });
      assert.equal(last.status, 201, last.text);
      assert.equal(renewal('psp_renewal').due_on, due);
    }
    last = await c.sw.post(`/api/v1/procedures/${s.psp}/steps`, { kind: 'renewal', on: day(0) });
    assert.equal(last.status, 201, last.text);
    assert.equal(renewal('psp_renewal'), undefined);
    assert.equal(renewal('psp_end').due_on, '2028-08-30');
    const fourth = await c.sw.post(`/api/v1/procedures/${s.psp}/steps`, { kind: 'renewal', on: day(0) });
    assert.equal(fourth.status, 409, fourth.text);
    assert.deepEqual(codes(fourth), ['kind:step.limit_reached']);
    const now = await c.sw.get(`/api/v1/procedures/${s.psp}`);
    assert.equal(now.body.steps.filter((x) => x.kind === 'renewal').length, 3);
    assert.equal(now.body.steps.find((x) => x.kind === 'renewal').fields.note, 'Renewal 1');
  });

  test('GET /deadlines: my caseload, my scope, the areas my role sees', async () => {
    const list = async (who, query = '') => {
      const r = await c[who].get(`/api/v1/deadlines?days=366${query}`);
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };
    const kinds = (items) => new Set(items.map((d) => `${d.procedure_kind}:${d.kind}`));
    const lawyer = await list('lawyer');
    assert.ok(kinds(lawyer).has('compensation:civi_claim'), JSON.stringify(lawyer));
    const civi = lawyer.find((d) => d.kind === 'civi_claim');
    assert.deepEqual(
      [civi.procedure_id, civi.case_id, civi.case_number, civi.due_on, civi.overdue],
      [s.civi, s.caseA, s.numberA, '2027-02-28', '2027-02-28' < day(0)],
    );
    const sw = await list('sw');
    assert.ok(kinds(sw).has('compensation:civi_claim'));
    assert.ok(kinds(sw).has('exit_programme:next_step'));
    assert.ok(!kinds(sw).has('exit_programme:psp_end'), 'beyond 366 days');
    const dues = sw.map((d) => d.due_on);
    assert.deepEqual(dues, [...dues].sort(), 'earliest first');
    // The peer mediator on the case sees the exit programme, not the legal procedure.
    const peer = await list('peer');
    assert.ok(kinds(peer).has('exit_programme:next_step'));
    assert.ok(!kinds(peer).has('compensation:civi_claim'));
    // Outside the case: nothing, even asking for her whole scope.
    assert.deepEqual(await list('peer2'), []);
    assert.deepEqual(await list('peer2', '&scope=all'), []);
    assert.deepEqual(await list('lawyer2'), []);
    // The coordinator: nothing of her own, the organisation's with scope=all.
    assert.deepEqual(await list('coord'), []);
    assert.ok(kinds(await list('coord', '&scope=all')).has('compensation:civi_claim'));
    // A short window keeps the far ones out (unless overdue).
    const soon = await list('sw', '&days=1');
    assert.ok(soon.every((d) => d.due_on <= day(1)));
    assert.equal((await c.sw.get('/api/v1/deadlines?days=0')).status, 400);
    assert.equal((await c.sw.get('/api/v1/deadlines?scope=team')).status, 400);
  });

  test('legal procedures stay out of sight of peer mediators and psychologists', async () => {
    for (const who of ['peer', 'psych']) {
      assert.equal((await c[who].get(`/api/v1/procedures/${s.civi}`)).status, 404, who);
      const list = await c[who].get(`/api/v1/cases/${s.caseA}/procedures`);
      assert.equal(list.status, 200, list.text);
      assert.ok(!list.body.items.some((p) => p.area === 'legal'), who);
      const timeline = await c[who].get(`/api/v1/cases/${s.caseA}/timeline`);
      assert.ok(!timeline.body.items.some((i) => i.procedure_kind === 'compensation'), who);
    }
    // The psychologist sees general kinds only; the peer mediator referrals too.
    const psych = (await c.psych.get(`/api/v1/cases/${s.caseA}/procedures`)).body.items;
    assert.deepEqual([...new Set(psych.map((p) => p.area))], ['general']);
    const peer = (await c.peer.get(`/api/v1/cases/${s.caseA}/procedures`)).body.items;
    assert.deepEqual([...new Set(peer.map((p) => p.area))].sort(), ['general', 'referral']);
    const lawyer = (await c.lawyer.get(`/api/v1/cases/${s.caseA}/procedures`)).body.items;
    assert.deepEqual([...new Set(lawyer.map((p) => p.area))].sort(), ['general', 'legal', 'referral']);
    assert.equal((await c.lawyer2.get(`/api/v1/procedures/${s.civi}`)).status, 404);
    assert.equal((await c.sw.get(`/api/v1/procedures/${NO_SUCH_ID}`)).status, 404);
  });

  test('timeline: procedures opened and their steps', async () => {
    const r = await c.sw.get(`/api/v1/cases/${s.caseA}/timeline`);
    assert.equal(r.status, 200, r.text);
    const of = (id) => r.body.items.filter((i) => i.procedure_id === id);
    const referral = of(s.referral);
    assert.deepEqual(
      referral.filter((i) => i.kind === 'procedure_opened').map((i) => i.to_status),
      ['draft'],
    );
    assert.deepEqual(
      referral
        .filter((i) => i.kind === 'procedure_step')
        .map((i) => `${i.from_status}>${i.to_status}`)
        .sort(),
      ['accepted>completed', 'draft>sent', 'sent>accepted'],
    );
    const renewals = of(s.psp).filter((i) => i.step_kind === 'renewal');
    assert.equal(renewals.length, 3);
    const at = r.body.items.map((i) => i.at);
    assert.deepEqual(at, [...at].sort().reverse(), 'newest first');
  });

  test('hearings: in the lawyer\'s calendar by case number, no names; a deadline', async () => {
    const r = await c.lawyer.post(`/api/v1/cases/${s.caseA}/procedures`, {
      kind: 'criminal_proceedings',
      lawyer_id: U.lawyer.id,
      fields: { complaint_on: '2025-01-10', complaint_to: 'police', police_unit: 'Brigade X' },
    });
    assert.equal(r.status, 201, r.text);
    const hearing = await c.lawyer.post(`/api/v1/procedures/${r.body.id}/steps`, {
      kind: 'hearing',
      on: day(20),
      fields: { court: 'Tribunal judiciaire', purpose: 'trial', outcome: null },
    });
    assert.equal(hearing.status, 201, hearing.text);
    const step = hearing.body.steps.at(-1);
    assert.deepEqual(hearing.body.deadlines, [
      { kind: 'hearing', due_on: day(20), remind_on: day(13), ref: step.id },
    ]);
    const bad = await c.lawyer.post(`/api/v1/procedures/${r.body.id}/steps`, {
      kind: 'hearing',
      on: day(21),
      fields: { purpose: 'lunch' },
    });
    assert.deepEqual(codes(bad), ['fields.purpose:field.invalid']);

    const created = await c.lawyer.post('/api/v1/me/calendar', {});
    assert.equal(created.status, 201, created.text);
    const feed = await api(server).get(created.body.url, { session: false });
    assert.equal(feed.status, 200, feed.text);
    assert.ok(
      feed.text.includes(`SUMMARY:Hearing (case ${s.numberA})`) ||
        feed.text.includes(`SUMMARY:Audience (dossier ${s.numberA})`),
      feed.text,
    );
    assert.ok(feed.text.includes(`DTSTART;VALUE=DATE:${day(20).replace(/-/g, '')}`), feed.text);
    for (const secret of ['Aïcha', 'Ndiaye', 'Tribunal', 'Brigade'])
      assert.ok(!feed.text.includes(secret), `feed leaks ${secret}`);
    // Not in the calendar of a psychologist on the same case team (no legal procedures).
    const psychFeed = await c.psych.post('/api/v1/me/calendar', {});
    const other = await api(server).get(psychFeed.body.url, { session: false });
    assert.ok(!other.text.includes(s.numberA), other.text);
  });

  test('GDPR export: her procedures, with the packet as sent', async () => {
    const r = await c.coord.post(`/api/v1/people/${s.aicha}/export`, {
      reason: 'She asked for her file (art. 15)',
    });
    assert.equal(r.status, 200, r.text);
    const procedures = r.body.cases.flatMap((k) => k.procedures);
    const referral = procedures.find((p) => p.kind === 'referral' && p.status === 'completed');
    assert.ok(referral, JSON.stringify(procedures));
    assert.equal(referral.packet.given_name, 'Aïcha');
    assert.equal(referral.fields.contact_person, 'Mme Martin');
    assert.ok(procedures.some((p) => p.kind === 'compensation'));
    assert.ok(procedures.some((p) => p.kind === 'criminal_proceedings' && p.steps.some((x) => x.kind === 'hearing')));
    assert.ok(r.body.consents.some((x) => x.data_items.includes('situation')));
  });

  test('audit: every write of a procedure, and reads', async () => {
    for (const [action, target] of [
      ['procedure.create', s.referral],
      ['procedure.transition', s.referral],
      ['procedure.update', s.civi],
      ['procedure.step', s.psp],
      ['procedure.read', s.referral],
    ]) {
      const r = await c.admin.get(`/api/v1/audit?action=${action}&limit=200`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.some((e) => e.target_id === target), `${action} on ${target}`);
    }
    const transitions = await c.admin.get(`/api/v1/audit?action=procedure.transition&limit=200`);
    const mine = transitions.body.items.filter((e) => e.target_id === s.referral);
    assert.equal(mine.length, 3, 'sent, accepted, completed: refusals are not written');
  });

  test('the lawyer assigned to a procedure joins the case team and sees what she must work on', async () => {
    assert.equal((await c.lawyer2.get(`/api/v1/cases/${s.caseA}`)).status, 404, 'not on the team yet');
    // An offence almost three years ago: the CIVI limit falls within the coming year.
    const offence = new Date();
    offence.setUTCFullYear(offence.getUTCFullYear() - 3);
    offence.setUTCDate(offence.getUTCDate() + 60);
    const r = await c.sw.post(`/api/v1/cases/${s.caseA}/procedures`, {
      kind: 'compensation',
      lawyer_id: U.lawyer2.id,
      fields: { body: 'civi', offence_on: offence.toISOString().slice(0, 10) },
    });
    assert.equal(r.status, 201, r.text);
    const kase = await c.sw.get(`/api/v1/cases/${s.caseA}`);
    assert.ok(kase.body.team.some((m) => m.user_id === U.lawyer2.id && m.role === 'lawyer'), kase.text);
    const seen = await c.lawyer2.get(`/api/v1/procedures/${r.body.id}`);
    assert.equal(seen.status, 200, seen.text);
    // Due in two months, shown now: its reminder date (90 days ahead) has come.
    const deadlines = await c.lawyer2.get('/api/v1/deadlines');
    assert.ok(deadlines.body.items.some((d) => d.procedure_id === r.body.id), deadlines.text);
    const audit = await c.admin.get(`/api/v1/audit?action=case.team_add&limit=200`);
    assert.ok(
      audit.body.items.some((e) => e.target_id === s.caseA && JSON.stringify(e.details ?? '').includes(r.body.id)),
      audit.text,
    );
    // Assigning her again, or a lawyer already on the team, adds nobody.
    const again = await c.sw.patch(`/api/v1/procedures/${r.body.id}`, { lawyer_id: U.lawyer.id }, {
      headers: { 'if-match': `"${r.body.version}"` },
    });
    assert.equal(again.status, 200, again.text);
    const after = await c.sw.get(`/api/v1/cases/${s.caseA}`);
    assert.equal(after.body.team.length, kase.body.team.length);
  });
});
