/**
 * The measuring part shared by every target: a cell runs one operation from N concurrent workers, each
 * awaiting its own previous call, until `maxOps` calls or `maxMs` have passed, and keeps every latency.
 */
import { readFileSync } from 'node:fs';

/** One target's client side: skiff over HTTPS, the SQLite store in-process, or etcd over gRPC. */
export interface Driver {
  readonly name: string;
  /** The PID of the server process, for its CPU time (undefined: in this process). */
  readonly pid?: number;
  /** Opens one connection per worker. */
  open(clients: number): Promise<void>;
  /** Closes what `open` opened. */
  close(): Promise<void>;
  create(worker: number, name: string): Promise<void>;
  get(worker: number, name: string): Promise<void>;
  /** Lists the namespace filled by `fillList`, limit 100. */
  list(worker: number): Promise<void>;
  update(worker: number, name: string): Promise<void>;
  delete(worker: number, name: string): Promise<void>;
  /** Creates `count` objects in the list namespace (not timed). */
  fillList(count: number): Promise<void>;
  /** Extra figures for the cell just run (e.g. writes per transaction), for the log line. */
  cellNote?(): string;
}

export const OPERATIONS = ['create', 'get', 'list', 'update', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface CellResult {
  ops: number;
  errors: number;
  firstError?: string;
  seconds: number;
  opsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU used by the server process / this process during the cell, in % of one core. */
  serverCpu: number;
  benchCpu: number;
}

/** Percentile of sorted values (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** User + system CPU seconds of a process, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) are at 11 and 12 after the command; clock ticks are 100 per second here.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export async function runCell(
  options: { concurrency: number; maxOps: number; maxMs: number; serverPid?: number },
  op: (worker: number, index: number) => Promise<void>,
): Promise<CellResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const serverCpu0 = options.serverPid ? cpuSeconds(options.serverPid) : NaN;
  const benchCpu0 = ownCpu();
  const started = performance.now();
  const deadline = started + options.maxMs;
  const worker = async (w: number) => {
    while (next < options.maxOps && performance.now() < deadline) {
      const index = next++;
      const t0 = performance.now();
      try {
        await op(w, index);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    ops: latencies.length,
    errors,
    firstError,
    seconds,
    opsPerSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    serverCpu: options.serverPid ? ((cpuSeconds(options.serverPid) - serverCpu0) / seconds) * 100 : NaN,
    benchCpu: ((ownCpu() - benchCpu0) / seconds) * 100,
  };
}

/** Results of one driver: operation -> concurrency -> cell. */
export type DriverResults = Map<Operation, Map<number, CellResult>>;

/**
 * Runs every operation at every concurrency. Names are per concurrency (`cm-c16-42`); get, update and
 * delete touch only the objects this concurrency's create made, update and delete each of them once.
 */
export async function runDriver(
  driver: Driver,
  options: { concurrencies: number[]; maxOps: number; maxMs: number; listSize: number; log: (line: string) => void },
): Promise<DriverResults> {
  const results: DriverResults = new Map(OPERATIONS.map((o) => [o, new Map()]));
  await driver.fillList(options.listSize);
  // Warm-up, not counted: JIT, first connections, SQLite's page cache.
  await driver.open(4);
  try {
    await runCell({ concurrency: 4, maxOps: 200, maxMs: 5000 }, (w, i) => driver.create(w, `warm-${i}`));
    await runCell({ concurrency: 4, maxOps: 200, maxMs: 5000 }, (w, i) => driver.get(w, `warm-${i}`));
    await runCell({ concurrency: 4, maxOps: 50, maxMs: 5000 }, (w) => driver.list(w));
    await runCell({ concurrency: 4, maxOps: 200, maxMs: 5000 }, (w, i) => driver.delete(w, `warm-${i}`));
  } finally {
    await driver.close();
  }
  driver.cellNote?.(); // start counting from here
  for (const concurrency of options.concurrencies) {
    await driver.open(concurrency);
    try {
      const cell = (maxOps: number) => ({ concurrency, maxOps, maxMs: options.maxMs, serverPid: driver.pid });
      const record = (op: Operation, result: CellResult) => {
        results.get(op)!.set(concurrency, result);
        const cpu = `${Number.isNaN(result.serverCpu) ? '' : `server CPU ${result.serverCpu.toFixed(0)}%, `}bench CPU ${result.benchCpu.toFixed(0)}%`;
        const note = driver.cellNote ? `, ${driver.cellNote()}` : '';
        const errs = result.errors ? `, ${result.errors} ERRORS (first: ${result.firstError})` : '';
        options.log(
          `${driver.name.padEnd(6)} ${op.padEnd(6)} c=${String(concurrency).padEnd(3)} ${String(result.ops).padStart(5)} ops in ` +
            `${result.seconds.toFixed(2)} s: ${Math.round(result.opsPerSecond)}/s, p50 ${result.p50.toFixed(2)} ms, ` +
            `p99 ${result.p99.toFixed(2)} ms (${cpu}${note})${errs}`,
        );
      };
      const names = Array.from({ length: options.maxOps }, (_, i) => `cm-c${concurrency}-${i}`);
      const created: string[] = [];
      record('create', await runCell(cell(options.maxOps), async (w, i) => {
        await driver.create(w, names[i]!);
        created.push(names[i]!);
      }));
      if (created.length === 0) throw new Error(`${driver.name}: no object was created`);
      // A fixed stride spreads the reads over the keys without the cost of a random generator.
      record('get', await runCell(cell(options.maxOps), (w, i) => driver.get(w, created[(i * 7919) % created.length]!)));
      record('list', await runCell(cell(options.maxOps), (w) => driver.list(w)));
      record('update', await runCell(cell(created.length), (w, i) => driver.update(w, created[i]!)));
      record('delete', await runCell(cell(created.length), (w, i) => driver.delete(w, created[i]!)));
    } finally {
      await driver.close();
    }
  }
  return results;
}

/** Watch delivery: latency from the write's acknowledgement (and from its send) to each watcher's receipt. */
export interface WatchResult {
  watchers: number;
  writes: number;
  deliveries: number;
  expected: number;
  openSeconds: number;
  /** From the acknowledgement; an event that arrived before the write was acknowledged counts as 0. */
  p50: number;
  p99: number;
  /** Share of deliveries that arrived before the writer saw the acknowledgement. */
  beforeAck: number;
  /** From the moment the write was sent. */
  sendP50: number;
  sendP99: number;
  /** The writes' own latency (send to acknowledgement). */
  writeP50: number;
  writeP99: number;
  serverCpu: number;
  benchCpu: number;
}

/** Collects receipts: write index and arrival time. */
export class DeliveryLog {
  readonly sentAt: number[] = [];
  readonly ackedAt: number[] = [];
  private readonly receivedIndex: number[] = [];
  private readonly receivedAt: number[] = [];
  warm = 0;

  receive(name: string, at: number): void {
    const m = /^wd-(\d+|warm)$/.exec(name);
    if (!m) return;
    if (m[1] === 'warm') this.warm++;
    else {
      this.receivedIndex.push(Number(m[1]));
      this.receivedAt.push(at);
    }
  }

  get deliveries(): number {
    return this.receivedAt.length;
  }

  summarize(watchers: number, openSeconds: number, cpu: { server: number; bench: number }): WatchResult {
    const fromAck: number[] = [];
    const fromSend: number[] = [];
    let beforeAck = 0;
    for (let k = 0; k < this.receivedAt.length; k++) {
      const i = this.receivedIndex[k]!;
      const at = this.receivedAt[k]!;
      const ack = this.ackedAt[i];
      if (ack === undefined) continue;
      if (at < ack) beforeAck++;
      fromAck.push(Math.max(0, at - ack));
      fromSend.push(at - this.sentAt[i]!);
    }
    const w = Float64Array.from(this.ackedAt.map((ack, i) => ack - this.sentAt[i]!)).sort();
    const a = Float64Array.from(fromAck).sort();
    const s = Float64Array.from(fromSend).sort();
    return {
      watchers,
      writes: this.ackedAt.length,
      deliveries: fromAck.length,
      expected: this.ackedAt.length * watchers,
      openSeconds,
      p50: percentile(a, 50),
      p99: percentile(a, 99),
      beforeAck: fromAck.length ? beforeAck / fromAck.length : NaN,
      sendP50: percentile(s, 50),
      sendP99: percentile(s, 99),
      writeP50: percentile(w, 50),
      writeP99: percentile(w, 99),
      serverCpu: cpu.server,
      benchCpu: cpu.bench,
    };
  }
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Writes `writes` objects named wd-<i> at `rate` per second through `write`, then waits (at most
 * `drainMs`) until every watcher has every event.
 */
export async function paceWrites(
  log: DeliveryLog,
  options: { writes: number; rate: number; watchers: number; drainMs: number },
  write: (name: string) => Promise<void>,
): Promise<void> {
  const interval = 1000 / options.rate;
  const start = performance.now();
  for (let i = 0; i < options.writes; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    log.sentAt[i] = performance.now();
    await write(`wd-${i}`);
    log.ackedAt[i] = performance.now();
  }
  const deadline = performance.now() + options.drainMs;
  while (log.deliveries < options.writes * options.watchers && performance.now() < deadline) await sleep(20);
}

/** CPU of the server process and of this process while `run` runs, in % of one core. */
export async function measureCpu(serverPid: number, run: () => Promise<void>): Promise<{ server: number; bench: number }> {
  const server0 = cpuSeconds(serverPid);
  const bench0 = ownCpu();
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  return { server: ((cpuSeconds(serverPid) - server0) / seconds) * 100, bench: ((ownCpu() - bench0) / seconds) * 100 };
}

/** Waits until every watcher has the warm-up event; throws after `timeoutMs`. */
export async function awaitWarm(log: DeliveryLog, watchers: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (log.warm < watchers) {
    if (performance.now() > deadline) throw new Error(`only ${log.warm} of ${watchers} watchers saw the warm-up event in ${timeoutMs} ms`);
    await sleep(20);
  }
}
