// The partner directory and the partner portal through the API, every answer checked against
// docs/openapi.yaml: the seeded national mechanisms, create / read / correct (412) and filters,
// who sees a confidential (shelter) address — in reads, lists and both exports —, CSV and
// GeoJSON export → import round trips, all-or-nothing imports, CSV formula injection, partner
// users (users API and CLI), and the portal: a partner organisation sees only the referrals sent
// to it, only the packet the person agreed to share, answers them through the procedure rules,
// loses the packet when consent is withdrawn, and reaches no staff route.
// One server, every user signed in once; the tests run in order and build on each other.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { roleUser, signIn } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const NO_SUCH_ID = '0190d7a4-3c2e-7b1a-8f00-0123456789ab';
// The national mechanisms seeded by migration 0003 (fixed ids).
const ACSE = '00000000-0000-7000-8000-000000000001';
const CIVI = '00000000-0000-7000-8000-000000000003';
const ORGANISATION = 'Association Relais Test';

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const codes = (r) => (r.body?.errors ?? []).map((e) => `${e.field}:${e.code}`).sort();

const U = {
  admin: roleUser('administrator'),
  coord: roleUser('coordinator'),
  sw: roleUser('social_worker'), // no grant of the shelter addresses
  sw2: roleUser('social_worker', '2'), // granted them by an administrator below
  peer: roleUser('peer_mediator'),
  partnerA: { ...roleUser('partner', '.acse'), partner: ACSE }, // created by the CLI by id
  partnerB: { ...roleUser('partner', '.civi'), partner: 'civi' }, // by mechanism code
};

/** RFC 4180 records of a CSV text (the test's own reader, independent of the server's). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** CSV text → [{column: cell}] by the header row. */
function csvObjects(text) {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('partner directory and partner portal', () => {
  let server;
  const c = {}; // signed-in clients by key of U
  const s = {}; // shared records

  const directory = async (client = c.coord) => {
    const r = await client.get('/api/v1/partners?include_inactive=true');
    assert.equal(r.status, 200, r.text);
    return r.body.items;
  };
  const exportAs = async (client, format) => {
    const r = await client.get(`/api/v1/partners/export?format=${format}`);
    assert.equal(r.status, 200, r.text);
    return r;
  };
  const importAs = (client, format, text, type) =>
    client.call('POST', `/api/v1/partners/import?format=${format}`, {
      raw: text,
      headers: { 'content-type': type ?? (format === 'csv' ? 'text/csv' : 'application/geo+json') },
    });

  before(async () => {
    server = await startServer({ users: Object.values(U), env: { PASSERELLE_ORGANISATION_NAME: ORGANISATION } });
    for (const [key, user] of Object.entries(U)) c[key] = (await signIn(server, user)).client;
  });
  after(() => server?.stop());

  test('the national mechanisms are in the directory from the start', async () => {
    const items = await directory(c.sw);
    const byMechanism = Object.fromEntries(items.filter((p) => p.mechanism).map((p) => [p.mechanism, p]));
    for (const m of ['acse', 'psp_commission', 'civi', 'siao_115', 'ase', 'juvenile_judge', 'ofpra', 'cnda', 'pad', 'volunteer_lawyers'])
      assert.ok(byMechanism[m], `mechanism ${m} seeded`);
    assert.equal(byMechanism.acse.id, ACSE);
    assert.equal(byMechanism.civi.id, CIVI);
    assert.match(byMechanism.acse.name, /Ac\.Sé/);
    assert.equal(byMechanism.acse.address_confidential, true);
    assert.match(byMechanism.ofpra.name, /OFPRA/);
    const one = await c.peer.get('/api/v1/partners?mechanism=ofpra');
    assert.deepEqual(one.body.items.map((p) => p.mechanism), ['ofpra']);
  });

  test('create, read and correct a partner; 412 on a stale version; 409 on a taken mechanism', async () => {
    const shelter = {
      name: 'Foyer Horizon',
      kind: 'NGO',
      services: ['shelter', 'health'],
      languages: ['fr', 'en'],
      country: 'FR',
      region: 'Pays de la Loire',
      city: 'Nantes',
      address: '12 rue des Lilas, 44000 Nantes',
      latitude: 47.2184,
      longitude: -1.5536,
      address_confidential: true,
      phone: '02 40 00 00 00',
      email: 'contact@horizon.example',
      website: 'https://horizon.example',
      contact_name: 'Claire Martin',
      notes: 'Night arrivals, call first.\nSecond line, with "quotes", and commas',
    };
    const r = await c.coord.post('/api/v1/partners', shelter);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/partners/${r.body.id}`);
    assert.equal(r.headers.get('etag'), '"1"');
    for (const [k, v] of Object.entries(shelter)) assert.deepEqual(r.body[k], v, k);
    assert.equal(r.body.address_hidden, false);
    assert.equal(r.body.active, true);
    s.shelter = r.body.id;

    assert.equal((await c.sw.post('/api/v1/partners', { name: 'X', kind: 'NGO' })).status, 403);
    const bad = await c.admin.post('/api/v1/partners', {
      services: ['shelter', 'teleportation'],
      languages: ['french'],
      country: 'France',
      latitude: 91,
      website: 'javascript:alert(1)',
      mechanism: 'nope',
    });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(codes(bad), [
      'country:field.invalid',
      'kind:field.required',
      'languages:field.invalid',
      'latitude:field.invalid',
      'mechanism:field.invalid',
      'name:field.required',
      'services:field.invalid',
      'website:field.invalid',
    ]);
    const half = await c.admin.post('/api/v1/partners', { name: 'Half a point', kind: 'NGO', latitude: 45 });
    assert.deepEqual(codes(half), ['longitude:field.required']);
    const unknown = await c.admin.post('/api/v1/partners', { name: 'X', kind: 'NGO', colour: 'red' });
    assert.deepEqual(codes(unknown), ['colour:field.unknown']);
    const taken = await c.admin.post('/api/v1/partners', { name: 'Another Ac.Sé', kind: 'NGO', mechanism: 'acse' });
    assert.equal(taken.status, 409, taken.text);
    assert.deepEqual(codes(taken), ['mechanism:partner.mechanism_taken']);

    const got = await c.coord.get(`/api/v1/partners/${s.shelter}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('etag'), '"1"');
    assert.deepEqual(got.body, r.body);
    assert.equal((await c.coord.get(`/api/v1/partners/${NO_SUCH_ID}`)).status, 404);

    const url = `/api/v1/partners/${s.shelter}`;
    assert.equal((await c.coord.patch(url, { city: 'Rezé' })).status, 428);
    const p2 = await c.coord.patch(url, { city: 'Rezé', phone: null }, { headers: { 'if-match': '"1"' } });
    assert.equal(p2.status, 200, p2.text);
    assert.equal(p2.body.version, 2);
    assert.equal(p2.body.city, 'Rezé');
    assert.equal(p2.body.phone, null);
    assert.equal(p2.body.address, shelter.address);
    const stale = await c.coord.patch(url, { city: 'Nantes' }, { headers: { 'if-match': '"1"' } });
    assert.equal(stale.status, 412, stale.text);
    assert.equal(stale.body.current_version, 2);
    assert.equal(stale.body.current.city, 'Rezé');
    assert.deepEqual(stale.body.changed_fields, ['city']);
    assert.equal((await c.coord.get(url)).body.city, 'Rezé');
    const p3 = await c.coord.patch(url, { city: 'Nantes', phone: '02 40 00 00 00' }, { headers: { 'if-match': '"2"' } });
    assert.equal(p3.status, 200);
    assert.equal((await c.admin.patch(`/api/v1/partners/${NO_SUCH_ID}`, { city: 'X' }, { headers: { 'if-match': '"1"' } })).status, 404);
    assert.equal((await c.peer.patch(url, { city: 'X' }, { headers: { 'if-match': '"3"' } })).status, 403);
  });

  test('filters: text, kind, service, language, country, mechanism, inactive ones', async () => {
    const old = await c.admin.post('/api/v1/partners', { name: 'Ancienne permanence juridique', kind: 'LegalService', services: ['legal_advice'], city: 'Angers', active: false });
    assert.equal(old.status, 201, old.text);
    s.inactive = old.body.id;
    const ids = async (query) => {
      const r = await c.sw.get(`/api/v1/partners?${query}`);
      assert.equal(r.status, 200, r.text);
      return r.body.items.map((p) => p.id);
    };
    assert.deepEqual(await ids('q=HORIZON'), [s.shelter]);
    assert.deepEqual(await ids('q=nantes'), [s.shelter], 'the city matches too');
    assert.ok((await ids('kind=LegalService')).includes(CIVI));
    assert.ok(!(await ids('kind=LegalService')).includes(s.shelter));
    const shelters = await ids('service=shelter');
    assert.ok(shelters.includes(s.shelter) && shelters.includes(ACSE));
    assert.ok(!shelters.includes(CIVI));
    const english = await ids('language=en');
    assert.ok(english.includes(s.shelter) && !english.includes(CIVI));
    assert.ok((await ids('country=FR')).includes(s.shelter));
    assert.deepEqual(await ids('mechanism=civi'), [CIVI]);
    assert.ok(!(await ids('q=ancienne')).includes(s.inactive), 'inactive partners are left out');
    assert.deepEqual(await ids('q=ancienne&include_inactive=true'), [s.inactive]);
    for (const q of ['kind=Nope', 'service=teleportation', 'country=france', 'mechanism=x', 'include_inactive=maybe']) {
      const r = await c.sw.get(`/api/v1/partners?${q}`);
      assert.equal(r.status, 400, `${q}: ${r.text}`);
    }
  });

  test('users: partner users need a partner; the shelter addresses are granted to social workers only', async () => {
    const base = { display_name: 'Someone', password: 'Velvet tangerine orbit users 7741' };
    const noPartner = await c.admin.post('/api/v1/users', { ...base, username: 'p.none', role: 'partner' });
    assert.deepEqual(codes(noPartner), ['partner_id:field.required']);
    const unknown = await c.admin.post('/api/v1/users', { ...base, username: 'p.unknown', role: 'partner', partner_id: NO_SUCH_ID });
    assert.deepEqual(codes(unknown), ['partner_id:field.invalid']);
    const staff = await c.admin.post('/api/v1/users', { ...base, username: 'sw.partner', role: 'social_worker', partner_id: ACSE });
    assert.deepEqual(codes(staff), ['partner_id:field.invalid']);
    const peerGrant = await c.admin.post('/api/v1/users', { ...base, username: 'peer.grant', role: 'peer_mediator', secret_places: true });
    assert.deepEqual(codes(peerGrant), ['secret_places:field.invalid']);

    const horizon = { username: 'partner.horizon', role: 'partner', password: 'Velvet tangerine orbit horizon 7741' };
    const made = await c.admin.post('/api/v1/users', { ...horizon, display_name: 'Horizon intake', partner_id: s.shelter });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.body.partner_id, s.shelter);
    assert.equal(made.body.secret_places, false);
    s.horizonUser = horizon;

    const list = await c.admin.get('/api/v1/users?limit=200');
    const byName = Object.fromEntries(list.body.items.map((u) => [u.username, u]));
    assert.equal(byName[U.partnerA.username].partner_id, ACSE, 'the CLI set it by id');
    assert.equal(byName[U.partnerB.username].partner_id, CIVI, 'the CLI set it by mechanism code');
    assert.equal(byName[U.sw.username].partner_id, null);
    // The command line checks the same.
    const add = (args) =>
      server.cli(['user', 'add', '--username', 'cli.partner', ...args, '--password-stdin'], {
        input: 'Velvet tangerine orbit cli 7741\n',
      });
    await assert.rejects(add(['--role', 'partner', '--partner', 'nowhere']), /exited 3: .*no partner 'nowhere'/s);
    await assert.rejects(add(['--role', 'partner']), /exited 2: .*needs her organisation/s);
    await assert.rejects(add(['--role', 'social_worker', '--partner', 'acse']), /exited 2: .*only for users with the role partner/s);
    assert.ok(!(await c.admin.get('/api/v1/users?limit=200')).body.items.some((u) => u.username === 'cli.partner'));

    // Grant the shelter addresses to sw2; refused to a peer mediator.
    const sw2 = await c.admin.get(`/api/v1/users/${U.sw2.id}`);
    const granted = await c.admin.patch(`/api/v1/users/${U.sw2.id}`, { secret_places: true }, { headers: { 'if-match': sw2.headers.get('etag') } });
    assert.equal(granted.status, 200, granted.text);
    assert.equal(granted.body.secret_places, true);
    const peer = await c.admin.get(`/api/v1/users/${U.peer.id}`);
    const refused = await c.admin.patch(`/api/v1/users/${U.peer.id}`, { secret_places: true }, { headers: { 'if-match': peer.headers.get('etag') } });
    assert.deepEqual(codes(refused), ['secret_places:field.invalid']);
    const notPartner = await c.admin.patch(`/api/v1/users/${U.peer.id}`, { partner_id: ACSE }, { headers: { 'if-match': peer.headers.get('etag') } });
    assert.deepEqual(codes(notPartner), ['partner_id:field.invalid']);
    const b = await c.admin.get(`/api/v1/users/${U.partnerB.id}`);
    const cleared = await c.admin.patch(`/api/v1/users/${U.partnerB.id}`, { partner_id: null }, { headers: { 'if-match': b.headers.get('etag') } });
    assert.deepEqual(codes(cleared), ['partner_id:field.required']);
    assert.equal((await c.admin.get(`/api/v1/users/${U.partnerB.id}`)).body.partner_id, CIVI, 'nothing changed');
  });

  test('a confidential address: coordinators, granted social workers and the partner itself only', async () => {
    const url = `/api/v1/partners/${s.shelter}`;
    const visible = (r) => {
      assert.equal(r.body.address_hidden, false);
      assert.equal(r.body.address, '12 rue des Lilas, 44000 Nantes');
      assert.equal(r.body.latitude, 47.2184);
      assert.equal(r.body.longitude, -1.5536);
    };
    const hidden = (p) => {
      assert.equal(p.address_hidden, true);
      assert.equal(p.address, null);
      assert.equal(p.latitude, null);
      assert.equal(p.longitude, null);
      assert.equal(p.address_confidential, true);
      assert.equal(p.city, 'Nantes', 'the city is not secret');
    };
    visible(await c.coord.get(url));
    visible(await c.sw2.get(url));
    hidden((await c.sw.get(url)).body);
    hidden((await c.peer.get(url)).body);
    hidden((await c.admin.get(url)).body);
    hidden((await directory(c.sw)).find((p) => p.id === s.shelter));
    hidden((await directory(c.peer)).find((p) => p.id === s.shelter));
    assert.equal((await directory(c.sw2)).find((p) => p.id === s.shelter).address_hidden, false);

    // Exports hide it the same way.
    const csv = csvObjects((await exportAs(c.sw, 'csv')).text).find((p) => p.id === s.shelter);
    assert.equal(csv.address, '');
    assert.equal(csv.latitude, '');
    assert.equal(csv.longitude, '');
    assert.equal(csv.address_hidden, 'true');
    const geo = (await exportAs(c.peer, 'geojson')).body.features.find((f) => f.id === s.shelter);
    assert.equal(geo.geometry, null);
    assert.equal(geo.properties.address, null);
    assert.equal(geo.properties.address_hidden, true);
    const coordGeo = (await exportAs(c.coord, 'geojson')).body.features.find((f) => f.id === s.shelter);
    assert.deepEqual(coordGeo.geometry, { type: 'Point', coordinates: [-1.5536, 47.2184] });
    const coordCsv = csvObjects((await exportAs(c.coord, 'csv')).text).find((p) => p.id === s.shelter);
    assert.equal(coordCsv.address, '12 rue des Lilas, 44000 Nantes');
    assert.equal(coordCsv.longitude, '-1.5536');

    // An administrator manages the directory without seeing the address: she may not make it public.
    const v = (await c.admin.get(url)).headers.get('etag');
    const reveal = await c.admin.patch(url, { address_confidential: false }, { headers: { 'if-match': v } });
    assert.equal(reveal.status, 422, reveal.text);
    assert.deepEqual(codes(reveal), ['address_confidential:partner.address_secret']);
    visible(await c.coord.get(url));

    // The shelter's own user has no directory access at all.
    const horizon = (await signIn(server, s.horizonUser)).client;
    assert.equal((await horizon.get('/api/v1/partners')).status, 403);
    assert.equal((await horizon.get(url)).status, 403);
    assert.equal((await horizon.get('/api/v1/partners/export?format=csv')).status, 403);
    assert.deepEqual((await horizon.get('/api/v1/partner/referrals')).body.items, []);
  });

  test('CSV and GeoJSON: export → import changes nothing, hidden locations included', async () => {
    const before = await directory();
    const csv = await exportAs(c.coord, 'csv');
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="partners.csv"');
    assert.ok(csv.text.startsWith('id,name,kind,mechanism,services,languages,'));
    // A byte order mark first, so that spreadsheets read UTF-8 (fetch's text() drops it).
    const raw = await fetch(`${server.baseURL}/api/v1/partners/export?format=csv`, {
      headers: { cookie: `passerelle_session=${c.coord.cookie}` },
    });
    assert.deepEqual([...new Uint8Array(await raw.arrayBuffer()).slice(0, 4)], [0xef, 0xbb, 0xbf, 0x69]);
    const rows = csvObjects(csv.text);
    assert.equal(rows.length, before.length);
    const horizonRow = rows.find((r) => r.id === s.shelter);
    assert.equal(horizonRow.services, 'shelter|health');
    assert.equal(horizonRow.notes, 'Night arrivals, call first.\nSecond line, with "quotes", and commas');

    const again = await importAs(c.coord, 'csv', csv.text);
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.body, { created: 0, updated: 0, unchanged: before.length });
    assert.deepEqual(await directory(), before, 'nothing changed, not even a version');

    const geo = await exportAs(c.coord, 'geojson');
    assert.equal(geo.headers.get('content-type'), 'application/geo+json');
    assert.equal(geo.body.type, 'FeatureCollection');
    assert.equal(geo.body.features.length, before.length);
    const geoAgain = await importAs(c.coord, 'geojson', geo.text);
    assert.equal(geoAgain.status, 200, geoAgain.text);
    assert.deepEqual(geoAgain.body, { created: 0, updated: 0, unchanged: before.length });
    assert.deepEqual(await directory(), before);

    // A file exported by someone who could not see the shelter's address keeps the address.
    for (const format of ['csv', 'geojson']) {
      const blind = await exportAs(c.sw, format);
      const r = await importAs(c.coord, format, blind.text);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body, { created: 0, updated: 0, unchanged: before.length }, format);
    }
    assert.deepEqual(await directory(), before);
    assert.equal((await c.coord.get(`/api/v1/partners/${s.shelter}`)).body.address, '12 rue des Lilas, 44000 Nantes');

    const audit = await c.admin.get('/api/v1/audit?action=partner.');
    const actions = audit.body.items.map((e) => e.action);
    assert.ok(actions.includes('partner.export') && actions.includes('partner.import'));
    const imported = audit.body.items.find((e) => e.action === 'partner.import');
    assert.equal(imported.details.unchanged, before.length);
  });

  test('import creates and updates (by id, mechanism, name); columns left out stay as they are', async () => {
    const before = await directory();
    const civiBefore = before.find((p) => p.id === CIVI);
    const shelterBefore = before.find((p) => p.id === s.shelter);
    const text =
      'name,kind,mechanism,services,city,phone\r\n' +
      'Centre de santé Nord,HealthServiceOrganisation,,health|mental_health,Lille,\r\n' +
      'foyer horizon,NGO,,shelter|health,Saint-Nazaire,02 40 11 11 11\r\n' +
      'CIVI,LegalService,civi,compensation,Nantes,\r\n';
    const r = await importAs(c.coord, 'csv', text);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { created: 1, updated: 2, unchanged: 0 });
    const after = await directory();
    assert.equal(after.length, before.length + 1);
    const made = after.find((p) => p.name === 'Centre de santé Nord');
    assert.equal(made.kind, 'HealthServiceOrganisation');
    assert.deepEqual(made.services, ['health', 'mental_health']);
    assert.equal(made.version, 1);
    s.clinic = made.id;
    const shelter = after.find((p) => p.id === s.shelter);
    assert.equal(shelter.name, 'foyer horizon', 'matched by name whatever the case, then renamed');
    assert.equal(shelter.city, 'Saint-Nazaire');
    assert.equal(shelter.address, shelterBefore.address, 'no address column: kept');
    assert.equal(shelter.email, shelterBefore.email);
    assert.equal(shelter.version, shelterBefore.version + 1);
    const civi = after.find((p) => p.id === CIVI);
    assert.equal(civi.name, 'CIVI', 'matched by mechanism');
    assert.equal(civi.city, 'Nantes');
    assert.equal(civi.notes, civiBefore.notes);
    assert.equal(civi.version, civiBefore.version + 1);

    // By id, in GeoJSON: the name back, a point set.
    const geo = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: s.shelter,
          geometry: { type: 'Point', coordinates: [-2.2, 47.27] },
          properties: { name: 'Foyer Horizon', city: 'Nantes' },
        },
      ],
    };
    const g = await importAs(c.coord, 'geojson', JSON.stringify(geo));
    assert.equal(g.status, 200, g.text);
    assert.deepEqual(g.body, { created: 0, updated: 1, unchanged: 0 });
    const back = await c.coord.get(`/api/v1/partners/${s.shelter}`);
    assert.equal(back.body.name, 'Foyer Horizon');
    assert.equal(back.body.latitude, 47.27);
    assert.equal(back.body.longitude, -2.2);
    assert.equal(back.body.address, shelterBefore.address);
  });

  test('a bad row refuses the whole import: 422 naming row and field, nothing written', async () => {
    const before = await directory();
    const csv =
      'name,kind,services,latitude,longitude,email\r\n' +
      'Permanence Sud,NGO,legal_advice,43.6,1.44,sud@example.org\r\n' +
      'Permanence Est,Nope,,,,\r\n' +
      'Permanence Ouest,NGO,shelter|teleportation,95,2,not-an-email\r\n' +
      ',NGO,,,,\r\n' +
      'Too,many,cells,,,,\r\n';
    const r = await importAs(c.coord, 'csv', csv);
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(codes(r), [
      'row.2.kind:field.invalid',
      'row.3.email:field.invalid',
      'row.3.latitude:field.invalid',
      'row.3.services:field.invalid',
      'row.4.name:field.required',
      'row.5:import.row_shape',
    ]);
    assert.deepEqual(await directory(), before, 'not even the good row was written');

    const header = await importAs(c.coord, 'csv', 'name,kind,colour\r\nX,NGO,red\r\n');
    assert.deepEqual(codes(header), ['header.colour:field.unknown']);
    const dup = await importAs(c.coord, 'csv', 'name,kind\r\nFoyer Horizon,NGO\r\nFOYER HORIZON,NGO\r\n');
    assert.deepEqual(codes(dup), ['row.2.name:import.duplicate_row']);
    const mech = await importAs(c.coord, 'csv', `id,name,kind,mechanism\r\n${s.shelter},Foyer Horizon,NGO,ofpra\r\n`);
    assert.deepEqual(codes(mech), ['row.1.mechanism:partner.mechanism_taken']);
    const quote = await importAs(c.coord, 'csv', 'name,kind\r\n"Open quote,NGO\r\n');
    assert.deepEqual(codes(quote), ['file:field.invalid']);
    const latin1 = await importAs(c.coord, 'csv', Buffer.from('name,kind\r\nFoyer \xe9t\xe9,NGO\r\n', 'latin1'));
    assert.deepEqual(codes(latin1), ['file:field.invalid'], 'UTF-8 only');

    const geo = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: null, properties: { name: 'Maison Claire', kind: 'NGO' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [200, 10] }, properties: { name: 'Maison Sombre', kind: 'NGO', latitude: 3 } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] }, properties: { name: 'Maison Ligne', kind: 'NGO', country: 'fr' } },
      ],
    };
    const g = await importAs(c.coord, 'geojson', JSON.stringify(geo));
    assert.equal(g.status, 422, g.text);
    assert.deepEqual(codes(g), [
      'row.2.latitude:field.unknown',
      'row.2.longitude:field.invalid',
      'row.3.country:field.invalid',
      'row.3.geometry:field.invalid',
    ]);
    const notCollection = await importAs(c.coord, 'geojson', JSON.stringify({ type: 'Feature' }));
    assert.deepEqual(codes(notCollection), ['file:field.invalid']);
    assert.deepEqual(await directory(), before);

    assert.equal((await importAs(c.coord, 'csv', 'name,kind\r\n', 'application/json')).status, 415);
    assert.equal((await importAs(c.coord, 'xlsx', 'name,kind\r\n', 'text/csv')).status, 400);
    assert.equal((await c.coord.get('/api/v1/partners/export')).status, 400);
    assert.equal((await importAs(c.sw, 'csv', 'name,kind\r\nX,NGO\r\n')).status, 403);
    assert.deepEqual(await directory(), before);
  });

  test('CSV formula injection: such cells leave with an apostrophe and come back without it', async () => {
    const risky = {
      name: '=HYPERLINK("http://evil.example","Click")',
      kind: 'NGO',
      contact_name: '@SUM(A1:A9)',
      phone: '+33 6 12 34 56 78',
      notes: '-2+3',
      region: "'=already quoted",
      latitude: -20.9,
      longitude: -55.5,
    };
    const made = await c.coord.post('/api/v1/partners', risky);
    assert.equal(made.status, 201, made.text);
    const text = (await exportAs(c.coord, 'csv')).text;
    const row = csvObjects(text).find((p) => p.id === made.body.id);
    assert.equal(row.name, `'${risky.name}`);
    assert.equal(row.contact_name, `'${risky.contact_name}`);
    assert.equal(row.phone, `'${risky.phone}`);
    assert.equal(row.notes, `'${risky.notes}`);
    assert.equal(row.region, `'${risky.region}`);
    assert.equal(row.latitude, '-20.9', 'numbers are left as numbers');
    for (const r of csvObjects(text))
      for (const [col, cell] of Object.entries(r))
        if (col !== 'latitude' && col !== 'longitude') assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `${col}: ${cell}`);

    const before = await directory();
    const r = await importAs(c.coord, 'csv', text);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.updated, 0);
    assert.equal(r.body.created, 0);
    assert.deepEqual(await directory(), before);
    const back = await c.coord.get(`/api/v1/partners/${made.body.id}`);
    for (const [k, v] of Object.entries(risky)) assert.deepEqual(back.body[k], v, k);
  });

  test('portal: a referral reaches its partner once sent, and only that partner', async () => {
    const person = await c.sw.post('/api/v1/people', {
      given_name: 'Mariama',
      family_name: 'Diallo',
      birth_date: '1998-06-02',
      gender: 'Feminine',
      nationalities: ['GN'],
      languages: ['fr', 'ff'],
      contact: { phones: ['06 98 76 54 32'] },
    });
    assert.equal(person.status, 201, person.text);
    s.person = person.body.id;
    const k = await c.sw.post('/api/v1/cases', { person_id: s.person, summary: 'Threatened in Nantes.' });
    assert.equal(k.status, 201, k.text);
    s.case = k.body.id;
    s.caseNumber = k.body.number;

    const consent = await c.sw.post(`/api/v1/people/${s.person}/consents`, {
      purpose: 'sharing',
      partner_id: ACSE,
      data_items: ['given_name', 'birth_year', 'languages', 'needs'],
      method: 'written',
    });
    assert.equal(consent.status, 201, consent.text);
    const consentCivi = await c.sw.post(`/api/v1/people/${s.person}/consents`, {
      purpose: 'sharing',
      partner_id: CIVI,
      data_items: ['given_name', 'family_name'],
      method: 'written',
    });
    assert.equal(consentCivi.status, 201, consentCivi.text);

    const referral = async (partner, items) => {
      const r = await c.sw.post(`/api/v1/cases/${s.case}/procedures`, {
        kind: 'referral',
        partner_id: partner,
        reason: 'safe_relocation',
        packet_items: items,
        due_on: day(7),
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.status, 'draft');
      return r.body.id;
    };
    s.r1 = await referral(ACSE, ['given_name', 'birth_year', 'languages']);

    // A draft is not the partner's business yet.
    assert.deepEqual((await c.partnerA.get('/api/v1/partner/referrals')).body.items, []);
    assert.equal((await c.partnerA.get(`/api/v1/partner/referrals/${s.r1}`)).status, 404);

    const sent = await c.sw.post(`/api/v1/procedures/${s.r1}/transitions`, { to: 'sent' });
    assert.equal(sent.status, 200, sent.text);
    s.r3 = await referral(CIVI, ['given_name', 'family_name']);
    assert.equal((await c.sw.post(`/api/v1/procedures/${s.r3}/transitions`, { to: 'sent' })).status, 200);

    const list = await c.partnerA.get('/api/v1/partner/referrals');
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body.items.map((r) => r.id), [s.r1]);
    const one = await c.partnerA.get(`/api/v1/partner/referrals/${s.r1}`);
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(Object.keys(one.body).sort(), ['allowed', 'due_on', 'from', 'id', 'outcome', 'packet', 'packet_withheld', 'reason', 'sent_on', 'status', 'steps']);
    assert.equal(one.body.status, 'sent');
    assert.equal(one.body.reason, 'safe_relocation');
    assert.equal(one.body.sent_on, day(0));
    assert.equal(one.body.due_on, day(7));
    assert.equal(one.body.from, ORGANISATION);
    assert.equal(one.body.packet_withheld, false);
    assert.equal(one.body.packet.given_name, 'Mariama');
    assert.equal(one.body.packet.birth_year, 1998);
    assert.ok(!('family_name' in one.body.packet), 'only the items sent');
    assert.ok(!('phone' in one.body.packet));
    assert.deepEqual([...one.body.allowed].sort(), ['accepted', 'declined', 'failed']);
    assert.deepEqual(one.body.steps.map((x) => x.to_status), ['sent']);
    for (const secret of [s.case, s.caseNumber, s.person, 'Diallo', '06 98', 'Threatened'])
      assert.ok(!one.text.includes(secret), `the partner never sees ${secret}`);
    assert.deepEqual(list.body.items[0], one.body);

    // Organisation B sees none of it, and A none of B's.
    assert.deepEqual((await c.partnerB.get('/api/v1/partner/referrals')).body.items.map((r) => r.id), [s.r3]);
    assert.equal((await c.partnerB.get(`/api/v1/partner/referrals/${s.r1}`)).status, 404);
    const bMove = await c.partnerB.post(`/api/v1/partner/referrals/${s.r1}/transitions`, { to: 'accepted' });
    assert.equal(bMove.status, 404);
    assert.equal((await c.partnerA.get(`/api/v1/partner/referrals/${s.r3}`)).status, 404);
    assert.equal((await c.partnerA.get(`/api/v1/partner/referrals/${s.case}`)).status, 404, 'a case id is no referral');
    assert.equal((await c.partnerA.get(`/api/v1/partner/referrals/${NO_SUCH_ID}`)).status, 404);
    const b3 = await c.partnerB.get(`/api/v1/partner/referrals/${s.r3}`);
    assert.equal(b3.body.packet.family_name, 'Diallo', 'B sees what was shared with B');
    assert.equal((await c.sw.get(`/api/v1/procedures/${s.r1}`)).body.status, 'sent', 'B moved nothing');
  });

  test('portal: the partner answers through the procedure rules — accepts, completes; never withdraws', async () => {
    const url = `/api/v1/partner/referrals/${s.r1}/transitions`;
    const withdraw = await c.partnerA.post(url, { to: 'withdrawn', reason: 'We would rather not' });
    assert.equal(withdraw.status, 409, withdraw.text);
    assert.deepEqual(codes(withdraw), ['to:transition.not_yours']);
    const decline = await c.partnerA.post(url, { to: 'declined' });
    assert.equal(decline.status, 422, decline.text);
    assert.deepEqual(codes(decline), ['reason:field.required']);
    const jump = await c.partnerA.post(url, { to: 'completed' });
    assert.equal(jump.status, 409, jump.text);
    assert.deepEqual(codes(jump), ['to:transition.not_allowed']);
    const extra = await c.partnerA.post(url, { to: 'accepted', fields: { placement: 'x' } });
    assert.deepEqual(codes(extra), ['fields:field.unknown']);

    const accepted = await c.partnerA.post(url, { to: 'accepted' });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.body.status, 'accepted');
    assert.deepEqual([...accepted.body.allowed].sort(), ['completed', 'failed']);
    const done = await c.partnerA.post(url, { to: 'completed', outcome: 'Welcomed in a safe house; follow-up by phone.' });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'completed');
    assert.equal(done.body.outcome, 'Welcomed in a safe house; follow-up by phone.');
    assert.deepEqual(done.body.allowed, []);
    assert.deepEqual(done.body.steps.map((x) => x.to_status), ['sent', 'accepted', 'completed']);
    const final = await c.partnerA.post(url, { to: 'failed', reason: 'Too late' });
    assert.equal(final.status, 409);
    assert.deepEqual(codes(final), ['to:transition.not_allowed']);

    const staff = await c.sw.get(`/api/v1/procedures/${s.r1}`);
    assert.equal(staff.body.status, 'completed');
    assert.equal(staff.body.fields.outcome, 'Welcomed in a safe house; follow-up by phone.');
    const moves = staff.body.steps.filter((x) => x.to_status === 'accepted' || x.to_status === 'completed');
    assert.ok(moves.every((x) => x.actor_id === U.partnerA.id), 'her answers are hers');
  });

  test('portal: a withdrawal of consent withholds the packet of referrals already sent', async () => {
    const r2 = await c.sw.post(`/api/v1/cases/${s.case}/procedures`, {
      kind: 'referral',
      partner_id: ACSE,
      reason: 'shelter',
      packet_items: ['given_name'],
    });
    assert.equal(r2.status, 201, r2.text);
    s.r2 = r2.body.id;
    assert.equal((await c.sw.post(`/api/v1/procedures/${s.r2}/transitions`, { to: 'sent' })).status, 200);
    assert.equal((await c.partnerA.get(`/api/v1/partner/referrals/${s.r2}`)).body.packet.given_name, 'Mariama');

    const withdrawn = await c.sw.post(`/api/v1/people/${s.person}/consents`, {
      purpose: 'sharing',
      partner_id: ACSE,
      status: 'withdrawn',
      method: 'oral',
    });
    assert.equal(withdrawn.status, 201, withdrawn.text);
    const after = await c.partnerA.get(`/api/v1/partner/referrals/${s.r2}`);
    assert.equal(after.status, 200);
    assert.equal(after.body.packet, null);
    assert.equal(after.body.packet_withheld, true);
    assert.ok(!after.text.includes('Mariama'));
    const list = await c.partnerA.get('/api/v1/partner/referrals');
    assert.deepEqual(list.body.items.map((r) => r.id).sort(), [s.r1, s.r2].sort());
    assert.ok(list.body.items.every((r) => r.packet === null && r.packet_withheld));
    // B's consent stands: B still sees its packet.
    assert.equal((await c.partnerB.get(`/api/v1/partner/referrals/${s.r3}`)).body.packet_withheld, false);

    const audit = await c.admin.get(`/api/v1/audit?action=partner.referral_read&actor=${U.partnerA.id}&limit=200`);
    assert.ok(audit.body.items.some((e) => e.target_id === s.r1));
    assert.ok(audit.body.items.some((e) => e.target_id === s.r2 && e.details.packet === false));
  });

  test('a partner user reaches no staff route', async () => {
    const a = c.partnerA;
    for (const path of [
      '/api/v1/cases',
      `/api/v1/cases/${s.case}`,
      `/api/v1/cases/${s.case}/procedures`,
      '/api/v1/people?q=Mariama',
      `/api/v1/people/${s.person}`,
      '/api/v1/partners',
      `/api/v1/partners/${ACSE}`,
      '/api/v1/partners/export?format=csv',
      '/api/v1/deadlines',
      '/api/v1/referrals',
      `/api/v1/procedures/${s.r1}`,
      '/api/v1/users',
      '/api/v1/audit',
      '/api/v1/tasks',
    ]) {
      const r = await a.get(path);
      assert.equal(r.status, 403, `${path}: ${r.status}`);
    }
    assert.equal((await a.post('/api/v1/partners', { name: 'X', kind: 'NGO' })).status, 403);
    assert.equal((await a.post(`/api/v1/procedures/${s.r2}/transitions`, { to: 'accepted' })).status, 403);
    assert.equal((await importAs(a, 'csv', 'name,kind\r\nX,NGO\r\n')).status, 403);
    // And staff have no portal: it is only for partner organisations.
    assert.equal((await c.coord.get('/api/v1/partner/referrals')).status, 403);
    assert.equal((await c.sw.get(`/api/v1/partner/referrals/${s.r1}`)).status, 403);
  });
});
