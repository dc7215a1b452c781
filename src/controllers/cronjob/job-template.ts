/** The Job a CronJob starts for one scheduled time (upstream getJobFromTemplate2 and getRef). */
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';

export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** `<cronjob>-<scheduled time in minutes since the epoch>`: the same time always names the same Job. */
export function jobName(cj: CronJob, scheduled: number): string {
  return `${cj.metadata!.name}-${Math.floor(scheduled / 60_000)}`;
}

/** RFC 3339 in a time zone, as Go's time.Format(time.RFC3339) after In(location): "Z" for UTC, else ±hh:mm. */
export function rfc3339In(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone || 'UTC', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const offset = String(parts.timeZoneName).replace('GMT', '');
  const zoneSuffix = offset === '' || offset === '+00:00' ? 'Z' : offset; // Go writes any zero offset as Z
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${zoneSuffix}`;
}

export function jobFromTemplate(cj: CronJob, scheduled: number): Job {
  const template = structuredClone(cj.spec!.jobTemplate);
  const annotations = { ...(template.metadata?.annotations ?? {}), [scheduledTimestampAnnotation]: rfc3339In(scheduled, cj.spec!.timeZone ?? 'UTC') };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj, scheduled),
      namespace: cj.metadata!.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata!.name!, uid: cj.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: template.spec,
  };
}

export function jobRef(job: Job): ObjectReference {
  return { kind: 'Job', namespace: job.metadata!.namespace, name: job.metadata!.name, uid: job.metadata!.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata!.resourceVersion };
}

/** Complete or Failed, whichever is True (upstream getFinishedStatus). */
export function finishedStatus(job: Job): 'Complete' | 'Failed' | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type as 'Complete' | 'Failed' | undefined;
}
