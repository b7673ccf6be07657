// The API description (docs/openapi.yaml) as a test oracle: every response an API test receives
// through api(server).call(...) is checked against it — its status must be documented for that
// path and method, its media type and body must match the schema, its required headers must be
// there — and every problem+json body is checked for leaks (stack traces, SQL, exception names).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { repoRoot } from './server.mjs';

export const specFile = path.join(repoRoot, 'docs/openapi.yaml');
// components/schemas become the $defs of one JSON Schema document with this id.
const DEFS_ID = 'https://passerelle.invalid/openapi-schemas.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let cache = null;

/** The parsed description (cached). */
export function loadSpec() {
  if (!cache) {
    const spec = YAML.parse(readFileSync(specFile, 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema({ $id: DEFS_ID, $defs: rewriteRefs(spec.components?.schemas ?? {}, '#/$defs/') });
    cache = { spec, ajv, validators: new Map(), templates: [] };
    cache.templates = compileTemplates(spec);
  }
  return cache.spec;
}

/** Operations of the description: [{method: 'GET', path: '/api/v1/users/{id}', operation}]. */
export function specOperations() {
  const spec = loadSpec();
  const out = [];
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    for (const m of METHODS)
      if (item[m]) out.push({ method: m.toUpperCase(), path: p, operation: item[m] });
  }
  return out;
}

/** Resolves a local "#/..." reference in the description. */
export function resolveRef(ref) {
  const spec = loadSpec();
  assert.ok(ref.startsWith('#/'), `only local references are used: ${ref}`);
  let node = spec;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  assert.ok(node !== undefined, `unresolved reference ${ref}`);
  return node;
}

function deref(node) {
  let n = node;
  while (n && typeof n === 'object' && typeof n.$ref === 'string') n = resolveRef(n.$ref);
  return n;
}

// Path templates as regular expressions; a parameter matches what its schema allows (so an
// ill-formed id matches no template, as on the server).
function compileTemplates(spec) {
  const list = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    const params = {};
    for (const p of [
      ...(item.parameters ?? []),
      ...METHODS.flatMap((m) => item[m]?.parameters ?? []),
    ]) {
      const param = deref(p);
      if (param?.in === 'path') params[param.name] = deref(param.schema) ?? {};
    }
    const source = template
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const pattern = params[m[1]]?.pattern;
        return pattern ? `(?:${pattern.replace(/^\^/, '').replace(/\$$/, '')})` : '[^/]+';
      })
      .join('/');
    list.push({ template, regex: new RegExp(`^${source}$`), item });
  }
  return list;
}

/** The description's path template for a concrete path, or null. */
export function matchPath(concretePath) {
  loadSpec();
  const hit = cache.templates.find((t) => t.regex.test(concretePath));
  return hit ? hit.template : null;
}

// A schema of the description, compiled with its "#/..." references taken from the description.
function validatorFor(schema, key) {
  loadSpec();
  let v = cache.validators.get(key);
  if (!v) {
    v = cache.ajv.compile(rewriteRefs(schema, `${DEFS_ID}#/$defs/`));
    cache.validators.set(key, v);
  }
  return v;
}

/** Validates `value` against a named schema of components/schemas; throws with the errors. */
export function assertSchema(name, value, context = name) {
  const v = validatorFor({ $ref: `#/components/schemas/${name}` }, `schema:${name}`);
  if (!v(value)) {
    assert.fail(
      `${context}: body does not match ${name}: ${JSON.stringify(v.errors, null, 1)}\n${JSON.stringify(value)}`,
    );
  }
}

// "#/components/schemas/X" → prefix + "X" everywhere in a schema.
function rewriteRefs(node, prefix) {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, prefix));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, val] of Object.entries(node)) {
    if (k === '$ref' && typeof val === 'string') {
      assert.match(
        val,
        /^#\/components\/schemas\/\w+$/,
        `schemas may only refer to components/schemas: ${val}`,
      );
      out[k] = prefix + val.slice('#/components/schemas/'.length);
    } else {
      out[k] = rewriteRefs(val, prefix);
    }
  }
  return out;
}

const API_PATH = /^\/(api(\/|$)|healthz$|readyz$)/;

// Text that must never appear in an error answer (ASVS 7.4.1).
const LEAKS = [
  /\bSELECT\b[\s\S]*\bFROM\b/i,
  /\bINSERT\s+INTO\b/i,
  /\bUPDATE\s+\w+\s+SET\b/i,
  /\bDELETE\s+FROM\b/i,
  /sqlite/i,
  /postgres|libpq|\bsoci\b|syntax error/i,
  /std::|boost::|passerelle::|terminate called|what\(\)/,
  /\bat\s+\S+\s+\(.*:\d+:\d+\)/, // JS-style stack frame
  /\.(cpp|hpp|h):\d+/,
  /Traceback|Exception|segmentation/i,
];

/** Fails when an error body carries a stack trace, SQL or an exception name. */
export function assertNoLeak(text, context = 'error body') {
  for (const re of LEAKS)
    assert.doesNotMatch(text, re, `${context} leaks internals (${re}): ${text}`);
}

/**
 * Checks one response against the description.
 * @param {{method:string, path:string, status:number, headers:Headers, text:string}} r
 */
export function validateResponse({ method, path: fullPath, status, headers, text }) {
  const spec = loadSpec();
  const p = fullPath.split('?')[0];
  const where = `${method} ${fullPath} → ${status}`;
  const contentType = (headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

  if (status >= 400) {
    // Every API error is a problem+json body without internals.
    assert.equal(contentType, 'application/problem+json', `${where}: errors are problem+json`);
    assertNoLeak(text, where);
  }
  if (!API_PATH.test(p)) return; // static files: not described here

  const template = matchPath(p);
  const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  const operation = template ? spec.paths[template][m] : null;
  if (!operation) {
    // Unknown path (or ill-formed id): 404; a known path with another method: 405 with Allow;
    // or an answer of the HTTP layer before routing.
    const allowed = template ? [405, 400, 413, 431, 503] : [404, 400, 413, 431, 503];
    assert.ok(
      allowed.includes(status),
      `${where}: undocumented ${template ? 'method' : 'path'} must answer ${allowed[0]}`,
    );
    if (status === 405) assert.ok(headers.get('allow'), `${where}: 405 without Allow`);
    if (method !== 'HEAD') {
      const body = parseJson(text, where);
      assertSchema('Problem', body, where);
      assert.equal(body.status, status, `${where}: problem status`);
    }
    return;
  }

  const responses = operation.responses ?? {};
  const key = String(status);
  const declared = responses[key] ?? responses[`${key[0]}XX`];
  assert.ok(
    declared,
    `${where}: status ${status} is not documented for ${method} ${template} (documented: ${Object.keys(responses).join(', ')})`,
  );
  const pointer = declared.$ref ?? `#/paths/${escapePointer(template)}/${m}/responses/${key}`;
  const response = deref(declared);

  for (const [name, h] of Object.entries(response.headers ?? {})) {
    const header = deref(h);
    const value =
      name.toLowerCase() === 'set-cookie' ? headers.getSetCookie().join('\n') : headers.get(name);
    if (header.required) assert.ok(value, `${where}: required header ${name} is missing`);
    if (value && header.schema) {
      const values = name.toLowerCase() === 'set-cookie' ? headers.getSetCookie() : [value];
      const v = validatorFor(header.schema, `${pointer}/headers/${name}`);
      const ok = values.some((one) => v(one));
      assert.ok(
        ok,
        `${where}: header ${name}: ${value} does not match ${JSON.stringify(header.schema)}`,
      );
    }
  }

  const content = response.content;
  if (!content) {
    assert.equal(text, '', `${where}: documented without a body, got ${text.slice(0, 200)}`);
    return;
  }
  assert.ok(
    content[contentType],
    `${where}: content type ${contentType || '(none)'} not documented (${Object.keys(content).join(', ')})`,
  );
  if (method === 'HEAD') return;
  const schema = content[contentType].schema;
  if (!schema) return;
  const body = parseJson(text, where);
  const v = validatorFor(schema, `${pointer}/content/${contentType}`);
  if (!v(body)) {
    assert.fail(
      `${where}: body does not match the description: ${JSON.stringify(v.errors, null, 1)}\n${text.slice(0, 2000)}`,
    );
  }
  if (contentType === 'application/problem+json') {
    assert.equal(body.status, status, `${where}: problem status`);
  }
}

function parseJson(text, where) {
  try {
    return JSON.parse(text);
  } catch {
    return assert.fail(`${where}: body is not JSON: ${text.slice(0, 200)}`);
  }
}

function escapePointer(s) {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A client for one browser-like session: keeps the session cookie and the CSRF token, sends the
 * token on every unsafe method, and validates every answer against the description.
 *
 *   const alice = api(server);
 *   await alice.login('alice', password);
 *   const r = await alice.call('PATCH', '/api/v1/me', { body: { language: 'fr' } });
 *   r.status, r.body (parsed JSON or null), r.text, r.headers, r.ms
 *
 * Options of call(): body (sent as JSON), raw (string/Buffer sent as is, content-type from
 * headers), headers (override; a null value removes a header), session (false: no cookie),
 * csrf (false: no token), validate (false: skip the description check — for deliberately odd
 * requests only).
 */
export function api(server) {
  return new ApiClient(server.baseURL ?? server);
}

export class ApiClient {
  constructor(baseURL) {
    this.baseURL = baseURL;
    this.cookie = null; // value of passerelle_session
    this.csrf = null;
    this.cookieHeader = null; // the last Set-Cookie of the session cookie
  }

  /** Another client with the same session (cookie and token). */
  clone() {
    const c = new ApiClient(this.baseURL);
    Object.assign(c, { cookie: this.cookie, csrf: this.csrf, cookieHeader: this.cookieHeader });
    return c;
  }

  async call(
    method,
    urlPath,
    { body, raw, headers = {}, session = true, csrf = true, validate = true } = {},
  ) {
    const h = {};
    let payload;
    if (body !== undefined) {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    } else if (raw !== undefined) {
      payload = raw;
    }
    if (session && this.cookie) h.cookie = `passerelle_session=${this.cookie}`;
    if (csrf && this.csrf && !['GET', 'HEAD', 'OPTIONS'].includes(method))
      h['x-csrf-token'] = this.csrf;
    for (const [k, v] of Object.entries(headers)) {
      const lk = k.toLowerCase();
      if (v === null) delete h[lk];
      else h[lk] = v;
    }
    const started = performance.now();
    const res = await fetch(this.baseURL + urlPath, {
      method,
      headers: h,
      body: payload,
      redirect: 'manual',
    });
    const text = await res.text();
    const ms = performance.now() - started;
    for (const c of res.headers.getSetCookie()) {
      const m = /^(?:__Host-)?passerelle_session=([^;]*)/.exec(c);
      if (!m) continue;
      this.cookieHeader = c;
      this.cookie = m[1] && !/Max-Age=0/i.test(c) ? m[1] : null;
      if (!this.cookie) this.csrf = null;
    }
    let parsed = null;
    if (/json/.test(res.headers.get('content-type') ?? '') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (parsed && typeof parsed.csrf_token === 'string') this.csrf = parsed.csrf_token;
    const result = { status: res.status, headers: res.headers, body: parsed, text, ms };
    if (validate) {
      try {
        validateResponse({ method, path: urlPath, status: res.status, headers: res.headers, text });
      } catch (error) {
        error.message = `[openapi] ${error.message}`;
        throw error;
      }
    }
    return result;
  }

  get(p, o) {
    return this.call('GET', p, o);
  }
  post(p, body, o = {}) {
    return this.call('POST', p, { body, ...o });
  }
  patch(p, body, o = {}) {
    return this.call('PATCH', p, { body, ...o });
  }
  delete(p, o) {
    return this.call('DELETE', p, o);
  }

  /** POST /auth/login; keeps the cookie and token. Resolves with the response. */
  login(username, password, options = {}) {
    return this.call('POST', '/api/v1/auth/login', { body: { username, password }, ...options });
  }
}
