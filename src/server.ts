/**
 * Wires a server in order: storage -> PKI -> API server -> ready -> controllers (scheduler and node
 * components: later). Each step logs one line; the last logs the time from process start to ready.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './cli/config';
import { createApiServer, ensureSystemNamespaces, Registry, registerBuiltins, ServiceAccountTokens } from './apiserver';
import { advertiseAddress, ensureKubernetesService } from './apiserver/bootstrap';
import { ensureDefaultStorageClass } from './apiserver/bootstrap-storage';
import { ensureSystemPriorityClasses } from './apiserver/admission/priority';
import { ensurePki, ensureServiceAccountKey, writeKubeconfig } from './pki';
import { RestClient } from './client/rest';
import { startControllers } from './controllers/manager';
import { SharedInformers } from './client/shared-informers';
import { runWhileLeading } from './client/leaderelection';
import { SimulatedNodes } from './kubelet/simulated/agent';
import { defaultCapacity } from './kubelet/simulated/node-status';
import { SimulatedMetrics } from './kubelet/simulated/metrics';
import { emptyMetricsSource, type MetricsSource } from './api/metrics';
import { registerMetricsApi } from './apiserver/registry/metrics.k8s.io/store';
import { Scheduler } from './scheduler/scheduler';
import { openBackend } from './storage';
import { type Clock, realClock } from './util/clock';
import type { Logger } from './util/logger';
import { loadSqliteBinding } from './util/sea';
import { kubernetesVersion, gitVersion } from './version';

export interface StartServerOptions {
  config: ServerConfig;
  logger: Logger;
  clock?: Clock;
  /**
   * Time for the controllers' decisions and the simulated nodes (schedules, back-off, leases, grace
   * periods); default: `clock`. Tests pass a ManualClock to skip real minutes.
   */
  controllerClock?: Clock;
}

export interface RunningServer {
  /** https://HOST:PORT of the API server. */
  url: string;
  port: number;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

function platformVersion() {
  return {
    ...kubernetesVersion,
    gitVersion,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '',
    goVersion: `node ${process.version}`,
    compiler: 'esbuild',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const clock = options.clock ?? realClock;
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  const backend = openBackend(config.datastoreEndpoint, {
    dataDir: config.dataDir,
    logger,
    clock,
    nativeBinding: loadSqliteBinding(),
    compactIntervalMs: config.datastoreCompactIntervalMs,
    compactKeepRevisions: config.datastoreCompactKeep,
  });
  logger.info('storage started', { endpoint: config.datastoreEndpoint ?? 'sqlite (data dir)', revision: backend.currentRevision() });

  const pki = await ensurePki({ dir: join(config.dataDir, 'server', 'tls'), nodeName: config.nodeName, logger, clock });
  logger.info('certificates ready', { dir: pki.paths.dir });

  const tokens = new ServiceAccountTokens({ keys: await ensureServiceAccountKey(pki.paths.dir), clock });

  let ready = false;
  const registry = new Registry({ backend, clock });
  registerBuiltins(registry, { tokens, services: { backend, serviceCidr: config.serviceCidr, nodePortRange: config.serviceNodePortRange, clock } });
  // metrics.k8s.io answers from whatever the node side reports; the simulated nodes plug in below.
  let metricsSource: MetricsSource = emptyMetricsSource;
  registerMetricsApi(registry, { nodeMetrics: () => metricsSource.nodeMetrics(), podMetrics: (ns) => metricsSource.podMetrics(ns) }, () => clock.now());
  const { app, loopback } = await createApiServer({
    registry,
    backend,
    logger: logger.child('apiserver'),
    clock,
    tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert },
    tokens,
    minRequestTimeoutSeconds: config.minRequestTimeout,
    ready: () => ready,
    version: platformVersion() as unknown as Record<string, string>,
  });
  await app.listen({ host: config.bindAddress, port: config.httpsListenPort });
  const port = (app.server.address() as AddressInfo).port;
  const host = config.bindAddress === '0.0.0.0' || config.bindAddress === '::' ? '127.0.0.1' : config.bindAddress;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('apiserver listening', { url, resources: registry.resources().length });

  await ensureSystemNamespaces(registry);
  await ensureDefaultStorageClass(registry, { disabled: config.disable?.includes('local-storage') });
  await ensureSystemPriorityClasses(registry.store('scheduling.k8s.io', 'priorityclasses'));
  await ensureKubernetesService(registry, { serviceCidr: config.serviceCidr, address: advertiseAddress(config.bindAddress), port });
  await writeKubeconfig({ path: config.writeKubeconfig, server: url, caCert: pki.caCert, clientCert: pki.adminCert, clientKey: pki.adminKey, mode: config.writeKubeconfigMode });
  logger.info('kubeconfig written', { path: config.writeKubeconfig });
  if (!config.disableAgent) logger.info('node components are not part of this build yet; running as with --disable-agent');

  ready = true;
  logger.info('skiff is ready', { ms: Math.round(performance.now()), url });

  const client = new RestClient(loopback);
  const controllerClock = options.controllerClock ?? clock;
  // One cache per resource for the controllers, the scheduler and the simulated nodes; real time for its retries.
  const informers = new SharedInformers({ client, logger });
  informers.start();
  // Storage feeds watches per server: informers that ran while another server led missed its writes, so
  // a takeover after start lists everything again before the controllers or the scheduler read the caches.
  let booting = true;
  const takeOver = () => (booting ? Promise.resolve() : informers.refresh());
  // The controllers and the scheduler run only while this server holds their kube-system Leases, so
  // several servers can share one datastore (upstream --leader-elect).
  const controllers = await runWhileLeading({
    client,
    name: 'kube-controller-manager',
    logger: logger.child('leader-election'),
    start: async () => {
      await takeOver();
      const manager = await startControllers({ client, informers, clock: controllerClock, logger: logger.child('controllers'), dataDir: config.disable?.includes('local-storage') ? undefined : config.dataDir });
      logger.info('controllers started', { controllers: manager.names.join(',') });
      return manager;
    },
  });
  const scheduler = await runWhileLeading({
    client,
    name: 'kube-scheduler',
    logger: logger.child('leader-election'),
    start: async () => {
      await takeOver();
      const scope = informers.scope();
      const running = new Scheduler({ client, informers: scope, clock, logger: logger.child('scheduler') });
      await scope.waitForSync();
      void running.run();
      logger.info('scheduler started');
      return { stop: () => (running.stop(), scope.stop()) };
    },
  });

  booting = false;

  let simulation: SimulatedNodes | undefined;
  if (config.simulateNodes > 0) {
    const nodes = new SimulatedNodes({ client, informers, count: config.simulateNodes, capacity: { ...defaultCapacity, ...config.simulateNodeCapacity }, clock: controllerClock, logger: logger.child('simulated-nodes') });
    metricsSource = new SimulatedMetrics({ pods: informers.informerFor({ group: '', version: 'v1', resource: 'pods' }), nodes: informers.informerFor({ group: '', version: 'v1', resource: 'nodes' }), nodeNames: nodes.names, clock: controllerClock });
    await informers.waitForSync();
    await nodes.start();
    simulation = nodes;
    logger.info('simulated nodes started', { count: config.simulateNodes });
  }

  return {
    url,
    port,
    kubeconfigPath: config.writeKubeconfig,
    async stop() {
      ready = false;
      await scheduler.stop();
      simulation?.stop();
      await controllers.stop();
      informers.stop();
      await app.close();
      await backend.close();
    },
  };
}
