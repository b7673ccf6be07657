// Indicators, dashboards and funder reports through the API, on a small hand-made dataset whose
// answers are known: 3 members attending 4 workshop sessions of 2 workshops (3 people, 7
// attendances), sessions on the period's first and last days counted and one the day after not,
// 12 police officers of one unit counted as 12, a person met in several encounters counted once,
// a housing procedure reaching "housed" inside the period and another one after it. Then small-
// cell suppression as a project viewer sees it (checked by arithmetic: no hidden cell can be
// recovered from what is published), the funder report as CSV (parsed), XLSX (read back with a
// small zip reader) and PDF (pdftotext), the audit, and who sees which project.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { roleUser, signIn } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const run = promisify(execFile);

const U = {
  admin: roleUser('administrator'),
  coord: { ...roleUser('coordinator'), language: 'en' },
  sw: { ...roleUser('social_worker'), language: 'en' },
  peer: roleUser('peer_mediator'),
  viewer: roleUser('project_viewer'), // reports on VoiceOver, reads French
  viewer2: { ...roleUser('project_viewer', '2'), language: 'en' }, // reports on the housing project
};

// A hidden count as the report files write it: a mark that is not a number (whatever its text).
const hiddenMark = (v) => typeof v === 'string' && v !== '' && !/^[0-9]+$/.test(v);

// A breakdown without its empty categories (whether the engine lists them or not).
const nonzero = (b) => ({ ...b, cells: b.cells.filter((cell) => cell.value !== 0) });

const PERSON_NAMES = ['Awa', 'Diop', 'Blessing', 'Okafor', 'Chioma', 'Dora', 'Hope', 'Helen', 'Efe', 'Musa'];

// --- reading the files back ------------------------------------------------------------------

/** RFC 4180 rows of a CSV text (BOM dropped). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && src[i + 1] === '\n') {
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

/** The files of a zip archive (stored or deflated), by name. */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    p += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const unescapeXml = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Sheets of an .xlsx by name: arrays of rows, each an array of cell values (numbers as numbers). */
function readXlsx(buf) {
  const files = unzip(buf);
  const shared = [...(files['xl/sharedStrings.xml'] ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescapeXml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const rels = Object.fromEntries(
    [...files['xl/_rels/workbook.xml.rels'].matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]),
  );
  const sheets = {};
  for (const m of files['xl/workbook.xml'].matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const xml = files[`xl/${rels[m[2]].replace(/^\/?xl\//, '')}`];
    const rows = [];
    for (const c of xml.matchAll(/<c r="([A-Z]+)([0-9]+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const column = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const row = Number(c[2]) - 1;
      const type = /t="([^"]+)"/.exec(c[3])?.[1];
      const v = /<v>([\s\S]*?)<\/v>/.exec(c[4] ?? '')?.[1];
      const inline = /<t[^>]*>([\s\S]*?)<\/t>/.exec(c[4] ?? '')?.[1];
      let value = null;
      if (type === 's') value = shared[Number(v)];
      else if (type === 'inlineStr') value = unescapeXml(inline ?? '');
      else if (type === 'str') value = unescapeXml(v ?? '');
      else if (v !== undefined) value = Number(v);
      (rows[row] ??= [])[column] = value;
    }
    sheets[unescapeXml(m[1])] = rows.map((r) => r ?? []);
  }
  return sheets;
}

async function pdfText(bytes) {
  const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-report-'));
  try {
    await writeFile(path.join(dir, 'report.pdf'), bytes);
    return (await run('pdftotext', [path.join(dir, 'report.pdf'), '-'])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

describe('indicators, dashboards, funder reports', () => {
  let server;
  const c = {};
  const s = { people: {}, sessions: {} };

  before(async () => {
    server = await startServer({ users: Object.values(U) });
    for (const [key, user] of Object.entries(U)) c[key] = (await signIn(server, user)).client;
  });
  after(() => server?.stop());

  const ok = (r, status = 201) => {
    assert.equal(r.status, status, r.text);
    return r.body;
  };
  const indicator = (dash, name) => {
    const i = dash.indicators.find((x) => x.name === name);
    assert.ok(i, `indicator ${name}`);
    return i;
  };
  const raw = async (query = '') =>
    ok(await c.coord.get(`/api/v1/projects/${s.voiceover}/dashboard?dimensions=gender,age_band,profession${query}`), 200);

  test('setup: two projects, their viewers, and the dataset', async () => {
    s.voiceover = ok(
      await c.coord.post('/api/v1/projects', {
        code: 'voiceover',
        name: 'VoiceOver',
        starts_on: '2025-01-01',
        ends_on: '2025-06-30',
        aims: 'Survivors heard as partners',
        funders: [{ name: 'AMIF', amount_cents: 12_500_000 }],
        partners: [{ name: 'On the Road', country: 'IT' }],
        narrative: { context: 'Why we started', results: 'What changed' },
      }),
    ).id;
    s.housing = ok(await c.coord.post('/api/v1/projects', { code: 'logement', name: 'Housing first', starts_on: '2025-01-01' })).id;
    for (const [project, viewer] of [[s.voiceover, 'viewer'], [s.housing, 'viewer2']])
      ok(await c.coord.call('PUT', `/api/v1/projects/${project}/viewers/${U[viewer].id}`, { body: {} }), 204);

    // Members, and the people met in encounters (6 women, 2 men), and two people being housed.
    const people = [
      ['awa', 'Awa', 'Diop', 1990, 'Feminine', true],
      ['blessing', 'Blessing', 'Okafor', 1996, 'Feminine', true],
      ['chioma', 'Chioma', 'Eze', 2007, 'Feminine', true],
      ['dora', 'Dora', 'Ibe', 1988, 'Feminine', false],
      ['efe1', 'Efe', 'One', 1991, 'Feminine', false],
      ['efe2', 'Efe', 'Two', 1992, 'Feminine', false],
      ['efe3', 'Efe', 'Three', 1993, 'Feminine', false],
      ['efe4', 'Efe', 'Four', 1994, 'Feminine', false],
      ['efe5', 'Efe', 'Five', 1995, 'Feminine', false],
      ['musa1', 'Musa', 'One', 1980, 'Masculine', false],
      ['musa2', 'Musa', 'Two', 1981, 'Masculine', false],
      ['hope', 'Hope', 'Obi', 1989, 'Feminine', false],
      ['helen', 'Helen', 'Uche', 1987, 'Feminine', false],
    ];
    for (const [key, given, family, year, gender, member] of people) {
      const p = ok(await c.coord.post('/api/v1/people', {
        given_name: given, family_name: family, birth_year: year, gender, nationalities: ['NG'], member,
      }));
      s.people[key] = p.id;
      if (!member) s[`case_${key}`] = ok(await c.coord.post('/api/v1/cases', { person_id: p.id })).id;
    }

    // Two workshops counted towards VoiceOver, a training for police officers too.
    const activity = async (type, title) =>
      ok(await c.sw.post('/api/v1/activities', { type, title, projects: [s.voiceover] })).id;
    const w1 = await activity('workshop', 'Writing workshop');
    const w2 = await activity('workshop', 'Podcast workshop');
    const training = await activity('training', 'Police training');
    const session = async (key, activityId, heldOn) =>
      (s.sessions[key] = ok(await c.sw.post(`/api/v1/activities/${activityId}/sessions`, { held_on: heldOn })).id);
    await session('s1', w1, '2025-01-01'); // the period's first day
    await session('s2', w1, '2025-03-10');
    await session('s3', w2, '2025-04-15');
    await session('s4', w2, '2025-06-30'); // its last day
    await session('s5', w2, '2025-07-01'); // the day after: not counted
    await session('st', training, '2025-05-20');
    const attend = async (sessionKey, person) =>
      ok(await c.peer.post(`/api/v1/sessions/${s.sessions[sessionKey]}/attendance`, { person_id: s.people[person] }));
    for (const [sessionKey, members] of [
      ['s1', ['awa', 'blessing']],
      ['s2', ['awa', 'chioma']],
      ['s3', ['awa', 'blessing']],
      ['s4', ['awa']],
      ['s5', ['chioma']],
    ])
      for (const m of members) await attend(sessionKey, m);
    ok(await c.peer.post(`/api/v1/sessions/${s.sessions.st}/attendance`, {
      outsider_count: 12, organisation: 'Commissariat du 18e', profession: 'police_officer', role: 'trainee',
    }));

    // Encounters tagged with the project's code: Dora three times in the period (and once after),
    // everyone else once, in May.
    const encounter = async (person, on) =>
      ok(await c.coord.post('/api/v1/encounters', {
        case_id: s[`case_${person}`], type: 'individual_meeting', happened_on: on, projects: ['voiceover'],
      }));
    for (const on of ['2025-02-03', '2025-03-03', '2025-04-03', '2025-07-01']) await encounter('dora', on);
    for (const person of ['efe1', 'efe2', 'efe3', 'efe4', 'efe5']) await encounter(person, '2025-05-05');
    for (const person of ['musa1', 'musa2']) await encounter(person, '2025-05-06');

    // Housing: Hope housed in May (inside the period), Helen in July (after it).
    for (const [person, housedOn] of [['hope', '2025-05-10'], ['helen', '2025-07-15']]) {
      const p = ok(await c.coord.post(`/api/v1/cases/${s[`case_${person}`]}/procedures`, { kind: 'housing', opened_on: '2025-02-01' }));
      ok(await c.coord.post(`/api/v1/procedures/${p.id}/transitions`, {
        to: 'applied', on: '2025-03-01', fields: { mechanism: 'siao', applied_on: '2025-03-01' },
      }), 200);
      ok(await c.coord.post(`/api/v1/procedures/${p.id}/transitions`, {
        to: 'housed', on: housedOn, fields: { housed_on: housedOn },
      }), 200);
      ok(await c.coord.call('PUT', `/api/v1/projects/${s.voiceover}/records/procedure/${p.id}`, { body: {} }), 204);
    }

    const declare = (project, body) => c.coord.post(`/api/v1/projects/${project}/indicators`, body);
    for (const body of [
      { name: 'Members taking part', counts: 'people', filters: { via: ['attendance'] }, target: 10 },
      { name: 'Workshop sessions', counts: 'sessions', filters: { activity_types: ['workshop'] }, target: 8 },
      { name: 'Attendances', counts: 'attendances' },
      { name: 'Police officers trained', counts: 'outsiders', filters: { professions: ['police_officer'] }, target: 24 },
      { name: 'People met', counts: 'people', filters: { via: ['encounters'] }, target: 16, milestones: [{ on: '2025-03-31', value: 4 }] },
      { name: 'Encounters', counts: 'encounters' },
      { name: 'Housed', counts: 'outcomes', filters: { procedure_kind: 'housing', statuses: ['housed'] }, target: 2 },
    ])
      ok(await declare(s.voiceover, body));
    ok(await declare(s.housing, { name: 'People housed', counts: 'outcomes', filters: { procedure_kind: 'housing', statuses: ['housed'] } }));
  });

  test('the dashboard counts what it should (raw, as the staff see it)', async () => {
    const d = await raw();
    assert.equal(d.suppressed, false);
    assert.deepEqual(d.period, { from: '2025-01-01', to: '2025-06-30' });
    assert.deepEqual(d.project, { id: s.voiceover, code: 'voiceover', name: 'VoiceOver', starts_on: '2025-01-01', ends_on: '2025-06-30' });

    const members = indicator(d, 'Members taking part');
    assert.equal(members.value, 3, 'three people, not seven attendances');
    assert.equal(members.progress, 0.3);
    assert.deepEqual(nonzero(members.breakdowns.gender), { cells: [{ category: 'Feminine', value: 3 }], total: 3 });
    // Ages at the end of the period: 35, 29, 18.
    assert.deepEqual(nonzero(members.breakdowns.age_band).cells, [
      { category: '18-24', value: 1 }, { category: '25-34', value: 1 }, { category: '35-49', value: 1 },
    ]);

    const sessions = indicator(d, 'Workshop sessions');
    assert.equal(sessions.value, 4, 'the first and the last day count, the day after does not');
    assert.deepEqual(sessions.by_month, [
      { month: '2025-01', value: 1 }, { month: '2025-02', value: 1 }, { month: '2025-03', value: 2 },
      { month: '2025-04', value: 3 }, { month: '2025-05', value: 3 }, { month: '2025-06', value: 4 },
    ]);
    assert.deepEqual(sessions.breakdowns, {}, 'no person behind a session');
    assert.equal(indicator(d, 'Attendances').value, 7);

    const police = indicator(d, 'Police officers trained');
    assert.equal(police.value, 12, 'one line of twelve counts twelve');
    assert.equal(police.progress, 0.5);
    assert.deepEqual(nonzero(police.breakdowns.profession), { cells: [{ category: 'police_officer', value: 12 }], total: 12 });

    const met = indicator(d, 'People met');
    assert.equal(met.value, 8, 'Dora met three times counts once');
    assert.deepEqual(nonzero(met.breakdowns.gender), {
      cells: [{ category: 'Feminine', value: 6 }, { category: 'Masculine', value: 2 }], total: 8,
    });
    assert.deepEqual(met.by_month.map((m) => m.value), [0, 1, 1, 1, 8, 8]);
    assert.deepEqual(met.milestones, [{ on: '2025-03-31', value: 4 }]);
    assert.equal(indicator(d, 'Encounters').value, 10, 'the one after the period is not counted');
    assert.equal(indicator(d, 'Housed').value, 1, 'housed in July is outside the period');

    // A narrower period.
    const spring = await raw('&from=2025-04-01&to=2025-06-30');
    assert.deepEqual(spring.period, { from: '2025-04-01', to: '2025-06-30' });
    assert.equal(indicator(spring, 'Workshop sessions').value, 2);
    assert.equal(indicator(spring, 'Members taking part').value, 2);
    assert.equal(indicator(spring, 'People met').value, 8, 'Dora in April, the others in May');
    // Within the project's period only.
    assert.equal((await raw('&from=2024-06-01')).period.from, '2025-01-01');
    assert.equal((await c.coord.get(`/api/v1/projects/${s.voiceover}/dashboard?from=2025-08-01`)).status, 400);
    assert.equal((await c.coord.get(`/api/v1/projects/${s.voiceover}/dashboard?dimensions=religion`)).status, 400);
    assert.equal((await c.coord.get(`/api/v1/projects/${s.voiceover}/dashboard?to=2025-02-31`)).status, 400);
  });

  test('a project viewer sees suppressed figures: no hidden cell can be recovered', async () => {
    const d = ok(await c.viewer.get(`/api/v1/projects/${s.voiceover}/dashboard?dimensions=gender,age_band,profession&suppressed=false`), 200);
    assert.equal(d.suppressed, true, 'whatever she asks');
    assert.equal(d.k, 5);

    const members = indicator(d, 'Members taking part');
    assert.equal(members.value, null, '3 people < k');
    assert.equal(members.progress, null);
    assert.equal(members.breakdowns.gender.total, null);
    assert.ok(nonzero(members.breakdowns.age_band).cells.every((cell) => cell.value === null));
    assert.equal(indicator(d, 'Workshop sessions').value, 4, 'sessions are not people');
    assert.equal(indicator(d, 'Attendances').value, 7);
    assert.equal(indicator(d, 'Housed').value, null, 'one person housed');
    const police = indicator(d, 'Police officers trained');
    assert.equal(police.value, 12);
    assert.deepEqual(nonzero(police.breakdowns.profession), { cells: [{ category: 'police_officer', value: 12 }], total: 12 });

    // People met: 6 women and 2 men. The cell of 2 is hidden, and so is the cell of 6 — else
    // 8 − 6 would give the 2 back.
    const gender = indicator(d, 'People met').breakdowns.gender;
    assert.equal(indicator(d, 'People met').value, 8);
    assert.equal(gender.total, 8);
    const hidden = gender.cells.filter((cell) => cell.value === null);
    const shown = gender.cells.filter((cell) => cell.value !== null);
    assert.ok(hidden.some((cell) => cell.category === 'Masculine'), 'the small cell is hidden');
    assert.ok(hidden.length >= 2, 'and at least one more beside it');
    const published = shown.reduce((sum, cell) => sum + cell.value, 0);
    const left = gender.total - published; // what the hidden cells share
    assert.equal(left, 8);
    // As far as the published figures say, each hidden cell is anything from 0 to `left`: the
    // other hidden cells (there is at least one) take the rest. Its range is not a single value.
    for (const cell of hidden) {
      const others = hidden.length - 1;
      const range = others > 0 ? [0, left] : [left, left];
      assert.ok(range[1] > range[0], `${cell.category} cannot be recovered`);
    }
    // Month by month: 1 newcomer in February is fewer than k, so February to April are hidden.
    assert.deepEqual(indicator(d, 'People met').by_month.map((m) => m.value), [0, null, null, null, 8, 8]);
    // Every published month differs from the previous published one by 0 or at least k.
    let last = 0;
    for (const m of indicator(d, 'People met').by_month) {
      if (m.value === null) continue;
      assert.ok(m.value - last === 0 || m.value - last >= 5, `${m.month}: ${m.value} after ${last}`);
      last = m.value;
    }

    // Staff asking for the suppressed view get the same figures.
    const asked = ok(await c.coord.get(`/api/v1/projects/${s.voiceover}/dashboard?dimensions=gender&suppressed=true`), 200);
    assert.equal(asked.suppressed, true);
    assert.equal(indicator(asked, 'Members taking part').value, null);
    assert.deepEqual(indicator(asked, 'People met').breakdowns.gender, gender);
    assert.ok((await c.admin.get('/api/v1/audit?action=project.dashboard')).body.items.some(
      (e) => e.actor_id === U.viewer.id && e.target_id === s.voiceover && e.details.suppressed === true,
    ));
  });

  test('a viewer reaches only her projects; a peer mediator manages none', async () => {
    for (const suffix of ['', '/dashboard', '/report?format=csv']) {
      const r = await c.viewer.get(`/api/v1/projects/${s.housing}${suffix}`);
      assert.equal(r.status, 404, `viewer of VoiceOver on the housing project${suffix}`);
    }
    assert.equal((await c.viewer2.get(`/api/v1/projects/${s.housing}/dashboard`)).status, 200);
    assert.equal((await c.viewer2.get(`/api/v1/projects/${s.voiceover}/dashboard`)).status, 404);
    const overview = ok(await c.viewer.get('/api/v1/dashboard'), 200);
    assert.equal(overview.suppressed, true);
    assert.deepEqual(overview.projects.map((p) => p.id), [s.voiceover]);
    assert.equal(overview.projects[0].indicators.find((i) => i.name === 'Members taking part').value, null);
    const staff = ok(await c.coord.get('/api/v1/dashboard'), 200);
    assert.equal(staff.suppressed, false);
    assert.deepEqual(staff.projects.map((p) => p.id).sort(), [s.voiceover, s.housing].sort());
    const vo = staff.projects.find((p) => p.id === s.voiceover);
    assert.deepEqual(vo.period, { from: '2025-01-01', to: '2025-06-30' });
    assert.equal(vo.indicators.find((i) => i.name === 'Members taking part').value, 3);
    assert.equal(vo.indicators.find((i) => i.name === 'People met').progress, 0.5);

    assert.equal((await c.peer.post('/api/v1/projects', { code: 'mine', name: 'Mine', starts_on: '2025-01-01' })).status, 403);
    assert.equal((await c.peer.get(`/api/v1/projects/${s.voiceover}/dashboard`)).status, 403);
    assert.equal((await c.peer.call('PUT', `/api/v1/projects/${s.voiceover}/viewers/${U.viewer2.id}`, { body: {} })).status, 403);
    assert.equal((await c.viewer.post(`/api/v1/projects/${s.voiceover}/indicators`, { name: 'x', counts: 'people' })).status, 403);
  });

  test('funder report as CSV: aggregates only, always suppressed, audited', async () => {
    const r = await c.coord.get(`/api/v1/projects/${s.voiceover}/report?format=csv`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="voiceover-2025-01-01-2025-06-30.csv"');
    for (const name of PERSON_NAMES) assert.ok(!r.text.includes(name), `no ${name} in the report`);
    const rows = parseCsv(r.text);
    const find = (...cells) => rows.find((row) => cells.every((cell, i) => row[i] === cell));
    assert.ok(find('Project', 'VoiceOver'));
    assert.ok(find('AMIF', '125000.00', 'EUR'));
    assert.ok(find('On the Road', 'IT'));
    assert.ok(find('Context', 'Why we started'));
    assert.ok(find('Results', 'What changed'));
    // Even for a coordinator, a report leaves the organisation: suppressed.
    assert.ok(hiddenMark(find('Members taking part')[2]), r.text);
    assert.equal(find('People met')[2], '8');
    assert.equal(find('People met')[1], 'People reached');
    assert.equal(find('Workshop sessions')[2], '4');
    assert.equal(find('Police officers trained')[2], '12');
    assert.ok(hiddenMark(find('Housed')[2]));
    assert.ok(hiddenMark(find('People met', 'Gender', 'Men')[3]));
    assert.ok(hiddenMark(find('People met', 'Gender', 'Women')[3]), 'secondary suppression');
    assert.deepEqual(find('People met', 'Gender', 'Total'), ['People met', 'Gender', 'Total', '8']);
    assert.deepEqual(find('Police officers trained', 'Profession', 'Police officers'), [
      'Police officers trained', 'Profession', 'Police officers', '12',
    ]);

    const audit = (await c.admin.get('/api/v1/audit?action=report.export')).body.items;
    assert.ok(audit.some((e) => e.actor_id === U.coord.id && e.target_id === s.voiceover &&
      e.details.format === 'csv' && e.details.from === '2025-01-01' && e.details.to === '2025-06-30'));

    assert.equal((await c.coord.get(`/api/v1/projects/${s.voiceover}/report`)).status, 400);
    assert.equal((await c.coord.get(`/api/v1/projects/${s.voiceover}/report?format=doc`)).status, 400);
    const spring = await c.coord.get(`/api/v1/projects/${s.voiceover}/report?format=csv&from=2025-04-01`);
    assert.equal(spring.headers.get('content-disposition'), 'attachment; filename="voiceover-2025-04-01-2025-06-30.csv"');
    assert.equal(parseCsv(spring.text).find((row) => row[0] === 'Workshop sessions')[2], '2', 'sessions are not people');
  });

  test('funder report as XLSX: numbers as numbers, hidden cells as text', async () => {
    const r = await c.sw.call('GET', `/api/v1/projects/${s.voiceover}/report?format=xlsx`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = Buffer.from(await (await fetch(`${server.baseURL}/api/v1/projects/${s.voiceover}/report?format=xlsx`, {
      headers: { cookie: `passerelle_session=${c.sw.cookie}` },
    })).arrayBuffer());
    const sheets = readXlsx(bytes);
    const everything = JSON.stringify(sheets);
    for (const name of PERSON_NAMES) assert.ok(!everything.includes(name), `no ${name} in the workbook`);
    const indicators = sheets.Indicators;
    assert.ok(indicators, `sheets: ${Object.keys(sheets)}`);
    const row = (name) => indicators.find((x) => x[0] === name);
    assert.equal(row('People met')[2], 8);
    assert.equal(row('Police officers trained')[2], 12);
    assert.ok(hiddenMark(row('Members taking part')[2]));
    const breakdowns = sheets.Breakdowns;
    assert.ok(hiddenMark(breakdowns.find((x) => x[0] === 'People met' && x[2] === 'Men')[3]));
    assert.deepEqual(breakdowns.find((x) => x[0] === 'People met' && x[1] === 'Gender' && x[2] === 'Total'), ['People met', 'Gender', 'Total', 8]);
    assert.equal(breakdowns.find((x) => x[0] === 'People met')[1], 'Gender', 'gender first');
    assert.ok(sheets.Summary.some((x) => x[1] === 'VoiceOver'));
  });

  test('funder report as PDF, in the reader\'s language: the project, no one in it', async () => {
    const res = await fetch(`${server.baseURL}/api/v1/projects/${s.voiceover}/report?format=pdf`, {
      headers: { cookie: `passerelle_session=${c.viewer.cookie}` },
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(bytes);
    for (const expected of ['VoiceOver', 'AMIF', 'Genre'])
      assert.ok(text.includes(expected), `the report holds ${expected}:\n${text}`);
    for (const name of PERSON_NAMES) assert.ok(!text.includes(name), `no ${name} in the PDF`);
    const audit = (await c.admin.get('/api/v1/audit?action=report.export')).body.items;
    assert.ok(audit.some((e) => e.actor_id === U.viewer.id && e.details.format === 'pdf'));
  });
});

describe('suppression threshold from the configuration', () => {
  let server;
  after(() => server?.stop());

  test('PASSERELLE_SUPPRESSION_K sets k', async () => {
    const coord = roleUser('coordinator');
    server = await startServer({ users: [coord], env: { PASSERELLE_SUPPRESSION_K: '10' } });
    const { client } = await signIn(server, coord);
    const p = await client.post('/api/v1/projects', { code: 'k10', name: 'K', starts_on: '2025-01-01' });
    assert.equal(p.status, 201, p.text);
    const d = await client.get(`/api/v1/projects/${p.body.id}/dashboard?suppressed=true`);
    assert.equal(d.status, 200, d.text);
    assert.equal(d.body.k, 10);
    assert.equal(d.body.suppressed, true);
  });

  test('a threshold under 2 is refused at start', async () => {
    await assert.rejects(
      startServer({ env: { PASSERELLE_SUPPRESSION_K: '1' } }),
      /PASSERELLE_SUPPRESSION_K must be a whole number from 2 to 100/,
    );
  });
});
