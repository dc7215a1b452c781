/**
 * The scale subresource of a custom resource (upstream pkg/registry/customresource ScaleREST): the
 * replicas a Scale carries (`spec.replicas`) are written at the CRD's specReplicasPath; nothing else
 * changes. `toScale` is the autoscaling/v1 Scale upstream serves for a custom resource.
 *
 * Known gap: the generic handlers read and write the parent object on subresource routes, so GET of
 * /scale returns the object itself; `kubectl scale` (a merge patch of spec.replicas) works.
 */
import type { KubeObject, SubresourceStrategy } from '../registry/generic/strategy';
import { evaluate, parseJSONPath } from './jsonpath';
import { isObject } from './schema/types';
import type { ScaleSubresource } from './types';

/** Field names of a simple dotted path (`.spec.replicas` → ['spec', 'replicas']). */
const fields = (path: string): string[] => path.split('.').filter((p) => p !== '');

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const names = fields(path);
  let cur = obj;
  for (const name of names.slice(0, -1)) {
    if (!isObject(cur[name])) cur[name] = {};
    cur = cur[name] as Record<string, unknown>;
  }
  cur[names[names.length - 1]!] = value;
}

const first = (obj: unknown, path: string): unknown => evaluate(parseJSONPath(path), obj)[0];

export function scaleSubresource(scale: ScaleSubresource): SubresourceStrategy {
  return {
    prepareForUpdate(obj, old) {
      const out = structuredClone(old);
      const spec = isObject(obj.spec) ? obj.spec : {};
      const replicas = spec.replicas ?? first(obj, scale.specReplicasPath);
      if (typeof replicas === 'number' && replicas !== first(old, scale.specReplicasPath)) {
        setPath(out, scale.specReplicasPath, replicas);
        out.metadata.generation = (old.metadata.generation ?? 1) + 1;
      }
      return out;
    },
  };
}

export function toScale(obj: KubeObject, scale: ScaleSubresource): KubeObject {
  const selector = scale.labelSelectorPath ? first(obj, scale.labelSelectorPath) : undefined;
  const status: Record<string, unknown> = { replicas: first(obj, scale.statusReplicasPath) ?? 0 };
  if (typeof selector === 'string') status.selector = selector;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: first(obj, scale.specReplicasPath) ?? 0 },
    status,
  };
}
