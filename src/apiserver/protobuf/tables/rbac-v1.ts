/** rbac.authorization.k8s.io/v1: roles and bindings. */
import { type SchemaTables, always, field, pointer, repeated } from '../schema';

export const rbacV1: SchemaTables = {
  'rbac.v1.Role': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: repeated('rules', 'rbac.v1.PolicyRule', 'always'),
  },
  'rbac.v1.ClusterRole': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: repeated('rules', 'rbac.v1.PolicyRule', 'always'),
    3: pointer('aggregationRule', 'rbac.v1.AggregationRule'),
  },
  'rbac.v1.PolicyRule': {
    1: repeated('verbs', 'string', 'always'),
    2: repeated('apiGroups', 'string'),
    3: repeated('resources', 'string'),
    4: repeated('resourceNames', 'string'),
    5: repeated('nonResourceURLs', 'string'),
  },
  'rbac.v1.AggregationRule': {
    1: repeated('clusterRoleSelectors', 'meta.v1.LabelSelector'),
  },
  'rbac.v1.RoleBinding': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: repeated('subjects', 'rbac.v1.Subject'),
    3: field('roleRef', 'rbac.v1.RoleRef'),
  },
  // ClusterRoleBinding has RoleBinding's fields and numbers.
  'rbac.v1.Subject': {
    1: always('kind', 'string'),
    2: field('apiGroup', 'string'),
    3: always('name', 'string'),
    4: field('namespace', 'string'),
  },
  'rbac.v1.RoleRef': {
    1: always('apiGroup', 'string'),
    2: always('kind', 'string'),
    3: always('name', 'string'),
  },
};
