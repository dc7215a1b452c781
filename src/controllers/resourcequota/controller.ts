/**
 * The ResourceQuota controller (upstream pkg/controller/resourcequota): keeps each quota's status.hard
 * equal to spec.hard and status.used to what the namespace's objects use of those resources. It recounts
 * when the quota changes, when tracked objects in its namespace are deleted or stop using quota
 * (upstream's replenishment, replenish.ts), and every five minutes. Quota admission in the API server
 * charges creates and updates in between.
 */
import { isDeepStrictEqual } from 'node:util';
import { requiresReplenish } from './replenish';
import { formatUsage, matchesScopes, objectUsage, type QuotaScopes, trackedResource, type Usage } from '../../api/quota';
import type { Informer } from '../../client/informer';
import { type Client, isConflict, isNotFound, type KubeObject, type ServedResource } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import type { Logger } from '../../util/logger';

const quotasRef = { group: '', version: 'v1', resource: 'resourcequotas' };
/** Objects whose deletes (and some updates, replenish.ts) trigger a recount at once; other kinds wait for the periodic resync. */
const replenished = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers'];
export const resyncPeriodMs = 5 * 60_000;

interface Quota {
  metadata: KubeObject['metadata'];
  spec?: { hard?: Record<string, string> } & QuotaScopes;
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

export interface ResourceQuotaControllerOptions {
  client: Client;
  informers: InformerFactory;
  resources: ServedResource[];
  clock?: Clock;
  logger: Logger;
}

export class ResourceQuotaController {
  private readonly queue: WorkQueue;
  private readonly quotas: Informer<KubeObject>;
  private readonly clock: Clock;
  private resync: { cancel(): void } | undefined;

  constructor(private readonly options: ResourceQuotaControllerOptions) {
    this.clock = options.clock ?? realClock;
    this.queue = new WorkQueue({ logger: options.logger });
    this.quotas = options.informers.informerFor(quotasRef);
    const enqueue = (q: KubeObject) => this.queue.add(`${q.metadata.namespace}/${q.metadata.name}`);
    this.quotas.addHandlers({ onAdd: enqueue, onUpdate: (o, q) => (isDeepStrictEqual(o.spec, q.spec) && q.status ? undefined : enqueue(q)) });
    const namespaceChanged = (obj: KubeObject) => {
      for (const q of this.quotas.byNamespace(obj.metadata.namespace!)) enqueue(q);
    };
    for (const resource of replenished) {
      options.informers.informerFor({ group: '', version: 'v1', resource }).addHandlers({
        onUpdate: (o, n) => requiresReplenish(resource, o, n, this.clock.now()) && namespaceChanged(n),
        onDelete: namespaceChanged,
      });
    }
  }

  run(): Promise<void> {
    const tick = () => {
      for (const q of this.quotas.list()) this.queue.add(`${q.metadata.namespace}/${q.metadata.name}`);
      this.resync = this.clock.setTimeout(tick, resyncPeriodMs);
    };
    this.resync = this.clock.setTimeout(tick, resyncPeriodMs);
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.resync?.cancel();
    this.queue.shutdown();
  }

  /** The version to list a resource at: the first one discovery serves. */
  private served(group: string, resource: string): ServedResource | undefined {
    return this.options.resources.find((r) => r.group === group && r.resource === resource && r.verbs.includes('list'));
  }

  /** What the namespace's objects use of the named resources (upstream CalculateUsage). */
  private async usage(namespace: string, names: string[], scopes: QuotaScopes | undefined): Promise<Usage> {
    const byResource = new Map<string, { group: string; resource: string }>();
    for (const n of names) {
      const t = trackedResource(n);
      if (t) byResource.set(`${t.group}/${t.resource}`, t);
    }
    const total: Usage = new Map(names.map((n) => [n, 0]));
    const now = this.clock.now();
    for (const { group, resource } of byResource.values()) {
      const served = this.served(group, resource);
      if (!served) continue;
      const list = await this.options.client.list(served, namespace);
      for (const obj of list.items) {
        if (!matchesScopes(scopes, group, resource, obj)) continue;
        for (const [k, v] of objectUsage(group, resource, obj, now)) if (total.has(k)) total.set(k, total.get(k)! + v);
      }
    }
    return total;
  }

  async sync(key: string): Promise<void> {
    const quota = this.quotas.get(key) as Quota | undefined;
    if (!quota || quota.metadata.deletionTimestamp) return;
    const hard = quota.spec?.hard ?? {};
    const used = await this.usage(quota.metadata.namespace!, Object.keys(hard), quota.spec);
    const status = { hard: { ...hard }, used: Object.fromEntries([...used].map(([k, v]) => [k, formatUsage(k, v)])) };
    if (isDeepStrictEqual(quota.status?.hard ?? {}, status.hard) && isDeepStrictEqual(quota.status?.used ?? {}, status.used)) return;
    await this.options.client.update(quotasRef, quota.metadata.namespace, { ...quota, status } as KubeObject, { subresource: 'status' }).catch((err: unknown) => {
      if (isNotFound(err)) return;
      // Admission charged the quota meanwhile: count again from the newer object.
      if (isConflict(err)) return this.queue.addRateLimited(key);
      throw err;
    });
  }
}
