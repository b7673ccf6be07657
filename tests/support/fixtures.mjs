// Shared pieces of the API tests: roles, users, passwords, sign-in with 2FA enrolment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api } from './openapi.mjs';
import { repoRoot } from './server.mjs';
import { timeStep, totp } from './totp.mjs';

export const ROLES = [
  'administrator',
  'coordinator',
  'social_worker',
  'peer_mediator',
  'lawyer',
  'psychologist',
  'researcher',
  'project_viewer',
  'partner',
];
export const MFA_ROLES = new Set(['administrator', 'coordinator']);

/** A password that passes the rules and contains no user name used in the tests. */
export function passwordFor(tag) {
  let n = 7;
  for (const ch of String(tag)) n = (n * 31 + ch.charCodeAt(0)) % 1_000_003;
  return `Velvet tangerine orbit ${n} 7741`;
}

/**
 * A user for startServer({users}); username is the role with dots (social.worker). A partner user
 * belongs to an organisation: Ac.Sé unless the caller says otherwise.
 */
export function roleUser(role, suffix = '') {
  const username = `${role.replace(/_/g, '.')}${suffix}`;
  const user = { username, role, password: passwordFor(username), displayName: `Test ${role}` };
  return role === 'partner' ? { ...user, partner: 'acse' } : user;
}

/**
 * Signs a user in, enrolling 2FA when the role requires it (or using a recovery code when she
 * is enrolled already). Returns {client, user, secret, recoveryCodes, step}; `user` is the object
 * passed in, which keeps `recoveryCodes` and `secret` for later sign-ins.
 */
export async function signIn(server, user) {
  const client = api(server);
  const r = await client.login(user.username, user.password);
  assert.equal(r.status, 200, `login of ${user.username}: ${r.text}`);
  if (r.body.state === 'mfa_enrolment_required') {
    await enrol(client, user);
  } else if (r.body.state === 'mfa_required') {
    const code = user.recoveryCodes?.shift();
    assert.ok(code, `no recovery code left for ${user.username}`);
    const m = await client.post('/api/v1/auth/mfa', { recovery_code: code });
    assert.equal(m.status, 200, m.text);
  } else {
    assert.equal(r.body.state, 'authenticated');
  }
  const me = await client.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.session_state, 'authenticated');
  user.id = me.body.id;
  return { client, user, me: me.body };
}

/** Enrols 2FA in a session that may do so; stores secret, step and recovery codes in `user`. */
export async function enrol(client, user = {}) {
  const start = await client.post('/api/v1/auth/mfa/enrolment', {});
  assert.equal(start.status, 200, start.text);
  const step = timeStep();
  const confirm = await client.post('/api/v1/auth/mfa/enrolment/confirm', {
    code: totp(start.body.secret),
  });
  assert.equal(confirm.status, 200, confirm.text);
  assert.equal(confirm.body.recovery_codes.length, 10);
  user.secret = start.body.secret;
  user.step = step;
  user.recoveryCodes = [...confirm.body.recovery_codes];
  return { secret: start.body.secret, step, recoveryCodes: confirm.body.recovery_codes };
}

/**
 * The route table of src/api/routes.cpp: [{method, pattern, access, permission}] with the
 * permission as its string value ("users.manage"), or null.
 */
export function routeTable() {
  const text = readFileSync(path.join(repoRoot, 'src/api/routes.cpp'), 'utf8');
  const perms = permissionConstants();
  const re =
    /\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*Access::(\w+)\s*,\s*(\{\}|[\w:]+)\s*,\s*(\w+)\s*(?:,\s*(?:true|false)\s*)?\}/g;
  const out = [];
  for (const m of text.matchAll(re)) {
    const ident = m[4] === '{}' ? null : m[4].replace(/^.*::/, '');
    let permission = null;
    if (ident) {
      permission = perms[ident];
      assert.ok(
        permission,
        `routes.cpp names permission ${ident}, unknown in src/core/permissions.h`,
      );
    }
    out.push({ method: m[1], pattern: m[2], access: m[3], permission, handler: m[5] });
  }
  assert.ok(out.length >= 10, `parsed only ${out.length} routes from routes.cpp`);
  return out;
}

/** perm::x identifiers of src/core/permissions.h → their string values. */
export function permissionConstants() {
  const text = readFileSync(path.join(repoRoot, 'src/core/permissions.h'), 'utf8');
  const out = {};
  for (const m of text.matchAll(/inline constexpr std::string_view (\w+) = "([^"]+)"/g))
    out[m[1]] = m[2];
  return out;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
