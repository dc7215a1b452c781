/** core/v1 scheduling constraints used by PodSpec: affinity, tolerations, topology spread. */
import { type SchemaTables, always, field, pointer, repeated } from '../schema';

export const coreV1Scheduling: SchemaTables = {
  'core.v1.Toleration': {
    1: field('key', 'string'),
    2: field('operator', 'string'),
    3: field('value', 'string'),
    4: field('effect', 'string'),
    5: pointer('tolerationSeconds', 'int64'),
  },
  'core.v1.TopologySpreadConstraint': {
    1: always('maxSkew', 'int32'),
    2: always('topologyKey', 'string'),
    3: always('whenUnsatisfiable', 'string'),
    4: pointer('labelSelector', 'meta.v1.LabelSelector'),
    5: pointer('minDomains', 'int32'),
    6: pointer('nodeAffinityPolicy', 'string'),
    7: pointer('nodeTaintsPolicy', 'string'),
    8: repeated('matchLabelKeys', 'string'),
  },
  'core.v1.Affinity': {
    1: pointer('nodeAffinity', 'core.v1.NodeAffinity'),
    2: pointer('podAffinity', 'core.v1.PodAffinity'),
    3: pointer('podAntiAffinity', 'core.v1.PodAffinity'),
  },
  'core.v1.NodeAffinity': {
    1: pointer('requiredDuringSchedulingIgnoredDuringExecution', 'core.v1.NodeSelector'),
    2: repeated('preferredDuringSchedulingIgnoredDuringExecution', 'core.v1.PreferredSchedulingTerm'),
  },
  'core.v1.NodeSelector': {
    1: repeated('nodeSelectorTerms', 'core.v1.NodeSelectorTerm', 'always'),
  },
  'core.v1.NodeSelectorTerm': {
    1: repeated('matchExpressions', 'core.v1.NodeSelectorRequirement'),
    2: repeated('matchFields', 'core.v1.NodeSelectorRequirement'),
  },
  'core.v1.NodeSelectorRequirement': {
    1: always('key', 'string'),
    2: always('operator', 'string'),
    3: repeated('values', 'string'),
  },
  'core.v1.PreferredSchedulingTerm': {
    1: always('weight', 'int32'),
    2: field('preference', 'core.v1.NodeSelectorTerm'),
  },
  // PodAntiAffinity has the same two fields and numbers as PodAffinity.
  'core.v1.PodAffinity': {
    1: repeated('requiredDuringSchedulingIgnoredDuringExecution', 'core.v1.PodAffinityTerm'),
    2: repeated('preferredDuringSchedulingIgnoredDuringExecution', 'core.v1.WeightedPodAffinityTerm'),
  },
  'core.v1.PodAffinityTerm': {
    1: pointer('labelSelector', 'meta.v1.LabelSelector'),
    2: repeated('namespaces', 'string'),
    3: always('topologyKey', 'string'),
    4: pointer('namespaceSelector', 'meta.v1.LabelSelector'),
    5: repeated('matchLabelKeys', 'string'),
    6: repeated('mismatchLabelKeys', 'string'),
  },
  'core.v1.WeightedPodAffinityTerm': {
    1: always('weight', 'int32'),
    2: field('podAffinityTerm', 'core.v1.PodAffinityTerm'),
  },
};
