// API client for bench/indicators: signs in, then, one request at a time over a keep-alive
// connection (as one coordinator's browser would):
//   - every project's dashboard, GET /api/v1/projects/{id}/dashboard (all its indicators with
//     their months): a first pass on a just-started server, then ROUNDS more; the total of a pass
//     is the time to compute every indicator of every project (target ≤ 1 s);
//   - the same with every breakdown (dimensions=gender,age_band,minor,nationality), one pass;
//   - the organisation overview, GET /api/v1/dashboard, ROUNDS times;
//   - every project's funder report as .xlsx, GET /api/v1/projects/{id}/report?format=xlsx,
//     ROUNDS times each (target ≤ 2 s per report).
// Prints one JSON object on stdout.
// Usage: node bench/indicators-client.mjs BASE_URL USERNAME PASSWORD ROUNDS
// Loopback only: refuses any other host.
import http from 'node:http';

const [base, username, password, roundsArg] = process.argv.slice(2);
const url = new URL(base);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
  console.error('indicators-client: loopback only');
  process.exit(2);
}
const rounds = Math.max(1, Number(roundsArg || 5));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let cookie = '', csrf = '';

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { accept: 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    const started = process.hrtime.bigint();
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks),
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function get(path) {
  const res = await request('GET', path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.toString().slice(0, 200)}`);
  return res;
}

const round3 = (x) => Math.round(x * 1000) / 1000;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : null; };

const login = await request('POST', '/api/v1/auth/login', JSON.stringify({ username, password }));
if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
cookie = (login.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
const state = JSON.parse(login.body.toString());
csrf = state.csrf_token;
if (state.state !== 'authenticated') throw new Error('login needs a second factor');

const projects = JSON.parse((await get('/api/v1/projects')).body.toString()).items
  .map((p) => ({ id: p.id, code: p.code }));

// One pass over every project's dashboard: per project ms, total ms, indicators seen.
async function dashboards(query = '') {
  const per = {};
  let total = 0, indicators = 0, nulls = 0;
  for (const p of projects) {
    const res = await get(`/api/v1/projects/${p.id}/dashboard${query}`);
    const body = JSON.parse(res.body.toString());
    per[p.code] = round3(res.ms);
    total += res.ms;
    indicators += body.indicators.length;
    nulls += body.indicators.filter((i) => i.value === null).length;
  }
  return { total_ms: round3(total), per_project_ms: per, indicators, null_values: nulls };
}

const first = await dashboards();
const passes = [];
for (let i = 0; i < rounds; i++) passes.push(await dashboards());
const perProject = {};
for (const p of projects) perProject[p.code] = round3(median(passes.map((x) => x.per_project_ms[p.code])));
const withDimensions = await dashboards('?dimensions=gender,age_band,minor,nationality');

const overview = [];
for (let i = 0; i < rounds; i++) overview.push((await get('/api/v1/dashboard')).ms);

const reports = {};
let bytes = 0, contentType = '';
for (const p of projects) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const res = await get(`/api/v1/projects/${p.id}/report?format=xlsx`);
    times.push(res.ms);
    bytes = Math.max(bytes, res.body.length);
    contentType = res.headers['content-type'];
    if (res.body.subarray(0, 2).toString() !== 'PK') throw new Error(`${p.code}: report is not a zip`);
  }
  reports[p.code] = { median_ms: round3(median(times)), max_ms: round3(Math.max(...times)) };
}

console.log(JSON.stringify({
  projects: projects.length,
  rounds,
  dashboards: {
    indicators: first.indicators,
    null_values: first.null_values,
    first_pass_total_ms: first.total_ms,
    pass_totals_ms: passes.map((x) => x.total_ms),
    median_total_ms: round3(median(passes.map((x) => x.total_ms))),
    max_total_ms: round3(Math.max(...passes.map((x) => x.total_ms))),
    median_per_project_ms: perProject,
    with_dimensions_total_ms: withDimensions.total_ms,
    with_dimensions_per_project_ms: withDimensions.per_project_ms,
  },
  overview: { median_ms: round3(median(overview)), max_ms: round3(Math.max(...overview)) },
  reports_xlsx: {
    content_type: contentType,
    largest_bytes: bytes,
    per_project: reports,
    max_median_ms: round3(Math.max(...Object.values(reports).map((r) => r.median_ms))),
    max_ms: round3(Math.max(...Object.values(reports).map((r) => r.max_ms))),
  },
}));
agent.destroy();
