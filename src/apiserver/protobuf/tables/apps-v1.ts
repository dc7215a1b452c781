/** apps/v1: Deployment. */
import { type SchemaTables, always, field, pointer, repeated } from '../schema';

export const appsV1: SchemaTables = {
  'apps.v1.Deployment': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: field('spec', 'apps.v1.DeploymentSpec'),
    3: field('status', 'apps.v1.DeploymentStatus'),
  },
  'apps.v1.DeploymentSpec': {
    1: pointer('replicas', 'int32'),
    2: pointer('selector', 'meta.v1.LabelSelector'),
    3: field('template', 'core.v1.PodTemplateSpec'),
    4: field('strategy', 'apps.v1.DeploymentStrategy'),
    5: field('minReadySeconds', 'int32'),
    6: pointer('revisionHistoryLimit', 'int32'),
    7: field('paused', 'bool'),
    9: pointer('progressDeadlineSeconds', 'int32'),
  },
  'apps.v1.DeploymentStrategy': {
    1: field('type', 'string'),
    2: pointer('rollingUpdate', 'apps.v1.RollingUpdateDeployment'),
  },
  'apps.v1.RollingUpdateDeployment': {
    1: pointer('maxUnavailable', 'IntOrString'),
    2: pointer('maxSurge', 'IntOrString'),
  },
  'apps.v1.DeploymentStatus': {
    1: field('observedGeneration', 'int64'),
    2: field('replicas', 'int32'),
    3: field('updatedReplicas', 'int32'),
    4: field('availableReplicas', 'int32'),
    5: field('unavailableReplicas', 'int32'),
    6: repeated('conditions', 'apps.v1.DeploymentCondition'),
    7: field('readyReplicas', 'int32'),
    8: pointer('collisionCount', 'int32'),
    9: pointer('terminatingReplicas', 'int32'),
  },
  'apps.v1.DeploymentCondition': {
    1: always('type', 'string'),
    2: always('status', 'string'),
    4: field('reason', 'string'),
    5: field('message', 'string'),
    6: field('lastUpdateTime', 'Time'),
    7: field('lastTransitionTime', 'Time'),
  },
};
