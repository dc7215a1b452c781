/**
 * Strategic merge patch (upstream apimachinery/pkg/util/strategicpatch), the map part: like a merge patch
 * plus the `$patch: replace|delete` and `$retainKeys` directives, with `$setElementOrder/…` and
 * `$deleteFromPrimitiveList/…` keys understood. Lists are replaced whole unless a merge key is known for
 * them; `mergeKeys` maps a JSON path (`spec.containers`) to its merge key.
 */
import { isPlainObject } from './merge-patch';

export type MergeKeys = (path: string) => string | undefined;

const noKeys: MergeKeys = () => undefined;

export class PatchError extends Error {}

function mergeList(target: unknown, patch: unknown[], key: string | undefined, path: string, keys: MergeKeys): unknown[] {
  if (!key || !Array.isArray(target)) return patch.filter((p) => !(isPlainObject(p) && p.$patch === 'delete')).map((p) => structuredClone(p));
  const out = target.map((t) => structuredClone(t)) as unknown[];
  for (const item of patch) {
    if (!isPlainObject(item)) throw new PatchError(`${path}: expected an object in a list merged by ${key}`);
    const idx = out.findIndex((t) => isPlainObject(t) && t[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = mergeObject(out[idx], item, path, keys);
    else out.push(mergeObject({}, item, path, keys));
  }
  return out;
}

function mergeObject(target: unknown, patch: Record<string, unknown>, path: string, keys: MergeKeys): Record<string, unknown> {
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return {};
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys) ? new Set(patch.$retainKeys as string[]) : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    const childPath = path ? `${path}.${k}` : k;
    if (v === null) delete out[k];
    else if (isPlainObject(v)) out[k] = mergeObject(out[k], v, childPath, keys);
    else if (Array.isArray(v)) out[k] = mergeList(out[k], v, keys(childPath), childPath, keys);
    else out[k] = v;
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.has(k)) delete out[k];
  return out;
}

export function applyStrategicMergePatch(target: unknown, patch: unknown, mergeKeys: MergeKeys = noKeys): unknown {
  if (!isPlainObject(patch)) throw new PatchError('a strategic merge patch must be a JSON object');
  return mergeObject(target, patch, '', mergeKeys);
}
