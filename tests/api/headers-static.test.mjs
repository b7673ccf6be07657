// Security headers on API, static and error answers; the static web app and path traversal.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { api, assertNoLeak } from '../support/openapi.mjs';
import { passwordFor } from '../support/fixtures.mjs';
import { startServer, testEngine } from '../support/server.mjs';

const gail = { username: 'gail', role: 'researcher', password: passwordFor('gail') };

function raw(method, target, port, headers = {}) {
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

function assertSecurityHeaders(h, where) {
  const get = (n) => (typeof h.get === 'function' ? h.get(n) : h[n] ?? null);
  const csp = get('content-security-policy');
  assert.ok(csp, `${where}: CSP`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${where}: CSP without unsafe-inline`);
  assert.match(csp, /frame-ancestors 'none'/, `${where}: frame-ancestors`);
  assert.match(csp, /default-src 'self'/, `${where}: default-src`);
  assert.match(csp, /object-src 'none'/, `${where}: object-src`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${where}: nosniff`);
  assert.equal(get('referrer-policy'), 'no-referrer', `${where}: Referrer-Policy`);
  assert.equal(get('x-frame-options'), 'DENY', `${where}: X-Frame-Options`);
  assert.equal(get('server'), null, `${where}: no Server header`);
  assert.equal(get('x-powered-by'), null, `${where}: no X-Powered-By`);
  assert.ok(get('x-request-id'), `${where}: X-Request-Id`);
}

describe('headers and static files', () => {
  let server;
  before(async () => {
    server = await startServer({ users: [gail] });
  });
  after(() => server?.stop());

  test('the server runs on the engine asked for (PASSERELLE_TEST_ENGINE)', () => {
    const engine = testEngine() === 'postgres' ? 'postgresql' : 'sqlite';
    assert.match(server.logs(), new RegExp(`"engine":"${engine}"`));
  });

  test('API answers: security headers and Cache-Control: no-store, on success and error', async () => {
    const c = api(server);
    const login = await c.login(gail.username, gail.password);
    const answers = [
      ['login', login],
      ['GET /me', await c.get('/api/v1/me')],
      ['403', await c.get('/api/v1/audit')],
      ['404', await c.get('/api/v1/nope')],
      ['401', await api(server).get('/api/v1/me')],
      ['422', await c.patch('/api/v1/me', { bogus: 1 })],
      ['413', await c.call('PATCH', '/api/v1/me', { raw: 'x'.repeat(1_100_000), headers: { 'content-type': 'application/json' } })],
      ['healthz', await api(server).get('/healthz')],
      ['readyz', await api(server).get('/readyz')],
      ['logout 204', await c.post('/api/v1/auth/logout')],
    ];
    for (const [where, r] of answers) {
      assertSecurityHeaders(r.headers, where);
      assert.equal(r.headers.get('cache-control'), 'no-store', `${where}: Cache-Control`);
    }
    const head = await api(server).call('HEAD', '/api/v1/me');
    assert.equal(head.status, 401);
    assert.equal(head.text, '');
    // The HTTP layer's own errors carry them too.
    const bad = await raw('GET', '/api/v1/%00', server.port);
    assert.equal(bad.status, 400);
    assertSecurityHeaders(bad.headers, 'raw 400');
    assert.equal(bad.headers['cache-control'], 'no-store');
  });

  test('static: / and client-side routes serve index.html with the same headers', async () => {
    const index = await fetch(`${server.baseURL}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    const html = await index.text();
    assert.match(html, /<!doctype html>/i);
    assertSecurityHeaders(index.headers, 'GET /');
    assert.doesNotMatch(html, /<script>(?!<\/script>)/i, 'no inline script in index.html (CSP would block it)');

    for (const p of ['/cases', '/admin/users/123', '/some/deep/client/route']) {
      const r = await fetch(server.baseURL + p);
      assert.equal(r.status, 200, p);
      assert.match(r.headers.get('content-type'), /^text\/html/);
      assert.equal(await r.text(), html, `${p} is index.html`);
    }
    const missing = await fetch(`${server.baseURL}/missing-file.js`);
    assert.equal(missing.status, 404, 'a missing file with an extension is a 404');
    assertSecurityHeaders(missing.headers, '404 static');
    assertNoLeak(await missing.text());
    const post = await fetch(`${server.baseURL}/`, { method: 'POST' });
    assert.equal(post.status, 405);
    assertSecurityHeaders(post.headers, '405 static');
    const hidden = await fetch(`${server.baseURL}/.env`);
    assert.ok([404].includes(hidden.status), 'dot-files are never served');
  });

  test('path traversal never escapes the web folder', async () => {
    const targets = [
      '/../etc/passwd',
      '/../../../../../../etc/passwd',
      '/assets/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
      '/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/assets/..%5c..%5c..%5c..%5cetc%5cpasswd',
      '/%252e%252e/%252e%252e/etc/passwd.txt',
      '/.%2e/.%2e/.%2e/etc/passwd',
      '/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
      '/etc/passwd%00.html',
      '/api/../../etc/passwd',
    ];
    for (const target of targets) {
      const r = await raw('GET', target, server.port);
      assert.ok([400, 404].includes(r.status), `${target}: ${r.status}`);
      assert.doesNotMatch(r.body, /root:.*:0:0:/, `${target} leaked /etc/passwd`);
      assertSecurityHeaders(r.headers, target);
    }
    // Absolute paths in the target are taken relative to the web folder.
    const abs = await raw('GET', '//etc/passwd', server.port);
    assert.doesNotMatch(abs.body, /root:.*:0:0:/);
  });
});
