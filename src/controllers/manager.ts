/** Starts the controllers on shared informers over one client, and stops them. */
import type { Client, ServedResource } from '../client/interface';
import { type InformerFactory, SharedInformers } from '../client/shared-informers';
import { type Clock, realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { NamespaceController } from './namespace/controller';
import { GarbageCollector } from './garbagecollector/controller';
import { ServiceAccountController } from './serviceaccount/controller';
import { JobController } from './job/controller';
import { CronJobController } from './cronjob/controller';
import { TTLAfterFinishedController } from './ttlafterfinished/controller';
import { NodeLifecycleController } from './nodelifecycle/controller';
import { TaintEvictionController } from './tainteviction/controller';
import { PodGCController } from './podgc/controller';
import { DisruptionController } from './disruption/controller';
import { HorizontalController } from './podautoscaler/controller';
import { EndpointsController } from './endpoints/controller';
import { EndpointSliceController } from './endpointslice/controller';
import { ResourceQuotaController } from './resourcequota/controller';
import { PersistentVolumeController } from './volume/persistentvolume/controller';
import { LocalPathProvisioner } from './volume/localpath/provisioner';
import { StatefulSetController } from './statefulset/controller';
import { DaemonSetController } from './daemonset/controller';
import { ReplicaSetController } from './replicaset/controller';
import { replicationControllerKind } from './replicaset/kinds';
import { DeploymentController } from './deployment/controller';

/** What every controller is built from. */
export interface ControllerContext {
  client: Client;
  /** Shared by every controller; they list and watch on real time. */
  informers: InformerFactory;
  /** Every resource the server serves (discovery), read once at start. */
  resources: ServedResource[];
  /**
   * Time for decisions: schedules, back-off, grace periods, deadlines. Injectable so tests can advance
   * it; work queues and informers keep real time for their own retries.
   */
  clock: Clock;
  logger: Logger;
  /** The server's data dir, for controllers that keep node-local files (the local-path provisioner's volumes); unset with local storage disabled. */
  dataDir?: string;
}

export interface Controller {
  run(): Promise<void>;
  stop(): void;
}

/** Every controller, by the name it logs under (upstream's controller names). */
const controllerFactories: [string, (ctx: ControllerContext) => Controller][] = [
  ['namespace-controller', (ctx) => new NamespaceController({ ...ctx, clock: undefined })],
  ['serviceaccount-controller', (ctx) => new ServiceAccountController({ ...ctx, clock: undefined })],
  ['garbage-collector', (ctx) => new GarbageCollector({ ...ctx, clock: undefined })],
  ['job-controller', (ctx) => new JobController(ctx)],
  ['cronjob-controller', (ctx) => new CronJobController(ctx)],
  ['ttl-after-finished-controller', (ctx) => new TTLAfterFinishedController(ctx)],
  ['node-lifecycle-controller', (ctx) => new NodeLifecycleController(ctx)],
  ['taint-eviction-controller', (ctx) => new TaintEvictionController(ctx)],
  ['pod-garbage-collector', (ctx) => new PodGCController(ctx)],
  ['disruption-controller', (ctx) => new DisruptionController(ctx)],
  ['horizontal-pod-autoscaler-controller', (ctx) => new HorizontalController(ctx)],
  ['endpoints-controller', (ctx) => new EndpointsController(ctx)],
  ['endpointslice-controller', (ctx) => new EndpointSliceController(ctx)],
  ['resourcequota-controller', (ctx) => new ResourceQuotaController(ctx)],
  ['persistentvolume-binder-controller', (ctx) => new PersistentVolumeController(ctx)],
  ['local-path-provisioner', (ctx) => new LocalPathProvisioner(ctx)],
  ['statefulset-controller', (ctx) => new StatefulSetController(ctx)],
  ['daemonset-controller', (ctx) => new DaemonSetController(ctx)],
  ['replicaset-controller', (ctx) => new ReplicaSetController(ctx)],
  ['replicationcontroller-controller', (ctx) => new ReplicaSetController({ ...ctx, kind: replicationControllerKind })],
  ['deployment-controller', (ctx) => new DeploymentController(ctx)],
];

export interface ControllerManagerOptions {
  client: Client;
  /** The process's informers, shared with the scheduler and the nodes; without them the controllers start their own. */
  informers?: SharedInformers;
  clock?: Clock;
  logger: Logger;
  dataDir?: string;
}

export interface ControllerManager {
  names: string[];
  stop(): void;
}

export async function startControllers(options: ControllerManagerOptions): Promise<ControllerManager> {
  const own = options.informers ? undefined : new SharedInformers({ client: options.client, logger: options.logger });
  const informers = (options.informers ?? own!).scope();
  const resources = await options.client.serverResources();
  const base = { client: options.client, informers, resources, clock: options.clock ?? realClock, dataDir: options.dataDir };
  const controllers = controllerFactories.map(([name, make]) => make({ ...base, logger: options.logger.child(name) }));
  own?.start();
  await informers.waitForSync();
  for (const c of controllers) void c.run();
  return {
    names: controllerFactories.map(([name]) => name),
    stop() {
      for (const c of controllers) c.stop();
      informers.stop();
      own?.stop();
    },
  };
}
