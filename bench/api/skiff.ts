/**
 * skiff as a child process (`node dist/skiff.cjs` if built, else `src/main.ts` through tsx), driven over
 * HTTPS with the admin client certificate from the kubeconfig it writes: one keep-alive agent, so one
 * TLS connection, per worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:http2';
import { Agent, request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { awaitWarm, DeliveryLog, measureCpu, paceWrites, type Driver, type WatchResult } from './measure';

const root = resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 60_000;

export const NAMESPACE = 'bench';
export const LIST_NAMESPACE = 'bench-list';
export const WATCH_NAMESPACE = 'bench-watch';

export interface SkiffServer {
  pid: number;
  url: URL;
  /** How it was started, for the report. */
  how: string;
  tls: { ca: Buffer; cert: Buffer; key: Buffer };
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/** Starts `skiff server --ephemeral --disable-agent` on a free loopback port, with `extraArgs` after those. */
export async function startSkiff(log: (line: string) => void, extraArgs: string[] = []): Promise<SkiffServer> {
  const workDir = mkdtempSync(join(tmpdir(), 'skiff-bench-api-'));
  const kubeconfig = join(workDir, 'kubeconfig.yaml');
  const args = ['server', '--ephemeral', '--disable-agent', '--https-listen-port', '0', '--bind-address', '127.0.0.1', '--write-kubeconfig', kubeconfig, ...extraArgs];
  const bundle = join(root, 'dist', 'skiff.cjs');
  const built = existsSync(bundle);
  // SKIFF_BENCH_NODE_FLAGS: node options for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const profile = (process.env.SKIFF_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const argv = [...profile, ...(built ? [bundle] : ['--import', 'tsx', join(root, 'src', 'main.ts')]), ...args];
  const how = built ? `bundle: node dist/skiff.cjs (built ${statSync(bundle).mtime.toISOString()})` : 'source: node --import tsx src/main.ts (no dist/skiff.cjs)';
  log(`skiff: ${how}`);
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  const collect = (chunk: Buffer) => {
    // Keep only the tail: a long run logs a lot.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const url = await waitReady(child, () => output);
    const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
    const tls = {
      ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64'),
      cert: Buffer.from(kc.users[0].user['client-certificate-data'], 'base64'),
      key: Buffer.from(kc.users[0].user['client-key-data'], 'base64'),
    };
    return { pid: child.pid!, url: new URL(url), how, tls, kubeconfigPath: kubeconfig, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function waitReady(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => finish(new Error(`skiff not ready in ${READY_TIMEOUT_MS} ms:\n${output()}`)), READY_TIMEOUT_MS);
    const check = () => {
      const m = /skiff is ready.* url=(\S+)/.exec(output());
      if (m) finish(undefined, m[1]!);
    };
    const onExit = () => finish(new Error(`skiff exited before ready:\n${output()}`));
    function finish(err?: Error, url?: string) {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
      if (err) fail(err);
      else done(url!);
    }
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
  });
}

interface Response {
  status: number;
  body: string;
}

function call(server: SkiffServer, agent: Agent, method: string, path: string, body?: unknown): Promise<Response> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const options: RequestOptions = { host: server.url.hostname, port: server.url.port, method, path, agent, headers };
  return new Promise((done, fail) => {
    const req = request(options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(payload);
  });
}

async function expect(response: Promise<Response>, what: string): Promise<Response> {
  const r = await response;
  if (r.status < 200 || r.status > 299) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  return r;
}

export function configMap(name: string, namespace: string, payload: string, resourceVersion?: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { app: 'bench' }, ...(resourceVersion ? { resourceVersion } : {}) },
    data: { payload },
  };
}

const collection = (namespace: string) => `/api/v1/namespaces/${namespace}/configmaps`;

export class SkiffDriver implements Driver {
  readonly name = 'skiff';
  private agents: Agent[] = [];
  private readonly resourceVersions = new Map<string, string>();
  /** Size of one stored ConfigMap as GET returns it, for the other targets' values. */
  valueBytes = 0;

  constructor(
    private readonly server: SkiffServer,
    private readonly payload: string,
  ) {}

  get pid(): number {
    return this.server.pid;
  }

  private agent(worker: number): Agent {
    return this.agents[worker]!;
  }

  async open(clients: number): Promise<void> {
    this.agents = Array.from({ length: clients }, () => new Agent({ keepAlive: true, maxSockets: 1, ...this.server.tls }));
  }

  async close(): Promise<void> {
    for (const agent of this.agents) agent.destroy();
    this.agents = [];
  }

  async setup(): Promise<void> {
    await this.open(1);
    try {
      for (const ns of [NAMESPACE, LIST_NAMESPACE, WATCH_NAMESPACE]) {
        await expect(call(this.server, this.agent(0), 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }), `create namespace ${ns}`);
      }
    } finally {
      await this.close();
    }
  }

  async create(worker: number, name: string): Promise<void> {
    const r = await expect(call(this.server, this.agent(worker), 'POST', collection(NAMESPACE), configMap(name, NAMESPACE, this.payload)), `create ${name}`);
    this.resourceVersions.set(name, JSON.parse(r.body).metadata.resourceVersion);
  }

  async get(worker: number, name: string): Promise<void> {
    const r = await expect(call(this.server, this.agent(worker), 'GET', `${collection(NAMESPACE)}/${name}`), `get ${name}`);
    this.valueBytes ||= Buffer.byteLength(r.body);
  }

  async list(worker: number): Promise<void> {
    await expect(call(this.server, this.agent(worker), 'GET', `${collection(LIST_NAMESPACE)}?limit=100`), 'list');
  }

  async update(worker: number, name: string): Promise<void> {
    const body = configMap(name, NAMESPACE, this.payload.replace(/^./, 'y'), this.resourceVersions.get(name));
    const r = await expect(call(this.server, this.agent(worker), 'PUT', `${collection(NAMESPACE)}/${name}`, body), `update ${name}`);
    this.resourceVersions.set(name, JSON.parse(r.body).metadata.resourceVersion);
  }

  async delete(worker: number, name: string): Promise<void> {
    await expect(call(this.server, this.agent(worker), 'DELETE', `${collection(NAMESPACE)}/${name}`), `delete ${name}`);
    this.resourceVersions.delete(name);
  }

  async fillList(count: number): Promise<void> {
    await this.open(1);
    try {
      for (let i = 0; i < count; i++) {
        await expect(call(this.server, this.agent(0), 'POST', collection(LIST_NAMESPACE), configMap(`item-${i}`, LIST_NAMESPACE, this.payload)), 'fill list');
      }
    } finally {
      await this.close();
    }
  }
}

/**
 * `watchers` watches on the configmaps of one namespace, each its own HTTP/1.1 TLS connection (skiff
 * speaks no HTTP/2), opened `batch` at a time; then paced creates from one more connection.
 */
/** Feeds a watch stream's text to the log: the time each `wd-*` object's event arrived. */
function deliveries(log: DeliveryLog): (chunk: string) => void {
  let tail = '';
  return (chunk) => {
    const at = performance.now();
    tail += chunk;
    let nl: number;
    while ((nl = tail.indexOf('\n')) >= 0) {
      const line = tail.slice(0, nl);
      tail = tail.slice(nl + 1);
      const m = /"name":"(wd-[^"]+)"/.exec(line);
      if (m) log.receive(m[1]!, at);
    }
  };
}

/**
 * Opens `count` watches on one HTTP/2 connection, as client-go does (Go's transport: 4 MiB per stream,
 * 1 GiB per connection of flow-control window).
 */
async function openH2Watches(server: SkiffServer, path: string, count: number, log: DeliveryLog): Promise<() => void> {
  const session = connect(server.url.origin, { ...server.tls, settings: { initialWindowSize: 4 << 20 } });
  await new Promise<void>((done, fail) => {
    session.once('connect', () => done());
    session.once('error', fail);
  });
  session.setLocalWindowSize(1 << 30);
  session.on('error', () => undefined);
  const openOne = () =>
    new Promise<void>((done, fail) => {
      const stream = session.request({ ':path': path, accept: 'application/json' });
      stream.once('response', (headers) => (headers[':status'] === 200 ? done() : fail(new Error(`watch: HTTP ${headers[':status']}`))));
      stream.setEncoding('utf8');
      stream.on('data', deliveries(log));
      stream.on('error', () => undefined);
    });
  for (let i = 0; i < count; i += 100) await Promise.all(Array.from({ length: Math.min(100, count - i) }, openOne));
  return () => session.destroy();
}

/** Opens `count` watches over HTTP/1.1, each its own TLS connection. */
async function openH1Watches(server: SkiffServer, path: string, count: number, log: DeliveryLog): Promise<() => void> {
  const requests: ReturnType<typeof request>[] = [];
  const openOne = () =>
    new Promise<void>((done, fail) => {
      const req = request({ host: server.url.hostname, port: server.url.port, path, agent: false, headers: { Accept: 'application/json' }, ...server.tls }, (res) => {
        if (res.statusCode !== 200) return fail(new Error(`watch: HTTP ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', deliveries(log));
        res.on('error', () => undefined);
        done();
      });
      req.on('error', fail);
      req.end();
      requests.push(req);
    });
  for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, openOne));
  return () => requests.forEach((req) => req.destroy());
}

/** Watch delivery: `watchers` watches over HTTP/2 (one connection) or HTTP/1.1 (a connection each), then paced writes. */
export async function watchSkiff(
  server: SkiffServer,
  options: { watchers: number; writes: number; rate: number; payload: string; transport: 'h2' | 'h1'; log: (line: string) => void },
): Promise<WatchResult> {
  const log = new DeliveryLog();
  const path = `${collection(WATCH_NAMESPACE)}?watch=1&timeoutSeconds=900`;
  const writer = new Agent({ keepAlive: true, maxSockets: 1, ...server.tls });
  let close = () => undefined as void;
  try {
    // A clean namespace: the writes reuse their names from one run to the next.
    await expect(call(server, writer, 'DELETE', collection(WATCH_NAMESPACE)), 'clearing the watch namespace');
    const opening = performance.now();
    close = await (options.transport === 'h2' ? openH2Watches : openH1Watches)(server, path, options.watchers, log);
    const write = async (name: string) => {
      await expect(call(server, writer, 'POST', collection(WATCH_NAMESPACE), configMap(name, WATCH_NAMESPACE, options.payload)), `watch write ${name}`);
    };
    await write('wd-warm');
    await awaitWarm(log, options.watchers, 60_000);
    const openSeconds = (performance.now() - opening) / 1000;
    options.log(`skiff  watch (${options.transport}): ${options.watchers} watches open and warm in ${openSeconds.toFixed(1)} s`);
    const cpu = await measureCpu(server.pid, () => paceWrites(log, { writes: options.writes, rate: options.rate, watchers: options.watchers, drainMs: 15_000 }, write));
    return log.summarize(options.watchers, openSeconds, cpu);
  } finally {
    close();
    writer.destroy();
  }
}
