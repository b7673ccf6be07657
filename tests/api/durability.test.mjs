// Reliability: kill -9 during a stream of writes loses no acknowledged write; SIGTERM lets the
// request in flight finish.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { api } from '../support/openapi.mjs';
import { passwordFor, signIn, sleep } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';

const admin = { username: 'dur.admin', role: 'administrator', password: passwordFor('dur.admin') };
const hana = { username: 'hana', role: 'social_worker', password: passwordFor('hana') };

describe('durability', () => {
  const servers = [];
  after(async () => {
    for (const s of servers.reverse()) await s.stop();
  });

  test('kill -9 mid-stream: every acknowledged write is there after a restart', async () => {
    const first = await startServer({ users: [admin] });
    servers.push(first);
    const { client: root } = await signIn(first, admin);
    const me = (await root.get('/api/v1/me')).body;

    const acked = []; // {name, version}
    let inFlight = null;
    let killed = null;
    const KILL_AFTER = 100;
    for (let i = 0; i < 400; i++) {
      const name = `Durable write ${i}`;
      const version = acked.length ? acked.at(-1).version : me.version;
      const attempt = root.patch('/api/v1/me', { display_name: name }, { headers: { 'if-match': `"${version}"` } });
      // kill -9 a few ms into request number KILL_AFTER
      if (i === KILL_AFTER) killed = sleep(Math.random() * 4).then(() => first.kill('SIGKILL'));
      let r;
      try {
        r = await attempt;
      } catch {
        inFlight = { name, version: version + 1 };
        break; // the server is gone
      }
      assert.equal(r.status, 200, r.text);
      acked.push({ name, version: r.body.version });
    }
    const exit = await killed;
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(acked.length >= KILL_AFTER, `${acked.length} writes acknowledged before the kill`);

    const second = await startServer({ dataDir: first.dataDir, databaseUrl: first.databaseUrl });
    servers.push(second);
    // The session survived (it is in the database): the same cookie works on the new process.
    root.baseURL = second.baseURL;
    const now = await root.get('/api/v1/me');
    assert.equal(now.status, 200, 'the session outlives the crash');
    const last = acked.at(-1);
    assert.ok(now.body.version >= last.version, `version ${now.body.version} < acknowledged ${last.version}`);
    if (now.body.version === last.version) {
      assert.equal(now.body.display_name, last.name);
    } else {
      assert.equal(now.body.version, last.version + 1, 'at most the write in flight was added');
      assert.equal(now.body.display_name, inFlight?.name);
    }
    // Every acknowledged write left its audit entry (written in the same transaction).
    const entries = [];
    let next = null;
    do {
      const r = await root.get(`/api/v1/audit?action=user.update_self&actor=${me.id}&limit=200${next ? `&after=${next}` : ''}`);
      entries.push(...r.body.items);
      next = r.body.next;
    } while (next);
    assert.ok(entries.length >= acked.length, `${entries.length} audit entries for ${acked.length} acknowledged writes`);
    assert.ok(entries.length <= acked.length + 1);
    const verify = await root.get('/api/v1/audit/verify');
    assert.equal(verify.body.ok, true, 'the audit chain is intact after the crash');
  });

  test('SIGTERM while a request is in flight: it is still answered, then the server exits 0', async () => {
    const s = await startServer({ users: [hana] });
    servers.push(s);
    // A sign-in takes a password hash check (hundreds of ms): send it, then SIGTERM meanwhile.
    const c = api(s);
    const pending = c.login(hana.username, hana.password);
    await sleep(60);
    process.kill(s.pid, 'SIGTERM');
    const r = await pending;
    assert.equal(r.status, 200, 'the request in flight got its answer');
    assert.equal(r.body.state, 'authenticated');
    const exit = await s.exited;
    assert.equal(exit.code, 0, `clean exit ${JSON.stringify(exit)}`);
    await assert.rejects(fetch(`${s.baseURL}/healthz`), 'no longer listening');
  });
});
