// The command line as a system administrator uses it: exit codes, messages, files it makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readFileSync, existsSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { passerelleBin, repoRoot } from '../support/server.mjs';

function cli(args, { input = '', env = {} } = {}) {
  const r = spawnSync(passerelleBin(), args, {
    cwd: repoRoot,
    input,
    env: { ...process.env, PASSERELLE_MASTER_PASSPHRASE: '', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function sqlite(db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function tempDir(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const PASSWORD = 'quiet harbour lantern 42';

function initWithUser(t) {
  const dir = path.join(tempDir(t), 'data');
  assert.equal(cli(['init', '--data-dir', dir]).code, 0);
  const add = cli(['user', 'add', '--data-dir', dir, '--username', 'ada.worker', '--role', 'social_worker', '--password-stdin'], { input: `${PASSWORD}\n` });
  assert.equal(add.code, 0, add.err);
  return dir;
}

test('every subcommand answers --help', () => {
  for (const args of [[], ['init'], ['migrate'], ['serve'], ['user'], ['user', 'add'], ['user', 'list'], ['user', 'disable'], ['user', 'reset-2fa'], ['backup'], ['restore'], ['audit'], ['audit', 'verify'], ['keys'], ['keys', 'rotate'], ['demo'], ['retention'], ['retention', 'run'], ['version']]) {
    const r = cli([...args, '--help']);
    assert.equal(r.code, 0, `${args.join(' ')} --help: ${r.err}`);
    assert.match(r.out, /Usage:/, args.join(' '));
  }
});

test('version prints the version', () => {
  const r = cli(['version']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^passerelle \d+\.\d+\.\d+/);
});

test('a command that needs an initialised deployment says so with exit 3', (t) => {
  const r = cli(['user', 'list', '--data-dir', path.join(tempDir(t), 'nothing-here')]);
  assert.equal(r.code, 3);
  assert.match(r.err, /passerelle init/);
});

test('init makes a 0600 key file and refuses to overwrite it', (t) => {
  const dir = path.join(tempDir(t), 'data');
  const first = cli(['init', '--data-dir', dir]);
  assert.equal(first.code, 0, first.err);
  const key = path.join(dir, 'master.key');
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const before = readFileSync(key, 'utf8');
  const second = cli(['init', '--data-dir', dir]);
  assert.equal(second.code, 3);
  assert.match(second.err, /already/);
  assert.equal(readFileSync(key, 'utf8'), before, 'the key file must not change');
});

test('a key file readable by others is refused', (t) => {
  const dir = initWithUser(t);
  spawnSync('chmod', ['0644', path.join(dir, 'master.key')]);
  const r = cli(['user', 'list', '--data-dir', dir]);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /master\.key|permission|mode/i);
});

test('user add checks role and password, refuses duplicates, prints a generated password once', (t) => {
  const dir = initWithUser(t);
  assert.equal(cli(['user', 'add', '--data-dir', dir, '--username', 'bob', '--role', 'king']).code, 2);
  const weak = cli(['user', 'add', '--data-dir', dir, '--username', 'bob', '--role', 'lawyer', '--password-stdin'], { input: 'Password12345!\n' });
  assert.equal(weak.code, 2);
  assert.match(weak.err, /password\.common/);
  const dup = cli(['user', 'add', '--data-dir', dir, '--username', 'ADA.worker', '--role', 'lawyer', '--password-stdin'], { input: `${PASSWORD}x\n` });
  assert.equal(dup.code, 3);
  const gen = cli(['user', 'add', '--data-dir', dir, '--username', 'coordo', '--role', 'coordinator']);
  assert.equal(gen.code, 0, gen.err);
  assert.match(gen.out, /Password \(shown once\): [a-z0-9]{5}(-[a-z0-9]{5}){3}/);
  assert.match(gen.out, /second factor/);
  const list = cli(['user', 'list', '--data-dir', dir]);
  assert.match(list.out, /ada\.worker\tsocial_worker\tactive/);
  assert.match(list.out, /coordo\tcoordinator\tactive\tno-2fa/);
  assert.equal(cli(['user', 'disable', '--data-dir', dir, '--username', 'ada.worker']).code, 0);
  assert.match(cli(['user', 'list', '--data-dir', dir]).out, /ada\.worker\tsocial_worker\tdisabled/);
  assert.equal(cli(['user', 'reset-2fa', '--data-dir', dir, '--username', 'coordo']).code, 0);
  assert.equal(cli(['user', 'disable', '--data-dir', dir, '--username', 'nobody']).code, 3);
});

test('audit verify finds an edited row and a deleted row', (t) => {
  const dir = initWithUser(t);
  for (const name of ['u1.test', 'u2.test', 'u3.test'])
    cli(['user', 'add', '--data-dir', dir, '--username', name, '--role', 'lawyer']);
  const ok = cli(['audit', 'verify', '--data-dir', dir]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /intact: 5 entries/);

  const db = path.join(dir, 'passerelle.db');
  const edited = path.join(path.dirname(dir), 'edited.db');
  copyFileSync(db, edited);
  // An attacker with the file removes the append-only guard and rewrites history.
  sqlite(edited, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'user.delete' WHERE seq = 3;");
  const broken = cli(['audit', 'verify', '--database-url', `sqlite:${edited}`, '--data-dir', dir]);
  assert.equal(broken.code, 1);
  assert.match(broken.out, /BROKEN at entry 3 \(hash\)/);

  sqlite(db, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;');
  const gap = cli(['audit', 'verify', '--data-dir', dir]);
  assert.equal(gap.code, 1);
  assert.match(gap.out, /BROKEN at entry 2/);
});

test('backup and restore give back the same data; a damaged backup is refused', (t) => {
  const dir = initWithUser(t);
  const root = path.dirname(dir);
  const file = path.join(root, 'one.pbk');
  const b = cli(['backup', '--data-dir', dir, '--to', file]);
  assert.equal(b.code, 0, b.err);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(!readFileSync(file).includes(Buffer.from('ada.worker')), 'the backup is encrypted');
  assert.equal(cli(['backup', '--data-dir', dir, '--to', file]).code, 3, 'never overwrites');

  const target = path.join(root, 'restored');
  spawnSync('mkdir', ['-p', target]);
  copyFileSync(path.join(dir, 'master.key'), path.join(target, 'master.key'));
  spawnSync('chmod', ['0600', path.join(target, 'master.key')]);
  const r = cli(['restore', '--data-dir', target, '--from', file]);
  assert.equal(r.code, 0, r.err + r.out);
  assert.match(r.out, /audit chain intact/);
  assert.equal(cli(['user', 'list', '--data-dir', target]).out, cli(['user', 'list', '--data-dir', dir]).out);

  const damaged = path.join(root, 'damaged.pbk');
  const bytes = readFileSync(file);
  bytes[bytes.length - 100] ^= 0xff;
  writeFileSync(damaged, bytes);
  const other = path.join(root, 'other');
  spawnSync('mkdir', ['-p', other]);
  copyFileSync(path.join(dir, 'master.key'), path.join(other, 'master.key'));
  spawnSync('chmod', ['0600', path.join(other, 'master.key')]);
  const bad = cli(['restore', '--data-dir', other, '--from', damaged]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /altered|damaged|truncated/);
  assert.ok(!existsSync(path.join(other, 'passerelle.db')), 'nothing is left behind');
});

test('keys rotate re-encrypts and the deployment keeps working', (t) => {
  const dir = initWithUser(t);
  const before = readFileSync(path.join(dir, 'master.key'), 'utf8');
  const users = cli(['user', 'list', '--data-dir', dir]).out;
  const r = cli(['keys', 'rotate', '--data-dir', dir]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /rotated: \d+ encrypted fields/);
  assert.notEqual(readFileSync(path.join(dir, 'master.key'), 'utf8'), before);
  assert.equal(readFileSync(path.join(dir, 'master.key.previous'), 'utf8'), before);
  assert.equal(cli(['user', 'list', '--data-dir', dir]).out, users);
  assert.equal(cli(['audit', 'verify', '--data-dir', dir]).code, 0);
  // With the retired key gone, everything still opens under the new key.
  rmSync(path.join(dir, 'master.key.previous'));
  assert.equal(cli(['user', 'list', '--data-dir', dir]).out, users);
});

test('a passphrase can stand in for the key file, and a wrong one opens nothing', (t) => {
  const dir = path.join(tempDir(t), 'data');
  const env = { PASSERELLE_MASTER_PASSPHRASE: 'correct horse battery staple seine' };
  const init = cli(['init', '--data-dir', dir], { env });
  assert.equal(init.code, 0, init.err);
  assert.ok(!existsSync(path.join(dir, 'master.key')));
  assert.equal(statSync(path.join(dir, 'master.salt')).mode & 0o777, 0o600);
  assert.equal(cli(['user', 'add', '--data-dir', dir, '--username', 'pia', '--role', 'lawyer'], { env }).code, 0);
  const wrong = cli(['user', 'list', '--data-dir', dir], { env: { PASSERELLE_MASTER_PASSPHRASE: 'wrong horse' } });
  assert.notEqual(wrong.code, 0);
  assert.match(cli(['user', 'list', '--data-dir', dir], { env }).out, /pia\tlawyer/);
});

test('migrate reports the schema version and is idempotent', (t) => {
  const dir = initWithUser(t);
  const r = cli(['migrate', '--data-dir', dir]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Schema version (\d+) -> \1 \(0 migrations applied\)/);
});

test('demo is repeatable and prints the login', (t) => {
  const dir = path.join(tempDir(t), 'data');
  cli(['init', '--data-dir', dir]);
  const first = cli(['demo', '--data-dir', dir, '--people', '0', '--seed', '3']);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /9 created/);
  const again = cli(['demo', '--data-dir', dir, '--seed', '3', '--people', '0']);
  assert.match(again.out, /0 created/);
  const pw = first.out.match(/password: (\S+)/)[1];
  assert.equal(again.out.match(/password: (\S+)/)[1], pw, 'the same login is shown again');
});

test('retention run anonymises closed files only once the period has passed', (t) => {
  const dir = path.join(tempDir(t), 'data');
  cli(['init', '--data-dir', dir]);
  assert.equal(cli(['demo', '--data-dir', dir, '--people', '60', '--seed', '5']).code, 0);
  const now = cli(['retention', 'run', '--data-dir', dir]);
  assert.equal(now.code, 0, now.err);
  assert.match(now.out, /Retention: 0 people anonymised/);
  // Ten years on (a fake clock), every case of the demo is long closed or the person unfollowed…
  const later = Math.floor(Date.now() / 1000) + 10 * 365 * 86400;
  const run = cli(['retention', 'run', '--data-dir', dir], { env: { PASSERELLE_FAKE_NOW: String(later) } });
  assert.equal(run.code, 0, run.err);
  const n = Number(run.out.match(/Retention: (\d+) people anonymised/)[1]);
  assert.ok(n > 0, run.out);
  // …and the chain of the audit log, which recorded each one, is intact.
  assert.equal(cli(['audit', 'verify', '--data-dir', dir]).code, 0);
  const db = path.join(dir, 'passerelle.db');
  const count = Number(sqlite(db, "SELECT count(*) FROM audit_log WHERE action = 'retention.anonymise'").trim());
  assert.equal(count, n);
});
