/**
 * Pruning (upstream pkg/apiserver/schema/pruning): fields the structural schema does not specify are
 * dropped, except under `x-kubernetes-preserve-unknown-fields: true`. At the root and in embedded
 * resources apiVersion, kind and metadata are always kept. Returns the dropped paths.
 */
import { child, isObject, type JSONSchemaProps } from './types';

const embeddedFields = ['apiVersion', 'kind', 'metadata'];

export function prune(value: unknown, schema: JSONSchemaProps | undefined, options: { isResourceRoot?: boolean } = {}, path = ''): string[] {
  const pruned: string[] = [];
  walk(value, schema, options.isResourceRoot ?? false, path, pruned);
  return pruned;
}

function walk(value: unknown, schema: JSONSchemaProps | undefined, isResource: boolean, path: string, pruned: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, schema?.items, false, `${path}[${i}]`, pruned));
    return;
  }
  if (!isObject(value)) return;
  const preserve = schema?.['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = isResource || schema?.['x-kubernetes-embedded-resource'] === true;
  const additional = schema?.additionalProperties;
  for (const key of Object.keys(value)) {
    const prop = schema?.properties?.[key];
    const keep = embedded && embeddedFields.includes(key);
    // A resource's metadata is ObjectMeta whatever the schema says of it (CRDs declare `metadata: {type: object}`).
    if (keep && key === 'metadata') continue;
    if (prop) walk(value[key], prop, false, child(path, key), pruned);
    else if (isObject(additional)) walk(value[key], additional, false, child(path, key), pruned);
    else if (additional === true || preserve) continue;
    else if (!keep) {
      pruned.push(child(path, key));
      delete value[key];
    }
  }
}
