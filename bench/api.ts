/**
 * API benchmark: the case for SQLite instead of etcd, measured in one run against its baselines.
 *   skiff   `skiff server --ephemeral --disable-agent` (bundle if built, else source), ConfigMaps over HTTPS
 *           with the admin client certificate, one keep-alive TLS connection per client
 *   store   the same SQLite storage backend called in this process: the ceiling under skiff's API
 *   etcd    Debian's etcd-server on loopback (temp data dir), driven by the npm etcd3 client
 * For each of 1, 16 and 64 concurrent clients: create / get / list (limit 100 of a namespace holding 100) /
 * update / delete, as ops/s and p50/p99 latency; then watch delivery: 1,000 watches, paced writes, latency
 * from each write's acknowledgement to each watcher's receipt. Prints figures; asserts nothing.
 *
 *   npx tsx bench/api.ts [--ops 10000] [--seconds 4] [--clients 1,16,64] [--watchers 1000] [--writes 100]
 *                        [--rate 10] [--only skiff,store,etcd]
 */
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { EtcdDriver, startEtcd, watchEtcd, type EtcdServer } from './api/etcd';
import { OPERATIONS, runDriver, type CellResult, type DriverResults, type Operation, type WatchResult } from './api/measure';
import { SkiffDriver, startSkiff, watchSkiff, type SkiffServer } from './api/skiff';
import { StoreDriver } from './api/store';

const GOAL_CREATES_PER_SECOND = 5000;
const GOAL_CREATES_AT_CLIENTS = 16;
const GOAL_WATCH_P99_MS = 5;
const LIST_SIZE = 100;
/** The ConfigMap's data: 256 bytes, so a stored object is about 0.5–1 KB with skiff's metadata. */
const PAYLOAD = 'x'.repeat(256);
/** Value size for store and etcd when skiff did not run to tell the size of its stored objects. */
const DEFAULT_VALUE_BYTES = 700;

const log = (line: string) => console.log(line);

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

/** A JSON value of `bytes` bytes naming the object, as the API server would store (content does not matter). */
function valueOfSize(bytes: number): (name: string) => string {
  return (name) => {
    const head = JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name }, data: { payload: '' } });
    return head.replace('"payload":""', `"payload":"${'x'.repeat(Math.max(0, bytes - head.length))}"`);
  };
}

interface Results {
  skiff?: DriverResults;
  store?: DriverResults;
  etcd?: DriverResults;
  watch: { skiff?: WatchResult; 'skiff h1'?: WatchResult; etcd?: WatchResult };
  notes: string[];
}

const fmt = (v: number | undefined, digits = 0) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));
const ratio = (a?: number, b?: number) => (a === undefined || b === undefined || !b ? '-' : `${(a / b).toFixed(2)}x`);

function printTable(op: Operation, results: Results, clients: number[]): void {
  const goal =
    op === 'create'
      ? `  (goal: >= ${GOAL_CREATES_PER_SECOND.toLocaleString('en')} durable creates/s at ${GOAL_CREATES_AT_CLIENTS} clients` +
        `: ${(results.skiff?.get('create')?.get(GOAL_CREATES_AT_CLIENTS)?.opsPerSecond ?? 0) >= GOAL_CREATES_PER_SECOND ? 'met' : 'MISSED'})`
      : '';
  console.log(`\n${op}${op === 'list' ? ` (limit ${LIST_SIZE} of ${LIST_SIZE})` : ''}${goal}`);
  const head =
    `${'clients'.padStart(7)} | ${'skiff/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} | ${'store/s'.padStart(8)} | ` +
    `${'etcd/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} | ${'skiff/etcd'.padStart(10)} ${'skiff/store'.padStart(11)}`;
  console.log(head);
  console.log('-'.repeat(head.length));
  for (const c of clients) {
    const s: CellResult | undefined = results.skiff?.get(op)?.get(c);
    const m = results.store?.get(op)?.get(c);
    const e = results.etcd?.get(op)?.get(c);
    console.log(
      `${String(c).padStart(7)} | ${fmt(s?.opsPerSecond).padStart(8)} ${fmt(s?.p50, 2).padStart(7)} ${fmt(s?.p99, 2).padStart(7)} | ` +
        `${fmt(m?.opsPerSecond).padStart(8)} | ${fmt(e?.opsPerSecond).padStart(8)} ${fmt(e?.p50, 2).padStart(7)} ${fmt(e?.p99, 2).padStart(7)} | ` +
        `${ratio(s?.opsPerSecond, e?.opsPerSecond).padStart(10)} ${ratio(s?.opsPerSecond, m?.opsPerSecond).padStart(11)}`,
    );
  }
}

function printWatch(results: Results): void {
  const rows = Object.entries(results.watch) as [string, WatchResult][];
  if (rows.length === 0) return;
  const s = results.watch.skiff;
  const met = (v: number) => (v <= GOAL_WATCH_P99_MS ? 'met' : 'MISSED');
  // skiff fans an event out before it answers the write, so "from the acknowledgement" can read 0: judge from the send too.
  const verdict = s ? `from the acknowledgement ${met(s.p99)}, from the send ${met(s.sendP99)}` : 'not measured';
  console.log(`\nwatch delivery (goal: p99 <= ${GOAL_WATCH_P99_MS} ms: ${verdict})`);
  const head =
    `${'target'.padEnd(8)} | ${'watchers'.padStart(8)} ${'writes'.padStart(6)} ${'delivered'.padStart(16)} | ` +
    `${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'<ack'.padStart(5)} | ${'send p50'.padStart(8)} ${'send p99'.padStart(8)} | ${'write p50'.padStart(9)} ${'p99'.padStart(6)} | ${'open s'.padStart(6)} ${'srv CPU'.padStart(7)} ${'bench CPU'.padStart(9)}`;
  console.log(head);
  console.log('-'.repeat(head.length));
  for (const [name, w] of rows) {
    console.log(
      `${name.padEnd(8)} | ${String(w.watchers).padStart(8)} ${String(w.writes).padStart(6)} ${`${w.deliveries}/${w.expected}`.padStart(16)} | ` +
        `${fmt(w.p50, 2).padStart(7)} ${fmt(w.p99, 2).padStart(7)} ${`${fmt(w.beforeAck * 100)}%`.padStart(5)} | ` +
        `${fmt(w.sendP50, 2).padStart(8)} ${fmt(w.sendP99, 2).padStart(8)} | ${fmt(w.writeP50, 2).padStart(9)} ${fmt(w.writeP99, 2).padStart(6)} | ${fmt(w.openSeconds, 1).padStart(6)} ${`${fmt(w.serverCpu)}%`.padStart(7)} ${`${fmt(w.benchCpu)}%`.padStart(9)}`,
    );
  }
  console.log(`p50/p99: from the write's acknowledgement (an event that arrived first counts as 0; '<ack' is their share); send: from the write's start; write: the write's own latency`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ops: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '4' },
      clients: { type: 'string', default: '1,16,64' },
      watchers: { type: 'string', default: '1000' },
      writes: { type: 'string', default: '100' },
      rate: { type: 'string', default: '10' },
      only: { type: 'string', default: 'skiff,store,etcd' },
    },
  });
  const clients = values.clients.split(',').map(Number);
  const only = new Set(values.only.split(','));
  const cells = { concurrencies: clients, maxOps: Number(values.ops), maxMs: Number(values.seconds) * 1000, listSize: LIST_SIZE, log };
  const watch = { watchers: Number(values.watchers), writes: Number(values.writes), rate: Number(values.rate), log };
  const results: Results = { watch: {}, notes: [] };
  const started = performance.now();
  log(`bench/api: Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ` +
    `up to ${cells.maxOps} ops or ${values.seconds} s per cell, clients ${clients.join('/')}`);

  let valueBytes = DEFAULT_VALUE_BYTES;
  if (only.has('skiff')) {
    const server: SkiffServer = await startSkiff(log);
    try {
      const driver = new SkiffDriver(server, PAYLOAD);
      await driver.setup();
      results.skiff = await runDriver(driver, cells);
      if (driver.valueBytes) valueBytes = driver.valueBytes;
      if (watch.watchers > 0) {
        // HTTP/2, one connection for every watch, is how client-go (kubectl, controllers) watches; HTTP/1.1 for comparison.
        results.watch.skiff = await watchSkiff(server, { ...watch, payload: PAYLOAD, transport: 'h2' });
        results.watch['skiff h1'] = await watchSkiff(server, { ...watch, payload: PAYLOAD, transport: 'h1' });
      }
    } finally {
      await server.stop();
    }
  }
  const value = valueOfSize(valueBytes);
  log(`store and etcd values: ${valueBytes} bytes (the size of one ConfigMap as skiff's GET returns it)`);

  if (only.has('store')) {
    const store = StoreDriver.open(value);
    try {
      results.store = await runDriver(store, cells);
    } finally {
      await store.dispose();
    }
  }

  if (only.has('etcd')) {
    const etcd: EtcdServer | string = await startEtcd({ client: await freePort(), peer: await freePort() });
    if (typeof etcd === 'string') {
      results.notes.push(`etcd baseline skipped: ${etcd}`);
      log(`etcd baseline skipped: ${etcd}`);
    } else {
      log(`etcd ${etcd.version} on ${etcd.url} (pid ${etcd.pid})`);
      try {
        results.etcd = await runDriver(new EtcdDriver(etcd, value), cells);
        if (watch.watchers > 0) results.watch.etcd = await watchEtcd(etcd, { ...watch, value });
      } finally {
        await etcd.stop();
      }
    }
  }

  for (const op of OPERATIONS) printTable(op, results, clients);
  printWatch(results);
  for (const note of results.notes) console.log(`\n${note}`);
  log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
