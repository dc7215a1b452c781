/** policy/v1 PodDisruptionBudget and scheduling.k8s.io/v1 PriorityClass. */
import { type SchemaTables, always, field, map, pointer, repeated } from '../schema';

export const policySchedulingV1: SchemaTables = {
  'policy.v1.PodDisruptionBudget': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: field('spec', 'policy.v1.PodDisruptionBudgetSpec'),
    3: field('status', 'policy.v1.PodDisruptionBudgetStatus'),
  },
  'policy.v1.PodDisruptionBudgetSpec': {
    1: pointer('minAvailable', 'IntOrString'),
    2: pointer('selector', 'meta.v1.LabelSelector'),
    3: pointer('maxUnavailable', 'IntOrString'),
    4: pointer('unhealthyPodEvictionPolicy', 'string'),
  },
  'policy.v1.PodDisruptionBudgetStatus': {
    1: field('observedGeneration', 'int64'),
    2: map('disruptedPods', 'Time'),
    3: always('disruptionsAllowed', 'int32'),
    4: always('currentHealthy', 'int32'),
    5: always('desiredHealthy', 'int32'),
    6: always('expectedPods', 'int32'),
    7: repeated('conditions', 'meta.v1.Condition'),
  },
  'scheduling.v1.PriorityClass': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: always('value', 'int32'),
    3: field('globalDefault', 'bool'),
    4: field('description', 'string'),
    5: pointer('preemptionPolicy', 'string'),
  },
};
