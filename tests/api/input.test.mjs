// Bad input gets a problem+json answer with the right status, in the right language, without
// internals: invalid JSON, wrong media type, unknown fields, long strings, deep nesting, huge
// bodies, bad query parameters, ill-formed ids, unknown methods.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { api, assertNoLeak } from '../support/openapi.mjs';
import { passwordFor, signIn } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const P = (t) => `https://passerelle.invalid/problems/${t}`;
const admin = { username: 'input.admin', role: 'administrator', password: passwordFor('input.admin') };
const ines = { username: 'ines', role: 'social_worker', password: passwordFor('ines'), language: 'en' };
const francoise = { username: 'francoise', role: 'lawyer', password: passwordFor('francoise'), language: 'fr' };

describe('bad input', () => {
  let server;
  let root;
  let en;
  let fr;
  before(async () => {
    server = await startServer({ users: [admin, ines, francoise] });
    root = (await signIn(server, admin)).client;
    en = (await signIn(server, ines)).client;
    fr = (await signIn(server, francoise)).client;
  });
  after(() => server?.stop());

  test('invalid JSON → 400 invalid-json', async () => {
    for (const raw of ['{', '{"display_name": }', 'null', '[1,2]', '"text"', '{"a":1}{"b":2}', '\u0000', '']) {
      const r = await en.call('PATCH', '/api/v1/me', { raw, headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 400, `body ${JSON.stringify(raw)}: ${r.text}`);
      assert.equal(r.body.type, P('invalid-json'));
    }
    const login = await api(server).call('POST', '/api/v1/auth/login', { raw: '{"username":"ines",', headers: { 'content-type': 'application/json' } });
    assert.equal(login.status, 400);
  });

  test('wrong content type → 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
      const r = await en.call('PATCH', '/api/v1/me', { raw: '{"language":"en"}', headers: { 'content-type': type } });
      assert.equal(r.status, 415, `content type ${type}`);
      assert.equal(r.body.type, P('unsupported-media-type'));
    }
    const form = await api(server).call('POST', '/api/v1/auth/login', {
      raw: 'username=ines&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415, 'a form post cannot sign in');
    assert.equal((await en.call('PATCH', '/api/v1/me', { raw: '{"language":"en"}', headers: { 'content-type': 'application/json; charset=utf-8' } })).status, 200);
  });

  test('unknown fields → 422 naming the field; wrong types; nothing changed', async () => {
    const before = (await en.get('/api/v1/me')).body;
    const r = await en.patch('/api/v1/me', { display_name: 'Ines X', is_admin: true, role: 'administrator' });
    assert.equal(r.status, 422);
    assert.equal(r.body.type, P('validation'));
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.code]).sort(), [['is_admin', 'field.unknown'], ['role', 'field.unknown']]);
    assert.deepEqual((await en.get('/api/v1/me')).body, before, 'nothing changed');

    const types = await en.patch('/api/v1/me', { display_name: 42 });
    assert.equal(types.status, 422);
    assert.deepEqual(types.body.errors.map((e) => [e.field, e.code]), [['display_name', 'field.not_string']]);
    const lang = await en.patch('/api/v1/me', { language: 'de' });
    assert.deepEqual(lang.body.errors.map((e) => [e.field, e.code]), [['language', 'language.unknown']]);
    const bool = await root.patch(`/api/v1/users/${before.id}`, { disabled: 'yes' }, { headers: { 'if-match': `"${before.version}"` } });
    assert.deepEqual(bool.body.errors.map((e) => [e.field, e.code]), [['disabled', 'field.not_boolean']]);
    const login = await api(server).post('/api/v1/auth/login', { username: 'ines', password: ines.password, remember: true });
    assert.equal(login.status, 422);
    assert.equal(login.body.errors[0].field, 'remember');
    const empty = await api(server).post('/api/v1/auth/login', {});
    assert.deepEqual(empty.body.errors.map((e) => e.field).sort(), ['password', 'username']);
  });

  test('too-long strings → 422 field.too_long (counted in characters)', async () => {
    const long = await en.patch('/api/v1/me', { display_name: 'x'.repeat(201) });
    assert.equal(long.status, 422);
    assert.deepEqual(long.body.errors.map((e) => [e.field, e.code]), [['display_name', 'field.too_long']]);
    const accents = await en.patch('/api/v1/me', { display_name: 'é'.repeat(200) });
    assert.equal(accents.status, 200, '200 characters of two bytes each are fine');
    const user = await api(server).post('/api/v1/auth/login', { username: 'u'.repeat(65), password: 'x' });
    assert.equal(user.status, 422);
    assert.equal(user.body.errors[0].code, 'field.too_long');
    const pw = await api(server).post('/api/v1/auth/login', { username: 'ines', password: 'p'.repeat(1025) });
    assert.equal(pw.status, 422);
    const created = await root.post('/api/v1/users', {
      username: 'x'.repeat(65),
      display_name: 'd'.repeat(201),
      role: 'lawyer',
      password: passwordFor('long'),
    });
    assert.equal(created.status, 422);
  });

  test('deeply nested JSON → 400; huge body → 413', async () => {
    const deep = '{"display_name":' + '['.repeat(100) + ']'.repeat(100) + '}';
    const r = await en.call('PATCH', '/api/v1/me', { raw: deep, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400);
    assert.equal(r.body.type, P('invalid-json'));
    const deepObj = '{"a":'.repeat(100) + '1' + '}'.repeat(100);
    assert.equal((await api(server).call('POST', '/api/v1/auth/login', { raw: deepObj, headers: { 'content-type': 'application/json' } })).status, 400);

    const huge = JSON.stringify({ display_name: 'x'.repeat(1_200_000) });
    const big = await en.call('PATCH', '/api/v1/me', { raw: huge, headers: { 'content-type': 'application/json' } });
    assert.equal(big.status, 413);
    assert.equal(big.body.type, P('payload-too-large'));
    const bigLogin = await api(server).call('POST', '/api/v1/auth/login', { raw: huge, headers: { 'content-type': 'application/json' } });
    assert.equal(bigLogin.status, 413);
    assert.equal((await en.get('/api/v1/me')).status, 200, 'the server is fine');
  });

  test('bad limit / cursor → 400 naming the parameter', async () => {
    for (const q of ['limit=0', 'limit=abc', 'limit=-1', 'limit=201', 'limit=1.5', 'limit=9999999999999', `after=${'a'.repeat(65)}`]) {
      const r = await root.get(`/api/v1/users?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.type, P('validation'));
      assert.equal(r.body.errors[0].field, q.split('=')[0]);
    }
    assert.equal((await root.get('/api/v1/users?limit=1')).status, 200);
    assert.equal((await root.get('/api/v1/users?limit=200')).status, 200);
    const audit = await root.get('/api/v1/audit?limit=0');
    assert.equal(audit.status, 400);
    assert.equal(audit.body.errors[0].code, 'limit.range');
  });

  test('ill-formed or unknown ids → 404; unknown paths 404; other methods 405', async () => {
    for (const id of ['not-an-id', '1', "1'%20OR%20'1'='1", '0190D7A4-3C2E-7B1A-8F00-0123456789AB', '0190d7a4-3c2e-7b1a-8f00-0123456789ab']) {
      const r = await root.get(`/api/v1/users/${id}`);
      assert.equal(r.status, 404, id);
      assert.equal(r.body.type, P('not-found'));
      assert.equal((await root.get(`/api/v1/users/${id}/sessions`)).status, 404);
      assert.equal((await en.delete(`/api/v1/me/sessions/${id}`)).status, 404);
    }
    assert.equal((await root.get('/api/v1/nothing-here')).status, 404);
    assert.equal((await api(server).get('/api/v2/me')).status, 404);
    const put = await en.call('PUT', '/api/v1/me', { body: {} });
    assert.equal(put.status, 405);
    assert.match(put.headers.get('allow'), /GET/);
    assert.match(put.headers.get('allow'), /PATCH/);
    assert.equal(put.body.type, P('method-not-allowed'));
    const del = await root.call('DELETE', '/api/v1/users');
    assert.equal(del.status, 405);
  });

  test('titles in French for Accept-Language: fr and for a user whose language is fr', async () => {
    const anon = await api(server).get('/api/v1/me', { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
    assert.equal(anon.status, 401);
    assert.equal(anon.body.title, 'Veuillez vous connecter.');
    assert.equal(anon.headers.get('content-language'), 'fr');
    const anonEn = await api(server).get('/api/v1/me', { headers: { 'accept-language': 'en-GB' } });
    assert.equal(anonEn.body.title, 'Please sign in.');
    assert.equal(anonEn.headers.get('content-language'), 'en');
    const badLogin = await api(server).login('ines', 'wrong wrong wrong 1', { headers: { 'accept-language': 'fr' } });
    assert.equal(badLogin.body.title, "Le nom d'utilisateur ou le mot de passe est incorrect.");

    // A French user gets French whatever her browser says; field messages too.
    const v = await fr.patch('/api/v1/me', { display_name: '' }, { headers: { 'accept-language': 'en' } });
    assert.equal(v.status, 422);
    assert.equal(v.body.title, 'Certains champs sont à corriger.');
    assert.equal(v.headers.get('content-language'), 'fr');
    assert.equal(v.body.errors[0].message, 'Ce champ est obligatoire.');
    const nf = await fr.delete('/api/v1/me/sessions/0190d7a4-3c2e-7b1a-8f00-0123456789ab');
    assert.equal(nf.body.title, 'Introuvable.');
    const forbidden = await fr.get('/api/v1/audit');
    assert.equal(forbidden.body.title, "Vous n'avez pas accès à ceci.");
    const enUser = await en.patch('/api/v1/me', { display_name: '' }, { headers: { 'accept-language': 'fr' } });
    assert.equal(enUser.body.title, 'Some fields need correcting.', 'an English user gets English');
    // Switching one's language switches the answers.
    assert.equal((await en.patch('/api/v1/me', { language: 'fr' })).status, 200);
    assert.equal((await en.patch('/api/v1/me', { display_name: '' })).body.title, 'Certains champs sont à corriger.');
    assert.equal((await en.patch('/api/v1/me', { language: 'en' })).status, 200);
  });

  test('no stack trace, SQL or internals in any error, whatever is sent', async () => {
    const nasty = [
      "' OR '1'='1",
      "admin'--",
      'x"; DROP TABLE users; --',
      '\u0000\u0001\u0002',
      '%s%s%s%n',
      '${jndi:ldap://x}',
      '\ud83d\ude00'.repeat(50),
      'a'.repeat(64),
    ];
    for (const s of nasty) {
      const login = await api(server).post('/api/v1/auth/login', { username: s, password: s });
      assert.ok([401, 422, 429].includes(login.status), `login with ${JSON.stringify(s)}: ${login.status}`);
      const patch = await en.patch('/api/v1/me', { language: s });
      assert.equal(patch.status, 422);
      const q = await root.get(`/api/v1/audit?action=${encodeURIComponent(s)}&from=${encodeURIComponent(s)}`);
      assert.ok([200, 400].includes(q.status));
    }
    const searched = await root.get(`/api/v1/audit?action=${encodeURIComponent("x' OR 1=1 --")}`);
    assert.equal(searched.status, 200);
    assert.deepEqual(searched.body.items, [], 'the action filter is a value, not SQL');
    // Raw requests the HTTP layer refuses: still problem+json without internals.
    for (const target of ['/api/v1/me%00', '/api/v1/%ff', '/api/v1/users/%2e%2e/me']) {
      const r = await raw('GET', target, server.port);
      assert.ok([400, 404].includes(r.status), `${target}: ${r.status}`);
      assert.match(r.headers['content-type'], /application\/problem\+json/);
      assertNoLeak(r.body, target);
    }
  });
});

/** A request with the target sent as is (fetch would normalise it). */
export function raw(method, target, port, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
