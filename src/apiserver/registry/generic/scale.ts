/**
 * The scale subresource of the built-in workloads (upstream autoscaling/v1 Scale): GET shows
 * spec.replicas, status.replicas and the selector as a string; PUT/PATCH change only spec.replicas.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { selectorString } from '../../table/cells';
import type { SubresourceStrategy, KubeObject } from './strategy';

interface Spec {
  replicas?: number;
  selector?: LabelSelector | Record<string, string>;
}

export function scaleSubresource(options: { mapSelector?: boolean } = {}): SubresourceStrategy {
  return {
    view: {
      toView(parent) {
        const spec = (parent.spec ?? {}) as Spec;
        const status = (parent.status ?? {}) as { replicas?: number };
        const m = parent.metadata;
        return {
          kind: 'Scale',
          apiVersion: 'autoscaling/v1',
          metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
          spec: { replicas: spec.replicas ?? 0 },
          status: {
            replicas: status.replicas ?? 0,
            // A ReplicationController's selector is a plain label map.
            selector: selectorString(options.mapSelector ? { matchLabels: spec.selector as Record<string, string> } : (spec.selector as LabelSelector)),
          },
        };
      },
      fromView(parent, view) {
        const replicas = (view.spec as { replicas?: number } | undefined)?.replicas;
        const out = structuredClone(parent);
        out.metadata.resourceVersion = view.metadata?.resourceVersion ?? parent.metadata.resourceVersion;
        out.spec = { ...(out.spec as object), replicas };
        return out;
      },
    },
    prepareForUpdate(obj, old) {
      const out = structuredClone(old) as KubeObject;
      const replicas = (obj.spec as Spec | undefined)?.replicas;
      if (replicas !== (old.spec as Spec | undefined)?.replicas) {
        out.spec = { ...(out.spec as object), replicas };
        out.metadata.generation = (old.metadata.generation ?? 1) + 1;
      }
      return out;
    },
  };
}
