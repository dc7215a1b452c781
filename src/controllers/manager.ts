/** Starts the controllers on shared informers over one client, and stops them. */
import type { Client } from '../client/interface';
import { SharedInformers } from '../client/shared-informers';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { NamespaceController } from './namespace/controller';
import { GarbageCollector } from './garbagecollector/controller';
import { ServiceAccountController } from './serviceaccount/controller';

export interface ControllerManagerOptions {
  client: Client;
  clock?: Clock;
  logger: Logger;
}

export interface ControllerManager {
  stop(): void;
}

export async function startControllers(options: ControllerManagerOptions): Promise<ControllerManager> {
  const informers = new SharedInformers({ client: options.client, clock: options.clock, logger: options.logger });
  const resources = await options.client.serverResources();
  const controllers = [
    new NamespaceController({ client: options.client, informers, clock: options.clock, logger: options.logger.child('namespace-controller') }),
    new ServiceAccountController({ client: options.client, informers, clock: options.clock, logger: options.logger.child('serviceaccount-controller') }),
    new GarbageCollector({ client: options.client, informers, resources, clock: options.clock, logger: options.logger.child('garbage-collector') }),
  ];
  informers.start();
  await informers.waitForSync();
  for (const c of controllers) void c.run();
  return {
    stop() {
      for (const c of controllers) c.stop();
      informers.stop();
    },
  };
}
