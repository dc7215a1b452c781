/**
 * Server-side apply (upstream structured-merge-diff's apply): the applied configuration is merged into the
 * live object; fields the manager applied before and no longer applies are removed unless someone else
 * owns them; applying a different value to a field another manager owns is a conflict (409) unless forced,
 * which moves ownership.
 */
import { isDeepStrictEqual } from 'node:util';
import { StatusError } from '../errors';
import type { KubeObject } from '../registry/generic/strategy';
import { describePath, fieldSet, itemKey, itemShapes, keyPath, type PathElement, pathKey, type ShapeNode } from './fieldset';
import { decodeOwners, encodeOwners, ownedPart, ownerKey, type Owners } from './managed-fields';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(live: unknown, applied: unknown, shapes: ShapeNode): unknown {
  const shape = shapes.shape(applied);
  if ((shape.type === 'struct' || shape.type === 'map') && isObject(applied)) {
    const out: Record<string, unknown> = isObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) out[k] = merge(out[k], v, shapes.child(k));
    return out;
  }
  if (shape.type === 'list-map' && Array.isArray(applied)) {
    const out = Array.isArray(live) ? [...live] : [];
    const items = shapes.items();
    for (const item of applied) {
      const id = itemKey(item, shape.keys);
      const i = out.findIndex((x) => itemKey(x, shape.keys) === id);
      const structItems = itemShapes(items);
      if (i >= 0) out[i] = merge(out[i], item, structItems);
      else out.push(item);
    }
    return out;
  }
  if (shape.type === 'list-set' && Array.isArray(applied)) {
    const out = Array.isArray(live) ? [...live] : [];
    for (const item of applied) if (!out.some((x) => isDeepStrictEqual(x, item))) out.push(item);
    return out;
  }
  return structuredClone(applied);
}

/** Removes the field, list item or set value a path names, if present. */
function removePath(obj: unknown, path: PathElement[]): void {
  const elems = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  let node: unknown = obj;
  for (let i = 0; i < elems.length - 1; i++) node = step(node, elems[i]!);
  const last = elems[elems.length - 1];
  if (!last || node === undefined) return;
  if (last.startsWith('f:') && isObject(node)) delete node[last.slice(2)];
  else if (Array.isArray(node)) {
    const i = node.findIndex((x) => matches(x, last));
    if (i >= 0) node.splice(i, 1);
  }
}

function matches(item: unknown, el: PathElement): boolean {
  if (el.startsWith('v:')) return isDeepStrictEqual(item, JSON.parse(el.slice(2)));
  if (el.startsWith('k:')) {
    const keys = JSON.parse(el.slice(2)) as Record<string, unknown>;
    return isObject(item) && Object.entries(keys).every(([k, v]) => isDeepStrictEqual(item[k], v));
  }
  return false;
}

function step(node: unknown, el: PathElement): unknown {
  if (el.startsWith('f:')) return isObject(node) ? node[el.slice(2)] : undefined;
  return Array.isArray(node) ? node.find((x) => matches(x, el)) : undefined;
}

function conflictError(conflicts: { manager: string; apiVersion: string; path: string }[]): StatusError {
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(`"${c.manager}" using ${c.apiVersion}`, [...(byManager.get(`"${c.manager}" using ${c.apiVersion}`) ?? []), describePath(c.path)]);
  const parts = [...byManager.entries()].map(([who, paths]) => (paths.length === 1 ? `conflict with ${who}: ${paths[0]}` : `conflicts with ${who}:\n- ${paths.join('\n- ')}`));
  const n = conflicts.length;
  return new StatusError(409, 'Conflict', `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`, {
    causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${c.apiVersion}`, field: describePath(c.path) })),
  });
}

export interface ApplyRequest {
  live: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  force: boolean;
  apiVersion: string;
  shapes: ShapeNode;
  now: string;
}

export function applyConfiguration(req: ApplyRequest): KubeObject {
  const owners: Owners = decodeOwners(req.live);
  const mine = ownerKey(req.manager, 'Apply');
  const appliedSet = fieldSet(ownedPart(req.applied), req.shapes);
  const liveSet = fieldSet(ownedPart(req.live), req.shapes);
  const conflicts: { manager: string; apiVersion: string; path: string }[] = [];
  for (const [path, value] of appliedSet) {
    if (!liveSet.has(path) || path.endsWith('\u0000.') || isDeepStrictEqual(liveSet.get(path), value)) continue;
    for (const [key, o] of owners) {
      if (key === mine || !o.paths.has(path)) continue;
      if (req.force) o.paths.delete(path);
      else conflicts.push({ manager: o.manager, apiVersion: o.apiVersion, path });
    }
  }
  if (conflicts.length > 0) throw conflictError(conflicts);

  const merged = merge(req.live ?? {}, req.applied, req.shapes) as KubeObject;
  const before = owners.get(mine)?.paths ?? new Set<string>();
  const ownedByOthers = (p: string) => [...owners].some(([k, o]) => k !== mine && o.paths.has(p));
  // Deepest first, so a removed item does not hide the removal of its fields.
  const stale = [...before].filter((p) => !appliedSet.has(p) && !ownedByOthers(p)).sort((a, b) => keyPath(b).length - keyPath(a).length);
  for (const p of stale) removePath(merged, keyPath(p));
  owners.set(mine, { manager: req.manager, operation: 'Apply', apiVersion: req.apiVersion, time: req.now, paths: new Set(appliedSet.keys()) });
  merged.metadata ??= {};
  merged.metadata.managedFields = encodeOwners(owners) as unknown as typeof merged.metadata.managedFields;
  return merged;
}

export { pathKey };
