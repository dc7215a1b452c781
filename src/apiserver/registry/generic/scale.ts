/**
 * The scale subresource of the built-in workloads (upstream autoscaling/v1 Scale): GET shows
 * spec.replicas, status.replicas and the selector as a string; PUT/PATCH change only spec.replicas.
 */
import type { SubresourceStrategy, KubeObject } from './strategy';

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

/** A label selector as a string (upstream metav1.FormatLabelSelector): `app=web,tier in (a,b)`. */
export function formatSelector(selector: Selector | Record<string, string> | undefined, mapForm = false): string {
  if (!selector) return '';
  if (mapForm) return Object.entries(selector as Record<string, string>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');
  const s = selector as Selector;
  const parts = Object.entries(s.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

interface Spec {
  replicas?: number;
  selector?: Selector | Record<string, string>;
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
          status: { replicas: status.replicas ?? 0, selector: formatSelector(spec.selector, options.mapSelector) },
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
