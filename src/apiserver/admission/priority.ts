/**
 * Priority admission (upstream plugin/pkg/admission/priority): a new pod's spec.priorityClassName is
 * resolved to spec.priority and spec.preemptionPolicy; with no class name, the globalDefault class (the
 * lowest value when several claim it) is used, or priority 0 with PreemptLowerPriority. An unknown class
 * is refused, and so is a pod that states a priority the class does not give.
 */
import { errors, StatusError } from '../errors';
import type { KubeObject } from '../registry/generic/strategy';
import type { GenericStore } from '../registry/generic/store';
import type { Lister } from './object-cache';
import type { AdmissionPlugin } from './admission';

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

interface PodSpecPriority {
  priorityClassName?: string;
  priority?: number | null;
  preemptionPolicy?: string | null;
}

const pods = { group: '', resource: 'pods' };

async function resolve(classes: Lister, spec: PodSpecPriority, name: string): Promise<{ priority: number; policy: string }> {
  if (!spec.priorityClassName) {
    const defaults = (await classes.list()).filter((pc) => (pc as PriorityClass).globalDefault) as PriorityClass[];
    defaults.sort((a, b) => (a.value ?? 0) - (b.value ?? 0));
    const pc = defaults[0];
    if (!pc) return { priority: 0, policy: 'PreemptLowerPriority' };
    spec.priorityClassName = pc.metadata.name!;
    return { priority: pc.value ?? 0, policy: pc.preemptionPolicy ?? 'PreemptLowerPriority' };
  }
  const pc = (await classes.get(undefined, spec.priorityClassName)) as PriorityClass | undefined;
  if (!pc) throw errors.forbidden(pods, name, `no PriorityClass with name ${spec.priorityClassName} was found`);
  return { priority: pc.value ?? 0, policy: pc.preemptionPolicy ?? 'PreemptLowerPriority' };
}

/** Only one PriorityClass may be the global default (upstream admission, on create and update). */
async function checkSingleDefault(classes: Lister, obj: PriorityClass): Promise<void> {
  if (!obj.globalDefault) return;
  const other = (await classes.list()).find((pc) => (pc as PriorityClass).globalDefault && pc.metadata.name !== obj.metadata.name);
  if (other) throw errors.forbidden({ group: 'scheduling.k8s.io', resource: 'priorityclasses' }, obj.metadata.name ?? '', `PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`);
}

export function priority(classes: Lister): AdmissionPlugin {
  return {
    name: 'Priority',
    async admit(req) {
      if (req.info.group === 'scheduling.k8s.io' && req.info.resource === 'priorityclasses' && req.object && !req.subresource && req.operation !== 'DELETE') {
        return checkSingleDefault(classes, req.object as PriorityClass);
      }
      if (req.operation !== 'CREATE' || req.subresource || req.info.group !== '' || req.info.resource !== 'pods' || !req.object) return;
      const spec = (req.object.spec ??= {}) as PodSpecPriority;
      const name = req.object.metadata?.name || req.object.metadata?.generateName || 'Unknown';
      const { priority, policy } = await resolve(classes, spec, name);
      if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
        throw errors.forbidden(pods, name, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
      }
      spec.priority = priority;
      if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
        throw errors.forbidden(pods, name, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
      }
      spec.preemptionPolicy = policy;
    },
  };
}

/** The classes every cluster has (upstream SystemPriorityClasses), made at start when absent. */
export const systemPriorityClasses = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];

export async function ensureSystemPriorityClasses(classes: GenericStore): Promise<void> {
  for (const pc of systemPriorityClasses) {
    const obj = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: pc.name }, value: pc.value, description: pc.description, preemptionPolicy: 'PreemptLowerPriority' };
    await classes.create(undefined, obj as KubeObject).catch((err: unknown) => {
      if (!(err instanceof StatusError && err.code === 409)) throw err;
    });
  }
}
