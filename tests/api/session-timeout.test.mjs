// Idle timeout (PASSERELLE_SESSION_IDLE_SECONDS=4): an idle session dies; a busy one lives on.
// 4 s, not less: last-seen times are kept to the second and written back every second, so a
// shorter limit leaves a loaded machine (ASan, CI) too little margin between two requests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api } from '../support/openapi.mjs';
import { passwordFor, sleep } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const eve = { username: 'eve', role: 'psychologist', password: passwordFor('eve') };

describe('idle timeout', () => {
  let server;
  before(async () => {
    server = await startServer({ users: [eve], env: { PASSERELLE_SESSION_IDLE_SECONDS: '4' } });
  });
  after(() => server?.stop());

  test('a session idle for 5 s has ended', async () => {
    const c = api(server);
    assert.equal((await c.login(eve.username, eve.password)).status, 200);
    assert.equal((await c.get('/api/v1/me')).status, 200);
    await sleep(5200);
    const r = await c.get('/api/v1/me');
    assert.equal(r.status, 401, 'expired after idling');
    assert.equal(r.body.type, 'https://passerelle.invalid/problems/authentication-required');
    // and it stays ended (removed, not merely refused once)
    assert.equal((await c.get('/api/v1/me')).status, 401);
  });

  test('a session in use does not expire, then expires once idle', async () => {
    const c = api(server);
    assert.equal((await c.login(eve.username, eve.password)).status, 200);
    const until = Date.now() + 9000;
    while (Date.now() < until) {
      const r = await c.get('/api/v1/me');
      assert.equal(r.status, 200, 'a session used every 0.4 s stays alive');
      await sleep(400);
    }
    await sleep(5200);
    assert.equal((await c.get('/api/v1/me')).status, 401);
  });
});
