/**
 * Which changes of a counted object make a quota recount (upstream resource_quota_monitor's replenishment
 * filter): deletes always; a pod that stops being charged (finished, or past its deletion grace period);
 * a Service whose type changes; a claim whose requested storage or class changes. Creates are not among
 * them: quota admission already charged those.
 */
import { objectUsage } from '../../api/quota';
import type { KubeObject } from '../../client/interface';

type Spec = { type?: string; storageClassName?: string; resources?: { requests?: { storage?: string } } } | undefined;

export function requiresReplenish(resource: string, oldObj: KubeObject, newObj: KubeObject, now: number): boolean {
  const a = oldObj.spec as Spec;
  const b = newObj.spec as Spec;
  switch (resource) {
    case 'pods':
      return objectUsage('', 'pods', oldObj, now).has('pods') && !objectUsage('', 'pods', newObj, now).has('pods');
    case 'services':
      return a?.type !== b?.type;
    case 'persistentvolumeclaims':
      return a?.resources?.requests?.storage !== b?.resources?.requests?.storage || a?.storageClassName !== b?.storageClassName;
    default:
      return false;
  }
}
