/**
 * The EndpointSlice controller (upstream pkg/controller/endpointslice): every Service with a selector has
 * EndpointSlices (`<service>-<random>`, IPv4, at most 100 endpoints each) labelled with the service name and
 * `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`, owned by the Service. Only
 * slices with that label are touched, so the API server's `kubernetes` slice and mirrored or hand-written
 * slices are left alone; a deleted Service's slices go with it through their owner reference.
 */
import type { Node, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { isDeepStrictEqual } from 'node:util';
import type { Informer } from '../../client/informer';
import type { KubeObject } from '../../client/interface';
import { ServicePodsController, type ServicePodsOptions } from '../endpoints/controller';
import { type EndpointPort, lastChangeTriggerTime, serviceLabels, triggerTimeAnnotation } from '../endpoints/pods';
import { desiredEndpoints } from './endpoints';
import { planSlices } from './plan';

const slicesRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const nodesRef = { group: '', version: 'v1', resource: 'nodes' };
export const serviceNameLabel = 'kubernetes.io/service-name';
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
export const controllerName = 'endpointslice-controller.k8s.io';

export class EndpointSliceController extends ServicePodsController {
  private readonly slices: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  /** Slices created here that the informer has not shown yet (upstream's slice tracker): no double creates. */
  private readonly created = new Map<string, EndpointSlice>();

  constructor(options: ServicePodsOptions) {
    super(options);
    this.slices = options.informers.informerFor(slicesRef);
    this.nodes = options.informers.informerFor(nodesRef);
    const resync = (s: KubeObject) => {
      const service = s.metadata.labels?.[serviceNameLabel];
      if (service && s.metadata.labels?.[managedByLabel] === controllerName) this.queue.add(`${s.metadata.namespace}/${service}`);
    };
    const deleted = (s: KubeObject) => {
      // Seen and gone before a sync pruned it: it is no longer ours to fill.
      this.created.delete(`${s.metadata.namespace}/${s.metadata.name}`);
      resync(s);
    };
    this.slices.addHandlers({ onAdd: resync, onUpdate: (_o, s) => resync(s), onDelete: deleted });
  }

  private ownedSlices(namespace: string, name: string): EndpointSlice[] {
    for (const [key, s] of this.created) if (this.slices.get(key)) this.created.delete(key);
    return [...this.slices.list(), ...(this.created.values() as Iterable<unknown> as Iterable<KubeObject>)]
      .filter((s) => s.metadata.namespace === namespace && s.metadata.labels?.[serviceNameLabel] === name && s.metadata.labels?.[managedByLabel] === controllerName) as unknown as EndpointSlice[];
  }

  async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const service = this.services.get(key) as Service | undefined;
    // Slices of a deleted Service go through the garbage collector (owner reference), as upstream.
    if (!service || service.metadata?.deletionTimestamp) return;
    const existing = this.ownedSlices(namespace, name);
    if (!service.spec?.selector || service.spec.type === 'ExternalName') {
      for (const s of existing) await this.write('delete', s);
      return;
    }
    const selected = this.selectedPods(service);
    const desired = desiredEndpoints(service, selected, (n) => this.nodes.get(n) as Node | undefined);
    const labels = { ...serviceLabels(service), [serviceNameLabel]: name, [managedByLabel]: controllerName };
    const trigger = lastChangeTriggerTime(service, selected);
    const template = (ports: EndpointPort[]): EndpointSlice => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${name.slice(0, 62)}-`,
        namespace,
        labels,
        annotations: trigger ? { [triggerTimeAnnotation]: trigger } : {},
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: service.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: [],
      ports: ports as EndpointSlice['ports'],
    });
    const plan = planSlices(desired, existing, template);
    const touched = new Set([...plan.update, ...plan.delete].map((s) => s.metadata?.name));
    // Slices whose endpoints stay put still follow the service's labels.
    for (const s of existing) if (!touched.has(s.metadata?.name) && !isDeepStrictEqual(s.metadata?.labels, labels)) plan.update.push(s);
    for (const s of plan.delete) await this.write('delete', s);
    for (const s of plan.update) {
      const annotations = { ...(s.metadata?.annotations ?? {}), ...(trigger ? { [triggerTimeAnnotation]: trigger } : {}) };
      await this.write('update', { ...s, metadata: { ...s.metadata, labels, annotations } });
    }
    for (const s of plan.create) await this.write('create', s);
  }

  private async write(verb: 'create' | 'update' | 'delete', slice: EndpointSlice): Promise<void> {
    const { client } = this.options;
    const ns = slice.metadata!.namespace!;
    const obj = slice as unknown as KubeObject;
    if (verb === 'delete') this.created.delete(`${ns}/${slice.metadata!.name}`);
    if (verb === 'delete') await client.delete(slicesRef, ns, slice.metadata!.name!).catch(ServicePodsController.tolerate);
    else if (verb === 'update') await client.update(slicesRef, ns, obj).catch(ServicePodsController.tolerate);
    else {
      const made = await client.create(slicesRef, ns, obj);
      this.created.set(`${ns}/${made.metadata.name}`, made as unknown as EndpointSlice);
    }
  }
}
