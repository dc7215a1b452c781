/**
 * One sync of a CronJob (upstream syncCronJob and cleanupFinishedJobs): keeps status.active in step with
 * its Jobs, trims finished Jobs to the history limits, and when a scheduled time has come (within
 * startingDeadlineSeconds) starts its Job, subject to concurrencyPolicy. Returns when to sync again.
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { rfc3339 } from '../../api/time';
import type { EventRecorder } from '../../client/event-recorder';
import { type Client, isAlreadyExists, isNotFound, type KubeObject } from '../../client/interface';
import type { Clock } from '../../util/clock';
import { finishedStatus, jobFromTemplate, jobName, jobRef } from './job-template';
import { mostRecentScheduleTime, nextScheduleDelay, parseSchedule, type Schedule, validTimeZone } from './schedule';

export const cronJobsRef = { group: 'batch', version: 'v1', resource: 'cronjobs' };
export const jobsRef = { group: 'batch', version: 'v1', resource: 'jobs' };

export interface CronJobDeps {
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
}

export interface SyncResult {
  requeueAfterMs?: number;
  updateStatus: boolean;
}

const event = (d: CronJobDeps, cj: CronJob, type: 'Normal' | 'Warning', reason: string, message: string) => void d.recorder.event(cj as unknown as KubeObject, type, reason, message);

/** Go's time.RFC1123Z of a UTC time: "Mon, 02 Jan 2006 15:04:05 +0000". */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** Reconciles status.active with the Jobs seen and records finished ones. */
async function reconcileActive(d: CronJobDeps, cj: CronJob, jobs: Job[]): Promise<boolean> {
  let update = false;
  const status = (cj.status ??= {});
  const inActive = (uid?: string) => (cj.status?.active ?? []).some((r) => r.uid === uid);
  for (const j of jobs) {
    const done = finishedStatus(j);
    if (!inActive(j.metadata?.uid) && !done) {
      const fresh = (await d.client.get(cronJobsRef, cj.metadata!.namespace, cj.metadata!.name!)) as unknown as CronJob;
      if ((fresh.status?.active ?? []).some((r) => r.uid === j.metadata?.uid)) continue;
      event(d, cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata?.name}`);
    } else if (inActive(j.metadata?.uid) && done) {
      status.active = (status.active ?? []).filter((r) => r.uid !== j.metadata?.uid);
      event(d, cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata?.name}, status: ${done}`);
      update = true;
    } else if (done === 'Complete' && j.status?.completionTime) {
      if (!status.lastSuccessfulTime || Date.parse(j.status.completionTime) > Date.parse(status.lastSuccessfulTime)) {
        status.lastSuccessfulTime = j.status.completionTime;
        update = true;
      }
    }
  }
  const seen = new Set(jobs.map((j) => j.metadata?.uid));
  for (const ref of [...(status.active ?? [])]) {
    if (seen.has(ref.uid)) continue;
    // The cache may lag: ask the API before declaring the Job missing.
    const gone = await d.client.get(jobsRef, ref.namespace, ref.name!).then(() => false, (err: unknown) => (isNotFound(err) ? true : Promise.reject(err)));
    if (!gone) continue;
    event(d, cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
    status.active = (status.active ?? []).filter((r) => r.uid !== ref.uid);
    update = true;
  }
  return update;
}

export async function syncCronJob(d: CronJobDeps, cj: CronJob, jobs: Job[]): Promise<SyncResult> {
  const now = d.clock.now();
  const updateStatus = await reconcileActive(d, cj, jobs);
  const spec = cj.spec!;
  if (cj.metadata?.deletionTimestamp) return { updateStatus };
  if (spec.timeZone && !validTimeZone(spec.timeZone)) {
    event(d, cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${spec.timeZone}": unknown time zone ${spec.timeZone}`);
    return { updateStatus };
  }
  if (spec.suspend) return { updateStatus };
  if (spec.schedule.includes('TZ'))
    event(d, cj, 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule "${spec.schedule}" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
  let sched: Schedule;
  try {
    sched = parseSchedule(spec.schedule, spec.timeZone);
  } catch (err) {
    event(d, cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${spec.schedule}" : ${(err as Error).message}`);
    return { updateStatus };
  }
  const earliest = cj.status?.lastScheduleTime ? Date.parse(cj.status.lastScheduleTime) : Date.parse(cj.metadata!.creationTimestamp!);
  const next = () => nextScheduleDelay(sched, earliest, now);
  let recent;
  try {
    recent = mostRecentScheduleTime(sched, earliest, now, spec.startingDeadlineSeconds);
  } catch (err) {
    event(d, cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${spec.schedule} : ${(err as Error).message}`);
    return { updateStatus };
  }
  const scheduled = recent.mostRecent;
  if (scheduled === undefined || scheduled > now) return { requeueAfterMs: next(), updateStatus };
  if (recent.missed === 'many') event(d, cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
  const deadline = spec.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
    event(d, cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
    return { requeueAfterMs: next(), updateStatus };
  }
  const name = jobName(cj, scheduled);
  if ((cj.status?.active ?? []).some((r) => r.name === name) || cj.status?.lastScheduleTime === rfc3339(scheduled)) return { requeueAfterMs: next(), updateStatus };
  if (spec.concurrencyPolicy === 'Forbid' && (cj.status?.active ?? []).length > 0) {
    event(d, cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    return { requeueAfterMs: next(), updateStatus };
  }
  if (spec.concurrencyPolicy === 'Replace') await replaceActive(d, cj);
  return startJob(d, cj, scheduled, sched, now, updateStatus || spec.concurrencyPolicy === 'Replace');
}

async function replaceActive(d: CronJobDeps, cj: CronJob): Promise<void> {
  for (const ref of [...(cj.status?.active ?? [])]) {
    const job = (await d.client.get(jobsRef, ref.namespace, ref.name!).catch((err: unknown) => {
      event(d, cj, 'Warning', 'FailedGet', `Get job: ${(err as Error).message}`);
      throw err;
    })) as unknown as Job;
    await deleteJob(d, cj, job);
  }
}

async function startJob(d: CronJobDeps, cj: CronJob, scheduled: number, sched: Schedule, now: number, updated: boolean): Promise<SyncResult> {
  const want = jobFromTemplate(cj, scheduled);
  let job: Job;
  try {
    job = (await d.client.create(jobsRef, cj.metadata!.namespace, want as unknown as KubeObject)) as unknown as Job;
    event(d, cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata!.name}`);
  } catch (err) {
    if (!isAlreadyExists(err)) {
      event(d, cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
      throw err;
    }
    // Made before, but the status update was lost: add it to active again if it is ours.
    job = (await d.client.get(jobsRef, cj.metadata!.namespace, want.metadata!.name!)) as unknown as Job;
    const ours = job.metadata?.ownerReferences?.some((r) => r.controller && r.uid === cj.metadata!.uid);
    if (!ours || (cj.status?.active ?? []).some((r) => r.uid === job.metadata?.uid)) return { updateStatus: updated };
  }
  const status = (cj.status ??= {});
  status.active = [...(status.active ?? []), jobRef(job)];
  status.lastScheduleTime = rfc3339(scheduled);
  return { requeueAfterMs: nextScheduleDelay(sched, scheduled, now), updateStatus: true };
}

/** Deletes a Job (and, in the background, its pods) and drops it from active (upstream deleteJob). */
export async function deleteJob(d: CronJobDeps, cj: CronJob, job: Job): Promise<boolean> {
  try {
    await d.client.delete(jobsRef, job.metadata!.namespace, job.metadata!.name!, { propagationPolicy: 'Background' });
  } catch (err) {
    event(d, cj, 'Warning', 'FailedDelete', `Deleted job: ${(err as Error).message}`);
    return false;
  }
  if (cj.status?.active) cj.status.active = cj.status.active.filter((r) => r.uid !== job.metadata?.uid);
  event(d, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata!.name}`);
  return true;
}

/** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit. */
export async function cleanupFinishedJobs(d: CronJobDeps, cj: CronJob, jobs: Job[]): Promise<boolean> {
  const byStart = (a: Job, b: Job) => {
    const sa = a.status?.startTime;
    const sb = b.status?.startTime;
    if (!sa || !sb) return sa ? -1 : sb ? 1 : 0;
    return Date.parse(sa) - Date.parse(sb) || (a.metadata!.name! < b.metadata!.name! ? -1 : 1);
  };
  let update = false;
  const limits: ['Complete' | 'Failed', number | undefined][] = [
    ['Complete', cj.spec?.successfulJobsHistoryLimit ?? undefined],
    ['Failed', cj.spec?.failedJobsHistoryLimit ?? undefined],
  ];
  for (const [type, limit] of limits) {
    if (limit === undefined) continue;
    const finished = jobs.filter((j) => finishedStatus(j) === type).sort(byStart);
    for (const j of finished.slice(0, Math.max(0, finished.length - limit))) if (await deleteJob(d, cj, j)) update = true;
  }
  return update;
}
