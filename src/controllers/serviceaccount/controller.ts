/**
 * The service-account controller (upstream pkg/controller/serviceaccount): every active namespace has a
 * `default` ServiceAccount; made when the namespace appears, and again if it is deleted.
 */
import type { Informer } from '../../client/informer';
import { type Client, isAlreadyExists, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import type { Logger } from '../../util/logger';

const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const serviceAccounts = { group: '', version: 'v1', resource: 'serviceaccounts' };
const defaultName = 'default';

export class ServiceAccountController {
  private readonly queue: WorkQueue;
  private readonly namespaces: Informer;
  private readonly accounts: Informer;

  constructor(private readonly options: { client: Client; informers: InformerFactory; clock?: Clock; logger: Logger }) {
    this.queue = new WorkQueue({ clock: options.clock ?? realClock, logger: options.logger });
    this.namespaces = options.informers.informerFor(namespaces);
    this.accounts = options.informers.informerFor(serviceAccounts);
    this.namespaces.addHandlers({ onAdd: (ns) => this.queue.add(ns.metadata.name!), onUpdate: (_o, ns) => this.queue.add(ns.metadata.name!) });
    this.accounts.addHandlers({
      onDelete: (sa) => {
        if (sa.metadata.name === defaultName) this.queue.add(sa.metadata.namespace!);
      },
    });
  }

  run(): Promise<void> {
    return this.queue.run(1, (ns) => this.sync(ns));
  }

  stop(): void {
    this.queue.shutdown();
  }

  async sync(namespace: string): Promise<void> {
    const ns = this.namespaces.get(namespace);
    if (!ns || ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
    if (this.accounts.get(`${namespace}/${defaultName}`)) return;
    const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: defaultName, namespace } };
    await this.options.client.create(serviceAccounts, namespace, sa).catch((err: unknown) => {
      if (!isAlreadyExists(err)) throw err;
    });
  }
}
