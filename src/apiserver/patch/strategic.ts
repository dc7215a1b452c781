/**
 * Strategic merge patch (upstream apimachinery/pkg/util/strategicpatch). Maps merge key by key; lists are
 * replaced unless the schema gives them `x-kubernetes-patch-strategy: merge` — then items with a
 * `x-kubernetes-patch-merge-key` are merged by that key, and primitive items are unioned. Directives:
 * `$patch: replace|delete|merge`, `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
 * Without a schema (custom resources) it is a JSON merge patch with the directives understood.
 */
import { isPlainObject } from './merge-patch';

/** What the patch needs to know of the schema at one point of the object. */
export interface PatchSchema {
  /** The schema of a property of this object. */
  property(name: string): PatchSchema | undefined;
  /** The schema of this list's items. */
  items(): PatchSchema | undefined;
  /** For a list: upstream's patch strategy (e.g. 'merge', 'retainKeys') and merge key. */
  patchStrategy(): { strategy?: string; mergeKey?: string };
}

export class PatchError extends Error {}

const setOrderPrefix = '$setElementOrder/';
const deletePrimitivePrefix = '$deleteFromPrimitiveList/';

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Orders merged items as `$setElementOrder` lists them; items it does not name keep their place after. */
function applyOrder(items: unknown[], order: unknown[] | undefined, key: string | undefined): unknown[] {
  if (!order) return items;
  const id = (v: unknown) => (key && isPlainObject(v) ? v[key] : v);
  const rank = new Map(order.map((o, i) => [id(o), i]));
  return items
    .map((v, i) => ({ v, i, r: rank.has(id(v)) ? rank.get(id(v))! : order.length + i }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.v);
}

function mergeList(target: unknown, patch: unknown[], schema: PatchSchema | undefined, path: string, order: unknown[] | undefined): unknown[] {
  const { strategy, mergeKey } = schema?.patchStrategy() ?? {};
  const merging = strategy?.split(',').includes('merge');
  if (patch.length === 1 && isPlainObject(patch[0]) && patch[0].$patch === 'replace') return [];
  if (!merging || !Array.isArray(target)) {
    return patch.filter((p) => !(isPlainObject(p) && (p.$patch === 'delete' || p.$patch === 'replace'))).map((p) => stripDirectives(clone(p)));
  }
  if (!mergeKey) {
    // A merged list of primitives is a set union, in order.
    const out = [...target];
    for (const item of patch) if (!out.some((t) => JSON.stringify(t) === JSON.stringify(item))) out.push(item);
    return applyOrder(out, order, undefined);
  }
  const out = target.map((t) => clone(t)) as unknown[];
  const itemSchema = schema?.items();
  for (const item of patch) {
    if (!isPlainObject(item)) throw new PatchError(`${path}: expected an object in a list merged by ${mergeKey}`);
    if (!(mergeKey in item)) throw new PatchError(`${path}: map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const idx = out.findIndex((t) => isPlainObject(t) && t[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = mergeObject(out[idx], item, itemSchema, path);
    else out.push(mergeObject({}, item, itemSchema, path));
  }
  return applyOrder(out, order, mergeKey);
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

function mergeObject(target: unknown, patch: Record<string, unknown>, schema: PatchSchema | undefined, path: string): Record<string, unknown> {
  if (patch.$patch === 'replace') return stripDirectives(clone(patch)) as Record<string, unknown>;
  if (patch.$patch === 'delete') return {};
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys) ? new Set(patch.$retainKeys as string[]) : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(setOrderPrefix)) continue;
    if (k.startsWith(deletePrimitivePrefix)) {
      const field = k.slice(deletePrimitivePrefix.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    const childPath = path ? `${path}.${k}` : k;
    const childSchema = schema?.property(k);
    if (v === null) delete out[k];
    else if (isPlainObject(v)) out[k] = mergeObject(out[k], v, childSchema, childPath);
    else if (Array.isArray(v)) out[k] = mergeList(out[k], v, childSchema, childPath, patch[`${setOrderPrefix}${k}`] as unknown[] | undefined);
    else out[k] = v;
  }
  // A $setElementOrder for a list the patch does not otherwise touch still orders it.
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(setOrderPrefix) || !Array.isArray(v)) continue;
    const field = k.slice(setOrderPrefix.length);
    if (field in patch || !Array.isArray(out[field])) continue;
    out[field] = applyOrder(out[field] as unknown[], v, schema?.property(field)?.patchStrategy().mergeKey);
  }
  if (retain) for (const key of Object.keys(out)) if (!retain.has(key)) delete out[key];
  return out;
}

export function applyStrategicMergePatch(target: unknown, patch: unknown, schema?: PatchSchema): unknown {
  if (!isPlainObject(patch)) throw new PatchError('a strategic merge patch must be a JSON object');
  return mergeObject(target, patch, schema, '');
}
