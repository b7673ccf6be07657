// Starts the real `passerelle` binary for API and browser tests:
//   init a fresh data folder in a temp dir, add users with the CLI, serve on a free loopback
//   port, wait for /readyz; stop() kills it and removes the temp dir.
// Binary: $PASSERELLE_BIN (default build/debug/passerelle, relative to the repo root).
// Engine: SQLite in the data folder by default; with PASSERELLE_TEST_ENGINE=postgres and
//   PASSERELLE_TEST_PG_URL=postgresql://user@host:port/postgres, each server gets a fresh database
//   (CREATE DATABASE through psql), passed with --database-url to every CLI call, dropped by stop().
// Restart: startServer({ dataDir, databaseUrl }) serves an existing deployment (no init); the
//   first server owns the data and removes it in its stop(), the restarted one only stops.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function passerelleBin() {
  const bin = process.env.PASSERELLE_BIN || 'build/debug/passerelle';
  return path.isAbsolute(bin) ? bin : path.join(repoRoot, bin);
}

/** Run the CLI once; resolves with {code, stdout, stderr}, rejects on a non-zero exit. */
export function runCli(args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(passerelleBin(), args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ code, stdout, stderr });
      else
        reject(
          new Error(`passerelle ${args[0]} ${args[1] ?? ''} exited ${code}: ${stderr || stdout}`),
        );
    });
    child.stdin.end(input ?? '');
  });
}

/** 'postgres' when PASSERELLE_TEST_ENGINE=postgres, else 'sqlite'. */
export function testEngine() {
  return process.env.PASSERELLE_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

function adminPgUrl() {
  const url = process.env.PASSERELLE_TEST_PG_URL;
  if (!url)
    throw new Error(
      'PASSERELLE_TEST_ENGINE=postgres needs PASSERELLE_TEST_PG_URL=postgresql://user@host:port/postgres',
    );
  return url;
}

function psql(sql) {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [adminPgUrl(), '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`psql ${sql}: ${out}`)),
    );
  });
}

/** A fresh, empty PostgreSQL database; resolves with {url, drop()}. */
export async function createPgDatabase() {
  const name = `passerelle_test_${randomBytes(6).toString('hex')}`;
  await psql(`CREATE DATABASE ${name}`);
  const url = adminPgUrl().replace(/\/[^/?]*(\?.*)?$/, (_m, query) => `/${name}${query ?? ''}`);
  return { name, url, drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {object} [options]
 * @param {{username:string, role:string, password:string, displayName?:string, language?:string, partner?:string}[]} [options.users]
 *   `partner` (role partner): her organisation, a partner id or a national mechanism code ('acse')
 * @param {string} [options.staticDir] built web app (default web/dist)
 * @param {Record<string,string>} [options.env] extra environment for the server
 * @param {number} [options.readyTimeoutMs]
 * @param {string} [options.dataDir] serve this existing data folder (no init); stop() keeps it
 * @param {string} [options.databaseUrl] with dataDir: the database of that deployment
 */
export async function startServer({
  users = [],
  staticDir = path.join(repoRoot, 'web/dist'),
  env = {},
  readyTimeoutMs = 30_000,
  dataDir: existingDataDir,
  databaseUrl: existingDatabaseUrl,
} = {}) {
  const bin = passerelleBin();
  if (!existsSync(bin)) {
    throw new Error(`passerelle binary not found at ${bin} (build it, or set PASSERELLE_BIN)`);
  }
  const owned = !existingDataDir;
  const tmp = owned ? await mkdtemp(path.join(tmpdir(), 'passerelle-test-')) : null;
  const dataDir = owned ? path.join(tmp, 'data') : existingDataDir;
  let database = null;
  let databaseUrl = existingDatabaseUrl ?? null;
  const cleanup = async () => {
    if (!owned) return;
    if (database) await database.drop().catch(() => {});
    await rm(tmp, { recursive: true, force: true });
  };
  let child;
  let log = '';
  try {
    if (owned && testEngine() === 'postgres') {
      database = await createPgDatabase();
      databaseUrl = database.url;
    }
    const dbArgs = databaseUrl ? ['--database-url', databaseUrl] : [];
    /** The CLI on this deployment, e.g. cli(['user', 'disable', '--username', 'x']). */
    const cli = (args, options) =>
      runCli([...args, '--data-dir', dataDir, ...dbArgs], { env, ...options });
    if (owned) await runCli(['init', '--data-dir', dataDir, ...dbArgs], { env });
    for (const user of users) {
      const args = ['user', 'add', '--data-dir', dataDir, ...dbArgs, '--username', user.username];
      args.push('--role', user.role, '--display-name', user.displayName ?? user.username);
      if (user.language) args.push('--language', user.language);
      if (user.partner) args.push('--partner', user.partner);
      args.push('--password-stdin');
      await runCli(args, { input: `${user.password}\n`, env });
    }

    const port = await freePort();
    child = spawn(
      bin,
      [
        'serve',
        '--data-dir',
        dataDir,
        ...dbArgs,
        '--port',
        String(port),
        '--static-dir',
        staticDir,
      ],
      { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    let exited = null;
    const exitedPromise = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve((exited = { code, signal }))),
    );

    const baseURL = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (exited)
        throw new Error(`passerelle serve exited early (${JSON.stringify(exited)}):\n${log}`);
      try {
        const res = await fetch(`${baseURL}/readyz`);
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline)
        throw new Error(`passerelle serve not ready after ${readyTimeoutMs} ms:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const stop = async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await done;
        clearTimeout(timer);
      }
      await cleanup();
    };
    /** Sends `signal` (default SIGKILL) and resolves with {code, signal} once it has exited. */
    const kill = async (signal = 'SIGKILL') => {
      if (!exited) child.kill(signal);
      return exitedPromise;
    };
    return {
      baseURL,
      port,
      dataDir,
      databaseUrl,
      pid: child.pid,
      logs: () => log,
      stop,
      kill,
      exited: exitedPromise,
      cli,
    };
  } catch (error) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await cleanup();
    throw error;
  }
}
