/** meta/v1 (k8s.io/apimachinery/pkg/apis/meta/v1): object metadata shared by every kind. */
import { type SchemaTables, always, field, map, pointer, repeated } from '../schema';

export const metaV1: SchemaTables = {
  'meta.v1.ObjectMeta': {
    1: field('name', 'string'),
    2: field('generateName', 'string'),
    3: field('namespace', 'string'),
    4: field('selfLink', 'string'),
    5: field('uid', 'string'),
    6: field('resourceVersion', 'string'),
    7: field('generation', 'int64'),
    // A struct without omitempty effect in Go's encoder: always written, null when zero.
    8: always('creationTimestamp', 'Time'),
    9: pointer('deletionTimestamp', 'Time'),
    10: pointer('deletionGracePeriodSeconds', 'int64'),
    11: map('labels', 'string'),
    12: map('annotations', 'string'),
    13: repeated('ownerReferences', 'meta.v1.OwnerReference'),
    14: repeated('finalizers', 'string'),
    17: repeated('managedFields', 'meta.v1.ManagedFieldsEntry'),
  },
  'meta.v1.OwnerReference': {
    1: always('kind', 'string'),
    3: always('name', 'string'),
    4: always('uid', 'string'),
    5: always('apiVersion', 'string'),
    6: pointer('controller', 'bool'),
    7: pointer('blockOwnerDeletion', 'bool'),
  },
  'meta.v1.ManagedFieldsEntry': {
    1: field('manager', 'string'),
    2: field('operation', 'string'),
    3: field('apiVersion', 'string'),
    4: pointer('time', 'Time'),
    6: field('fieldsType', 'string'),
    7: pointer('fieldsV1', 'FieldsV1'),
    8: field('subresource', 'string'),
  },
  'meta.v1.Condition': {
    1: always('type', 'string'),
    2: always('status', 'string'),
    3: field('observedGeneration', 'int64'),
    4: always('lastTransitionTime', 'Time'),
    5: always('reason', 'string'),
    6: always('message', 'string'),
  },
  'meta.v1.LabelSelector': {
    1: map('matchLabels', 'string'),
    2: repeated('matchExpressions', 'meta.v1.LabelSelectorRequirement'),
  },
  'meta.v1.LabelSelectorRequirement': {
    1: always('key', 'string'),
    2: always('operator', 'string'),
    3: repeated('values', 'string'),
  },
};
