/**
 * The strategy a built-in kind gets until it has its own: the spec/status split of upstream's strategies
 * (status is cleared on create and kept on update; only the status subresource changes it) and
 * metadata.generation bumped on every change outside metadata and status. Table: NAME, AGE.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ResourceInfo } from '../../../api/resources';
import { age } from '../../table/age';
import { ageColumn, nameColumn } from '../../table/columns';
import { type KubeObject, type Strategy, statusSubresource } from './strategy';

function withoutMetaAndStatus(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Generation tracking (upstream: workload kinds): 1 on create, +1 whenever the desired state changes. */
export const generationTracking: Pick<Strategy, 'prepareForCreate' | 'prepareForUpdate'> = {
  prepareForCreate(obj) {
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    obj.metadata.generation = old.metadata.generation ?? 1;
    if (!isDeepStrictEqual(withoutMetaAndStatus(obj), withoutMetaAndStatus(old))) obj.metadata.generation += 1;
  },
};

export function defaultStrategy(info: ResourceInfo, overrides: Partial<Strategy> = {}): Strategy {
  const hasStatus = info.subresources?.includes('status') ?? false;
  const base: Strategy = {
    subresources: hasStatus ? { status: statusSubresource } : undefined,
    prepareForCreate(obj) {
      if (hasStatus) {
        delete obj.status;
        generationTracking.prepareForCreate!(obj);
      }
    },
    prepareForUpdate(obj, old) {
      if (!hasStatus) return;
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
      generationTracking.prepareForUpdate!(obj, old);
    },
    validate: () => [],
    columns: [nameColumn, ageColumn],
    row: (obj, now) => [obj.metadata.name, age(obj.metadata.creationTimestamp, now)],
  };
  return { ...base, ...overrides };
}
