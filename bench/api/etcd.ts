/**
 * The etcd baseline: Debian's etcd-server started on loopback with a temp data dir, driven with the npm
 * etcd3 client (gRPC over HTTP/2), one client (so one connection) per worker.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3, type Watcher } from 'etcd3';
import { awaitWarm, DeliveryLog, measureCpu, paceWrites, sleep, type Driver, type WatchResult } from './measure';
import { key } from './store';
import { LIST_NAMESPACE, NAMESPACE, WATCH_NAMESPACE } from './skiff';

export interface EtcdServer {
  pid: number;
  url: string;
  version: string;
  stop(): Promise<void>;
}

/** A client with its own connection: grpc-js otherwise shares one connection between clients to one address. */
const client = (url: string) => new Etcd3({ hosts: url, grpcOptions: { 'grpc.use_local_subchannel_pool': 1 } });

/** Starts etcd, or returns why it cannot. */
export async function startEtcd(ports: { client: number; peer: number }): Promise<EtcdServer | string> {
  const probe = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return 'no etcd on PATH: apt-get install -y etcd-server etcd-client';
  }
  const version = /etcd Version: (\S+)/.exec(probe.stdout)?.[1] ?? 'unknown';
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-etcd-'));
  const url = `http://127.0.0.1:${ports.client}`;
  const peer = `http://127.0.0.1:${ports.peer}`;
  const child = spawn(
    'etcd',
    [
      '--name', 'bench', '--data-dir', dataDir,
      '--listen-client-urls', url, '--advertise-client-urls', url,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `bench=${peer}`,
      '--listen-metrics-urls', '', '--log-level', 'warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const c = client(url);
  try {
    const deadline = performance.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`etcd exited: ${output}`);
      try {
        await c.get('probe').string();
        break;
      } catch (err) {
        if (performance.now() > deadline) throw new Error(`etcd not answering in 20 s: ${String(err)}\n${output}`);
        await sleep(100);
      }
    }
    return { pid: child.pid!, url, version, stop };
  } catch (err) {
    await stop();
    return err instanceof Error ? err.message : String(err);
  } finally {
    c.close();
  }
}

export class EtcdDriver implements Driver {
  readonly name = 'etcd';
  private clients: Etcd3[] = [];

  constructor(
    private readonly server: EtcdServer,
    private readonly value: (name: string) => string,
  ) {}

  get pid(): number {
    return this.server.pid;
  }

  async open(clients: number): Promise<void> {
    this.clients = Array.from({ length: clients }, () => client(this.server.url));
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.close();
    this.clients = [];
  }

  /** Put if absent, as kube-apiserver's create: a transaction comparing the key's create revision with 0. */
  async create(worker: number, name: string): Promise<void> {
    const c = this.clients[worker]!;
    const k = key(NAMESPACE, name);
    const result = await c.if(k, 'Create', '==', 0).then(c.put(k).value(this.value(name))).commit();
    if (!result.succeeded) throw new Error(`create ${name}: exists`);
  }

  async get(worker: number, name: string): Promise<void> {
    if ((await this.clients[worker]!.get(key(NAMESPACE, name)).string()) === null) throw new Error(`get ${name}: not found`);
  }

  async list(worker: number): Promise<void> {
    const result = await this.clients[worker]!.getAll().prefix(key(LIST_NAMESPACE, '')).limit(100).exec();
    if (result.kvs.length === 0) throw new Error('list: empty');
  }

  async update(worker: number, name: string): Promise<void> {
    await this.clients[worker]!.put(key(NAMESPACE, name)).value(this.value(name));
  }

  async delete(worker: number, name: string): Promise<void> {
    await this.clients[worker]!.delete().key(key(NAMESPACE, name));
  }

  async fillList(count: number): Promise<void> {
    const c = client(this.server.url);
    try {
      for (let i = 0; i < count; i++) await c.put(key(LIST_NAMESPACE, `item-${i}`)).value(this.value(`item-${i}`));
    } finally {
      c.close();
    }
  }
}

/** `watchers` watchers on one prefix through one client: etcd3 multiplexes them on one gRPC stream. */
export async function watchEtcd(
  server: EtcdServer,
  options: { watchers: number; writes: number; rate: number; value: (name: string) => string; log: (line: string) => void },
): Promise<WatchResult> {
  const log = new DeliveryLog();
  const watching = client(server.url);
  const writer = client(server.url);
  const prefix = key(WATCH_NAMESPACE, '');
  const watchers: Watcher[] = [];
  try {
    const opening = performance.now();
    const batch = 50;
    for (let i = 0; i < options.watchers; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, options.watchers - i) }, async () => {
          const watcher = await watching.watch().prefix(prefix).create();
          watchers.push(watcher);
          watcher.on('put', (kv) => log.receive(kv.key.toString().slice(prefix.length), performance.now()));
        }),
      );
    }
    const write = async (name: string) => {
      await writer.put(prefix + name).value(options.value(name));
    };
    await write('wd-warm');
    await awaitWarm(log, options.watchers, 60_000);
    const openSeconds = (performance.now() - opening) / 1000;
    options.log(`etcd   watch: ${options.watchers} watchers open and warm in ${openSeconds.toFixed(1)} s`);
    const cpu = await measureCpu(server.pid, () => paceWrites(log, { writes: options.writes, rate: options.rate, watchers: options.watchers, drainMs: 15_000 }, write));
    return log.summarize(options.watchers, openSeconds, cpu);
  } finally {
    // Cancel first: closing a client with live watchers makes etcd3 schedule a reconnect that keeps Node alive.
    await Promise.all(watchers.map((w) => w.cancel().catch(() => undefined)));
    watching.close();
    writer.close();
  }
}
