/**
 * The Endpoints controller (upstream pkg/controller/endpoint): every Service with a selector has an
 * Endpoints object of the same name listing its pods' addresses and resolved ports. Services without a
 * selector are left to whoever writes their Endpoints (the API server does for `kubernetes`); a deleted
 * Service's Endpoints are deleted.
 */
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1';
import { isDeepStrictEqual } from 'node:util';
import type { Informer } from '../../client/informer';
import { type Client, isAlreadyExists, isConflict, isNotFound, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import type { Logger } from '../../util/logger';
import { lastChangeTriggerTime, pods, selectsPod, serviceLabels, services, triggerTimeAnnotation } from './pods';
import { desiredSubsets } from './subsets';

const endpointsRef = { group: '', version: 'v1', resource: 'endpoints' };

export interface ServicePodsOptions {
  client: Client;
  informers: InformerFactory;
  logger: Logger;
}

/**
 * The part both endpoint controllers share: a queue of Service keys fed by Service events and by the
 * pods a Service selects (before and after a label change).
 */
export abstract class ServicePodsController {
  protected readonly queue: WorkQueue;
  protected readonly services: Informer<KubeObject>;
  protected readonly pods: Informer<KubeObject>;

  constructor(protected readonly options: ServicePodsOptions) {
    this.queue = new WorkQueue({ logger: options.logger });
    this.services = options.informers.informerFor(services);
    this.pods = options.informers.informerFor(pods);
    const enqueue = (s: KubeObject) => this.queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
    this.services.addHandlers({ onAdd: enqueue, onUpdate: (_o, s) => enqueue(s), onDelete: enqueue });
    const podChanged = (...ps: KubeObject[]) => {
      for (const s of this.services.byNamespace(ps[0]!.metadata.namespace!)) if (ps.some((p) => selectsPod(s as Service, p as Pod))) enqueue(s);
    };
    this.pods.addHandlers({ onAdd: (p) => podChanged(p), onUpdate: (o, p) => podChanged(o, p), onDelete: (p) => podChanged(p) });
  }

  run(): Promise<void> {
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutdown();
  }

  abstract sync(key: string): Promise<void>;

  protected selectedPods(service: Service): Pod[] {
    return (this.pods.byNamespace(service.metadata!.namespace!) as unknown as Pod[]).filter((p) => selectsPod(service, p));
  }

  /** Ignores the not-found and conflict errors of a write that a later sync will redo. */
  protected static tolerate(err: unknown): void {
    if (!isNotFound(err) && !isConflict(err) && !isAlreadyExists(err)) throw err;
  }
}

export class EndpointsController extends ServicePodsController {
  private readonly endpoints: Informer<KubeObject>;

  constructor(options: ServicePodsOptions) {
    super(options);
    this.endpoints = options.informers.informerFor(endpointsRef);
    const resync = (e: KubeObject) => {
      const key = `${e.metadata.namespace}/${e.metadata.name}`;
      if ((this.services.get(key)?.spec as Service['spec'])?.selector) this.queue.add(key);
    };
    // Any write by someone else (or a create that lost a race) brings the Service back to be checked.
    this.endpoints.addHandlers({ onAdd: resync, onUpdate: (_o, e) => resync(e), onDelete: resync });
  }

  /** Upstream checkLeftoverEndpoints: at start, Endpoints whose Service is gone are deleted (leader-election records excepted). */
  override run(): Promise<void> {
    for (const e of this.endpoints.list()) {
      const key = `${e.metadata.namespace}/${e.metadata.name}`;
      if (!this.services.get(key) && !e.metadata.annotations?.['control-plane.alpha.kubernetes.io/leader']) this.queue.add(key);
    }
    return super.run();
  }

  async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const service = this.services.get(key) as Service | undefined;
    const { client } = this.options;
    if (!service) {
      if (this.endpoints.get(key)) await client.delete(endpointsRef, namespace, name).catch(ServicePodsController.tolerate);
      return;
    }
    if (!service.spec?.selector) return;
    const selected = this.selectedPods(service);
    const subsets = desiredSubsets(service, selected);
    const labels = serviceLabels(service);
    const current = this.endpoints.get(key) as unknown as Endpoints | undefined;
    if (current && isDeepStrictEqual(current.subsets ?? [], subsets) && isDeepStrictEqual(current.metadata?.labels ?? {}, labels)) return;
    const annotations = { ...(current?.metadata?.annotations ?? {}) };
    const trigger = lastChangeTriggerTime(service, selected);
    if (trigger) annotations[triggerTimeAnnotation] = trigger;
    const metadata = { ...(current?.metadata ?? {}), name, namespace, labels, annotations };
    const obj = { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets } as unknown as KubeObject;
    if (current) await client.update(endpointsRef, namespace, obj).catch(ServicePodsController.tolerate);
    else await client.create(endpointsRef, namespace, obj).catch(ServicePodsController.tolerate);
  }
}
