/** All schema tables, and which message each apiVersion/kind a client may send is. */
import { type SchemaTables } from '../schema';
import { appsV1 } from './apps-v1';
import { authenticationV1 } from './authentication-v1';
import { batchV1 } from './batch-v1';
import { coreV1 } from './core-v1';
import { coreV1Container } from './core-v1-container';
import { coreV1Pod } from './core-v1-pod';
import { coreV1Scheduling } from './core-v1-scheduling';
import { coreV1Volume } from './core-v1-volume';
import { metaV1 } from './meta-v1';
import { networkingV1 } from './networking-v1';
import { policySchedulingV1 } from './policy-scheduling-v1';
import { rbacV1 } from './rbac-v1';

export const tables: SchemaTables = {
  ...metaV1,
  ...coreV1,
  ...coreV1Pod,
  ...coreV1Container,
  ...coreV1Scheduling,
  ...coreV1Volume,
  ...appsV1,
  ...batchV1,
  ...rbacV1,
  ...networkingV1,
  ...policySchedulingV1,
  ...authenticationV1,
};

/** `apiVersion/kind` of a runtime.Unknown envelope → key of its message in `tables`. */
export const kinds: Readonly<Record<string, string>> = {
  'v1/Namespace': 'core.v1.Namespace',
  'v1/Pod': 'core.v1.Pod',
  'v1/ConfigMap': 'core.v1.ConfigMap',
  'v1/Secret': 'core.v1.Secret',
  'v1/ServiceAccount': 'core.v1.ServiceAccount',
  'v1/Event': 'core.v1.Event',
  'v1/ResourceQuota': 'core.v1.ResourceQuota',
  'v1/Service': 'core.v1.Service',
  'apps/v1/Deployment': 'apps.v1.Deployment',
  'batch/v1/Job': 'batch.v1.Job',
  'batch/v1/CronJob': 'batch.v1.CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'rbac.v1.Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'rbac.v1.ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'rbac.v1.RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'rbac.v1.RoleBinding',
  'networking.k8s.io/v1/Ingress': 'networking.v1.Ingress',
  'policy/v1/PodDisruptionBudget': 'policy.v1.PodDisruptionBudget',
  'scheduling.k8s.io/v1/PriorityClass': 'scheduling.v1.PriorityClass',
  'authentication.k8s.io/v1/TokenRequest': 'authentication.v1.TokenRequest',
};
