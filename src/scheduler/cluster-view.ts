/**
 * What the scheduler reads besides pods and nodes: namespace labels (affinity namespaceSelector), the
 * Services and controllers that own a pod (upstream helper.DefaultSelector, for the default spread
 * constraints), and PodDisruptionBudgets (preemption).
 */
import type { Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { Selector } from '../api/labels';
import { selectorFromLabelSelector, selectorFromSet, selects } from '../api/label-selector';
import type { Informer } from '../client/informer';
import type { KubeObject } from '../client/interface';
import type { InformerFactory } from '../client/shared-informers';

const ref = (group: string, version: string, resource: string) => ({ group, version, resource });

export class ClusterView {
  private readonly namespaces: Informer<KubeObject>;
  private readonly services: Informer<KubeObject>;
  private readonly owners: Record<string, Informer<KubeObject>>;
  private readonly pdbs: Informer<KubeObject>;

  constructor(informers: InformerFactory) {
    this.namespaces = informers.informerFor(ref('', 'v1', 'namespaces'));
    this.services = informers.informerFor(ref('', 'v1', 'services'));
    this.pdbs = informers.informerFor(ref('policy', 'v1', 'poddisruptionbudgets'));
    this.owners = {
      'apps/ReplicaSet': informers.informerFor(ref('apps', 'v1', 'replicasets')),
      'apps/StatefulSet': informers.informerFor(ref('apps', 'v1', 'statefulsets')),
      '/ReplicationController': informers.informerFor(ref('', 'v1', 'replicationcontrollers')),
    };
  }

  namespaceLabels = (name: string): Record<string, string> | undefined => this.namespaces.get(name)?.metadata.labels;

  podDisruptionBudgets(): PodDisruptionBudget[] {
    return this.pdbs.list() as unknown as PodDisruptionBudget[];
  }

  /** Upstream helper.DefaultSelector: the selectors of the pod's Services and controlling owner, merged. */
  defaultSelector = (pod: Pod): Selector | undefined => {
    const ns = pod.metadata?.namespace;
    const set: Record<string, string> = {};
    for (const obj of this.services.list()) {
      const svc = obj as unknown as Service;
      if (svc.metadata?.namespace !== ns || !svc.spec?.selector) continue;
      if (selects(selectorFromSet(svc.spec.selector), pod.metadata?.labels)) Object.assign(set, svc.spec.selector);
    }
    const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
    const group = owner?.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
    const informer = owner && this.owners[`${group}/${owner.kind}`];
    const found = informer?.get(`${ns}/${owner!.name}`);
    if (found && owner!.kind === 'ReplicationController') Object.assign(set, (found as unknown as ReplicationController).spec?.selector ?? {});
    const selector = selectorFromSet(set);
    if (found && owner!.kind !== 'ReplicationController') {
      try {
        selector.push(...(selectorFromLabelSelector((found as unknown as ReplicaSet | StatefulSet).spec?.selector) ?? []));
      } catch {
        // An invalid selector adds nothing, as upstream ignores the conversion error.
      }
    }
    return selector;
  };
}
