// docs/openapi.yaml parses, is OpenAPI 3.1, and describes exactly the routes of src/api/routes.cpp.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import YAML from 'yaml';
import { routeTable } from '../support/fixtures.mjs';
import { assertSchema, loadSpec, matchPath, resolveRef, specFile, specOperations } from '../support/openapi.mjs';

test('openapi.yaml parses as OpenAPI 3.1 and every reference resolves', () => {
  const doc = YAML.parseDocument(readFileSync(specFile, 'utf8'));
  assert.deepEqual(doc.errors, [], 'YAML errors');
  const spec = loadSpec();
  assert.match(spec.openapi, /^3\.1\./);
  assert.ok(spec.info?.title && spec.info?.version);
  const refs = [];
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') refs.push(v);
        else walk(v);
      }
    }
  };
  walk(spec);
  assert.ok(refs.length > 50);
  for (const ref of refs) resolveRef(ref);
});

test('every route of routes.cpp is in openapi.yaml, and every operation there is a route', () => {
  const routes = routeTable();
  const ops = specOperations();
  const key = (m, p) => `${m} ${p}`;
  const routeKeys = new Set(routes.map((r) => key(r.method, r.pattern)));
  const opKeys = new Set(ops.map((o) => key(o.method, o.path)));
  const missing = [...routeKeys].filter((k) => !opKeys.has(k));
  const extra = [...opKeys].filter((k) => !routeKeys.has(k));
  assert.deepEqual(missing, [], 'routes not described in docs/openapi.yaml');
  assert.deepEqual(extra, [], 'operations of docs/openapi.yaml that routes.cpp does not serve');
  assert.equal(routes.length, routeKeys.size, 'a route is declared twice');
});

test('each operation documents what its declared access implies', () => {
  const byKey = new Map(specOperations().map((o) => [`${o.method} ${o.path}`, o.operation]));
  for (const r of routeTable()) {
    const op = byKey.get(`${r.method} ${r.pattern}`);
    const codes = Object.keys(op.responses);
    const where = `${r.method} ${r.pattern}`;
    assert.ok(codes.some((c) => c.startsWith('2')), `${where}: no success answer`);
    for (const c of ['500', '503']) assert.ok(codes.includes(c), `${where}: ${c} not documented`);
    if (r.access === 'open') {
      const sec = op.security;
      assert.ok(Array.isArray(sec), `${where}: open routes declare their security`);
      assert.ok(sec.length === 0 || sec.some((s) => Object.keys(s).length === 0), `${where}: open route must allow no session`);
    } else {
      assert.ok(codes.includes('401'), `${where}: needs a session, 401 not documented`);
      assert.equal(op.security, undefined, `${where}: uses the global cookie + CSRF security`);
    }
    if (r.access === 'permission') {
      assert.ok(codes.includes('403'), `${where}: 403 not documented`);
      assert.equal(op['x-permission'], r.permission, `${where}: x-permission differs from routes.cpp`);
    } else {
      assert.equal(op['x-permission'], undefined, `${where}: x-permission on a route without permission`);
    }
    if (!['GET', 'HEAD'].includes(r.method) && r.pattern !== '/api/v1/auth/login' && r.access !== 'open') {
      assert.ok(codes.includes('403'), `${where}: unsafe method, 403 csrf not documented`);
    }
    if (r.pattern.includes('{id}')) {
      assert.ok(codes.includes('404'), `${where}: 404 for an unknown id not documented`);
    }
  }
});

test('path matching follows the id format, like the server', () => {
  assert.equal(matchPath('/api/v1/users/0190d7a4-3c2e-7b1a-8f00-0123456789ab'), '/api/v1/users/{id}');
  assert.equal(matchPath('/api/v1/users/not-an-id'), null);
  assert.equal(matchPath('/api/v1/users/0190D7A4-3C2E-7B1A-8F00-0123456789AB'), null);
  assert.equal(matchPath('/api/v1/users'), '/api/v1/users');
});

test('the Problem schema accepts a problem and refuses what is not one', () => {
  assertSchema('Problem', { type: 'https://passerelle.invalid/problems/csrf', title: 'x', status: 403, request_id: 'a1' });
  assert.throws(() => assertSchema('Problem', { title: 'x', status: 403, request_id: 'a1' }));
  assert.throws(() => assertSchema('Problem', { type: 'about:blank', title: 'x', status: 403, request_id: 'a1' }));
  assert.throws(() =>
    assertSchema('VersionConflict', { type: 'https://passerelle.invalid/problems/version-conflict', title: 'x', status: 412, request_id: 'a' }),
  );
  assert.throws(() =>
    assertSchema('Problem', {
      type: 'https://passerelle.invalid/problems/validation',
      title: 'x',
      status: 422,
      request_id: 'a',
      errors: [{ field: 'x' }],
    }),
  );
});
