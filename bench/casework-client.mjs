// Casework load client for bench/casework: signs in, then runs each scenario with N concurrent
// workers over keep-alive connections for a bounded time (and a bounded number of requests),
// timing every request. Prints one JSON object on stdout.
// Usage: node bench/casework-client.mjs BASE_URL USERNAME PASSWORD SECONDS CONCURRENCY[,CONCURRENCY...]
// Loopback only: refuses any other host.
import http from 'node:http';

const [base, username, password, secondsArg, concArg] = process.argv.slice(2);
const url = new URL(base);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
  console.error('casework-client: loopback only');
  process.exit(2);
}
const seconds = Number(secondsArg || 10);
const concurrencies = (concArg || '1,8').split(',').map(Number);
const maxRequestsPerScenario = 200000; // hard bound besides the time limit

// Names as src/io/demo_generator.cpp draws them: given names × (family root + ending), with the
// traditions' weights. Kept in step by hand; bench/casework greps the source to warn on drift.
const traditions = [
  [30, ['Osaro', 'Efosa', 'Uyi', 'Osagie', 'Ivie', 'Eghosa', 'Omoye', 'Idia', 'Esohe', 'Itohan'],
    ['Ogie', 'Ede', 'Usu', 'Ihe', 'Obaz'], ['kpolo', 'rhuwa', 'gbemi', 'mwanta']],
  [15, ['Adunni', 'Folake', 'Yetunde', 'Kemi', 'Bisola', 'Temitope', 'Funmi', 'Ayodele'],
    ['Ola', 'Ade', 'Ayo', 'Fola'], ['wunmidemo', 'tokunbe', 'kanmire', 'jobiwe']],
  [15, ['Chiamaka', 'Nkechi', 'Ngozi', 'Adaeze', 'Chinwe', 'Ifeoma', 'Obiageli', 'Uju'],
    ['Okon', 'Nwa', 'Eze', 'Obi'], ['kwelu', 'chukara', 'doriem', 'gbuzo']],
  [8, ['Camille', 'Manon', 'Léa', 'Chloé', 'Inès', 'Élodie', 'Nathalie', 'Sandrine'],
    ['Bel', 'Mar', 'Dufr', 'Lav'], ['envaux', 'ichonne', 'astel', 'erneuil']],
  [8, ['Ioana', 'Andreea', 'Mihaela', 'Elena', 'Roxana', 'Bianca', 'Alina'],
    ['Pop', 'Dumi', 'Stanc', 'Mare'], ['escuvan', 'trelea', 'ovidru', 'ăianu']],
  [6, ['Arta', 'Besa', 'Drita', 'Elira', 'Fatbardha', 'Mimoza', 'Vjosa'],
    ['Hox', 'Kra', 'Shal', 'Ber'], ['hajdemo', 'sniqi', 'orraku', 'isheni']],
  [6, ['Mei', 'Xiu Ying', 'Li Na', 'Hui', 'Jing', 'Yan'], ['Zhuo', 'Qian', 'Lan'], ['demo', 'feng', 'rui']],
  [6, ['Larissa', 'Thaís', 'Juliana', 'Bruna', 'Aline', 'Renata'], ['Souz', 'Carv', 'Mour'],
    ['ello', 'antes', 'irinho']],
  [6, ['Amina', 'Fatima Zahra', 'Samira', 'Nadia', 'Khadija', 'Leïla'], ['Ben', 'El', 'Bou'],
    [' Demrani', 'hadouri', 'zaroun']],
];

// Deterministic draws (xorshift) so every run asks the same questions.
let seed = 0x2545f491;
const rand = (n) => {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed % n;
};
const pick = (a) => a[rand(a.length)];
function demoName() {
  let roll = rand(100), i = 0;
  for (let acc = 0; i < traditions.length; i++) { acc += traditions[i][0]; if (roll < acc) break; }
  const t = traditions[Math.min(i, traditions.length - 1)];
  return { given: pick(t[1]), family: pick(t[2]) + pick(t[3]) };
}
// Typing slips a social worker makes: a dropped letter, a doubled one, two swapped, no accents,
// lower case.
function misspell(word) {
  if (word.length < 4) return word.toLowerCase();
  const i = 1 + rand(word.length - 2);
  switch (rand(4)) {
    case 0: return word.slice(0, i) + word.slice(i + 1);
    case 1: return word.slice(0, i) + word[i] + word.slice(i);
    case 2: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    default: return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
}
// A spread of real queries: mostly full names, some family names alone, some given names alone
// (the broad ones), some misspelled.
function searchQuery() {
  const n = demoName();
  const r = rand(100);
  if (r < 45) return [`${n.given} ${n.family}`, 'full name'];
  if (r < 60) return [n.family.trim(), 'family name only'];
  if (r < 70) return [n.given, 'given name only'];
  if (r < 90) return [`${misspell(n.given)} ${misspell(n.family.trim())}`, 'misspelt full name'];
  return [`${n.family.trim()} ${n.given}`.toUpperCase(), 'FAMILY GIVEN'];
}
function duplicateBody() {
  const n = demoName();
  const misspelt = rand(100) < 30;
  return JSON.stringify({ given_name: misspelt ? misspell(n.given) : n.given,
                          family_name: misspelt ? misspell(n.family.trim()) : n.family.trim() });
}

const maxConc = Math.max(...concurrencies);
const agent = new http.Agent({ keepAlive: true, maxSockets: maxConc, maxFreeSockets: maxConc });
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
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function login() {
  const res = await request('POST', '/api/v1/auth/login', JSON.stringify({ username, password }));
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body}`);
  const set = res.headers['set-cookie'] || [];
  cookie = set.map((c) => c.split(';')[0]).join('; ');
  csrf = JSON.parse(res.body).csrf_token;
  if (JSON.parse(res.body).state !== 'authenticated') throw new Error('login needs a second factor');
}

const scenarios = {
  search: () => {
    const [q, kind] = searchQuery();
    return ['GET', `/api/v1/people?q=${encodeURIComponent(q)}`, undefined, kind];
  },
  duplicates: () => ['POST', '/api/v1/people/duplicates', duplicateBody()],
  caseload_mine: () => ['GET', '/api/v1/cases?scope=mine'],
  caseload_team: () => ['GET', '/api/v1/cases'],
};

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(name, concurrency) {
  const make = scenarios[name];
  const lat = [];
  const byKind = {};
  let errors = 0, items = 0, outside = 0, count = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  async function worker() {
    while (performance.now() < deadline && count < maxRequestsPerScenario) {
      count++;
      const [method, path, body, kind] = make();
      const t0 = performance.now();
      let res;
      try { res = await request(method, path, body); } catch { errors++; continue; }
      const ms = performance.now() - t0;
      if (res.status !== 200) { errors++; continue; }
      lat.push(ms);
      if (kind) (byKind[kind] ||= []).push(ms);
      const j = JSON.parse(res.body);
      items += j.items.length;
      outside += j.outside_scope || 0;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  const r2 = (x) => (x === null ? null : Math.round(x * 100) / 100);
  return { scenario: name, concurrency, requests: lat.length, errors, seconds: r2(elapsed),
           rps: r2(lat.length / elapsed), p50_ms: r2(percentile(lat, 50)), p95_ms: r2(percentile(lat, 95)),
           p99_ms: r2(percentile(lat, 99)), max_ms: r2(lat[lat.length - 1] ?? null),
           mean_items: r2(items / Math.max(1, lat.length)), mean_outside_scope: r2(outside / Math.max(1, lat.length)),
           ...(Object.keys(byKind).length ? { by_kind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => {
             v.sort((a, b) => a - b);
             return [k, { requests: v.length, p50_ms: r2(percentile(v, 50)), p95_ms: r2(percentile(v, 95)) }];
           })) } : {}) };
}

await login();
// Warm-up: a few of each, not counted.
for (const name of Object.keys(scenarios)) for (let i = 0; i < 5; i++) {
  const [m, p, b] = scenarios[name]();
  await request(m, p, b);
}
const only = process.env.CASEWORK_SCENARIOS ? process.env.CASEWORK_SCENARIOS.split(',') : Object.keys(scenarios);
const results = [];
for (const concurrency of concurrencies)
  for (const name of only) {
    results.push(await run(name, concurrency));
    process.stderr.write(`  ${JSON.stringify(results[results.length - 1])}\n`);
  }
agent.destroy();
console.log(JSON.stringify(results));
