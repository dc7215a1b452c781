/**
 * metadata.managedFields: who owns which fields. Every write records the fields it changed for its field
 * manager (operation Update); server-side apply records the whole applied configuration (operation Apply).
 */
import { jsonEqual } from '../../util/json-equal';
import type { KubeObject } from '../registry/generic/strategy';
import { fieldSet, fromFieldsV1, type ShapeNode, toFieldsV1 } from './fieldset';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface Owner {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  paths: Set<string>;
}

export type Owners = Map<string, Owner>;

export const ownerKey = (manager: string, operation: string) => `${manager}\u0000${operation}`;

export function decodeOwners(obj: KubeObject | undefined): Owners {
  const owners: Owners = new Map();
  for (const e of (obj?.metadata.managedFields ?? []) as ManagedFieldsEntry[]) {
    if (!e?.manager || (e.operation !== 'Apply' && e.operation !== 'Update') || e.subresource) continue;
    owners.set(ownerKey(e.manager, e.operation), { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, time: e.time, paths: fromFieldsV1(e.fieldsV1) });
  }
  return owners;
}

export function encodeOwners(owners: Owners): ManagedFieldsEntry[] {
  return [...owners.values()]
    .filter((o) => o.paths.size > 0)
    .map((o) => ({ manager: o.manager, operation: o.operation, apiVersion: o.apiVersion, time: o.time, fieldsType: 'FieldsV1' as const, fieldsV1: toFieldsV1([...o.paths].sort()) }));
}

/** The part of an object field ownership is about: not the identity, bookkeeping or status. */
export function ownedPart(obj: KubeObject | undefined): Record<string, unknown> {
  if (!obj) return {};
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...rest } = obj;
  const {
    name: _n,
    namespace: _ns,
    uid: _u,
    resourceVersion: _rv,
    generation: _g,
    creationTimestamp: _c,
    deletionTimestamp: _d,
    deletionGracePeriodSeconds: _dg,
    managedFields: _m,
    selfLink: _sl,
    generateName: _gn,
    ...meta
  } = metadata ?? {};
  return Object.keys(meta).length ? { metadata: meta, ...rest } : rest;
}

/**
 * Records an ordinary write: the fields that `next` sets differently from `old` now belong to `manager`
 * (operation Update) and to no one else; fields `next` no longer has belong to no one.
 */
export function trackUpdate(old: KubeObject | undefined, next: KubeObject, manager: string, apiVersion: string, shapes: ShapeNode, now: string): void {
  const oldPart = ownedPart(old);
  const nextPart = ownedPart(next);
  if (old && jsonEqual(oldPart, nextPart)) {
    // Nothing owned changed (a status write, a no-op): ownership stays as it was.
    if (old.metadata.managedFields) next.metadata.managedFields = old.metadata.managedFields;
    else delete next.metadata.managedFields;
    return;
  }
  const owners = decodeOwners(old);
  const before = fieldSet(oldPart, shapes);
  const after = fieldSet(nextPart, shapes);
  const changed = [...after.entries()].filter(([p, v]) => !before.has(p) || !jsonEqual(before.get(p), v)).map(([p]) => p);
  for (const o of owners.values()) {
    for (const p of changed) o.paths.delete(p);
    for (const p of o.paths) if (!after.has(p)) o.paths.delete(p);
  }
  if (changed.length > 0) {
    const key = ownerKey(manager, 'Update');
    const mine = owners.get(key) ?? { manager, operation: 'Update' as const, apiVersion, paths: new Set<string>() };
    for (const p of changed) mine.paths.add(p);
    mine.time = now;
    mine.apiVersion = apiVersion;
    owners.set(key, mine);
  }
  next.metadata.managedFields = encodeOwners(owners) as unknown as typeof next.metadata.managedFields;
  if ((next.metadata.managedFields as unknown[]).length === 0) delete next.metadata.managedFields;
}
