// Administration of users (create, rules, If-Match, separation of duties, 2FA reset, sessions,
// disable), the audit log (entries, filters, paging, verification), and the log canary.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api } from '../support/openapi.mjs';
import { passwordFor, signIn } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const P = (t) => `https://passerelle.invalid/problems/${t}`;
const admin = { username: 'root.admin', role: 'administrator', password: passwordFor('root.admin') };
const worker = { username: 'walter', role: 'social_worker', password: passwordFor('walter') };
const PASSWORDS = [admin.password, worker.password];

describe('users and audit', () => {
  let server;
  let root; // admin client
  let startedAt;
  before(async () => {
    startedAt = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    server = await startServer({ users: [admin, worker] });
    root = (await signIn(server, admin)).client;
  });
  after(() => server?.stop());

  const newUser = (username, extra = {}) => ({
    username,
    display_name: `Person ${username}`,
    role: 'lawyer',
    language: 'en',
    password: passwordFor(username),
    ...extra,
  });

  test('create: 201 with Location and ETag; duplicate user name 409', async () => {
    const r = await root.post('/api/v1/users', newUser('nadia'));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/users/${r.body.id}`);
    assert.equal(r.headers.get('etag'), `"${r.body.version}"`);
    assert.equal(r.body.version, 1);
    assert.equal(r.body.username, 'nadia');
    assert.equal(r.body.mfa_enabled, false);
    assert.equal(r.body.disabled, false);
    assert.equal(r.body.last_login_at, null);
    assert.equal('password' in r.body || 'password_hash' in r.body, false, 'no password in answers');
    const got = await root.get(r.headers.get('location'));
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, r.body);
    assert.equal(got.headers.get('etag'), '"1"');
    // the new user can sign in
    assert.equal((await api(server).login('nadia', passwordFor('nadia'))).status, 200);

    const dup = await root.post('/api/v1/users', newUser('nadia', { password: passwordFor('other') }));
    assert.equal(dup.status, 409);
    assert.equal(dup.body.type, P('conflict'));
    assert.deepEqual(dup.body.errors.map((e) => [e.field, e.code]), [['username', 'username.taken']]);
    const list = await root.get('/api/v1/users?limit=200');
    assert.equal(list.body.items.filter((u) => u.username === 'nadia').length, 1);
  });

  test('password rules: too short, common, containing the user name', async () => {
    const cases = [
      ['short.pw', 'Short1!', 'password.too_short'],
      ['common.pw', 'Password12345!', 'password.common'],
      ['common.pw2', 'azerty123456', 'password.common'],
      ['ulysses', 'my name is Ulysses, really', 'password.contains_username'],
      ['long.pw', 'x'.repeat(60) + 'Q'.repeat(69), 'password.too_long'],
    ];
    for (const [username, password, code] of cases) {
      const r = await root.post('/api/v1/users', newUser(username, { password }));
      assert.equal(r.status, 422, `${username}: ${r.text}`);
      assert.equal(r.body.type, P('validation'));
      const codes = r.body.errors.filter((e) => e.field === 'password').map((e) => e.code);
      assert.ok(codes.includes(code), `${username}: ${code} expected in ${codes}`);
      assert.ok(r.body.errors.every((e) => e.message && e.message !== e.code), 'each error has a message');
    }
    // several problems at once are all reported
    const both = await root.post('/api/v1/users', newUser('abc', { password: 'abc', role: 'king', username: 'A B' }));
    assert.equal(both.status, 422);
    const fields = both.body.errors.map((e) => `${e.field}:${e.code}`);
    for (const f of ['username:username.format', 'role:role.unknown', 'password:password.too_short']) {
      assert.ok(fields.includes(f), `${f} in ${fields}`);
    }
    const list = await root.get('/api/v1/users?limit=200');
    for (const [username] of cases) assert.ok(!list.body.items.some((u) => u.username === username), `${username} not created`);
  });

  test('PATCH with If-Match: 428 without, 412 when stale (nothing changed), 200 with version + 1', async () => {
    const created = (await root.post('/api/v1/users', newUser('olga'))).body;
    const url = `/api/v1/users/${created.id}`;

    const missing = await root.patch(url, { display_name: 'Olga M.' });
    assert.equal(missing.status, 428);
    assert.equal(missing.body.type, P('precondition-required'));

    const ok = await root.patch(url, { display_name: 'Olga M.' }, { headers: { 'if-match': '"1"' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.display_name, 'Olga M.');
    assert.equal(ok.headers.get('etag'), '"2"');

    const stale = await root.patch(url, { display_name: 'Olga Stale', language: 'en', role: 'psychologist' }, { headers: { 'if-match': '"1"' } });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.type, P('version-conflict'));
    assert.equal(stale.body.current_version, 2);
    assert.equal(stale.body.current.display_name, 'Olga M.');
    assert.deepEqual(stale.body.changed_fields.sort(), ['display_name', 'role'], 'language is already en');
    assert.equal(stale.headers.get('etag'), '"2"');
    for (const bad of ['"abc"', '*', '"0"']) {
      const r = await root.patch(url, { display_name: 'Olga Bad' }, { headers: { 'if-match': bad } });
      assert.equal(r.status, 412, `If-Match ${bad}`);
      assert.equal(r.body.current_version, 2);
    }
    const now = await root.get(url);
    assert.equal(now.body.version, 2, 'nothing changed');
    assert.equal(now.body.display_name, 'Olga M.');
    assert.equal(now.body.role, 'lawyer');

    const weak = await root.patch(url, { language: 'fr' }, { headers: { 'if-match': 'W/"2"' } });
    assert.equal(weak.status, 200);
    assert.equal(weak.body.version, 3);

    const unknownField = await root.patch(url, { username: 'renamed' }, { headers: { 'if-match': '"3"' } });
    assert.equal(unknownField.status, 422);
    assert.deepEqual(unknownField.body.errors.map((e) => [e.field, e.code]), [['username', 'field.unknown']]);
    const missingUser = await root.patch('/api/v1/users/0190d7a4-3c2e-7b1a-8f00-0123456789ab', { language: 'fr' }, { headers: { 'if-match': '"1"' } });
    assert.equal(missingUser.status, 404);
  });

  test('an administrator cannot change her own role nor disable herself', async () => {
    const me = (await root.get('/api/v1/me')).body;
    const url = `/api/v1/users/${me.id}`;
    const v = `"${(await root.get(url)).body.version}"`;
    const role = await root.patch(url, { role: 'coordinator' }, { headers: { 'if-match': v } });
    assert.equal(role.status, 422);
    assert.deepEqual(role.body.errors.map((e) => [e.field, e.code]), [['role', 'role.self']]);
    const dis = await root.patch(url, { disabled: true }, { headers: { 'if-match': v } });
    assert.equal(dis.status, 422);
    assert.deepEqual(dis.body.errors.map((e) => [e.field, e.code]), [['disabled', 'disabled.self']]);
    const after = (await root.get(url)).body;
    assert.equal(after.role, 'administrator');
    assert.equal(after.disabled, false);
    assert.equal(`"${after.version}"`, v);
    // her own language is fine
    assert.equal((await root.patch(url, { language: 'en' }, { headers: { 'if-match': v } })).status, 200);
  });

  test('mfa-reset ends her sessions and sends her back to enrolment; user sessions list and end', async () => {
    const paul = { username: 'paul', role: 'coordinator', password: passwordFor('paul') };
    const created = await root.post('/api/v1/users', newUser('paul', { role: 'coordinator', password: paul.password }));
    assert.equal(created.status, 201);
    const { client: p } = await signIn(server, paul);
    const url = `/api/v1/users/${created.body.id}`;
    assert.equal((await root.get(url)).body.mfa_enabled, true);

    const sessions = await root.get(`${url}/sessions`);
    assert.equal(sessions.status, 200);
    assert.equal(sessions.body.items.length, 1);
    assert.equal(sessions.body.items[0].current, false, "not the admin's session");
    assert.equal(sessions.body.items[0].state, 'authenticated');

    const reset = await root.post(`${url}/mfa-reset`);
    assert.equal(reset.status, 204);
    assert.equal((await p.get('/api/v1/me')).status, 401, 'her session ended');
    assert.equal((await root.get(url)).body.mfa_enabled, false);
    const again = api(server);
    assert.equal((await again.login('paul', paul.password)).body.state, 'mfa_enrolment_required');

    const second = api(server);
    await second.login('paul', paul.password);
    assert.equal((await root.get(`${url}/sessions`)).body.items.length, 2);
    const end = await root.delete(`${url}/sessions`);
    assert.equal(end.status, 204);
    assert.equal((await root.get(`${url}/sessions`)).body.items.length, 0);
    assert.equal((await again.get('/api/v1/me')).status, 401);
    assert.equal((await second.get('/api/v1/me')).status, 401);
    assert.equal((await root.get('/api/v1/me')).status, 200, "the admin's own session is untouched");
    assert.equal((await root.post('/api/v1/users/0190d7a4-3c2e-7b1a-8f00-0123456789ab/mfa-reset')).status, 404);
  });

  test('disabling a user ends her sessions and refuses her sign-in; a role change ends them too', async () => {
    const w = (await signIn(server, worker)).client;
    const w2 = (await signIn(server, worker)).client;
    const id = (await w.get('/api/v1/me')).body.id;
    const url = `/api/v1/users/${id}`;

    const v1 = (await root.get(url)).body.version;
    const role = await root.patch(url, { role: 'peer_mediator' }, { headers: { 'if-match': `"${v1}"` } });
    assert.equal(role.status, 200);
    assert.equal((await w.get('/api/v1/me')).status, 401, 'a role change ends her sessions');
    const w3 = (await signIn(server, worker)).client;
    const roles = (await root.get('/api/v1/roles')).body.items;
    const expected = roles.find((r) => r.name === 'peer_mediator').permissions;
    assert.deepEqual((await w3.get('/api/v1/me')).body.permissions.sort(), [...expected].sort(), 'now a peer mediator');

    const dis = await root.patch(url, { disabled: true }, { headers: { 'if-match': `"${role.body.version}"` } });
    assert.equal(dis.status, 200);
    assert.equal(dis.body.disabled, true);
    for (const c of [w2, w3]) assert.equal((await c.get('/api/v1/me')).status, 401, 'disabled: sessions ended');
    const login = await api(server).login(worker.username, worker.password);
    assert.equal(login.status, 401);
    assert.equal(login.body.type, P('invalid-credentials'), 'same answer as a wrong password');

    const en = await root.patch(url, { disabled: false }, { headers: { 'if-match': `"${dis.body.version}"` } });
    assert.equal(en.status, 200);
    assert.equal((await api(server).login(worker.username, worker.password)).status, 200);
  });

  test('users list pages with next', async () => {
    const seen = [];
    let next = null;
    let pages = 0;
    do {
      const r = await root.get(`/api/v1/users?limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`);
      assert.equal(r.status, 200);
      assert.ok(r.body.items.length <= 2);
      seen.push(...r.body.items.map((u) => u.username));
      next = r.body.next;
      pages++;
    } while (next && pages < 50);
    assert.deepEqual(seen, [...seen].sort(), 'ordered by user name');
    assert.equal(new Set(seen).size, seen.length, 'no user twice');
    const all = (await root.get('/api/v1/users?limit=200')).body;
    assert.equal(all.next, null);
    assert.deepEqual(seen, all.items.map((u) => u.username));
  });

  test('audit: sign-ins, failures, creation, role change and denials are recorded', async () => {
    // a failure and a denial to look for
    assert.equal((await api(server).login(worker.username, 'definitely not it 123')).status, 401);
    assert.equal((await api(server).login('no.such.person', 'definitely not it 123')).status, 401);
    const w = (await signIn(server, worker)).client;
    const denied = await w.get('/api/v1/audit');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.type, P('forbidden'));
    const workerId = (await w.get('/api/v1/me')).body.id;

    const all = [];
    let next = null;
    do {
      const r = await root.get(`/api/v1/audit?limit=200${next ? `&after=${next}` : ''}`);
      assert.equal(r.status, 200);
      all.push(...r.body.items);
      next = r.body.next;
    } while (next);
    const has = (pred, what) => assert.ok(all.some(pred), `audit has ${what}`);
    has((e) => e.action === 'auth.login' && e.outcome === 'success' && e.actor_id === workerId, 'a successful sign-in');
    has((e) => e.action === 'auth.login' && e.outcome === 'failure' && e.target_id === workerId, 'a failed sign-in');
    has((e) => e.action === 'auth.login' && e.outcome === 'failure' && e.target_id === '', 'a failed sign-in of an unknown name');
    has((e) => e.action === 'user.create' && e.outcome === 'success' && e.actor === admin.username, 'a user creation');
    has(
      (e) => e.action === 'user.role_change' && e.target_id === workerId && e.details?.from === 'social_worker' && e.details?.to === 'peer_mediator',
      'the role change',
    );
    has((e) => e.action === 'access.denied' && e.outcome === 'denied' && e.actor_id === workerId && e.details?.permission === 'audit.read', 'the denial');
    has((e) => e.action === 'auth.mfa_enrolled', '2FA enrolment');
    has((e) => e.action === 'user.mfa_reset', '2FA reset');
    const seqs = all.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
    assert.equal(new Set(seqs).size, seqs.length, 'no entry twice');
    for (const e of all) assert.ok(e.ip === '' || e.ip === '127.0.0.1', `ip ${e.ip}`);
  });

  test('audit: filters by action prefix, actor and time; cursor paging; verify', async () => {
    const auth = await root.get('/api/v1/audit?action=auth.&limit=200');
    assert.ok(auth.body.items.length > 0);
    assert.ok(auth.body.items.every((e) => e.action.startsWith('auth.')), 'action prefix');
    const exact = await root.get('/api/v1/audit?action=user.create&limit=200');
    assert.ok(exact.body.items.length >= 3);
    assert.ok(exact.body.items.every((e) => e.action === 'user.create'));

    const adminId = (await root.get('/api/v1/me')).body.id;
    const mine = await root.get(`/api/v1/audit?actor=${adminId}&limit=200`);
    assert.ok(mine.body.items.length > 0);
    assert.ok(mine.body.items.every((e) => e.actor_id === adminId && e.actor === admin.username));

    const future = new Date(Date.now() + 86400_000).toISOString().slice(0, 10);
    assert.deepEqual((await root.get(`/api/v1/audit?from=${future}`)).body.items, [], 'from tomorrow: nothing');
    const since = await root.get(`/api/v1/audit?from=${startedAt}&limit=200`);
    assert.ok(since.body.items.length > 0);
    assert.ok(since.body.items.every((e) => e.at >= startedAt));
    assert.deepEqual((await root.get(`/api/v1/audit?to=${startedAt}`)).body.items.filter((e) => e.ip !== ''), [], 'nothing from the API before the start');
    const window = await root.get(`/api/v1/audit?from=2000-01-01&to=${future}&action=auth.&limit=200`);
    assert.deepEqual(window.body.items.map((e) => e.seq), auth.body.items.map((e) => e.seq), 'a window around everything');
    for (const bad of ['from=yesterday', 'to=2024-13-01', 'actor=bob', 'after=abc', 'limit=0', 'limit=201', 'limit=abc']) {
      const r = await root.get(`/api/v1/audit?${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.errors[0].field, bad.split('=')[0]);
    }

    // cursor paging: pages of 3 cover the log without gaps or repeats
    const everything = (await root.get('/api/v1/audit?limit=200')).body.items;
    const paged = [];
    let next = null;
    do {
      const r = await root.get(`/api/v1/audit?limit=3${next ? `&after=${next}` : ''}`);
      paged.push(...r.body.items);
      next = r.body.next;
      if (next) assert.equal(String(r.body.items.at(-1).seq), next);
    } while (next && paged.length < everything.length + 10);
    const tail = paged.filter((e) => e.seq <= everything[0].seq).map((e) => e.seq);
    assert.deepEqual(tail, everything.map((e) => e.seq));

    const verify = await root.get('/api/v1/audit/verify');
    assert.equal(verify.status, 200);
    assert.equal(verify.body.ok, true);
    assert.equal(verify.body.first_broken, null);
    assert.ok(verify.body.checked >= everything.length);
    const last = (await root.get('/api/v1/audit?limit=1')).body.items[0];
    assert.equal(last.action, 'audit.verify', 'the check is itself audited');
  });

  test('canary: names, user names and passwords never reach the server log', async () => {
    const canary = newUser('zebulon.c', { display_name: 'Zebulon Canarybird', password: 'CanaryPass horse battery 88' });
    const r = await root.post('/api/v1/users', canary);
    assert.equal(r.status, 201);
    const url = `/api/v1/users/${r.body.id}`;
    await root.get(url);
    await root.patch(url, { display_name: 'Zebulon Canarybird the Second' }, { headers: { 'if-match': '"1"' } });
    await root.get('/api/v1/users?limit=200');
    await root.post('/api/v1/users', newUser('zebulon.c', { display_name: 'Zebulon Canarybird', password: 'CanaryPass horse battery 88' }));
    await root.post('/api/v1/users', newUser('zebulon.d', { display_name: 'Zebulon Canarybird', password: 'CanaryPass' }));
    await root.patch(url, { display_name: 'Zebulon Canarybird ' + 'x'.repeat(300) }, { headers: { 'if-match': '"2"' } });
    const probe = await api(server).login('canary.zebulon.probe', 'CanaryPass-secret-guess-1');
    assert.equal(probe.status, 401);
    await api(server).call('POST', '/api/v1/auth/login', { raw: '{"username":"canary.zebulon.probe","password":"CanaryPass', headers: { 'content-type': 'application/json' } });
    const z = api(server);
    assert.equal((await z.login('zebulon.c', 'CanaryPass horse battery 88')).status, 200);
    await z.patch('/api/v1/me', { display_name: 'Zebulon Canarybird, self' });
    await z.post('/api/v1/me/password', { current_password: 'CanaryPass horse battery 88', new_password: 'CanaryPass Zebulon next 99' });
    await root.get('/api/v1/audit?limit=200');
    await new Promise((res) => setTimeout(res, 200)); // let the log lines arrive
    const logs = server.logs();
    assert.ok(logs.length > 1000, 'the server did log');
    for (const secret of ['Zebulon', 'zebulon', 'Canarybird', 'canary.zebulon', 'CanaryPass', ...PASSWORDS]) {
      assert.ok(!logs.includes(secret), `the server log contains ${secret}`);
    }
  });
});
