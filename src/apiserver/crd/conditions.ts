/** The status a served CRD gets (upstream's naming and establishing controllers, done in one step here). */
import { isDeepStrictEqual } from 'node:util';
import type { CRD, CRDCondition } from './types';
import { storageVersion } from './types';

function setCondition(conditions: CRDCondition[], next: CRDCondition, now: string): CRDCondition[] {
  const old = conditions.find((c) => c.type === next.type);
  const merged = { ...next, lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : now };
  return old ? conditions.map((c) => (c.type === next.type ? merged : c)) : [...conditions, merged];
}

/** The status after the naming decision: names accepted and established, or a name conflict. */
export function desiredStatus(crd: CRD, conflict: string | undefined, now: string): NonNullable<CRD['status']> {
  const status = structuredClone(crd.status ?? {});
  let conditions = status.conditions ?? [];
  if (conflict) {
    conditions = setCondition(conditions, { type: 'NamesAccepted', status: 'False', reason: 'NameConflict', message: conflict }, now);
    conditions = setCondition(conditions, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }, now);
    status.acceptedNames ??= { plural: '', kind: '' };
  } else {
    conditions = setCondition(conditions, { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }, now);
    conditions = setCondition(conditions, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
    status.acceptedNames = structuredClone(crd.spec.names);
    const stored = storageVersion(crd)?.name;
    status.storedVersions = [...new Set([...(status.storedVersions ?? []), ...(stored ? [stored] : [])])];
  }
  status.conditions = conditions;
  return status;
}

export function terminatingStatus(crd: CRD, now: string, message: string): NonNullable<CRD['status']> {
  const status = structuredClone(crd.status ?? {});
  status.conditions = setCondition(status.conditions ?? [], { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message }, now);
  return status;
}

export const sameStatus = (a: CRD['status'], b: CRD['status']): boolean => isDeepStrictEqual(a ?? {}, b ?? {});
