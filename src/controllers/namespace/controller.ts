/**
 * The namespace controller (upstream pkg/controller/namespace): when a namespace is being deleted, delete
 * everything in it, then remove the `kubernetes` finalizer through the finalize subresource so the
 * namespace itself goes.
 */
import type { Namespace } from 'kubernetes-types/core/v1';
import type { Informer } from '../../client/informer';
import { type Client, isNotFound, type KubeObject, type ServedResource } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import type { Logger } from '../../util/logger';

const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const finalizerName = 'kubernetes';

export interface NamespaceControllerOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
  /** How soon to look again while content remains. */
  recheckMs?: number;
}

type NamespaceObject = KubeObject & Pick<Namespace, 'spec' | 'status'>;

export class NamespaceController {
  private readonly queue: WorkQueue;
  private readonly informer: Informer<NamespaceObject>;
  private resources: ServedResource[] | undefined;

  constructor(private readonly options: NamespaceControllerOptions) {
    this.queue = new WorkQueue({ clock: options.clock ?? realClock, logger: options.logger });
    this.informer = options.informers.informerFor<NamespaceObject>(namespaces);
    const enqueue = (ns: NamespaceObject) => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
    };
    this.informer.addHandlers({ onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) });
  }

  run(): Promise<void> {
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutdown();
  }

  /** Level-based: reads the namespace from the cache and does whatever deletion step is next. */
  async sync(name: string): Promise<void> {
    const ns = this.informer.get(name);
    if (!ns?.metadata.deletionTimestamp) return;
    if (!(ns.spec?.finalizers ?? []).includes(finalizerName)) return;
    const remaining = await this.deleteContent(name);
    if (remaining > 0) {
      this.queue.addAfter(name, this.options.recheckMs ?? 1000);
      return;
    }
    const finalized = { ...ns, spec: { ...ns.spec, finalizers: (ns.spec?.finalizers ?? []).filter((f) => f !== finalizerName) } };
    try {
      await this.options.client.update(namespaces, undefined, finalized as KubeObject, { subresource: 'finalize' });
      this.options.logger.info('namespace deleted', { namespace: name });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Deletes every namespaced object in `namespace`; returns how many remain (e.g. held by finalizers). */
  private async deleteContent(namespace: string): Promise<number> {
    this.resources ??= await this.options.client.serverResources();
    let remaining = 0;
    for (const r of this.resources) {
      if (!r.namespaced || !r.verbs.includes('list')) continue;
      if (r.verbs.includes('deletecollection')) await this.options.client.deleteCollection(r, namespace);
      const left = await this.options.client.list(r, namespace);
      for (const item of left.items) {
        if (!item.metadata.deletionTimestamp && r.verbs.includes('delete')) {
          await this.options.client.delete(r, namespace, item.metadata.name!).catch((err: unknown) => {
            if (!isNotFound(err)) throw err;
          });
        }
      }
      remaining += (await this.options.client.list(r, namespace, { limit: 1 })).items.length;
    }
    return remaining;
  }
}
