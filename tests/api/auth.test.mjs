// Sign-in: same answer for unknown users, lockout, 2FA (enrolment, codes, replay, recovery codes),
// CSRF, and the life of a session (logout, cookie flags, ending other sessions, password change).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api } from '../support/openapi.mjs';
import { passwordFor } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';
import { hotp, base32Decode, timeStep, totp } from '../support/totp.mjs';

const P = (t) => `https://passerelle.invalid/problems/${t}`;
const without = (body, ...keys) => Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));

const alice = { username: 'alice', role: 'social_worker', password: passwordFor('alice') };
const bob = { username: 'bob.locked', role: 'peer_mediator', password: passwordFor('bob') };
const cora = { username: 'cora', role: 'coordinator', password: passwordFor('cora') };
const dora = { username: 'dora', role: 'lawyer', password: passwordFor('dora') };

describe('authentication', () => {
  let server;
  before(async () => {
    server = await startServer({ users: [alice, bob, cora, dora] });
  });
  after(() => server?.stop());

  test('wrong password and unknown user get the same 401; username is case-insensitive', async (t) => {
    const ok = await api(server).login('alice', alice.password);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.state, 'authenticated');

    const upper = await api(server).login('ALICE', alice.password);
    assert.equal(upper.status, 200, 'user names are case-insensitive');
    const mixed = await api(server).login('Alice', alice.password);
    assert.equal(mixed.status, 200);

    const wrong = await api(server).login('alice', `${alice.password}x`);
    const unknown = await api(server).login('nobody.here', alice.password);
    for (const r of [wrong, unknown]) {
      assert.equal(r.status, 401);
      assert.equal(r.body.type, P('invalid-credentials'));
      assert.equal(r.headers.get('set-cookie'), null, 'no cookie on failure');
    }
    assert.deepEqual(without(wrong.body, 'request_id'), without(unknown.body, 'request_id'), 'same body');
    assert.deepEqual(
      [...wrong.headers.keys()].filter((h) => !['date', 'x-request-id', 'content-length'].includes(h)).sort(),
      [...unknown.headers.keys()].filter((h) => !['date', 'x-request-id', 'content-length'].includes(h)).sort(),
      'same headers',
    );
    // The unknown name is checked against a dummy hash: similar time (reported, not asserted).
    t.diagnostic(`wrong password ${wrong.ms.toFixed(0)} ms, unknown user ${unknown.ms.toFixed(0)} ms, success ${ok.ms.toFixed(0)} ms`);
  });

  test('lockout after 5 failures, the same for an unknown user; right password refused while locked', async () => {
    const attempt = async (name, password) => {
      const r = await api(server).login(name, password);
      return { status: r.status, type: r.body?.type, retry: r.headers.get('retry-after') };
    };
    const known = [];
    const ghost = [];
    for (let i = 0; i < 5; i++) {
      known.push(await attempt(bob.username, `wrong password number ${i}`));
      ghost.push(await attempt('ghost.user', `wrong password number ${i}`));
    }
    assert.deepEqual(known.map((a) => a.status), [401, 401, 401, 401, 429], 'the 5th failure locks');
    assert.deepEqual(ghost.map((a) => a.status), known.map((a) => a.status), 'unknown user: same behaviour');
    assert.equal(known[4].type, P('too-many-attempts'));
    assert.ok(Number(known[4].retry) >= 1, 'Retry-After');
    assert.equal(ghost[4].retry, known[4].retry);

    for (const name of [bob.username, 'BOB.LOCKED', 'ghost.user']) {
      const locked = await attempt(name, name === 'ghost.user' ? 'whatever it is 1234' : bob.password);
      assert.equal(locked.status, 429, `${name} stays locked, even with the right password`);
      assert.equal(locked.type, P('too-many-attempts'));
      assert.ok(Number(locked.retry) >= 1 && Number(locked.retry) <= 30, `Retry-After ${locked.retry}`);
    }
    // Other accounts are not affected.
    assert.equal((await api(server).login(dora.username, dora.password)).status, 200);
  });

  test('2FA: enrolment, codes used once, replay refused, recovery codes once', async () => {
    const c = api(server);
    const login = await c.login(cora.username, cora.password);
    assert.equal(login.status, 200);
    assert.equal(login.body.state, 'mfa_enrolment_required');

    // Before enrolment: only /auth/*, GET /me and logout answer.
    assert.equal((await c.get('/api/v1/me')).body.session_state, 'mfa_enrolment_required');
    for (const [m, p] of [
      ['GET', '/api/v1/me/sessions'],
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/roles'],
      ['PATCH', '/api/v1/me'],
    ]) {
      const r = await c.call(m, p, m === 'GET' ? {} : { body: { language: 'en' } });
      assert.equal(r.status, 401, `${m} ${p} before enrolment`);
      assert.equal(r.body.type, P('authentication-required'));
    }
    // A code before any enrolment has started: no pending secret.
    assert.equal((await c.post('/api/v1/auth/mfa/enrolment/confirm', { code: '123456' })).status, 409);

    const start = await c.post('/api/v1/auth/mfa/enrolment', {});
    assert.equal(start.status, 200);
    assert.match(start.body.otpauth_uri, /^otpauth:\/\/totp\/.*secret=/);
    assert.ok(start.body.otpauth_uri.includes(start.body.secret));
    const secret = start.body.secret;
    const wrongConfirm = await c.post('/api/v1/auth/mfa/enrolment/confirm', { code: otherCode(secret) });
    assert.equal(wrongConfirm.status, 401);
    assert.equal(wrongConfirm.body.type, P('invalid-code'));

    const step = timeStep();
    const enrolCode = totp(secret);
    const confirm = await c.post('/api/v1/auth/mfa/enrolment/confirm', { code: enrolCode });
    assert.equal(confirm.status, 200, confirm.text);
    assert.equal(confirm.body.state, 'authenticated');
    assert.equal(confirm.body.recovery_codes.length, 10);
    assert.equal(new Set(confirm.body.recovery_codes).size, 10);
    const me = await c.get('/api/v1/me');
    assert.equal(me.body.mfa_enabled, true);
    assert.equal(me.body.session_state, 'authenticated');
    assert.ok(me.body.permissions.includes('users.read_team'));
    assert.equal((await c.get('/api/v1/me/sessions')).status, 200);
    // Enrolment again, once enrolled: refused.
    assert.equal((await c.post('/api/v1/auth/mfa/enrolment', {})).status, 409);
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);

    // Next sign-in: a code is required.
    const again = api(server);
    assert.equal((await again.login('Cora', cora.password)).body.state, 'mfa_required');
    assert.equal((await again.get('/api/v1/users')).status, 401, 'nothing before the code');
    const wrong = await again.post('/api/v1/auth/mfa', { code: otherCode(secret) });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.type, P('invalid-code'));
    const replay = await again.post('/api/v1/auth/mfa', { code: enrolCode });
    assert.equal(replay.status, 401, 'the code used at enrolment is refused (same step)');
    assert.equal(replay.body.type, P('invalid-code'));
    assert.ok(timeStep() <= step + 1, 'the replayed code was still inside the window: a real replay');
    // A code of a later step (still inside the ±1 window) is fresh: accepted once.
    const next = hotp(base32Decode(secret), step + 1);
    const fresh = await again.post('/api/v1/auth/mfa', { code: next });
    assert.equal(fresh.status, 200, fresh.text);
    assert.equal(fresh.body.state, 'authenticated');
    assert.equal((await again.get('/api/v1/users')).status, 200);
    assert.equal((await again.post('/api/v1/auth/logout')).status, 204);

    const third = api(server);
    assert.equal((await third.login(cora.username, cora.password)).body.state, 'mfa_required');
    const reused = await third.post('/api/v1/auth/mfa', { code: next });
    assert.equal(reused.status, 401, 'a code is accepted only once');

    // Recovery codes: each works once (typed with upper case and spaces too).
    const [code1, code2] = confirm.body.recovery_codes;
    const rec = await third.post('/api/v1/auth/mfa', { recovery_code: code1.toUpperCase().replace(/-/g, ' ') });
    assert.equal(rec.status, 200, rec.text);
    assert.equal((await third.post('/api/v1/auth/logout')).status, 204);
    const fourth = api(server);
    assert.equal((await fourth.login(cora.username, cora.password)).body.state, 'mfa_required');
    const recAgain = await fourth.post('/api/v1/auth/mfa', { recovery_code: code1 });
    assert.equal(recAgain.status, 401, 'a recovery code works once');
    assert.equal(recAgain.body.type, P('invalid-code'));
    assert.equal((await fourth.post('/api/v1/auth/mfa', { recovery_code: code2 })).status, 200);
    // Code step in an authenticated session: not expected.
    assert.equal((await fourth.post('/api/v1/auth/mfa', { code: '123456' })).status, 409);
  });

  test('CSRF: unsafe methods with the cookie need the token; foreign Origin refused', async () => {
    const c = api(server);
    await c.login(alice.username, alice.password);
    const before = (await c.get('/api/v1/me')).body;
    const sessionsBefore = (await c.get('/api/v1/me/sessions')).body.items.length;

    const attempts = [
      ['PATCH', '/api/v1/me', { display_name: 'Changed by CSRF' }],
      ['POST', '/api/v1/me/password', { current_password: alice.password, new_password: 'A brand new passphrase 99' }],
      ['DELETE', `/api/v1/me/sessions/${(await c.get('/api/v1/me/sessions')).body.items[0].id}`, undefined],
      ['POST', '/api/v1/auth/logout', undefined],
    ];
    for (const [method, p, body] of attempts) {
      for (const headers of [{ 'x-csrf-token': null }, { 'x-csrf-token': 'x'.repeat(43) }, { 'x-csrf-token': '' }]) {
        const r = await c.call(method, p, { body, headers });
        assert.equal(r.status, 403, `${method} ${p} with ${JSON.stringify(headers)}`);
        assert.equal(r.body.type, P('csrf'));
      }
      // A foreign origin, even with the right token.
      const cross = await c.call(method, p, { body, headers: { origin: 'https://evil.example' } });
      assert.equal(cross.status, 403, `${method} ${p} cross-origin`);
      assert.equal(cross.body.type, P('csrf'));
    }
    // Another session's token is not this session's.
    const other = api(server);
    await other.login(alice.username, alice.password);
    assert.notEqual(other.csrf, c.csrf);
    const mixed = await c.call('PATCH', '/api/v1/me', { body: { display_name: 'Mixed' }, headers: { 'x-csrf-token': other.csrf } });
    assert.equal(mixed.status, 403);

    const after = (await c.get('/api/v1/me')).body;
    assert.deepEqual(after, before, 'nothing changed');
    assert.equal((await c.get('/api/v1/me/sessions')).body.items.length, sessionsBefore + 1, 'no session ended');
    assert.equal((await api(server).login(alice.username, alice.password)).status, 200, 'password unchanged');

    // A cross-origin login (no session) is refused too; same-origin is fine.
    const crossLogin = await api(server).login(alice.username, alice.password, { headers: { origin: 'http://evil.example' } });
    assert.equal(crossLogin.status, 403);
    assert.equal(crossLogin.body.type, P('csrf'));
    const sameOrigin = await c.call('PATCH', '/api/v1/me', { body: { language: 'en' }, headers: { origin: server.baseURL } });
    assert.equal(sameOrigin.status, 200);
    // Safe methods need no token.
    assert.equal((await c.get('/api/v1/me', { csrf: false })).status, 200);
  });

  test('session cookie flags; logout ends the session', async () => {
    const c = api(server);
    const login = await c.login(alice.username, alice.password);
    const cookie = login.headers.getSetCookie().find((s) => s.startsWith('passerelle_session='));
    assert.ok(cookie, 'session cookie set');
    assert.match(cookie, /;\s*HttpOnly/i);
    assert.match(cookie, /;\s*SameSite=Strict/i);
    assert.match(cookie, /;\s*Path=\//);
    assert.doesNotMatch(cookie, /Domain=/i);
    assert.ok(c.cookie.length >= 22, 'at least 128 bits of token');
    const stolen = c.clone();
    const out = await c.post('/api/v1/auth/logout');
    assert.equal(out.status, 204);
    assert.equal(out.headers.get('clear-site-data'), '"cache", "cookies", "storage"');
    assert.match(out.headers.getSetCookie().join(), /passerelle_session=;.*Max-Age=0/);
    const me = await stolen.get('/api/v1/me');
    assert.equal(me.status, 401, 'the old cookie no longer works');
    assert.equal(me.body.type, P('authentication-required'));
    assert.equal((await stolen.post('/api/v1/auth/logout')).status, 401);
    // Each sign-in gets a new token.
    const a = api(server);
    const b = api(server);
    await a.login(alice.username, alice.password);
    await b.login(alice.username, alice.password);
    assert.notEqual(a.cookie, b.cookie);
  });

  test('ending one of one\'s other sessions; not someone else\'s', async () => {
    const one = api(server);
    const two = api(server);
    await one.login(dora.username, dora.password);
    await two.login(dora.username, dora.password);
    const list = await one.get('/api/v1/me/sessions');
    assert.equal(list.status, 200);
    const current = list.body.items.filter((s) => s.current);
    assert.equal(current.length, 1);
    const twoId = (await two.get('/api/v1/me/sessions')).body.items.find((s) => s.current).id;
    assert.notEqual(twoId, current[0].id);

    // Alice cannot end Dora's session.
    const al = api(server);
    await al.login(alice.username, alice.password);
    const foreign = await al.delete(`/api/v1/me/sessions/${twoId}`);
    assert.equal(foreign.status, 404);
    assert.equal((await two.get('/api/v1/me')).status, 200);

    const end = await one.delete(`/api/v1/me/sessions/${twoId}`);
    assert.equal(end.status, 204);
    assert.equal((await two.get('/api/v1/me')).status, 401, 'the ended session is gone');
    assert.equal((await one.get('/api/v1/me')).status, 200, 'this one goes on');
    assert.ok(!(await one.get('/api/v1/me/sessions')).body.items.some((s) => s.id === twoId));
    assert.equal((await one.delete(`/api/v1/me/sessions/${twoId}`)).status, 404, 'already ended');
  });

  test('a password change ends the other sessions, keeps this one', async () => {
    const one = api(server);
    const two = api(server);
    await one.login(dora.username, dora.password);
    await two.login(dora.username, dora.password);
    const wrong = await one.post('/api/v1/me/password', { current_password: 'not my password at all', new_password: 'Lantern harbour quiet 2291' });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.body.errors.map((e) => e.code), ['password.wrong_current']);
    assert.equal((await two.get('/api/v1/me')).status, 200, 'a refused change ends nothing');

    const weak = await one.post('/api/v1/me/password', { current_password: dora.password, new_password: 'dora-is-me-123456' });
    assert.equal(weak.status, 422);
    assert.ok(weak.body.errors.some((e) => e.field === 'new_password' && e.code === 'password.contains_username'));

    const newPassword = 'Lantern harbour quiet 2291';
    const ok = await one.post('/api/v1/me/password', { current_password: dora.password, new_password: newPassword });
    assert.equal(ok.status, 204, ok.text);
    assert.equal((await two.get('/api/v1/me')).status, 401, 'the other session ended');
    assert.equal((await one.get('/api/v1/me')).status, 200, 'this session goes on');
    assert.equal((await api(server).login(dora.username, dora.password)).status, 401, 'old password refused');
    assert.equal((await api(server).login(dora.username, newPassword)).status, 200, 'new password works');
    dora.password = newPassword;
  });
});

// A 6-digit code that is none of the codes of the steps around now.
function otherCode(secret) {
  const key = base32Decode(secret);
  const s = timeStep();
  const near = new Set([-2, -1, 0, 1, 2].map((d) => hotp(key, s + d)));
  for (let n = 0; ; n++) {
    const c = String(123456 + n * 7919).padStart(6, '0').slice(-6);
    if (!near.has(c)) return c;
  }
}
