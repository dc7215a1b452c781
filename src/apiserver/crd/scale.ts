/**
 * The scale subresource of a custom resource (upstream pkg/registry/customresource ScaleREST): GET shows
 * an autoscaling/v1 Scale read through specReplicasPath, statusReplicasPath and labelSelectorPath;
 * PUT/PATCH of the Scale write only specReplicasPath (and bump metadata.generation).
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
    view: {
      toView: (parent) => toScale(parent, scale),
      fromView(parent, view) {
        const out = structuredClone(parent);
        out.metadata.resourceVersion = view.metadata?.resourceVersion ?? parent.metadata.resourceVersion;
        const replicas = isObject(view.spec) ? view.spec.replicas : undefined;
        if (replicas !== undefined) setPath(out, scale.specReplicasPath, replicas);
        return out;
      },
    },
    prepareForUpdate(obj, old) {
      const out = structuredClone(old);
      const replicas = first(obj, scale.specReplicasPath);
      if (replicas !== first(old, scale.specReplicasPath)) {
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
