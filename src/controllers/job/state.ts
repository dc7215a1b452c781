/** What one sync of a Job works from and on (upstream syncJobCtx), and the controller parts it uses. */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { EventRecorder } from '../../client/event-recorder';
import type { Client } from '../../client/interface';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import type { BackoffRecord } from './backoff';
import type { PodExpectations } from './expectations';
import type { Intervals } from './indexes';

export const jobsRef = { group: 'batch', version: 'v1', resource: 'jobs' };
export const podsRef = { group: '', version: 'v1', resource: 'pods' };

export interface JobDeps {
  client: Client;
  clock: Clock;
  logger: Logger;
  recorder: EventRecorder;
  expectations: PodExpectations;
  backoff: Map<string, BackoffRecord>;
  /** Syncs the Job again after `ms` on the decision clock. */
  requeueAfter(key: string, ms: number): void;
}

export interface SyncState {
  key: string;
  /** A private copy, changed as the sync goes and written back as status. */
  job: Job;
  pods: Pod[];
  active: Pod[];
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  /** Pods whose finalizer this controller removed but whose update the cache has not shown. */
  expectedRemovals: Set<string>;
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
  /** With backoffLimitPerIndex: the indexes failed for good, and per index the failed pod kept until replaced. */
  failedIndexes?: Intervals;
  delayed?: Map<number, Pod>;
  /** The condition the Job is heading for (interim FailureTarget / SuccessCriteriaMet, or final). */
  finished?: JobCondition;
  newBackoff: BackoffRecord;
}

export const isIndexed = (job: Job) => job.spec?.completionMode === 'Indexed';

/** Whether only failed pods are replaced, terminating ones waited for (upstream onlyReplaceFailedPods). */
export const onlyReplaceFailedPods = (job: Job) => job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;

/** Failed, or (unless only failed pods are replaced) deleted before succeeding (upstream isPodFailed). */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

export const jobSuspended = (job: Job) => job.spec?.suspend === true;
