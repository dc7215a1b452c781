/**
 * Start-up benchmark: how long from spawn until `GET /readyz` answers 200, and how much memory an idle
 * server holds, for
 *   bundle    node dist/skiff.cjs server --ephemeral --disable-agent --https-listen-port P
 *   sea       dist/skiff server ... with an empty environment (as `env -i`) and an empty working dir
 *   baseline  a bare Node HTTPS server (`https.createServer(...).listen(P)`): the floor of any Node server
 * Each target runs N times (default 5), one after another; the table shows medians and skiff / baseline.
 *
 *   npx tsx bench/startup.ts [--runs 5] [--idle 10] [--only bundle,sea,baseline]
 *
 * Needs `npm run build` first, and openssl for the baseline's certificate.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const GOAL_READY_MS = 300;
const GOAL_RSS_MB = 60;
const POLL_MS = 2;
const READY_TIMEOUT_MS = 30_000;

interface Target {
  name: string;
  /** argv (first element the program) and environment for a server on `port`. */
  command(port: number): { argv: string[]; env: NodeJS.ProcessEnv };
}

interface Run {
  readyMs: number;
  rssMb: number;
  /** The private part of RSS (heap, stacks); the rest is file pages of the executable, shared and reclaimable. */
  anonMb: number;
  exitMs: number;
}

const root = resolve(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** One GET /readyz; resolves with the status code, or 0 when nothing answers yet. */
function probe(port: number): Promise<number> {
  return new Promise((done) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/readyz', method: 'GET', rejectUnauthorized: false, agent: false, timeout: 2000 },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(0));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function memoryMb(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
  return { rss: field('VmRSS'), anon: field('RssAnon') };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));
}

async function runOnce(target: Target, idleMs: number): Promise<Run> {
  const port = await freePort();
  const { argv, env } = target.command(port);
  const cwd = mkdtempSync(join(tmpdir(), 'skiff-bench-cwd-'));
  let output = '';
  const started = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    let readyMs = NaN;
    while (Number.isNaN(readyMs)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${target.name} exited before ready:\n${output}`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`${target.name} not ready in ${READY_TIMEOUT_MS} ms:\n${output}`);
      if ((await probe(port)) === 200) readyMs = performance.now() - started;
      else await sleep(POLL_MS);
    }
    await sleep(idleMs);
    const memory = memoryMb(child.pid!);
    const stopping = performance.now();
    child.kill('SIGTERM');
    await Promise.race([exited(child), sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) throw new Error(`${target.name} did not exit on SIGTERM:\n${output}`);
    return { readyMs, rssMb: memory.rss, anonMb: memory.anon, exitMs: performance.now() - stopping };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A throwaway self-signed certificate for the baseline server (made before timing starts). */
function baselineCert(dir: string): { key: string; cert: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { key, cert };
}

const BASELINE_SCRIPT = `
const fs = require('fs');
require('https')
  .createServer({ key: fs.readFileSync(process.env.KEY), cert: fs.readFileSync(process.env.CERT) }, (req, res) => res.end('ok'))
  .listen(Number(process.env.PORT), '127.0.0.1');
`;

function targets(certDir: string): Target[] {
  const serverArgs = (port: number) => ['server', '--ephemeral', '--disable-agent', '--https-listen-port', String(port)];
  const { key, cert } = baselineCert(certDir);
  return [
    {
      name: 'baseline',
      command: (port) => ({ argv: [process.execPath, '-e', BASELINE_SCRIPT], env: { KEY: key, CERT: cert, PORT: String(port) } }),
    },
    {
      name: 'bundle',
      command: (port) => ({ argv: [process.execPath, join(root, 'dist', 'skiff.cjs'), ...serverArgs(port)], env: { ...process.env } }),
    },
    {
      name: 'sea',
      // An empty environment, as `env -i`: no PATH (so no node), no HOME.
      command: (port) => ({ argv: [join(root, 'dist', 'skiff'), ...serverArgs(port)], env: {} }),
    },
  ];
}

const pad = (s: string, n: number) => s.padStart(n);
const ms = (v: number) => `${Math.round(v)} ms`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      idle: { type: 'string', default: '10' },
      only: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const idleMs = Number(values.idle) * 1000;
  const only = values.only?.split(',');
  for (const file of ['dist/skiff.cjs', 'dist/skiff']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
  const certDir = mkdtempSync(join(tmpdir(), 'skiff-bench-cert-'));
  const results = new Map<string, Run[]>();
  try {
    for (const target of targets(certDir)) {
      if (only && !only.includes(target.name)) continue;
      const list: Run[] = [];
      for (let i = 0; i < runs; i++) {
        const run = await runOnce(target, idleMs);
        console.log(
          `${target.name} #${i + 1}: ready ${ms(run.readyMs)}, idle RSS ${run.rssMb.toFixed(1)} MB ` +
            `(anon ${run.anonMb.toFixed(1)} MB), exit ${ms(run.exitMs)}`,
        );
        list.push(run);
      }
      results.set(target.name, list);
    }
  } finally {
    rmSync(certDir, { recursive: true, force: true });
  }

  const base = results.get('baseline');
  const baseReady = base ? median(base.map((r) => r.readyMs)) : NaN;
  const baseRss = base ? median(base.map((r) => r.rssMb)) : NaN;
  console.log(`\nmedians of ${runs} runs; idle RSS after ${values.idle} s; goals: ready < ${GOAL_READY_MS} ms, RSS < ${GOAL_RSS_MB} MB`);
  console.log(
    `${'target'.padEnd(9)}${pad('ready', 9)}${pad('min-max', 13)}${pad('/baseline', 11)}` +
      `${pad('RSS MB', 9)}${pad('/baseline', 11)}${pad('anon MB', 9)}${pad('exit', 9)}  goals`,
  );
  for (const [name, list] of results) {
    const ready = median(list.map((r) => r.readyMs));
    const rss = median(list.map((r) => r.rssMb));
    const readyTimes = list.map((r) => r.readyMs);
    const range = `${Math.round(Math.min(...readyTimes))}-${Math.round(Math.max(...readyTimes))}`;
    const goals =
      name === 'baseline'
        ? '(floor)'
        : `ready ${ready < GOAL_READY_MS ? 'ok' : 'MISSED'}, RSS ${rss < GOAL_RSS_MB ? 'ok' : 'MISSED'}`;
    console.log(
      `${name.padEnd(9)}${pad(ms(ready), 9)}${pad(range, 13)}${pad(`${(ready / baseReady).toFixed(1)}x`, 11)}` +
        `${pad(rss.toFixed(1), 9)}${pad(`${(rss / baseRss).toFixed(1)}x`, 11)}` +
        `${pad(median(list.map((r) => r.anonMb)).toFixed(1), 9)}${pad(ms(median(list.map((r) => r.exitMs))), 9)}  ${goals}`,
    );
  }
}

/**
 * startCluster (the embeddable API, dist/index.js) in a fresh process: from the call to the first
 * successful API call (a namespace list with the admin certificate), and the time to load the library.
 */
const embeddedScript = `
const t0 = performance.now();
const { startCluster } = require(process.argv[1]);
const t1 = performance.now();
startCluster().then(async (c) => {
  const yaml = c.kubeconfig;
  const pick = (k) => Buffer.from(yaml.split('\\n').find((l) => l.trim().startsWith(k + ':')).split(': ')[1].trim(), 'base64');
  const https = require('node:https');
  const ok = await new Promise((res, rej) => https.get(c.url + '/api/v1/namespaces', { ca: pick('certificate-authority-data'), cert: pick('client-certificate-data'), key: pick('client-key-data') }, (r) => { r.resume(); r.on('end', () => res(r.statusCode === 200)); }).on('error', rej));
  const t2 = performance.now();
  await c.stop();
  console.log(JSON.stringify({ ok, loadMs: t1 - t0, callMs: t2 - t1 }));
});`;

async function embedded(runs: number): Promise<void> {
  const lib = join(root, 'dist', 'index.js');
  if (!existsSync(lib)) return;
  const list: { loadMs: number; callMs: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', embeddedScript, lib], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { ok: boolean; loadMs: number; callMs: number };
    if (!r.ok) throw new Error('startCluster: the first API call failed');
    list.push(r);
  }
  const call = median(list.map((r) => r.callMs));
  console.log(
    `\nstartCluster (dist/index.js, in-process), median of ${runs}: call -> first successful API call ${ms(call)}` +
      ` (goal < 500 ms: ${call < 500 ? 'ok' : 'MISSED'}), loading the library ${ms(median(list.map((r) => r.loadMs)))}`,
  );
}

main().then(() => embedded(5)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
