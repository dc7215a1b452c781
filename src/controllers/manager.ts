/** Starts the controllers on shared informers over one client, and stops them. */
import type { Client, ServedResource } from '../client/interface';
import { SharedInformers } from '../client/shared-informers';
import { type Clock, realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { NamespaceController } from './namespace/controller';
import { GarbageCollector } from './garbagecollector/controller';
import { ServiceAccountController } from './serviceaccount/controller';

/** What every controller is built from. */
export interface ControllerContext {
  client: Client;
  /** Shared by every controller; they list and watch on real time. */
  informers: SharedInformers;
  /** Every resource the server serves (discovery), read once at start. */
  resources: ServedResource[];
  /**
   * Time for decisions: schedules, back-off, grace periods, deadlines. Injectable so tests can advance
   * it; work queues and informers keep real time for their own retries.
   */
  clock: Clock;
  logger: Logger;
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
];

export interface ControllerManagerOptions {
  client: Client;
  clock?: Clock;
  logger: Logger;
}

export interface ControllerManager {
  names: string[];
  stop(): void;
}

export async function startControllers(options: ControllerManagerOptions): Promise<ControllerManager> {
  const informers = new SharedInformers({ client: options.client, logger: options.logger });
  const resources = await options.client.serverResources();
  const base = { client: options.client, informers, resources, clock: options.clock ?? realClock };
  const controllers = controllerFactories.map(([name, make]) => make({ ...base, logger: options.logger.child(name) }));
  informers.start();
  await informers.waitForSync();
  for (const c of controllers) void c.run();
  return {
    names: controllerFactories.map(([name]) => name),
    stop() {
      for (const c of controllers) c.stop();
      informers.stop();
    },
  };
}
