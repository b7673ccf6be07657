// Every route of src/api/routes.cpp × every role: 401 without a session, 403 when the role lacks
// the route's permission (matrix of src/core/permissions.cpp), neither when it has it. Also: a
// session still waiting for its second factor reaches only /auth/* and GET /me.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api } from '../support/openapi.mjs';
import { MFA_ROLES, ROLES, permissionConstants, roleUser, routeTable, signIn } from '../support/fixtures.mjs';
import { repoRoot, startServer } from '../support/server.mjs';

/** The default matrix of src/core/permissions.cpp: role → Set of permission strings. */
function permissionMatrix() {
  const text = readFileSync(path.join(repoRoot, 'src/core/permissions.cpp'), 'utf8');
  const consts = permissionConstants();
  const body = text.slice(text.indexOf('matrix()'));
  const out = new Map();
  for (const m of body.matchAll(/\{\s*"(\w+)"\s*,\s*\{([^{}]*)\}\s*\}/g)) {
    const perms = [...m[2].matchAll(/perm::(\w+)/g)].map((p) => {
      assert.ok(consts[p[1]], `permissions.cpp uses perm::${p[1]}, unknown in permissions.h`);
      return consts[p[1]];
    });
    out.set(m[1], new Set(perms));
  }
  return out;
}

const routes = routeTable();
const matrix = permissionMatrix();
const SAFE = new Set(['GET', 'HEAD']);

function concrete(pattern, id) {
  return pattern.replace(/\{\w+\}/g, id);
}

// logout ends the session it is called with: always last.
function ordered(list) {
  return [...list].sort((a, b) => (a.pattern === '/api/v1/auth/logout') - (b.pattern === '/api/v1/auth/logout'));
}

async function callRoute(client, route, id) {
  const p = concrete(route.pattern, id);
  return SAFE.has(route.method) ? client.call(route.method, p) : client.call(route.method, p, { body: {} });
}

describe('route × role access', () => {
  let server;
  const users = ROLES.map((r) => roleUser(r));
  const target = { username: 'target.user', role: 'peer_mediator', password: 'Velvet tangerine orbit target 7741' };
  const sessions = new Map();

  before(async () => {
    server = await startServer({ users: [...users, target] });
  });
  after(() => server?.stop());

  test('the matrix knows every role and every permission the route table names', () => {
    assert.deepEqual([...matrix.keys()].sort(), [...ROLES].sort(), 'roles of permissions.cpp');
    const known = new Set(Object.values(permissionConstants()));
    for (const r of routes) {
      assert.ok(['open', 'any_session', 'signed_in', 'permission'].includes(r.access), `${r.method} ${r.pattern}: access ${r.access}`);
      if (r.access === 'permission') {
        assert.ok(r.permission && known.has(r.permission), `${r.method} ${r.pattern}: unknown permission ${r.permission}`);
      } else {
        assert.equal(r.permission, null, `${r.method} ${r.pattern}: a permission on a ${r.access} route`);
      }
    }
  });

  test('without a session: 401 on every route that needs one', async () => {
    const anon = api(server);
    for (const r of routes) {
      const res = await callRoute(anon, r, '0190d7a4-3c2e-7b1a-8f00-0123456789ab');
      const where = `${r.method} ${r.pattern}`;
      if (r.access === 'open') {
        assert.notEqual(res.status, 401, `${where} is open`);
        assert.notEqual(res.status, 403, `${where} is open`);
      } else {
        assert.equal(res.status, 401, `${where} without a session: ${res.text}`);
        assert.equal(res.body.type, 'https://passerelle.invalid/problems/authentication-required');
      }
    }
  });

  test('a session waiting for 2FA enrolment or a code reaches only /auth/* and GET /me', async () => {
    const coordinator = users.find((u) => u.role === 'coordinator');
    // mfa_enrolment_required
    const pending = api(server);
    const login = await pending.login(coordinator.username, coordinator.password);
    assert.equal(login.body.state, 'mfa_enrolment_required');
    const me = await pending.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.session_state, 'mfa_enrolment_required');
    assert.deepEqual(me.body.permissions, [], 'no permissions before the second factor');
    const userId = me.body.id;
    for (const r of ordered(routes)) {
      const res = await callRoute(pending, r, userId);
      const where = `${r.method} ${r.pattern} (mfa_enrolment_required)`;
      if (r.access === 'open' || r.access === 'any_session') {
        assert.ok(![401, 403].includes(res.status), `${where}: ${res.status} ${res.text}`);
      } else {
        assert.equal(res.status, 401, `${where}: ${res.status} ${res.text}`);
        assert.equal(res.body.type, 'https://passerelle.invalid/problems/authentication-required');
      }
    }
    // enrol, then mfa_required at the next sign-in
    const { client } = await signIn(server, coordinator);
    await client.post('/api/v1/auth/logout', undefined);
    const waiting = api(server);
    assert.equal((await waiting.login(coordinator.username, coordinator.password)).body.state, 'mfa_required');
    for (const r of ordered(routes)) {
      if (r.pattern === '/api/v1/auth/mfa') continue; // a wrong code would count against her
      const res = await callRoute(waiting, r, userId);
      const where = `${r.method} ${r.pattern} (mfa_required)`;
      if (r.access === 'open' || r.access === 'any_session') {
        assert.ok(![401, 403].includes(res.status), `${where}: ${res.status} ${res.text}`);
      } else {
        assert.equal(res.status, 401, `${where}: ${res.status} ${res.text}`);
      }
    }
  });

  test('signed in, each role: 403 exactly where its role lacks the permission', async () => {
    for (const user of users) sessions.set(user.role, (await signIn(server, user)).client);
    // The server's own view of the matrix agrees with permissions.cpp.
    const roles = await sessions.get('administrator').get('/api/v1/roles');
    assert.equal(roles.status, 200);
    for (const item of roles.body.items) {
      assert.deepEqual(new Set(item.permissions), matrix.get(item.name), `GET /roles for ${item.name}`);
      assert.equal(item.mfa_required, MFA_ROLES.has(item.name));
    }
    const targetId = (await sessions.get('administrator').get('/api/v1/users?limit=200')).body.items.find(
      (u) => u.username === target.username,
    ).id;

    const failures = [];
    for (const role of ROLES) {
      const client = sessions.get(role);
      for (const r of ordered(routes)) {
        const res = await callRoute(client, r, targetId);
        const where = `${role}: ${r.method} ${r.pattern} → ${res.status}`;
        const allowed = r.access !== 'permission' || matrix.get(role).has(r.permission);
        if (allowed && [401, 403].includes(res.status)) failures.push(`${where} (permitted) ${res.text}`);
        if (!allowed && res.status !== 403) failures.push(`${where} (should be 403)`);
        if (!allowed && res.body?.type !== 'https://passerelle.invalid/problems/forbidden') {
          failures.push(`${where}: type ${res.body?.type}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
