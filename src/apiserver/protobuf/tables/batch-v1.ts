/** batch/v1: Job and CronJob. */
import { type SchemaTables, always, field, pointer, repeated } from '../schema';

export const batchV1: SchemaTables = {
  'batch.v1.Job': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: field('spec', 'batch.v1.JobSpec'),
    3: field('status', 'batch.v1.JobStatus'),
  },
  'batch.v1.JobSpec': {
    1: pointer('parallelism', 'int32'),
    2: pointer('completions', 'int32'),
    3: pointer('activeDeadlineSeconds', 'int64'),
    4: pointer('selector', 'meta.v1.LabelSelector'),
    5: pointer('manualSelector', 'bool'),
    6: field('template', 'core.v1.PodTemplateSpec'),
    7: pointer('backoffLimit', 'int32'),
    8: pointer('ttlSecondsAfterFinished', 'int32'),
    9: pointer('completionMode', 'string'),
    10: pointer('suspend', 'bool'),
    11: pointer('podFailurePolicy', 'batch.v1.PodFailurePolicy'),
    12: pointer('backoffLimitPerIndex', 'int32'),
    13: pointer('maxFailedIndexes', 'int32'),
    14: pointer('podReplacementPolicy', 'string'),
    15: pointer('managedBy', 'string'),
    16: pointer('successPolicy', 'batch.v1.SuccessPolicy'),
  },
  'batch.v1.PodFailurePolicy': {
    1: repeated('rules', 'batch.v1.PodFailurePolicyRule', 'always'),
  },
  'batch.v1.PodFailurePolicyRule': {
    1: always('action', 'string'),
    2: pointer('onExitCodes', 'batch.v1.PodFailurePolicyOnExitCodesRequirement'),
    3: repeated('onPodConditions', 'batch.v1.PodFailurePolicyOnPodConditionsPattern'),
  },
  'batch.v1.PodFailurePolicyOnExitCodesRequirement': {
    1: pointer('containerName', 'string'),
    2: always('operator', 'string'),
    3: repeated('values', 'int32', 'always'),
  },
  'batch.v1.PodFailurePolicyOnPodConditionsPattern': {
    1: always('type', 'string'),
    2: always('status', 'string'),
  },
  'batch.v1.SuccessPolicy': {
    1: repeated('rules', 'batch.v1.SuccessPolicyRule', 'always'),
  },
  'batch.v1.SuccessPolicyRule': {
    1: pointer('succeededIndexes', 'string'),
    2: pointer('succeededCount', 'int32'),
  },
  'batch.v1.JobStatus': {
    1: repeated('conditions', 'batch.v1.JobCondition'),
    2: pointer('startTime', 'Time'),
    3: pointer('completionTime', 'Time'),
    4: field('active', 'int32'),
    5: field('succeeded', 'int32'),
    6: field('failed', 'int32'),
    7: field('completedIndexes', 'string'),
    8: pointer('uncountedTerminatedPods', 'batch.v1.UncountedTerminatedPods'),
    9: pointer('ready', 'int32'),
    10: pointer('failedIndexes', 'string'),
    11: pointer('terminating', 'int32'),
  },
  'batch.v1.UncountedTerminatedPods': {
    1: repeated('succeeded', 'string'),
    2: repeated('failed', 'string'),
  },
  'batch.v1.JobCondition': {
    1: always('type', 'string'),
    2: always('status', 'string'),
    3: field('lastProbeTime', 'Time'),
    4: field('lastTransitionTime', 'Time'),
    5: field('reason', 'string'),
    6: field('message', 'string'),
  },
  'batch.v1.CronJob': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: field('spec', 'batch.v1.CronJobSpec'),
    3: field('status', 'batch.v1.CronJobStatus'),
  },
  'batch.v1.CronJobSpec': {
    1: always('schedule', 'string'),
    2: pointer('startingDeadlineSeconds', 'int64'),
    3: field('concurrencyPolicy', 'string'),
    4: pointer('suspend', 'bool'),
    5: field('jobTemplate', 'batch.v1.JobTemplateSpec'),
    6: pointer('successfulJobsHistoryLimit', 'int32'),
    7: pointer('failedJobsHistoryLimit', 'int32'),
    8: pointer('timeZone', 'string'),
  },
  'batch.v1.JobTemplateSpec': {
    1: field('metadata', 'meta.v1.ObjectMeta'),
    2: field('spec', 'batch.v1.JobSpec'),
  },
  'batch.v1.CronJobStatus': {
    1: repeated('active', 'core.v1.ObjectReference'),
    4: pointer('lastScheduleTime', 'Time'),
    5: pointer('lastSuccessfulTime', 'Time'),
  },
};
