/**
 * The embeddable API: start a whole skiff cluster inside the calling process, e.g. as a test fixture.
 *
 *   const cluster = await startCluster();
 *   // cluster.kubeconfig (YAML), cluster.kubeconfigPath, cluster.url
 *   await cluster.stop();
 *
 * Several clusters may run in one process; stop() frees each one's port, files and timers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServerConfig } from './cli/config';
import { startServer } from './server';
import type { Clock } from './util/clock';
import { createLogger, type Level, type Logger, silentLogger } from './util/logger';

export interface StartClusterOptions {
  /** Keep state here (it survives stop()); default: a temporary directory removed by stop(). */
  dataDir?: string;
  /** HTTPS port; default 0, a free one. */
  port?: number;
  /** Log lines go here; default: none. */
  logger?: Logger;
  /** Or log to stderr at this level. */
  logLevel?: Level;
  /** Simulated nodes that run pods without containers (default 1; 0 for none). */
  simulatedNodes?: number;
  /** Capacity of each simulated node (default cpu 4, memory 16Gi, pods 110). */
  nodeCapacity?: { cpu?: string; memory?: string; pods?: string };
  /**
   * Time for the controllers and simulated nodes (CronJob schedules, back-off, node leases and grace
   * periods): pass a ManualClock and advance it instead of waiting. Default: real time.
   */
  clock?: Clock;
}

export interface Cluster {
  /** The admin kubeconfig, as YAML text. */
  kubeconfig: string;
  /** Where that kubeconfig is written (inside the data dir). */
  kubeconfigPath: string;
  /** https://127.0.0.1:PORT */
  url: string;
  stop(): Promise<void>;
}

export { ManualClock } from './util/manual-clock';
export type { Clock } from './util/clock';

export async function startCluster(options: StartClusterOptions = {}): Promise<Cluster> {
  const tempDir = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'skiff-'));
  const dataDir = options.dataDir ?? tempDir!;
  const kubeconfigPath = join(dataDir, 'kubeconfig.yaml');
  const config = buildServerConfig({
    dataDir,
    ephemeral: tempDir !== undefined,
    httpsListenPort: options.port ?? 0,
    bindAddress: '127.0.0.1',
    writeKubeconfig: kubeconfigPath,
    disableAgent: true,
    simulateNodes: options.simulatedNodes ?? 1,
    simulateNodeCapacity: options.nodeCapacity,
  });
  const logger = options.logger ?? (options.logLevel ? createLogger({ level: options.logLevel }) : silentLogger);
  let server;
  try {
    server = await startServer({ config, logger, controllerClock: options.clock });
  } catch (err) {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
  const running = server;
  return {
    kubeconfig: readFileSync(kubeconfigPath, 'utf8'),
    kubeconfigPath,
    url: running.url,
    async stop() {
      await running.stop();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
