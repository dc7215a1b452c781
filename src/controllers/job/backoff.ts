/**
 * Pod failure back-off (upstream backoff_utils.go): a Job waits before replacing failed pods, 10 s after
 * the first failure since the last success, doubling per further failure, capped at 6 minutes (the
 * documented cap). The record is kept per Job in memory and rebuilt from the pods each sync.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { finishedTime } from './pods';

export const defaultPodFailureBackoffMs = 10_000;
export const maxPodFailureBackoffMs = 6 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** Epoch ms of the newest failure counted. */
  lastFailureTime?: number;
}

/** The record after this sync's newly finished pods (upstream newBackoffRecord). */
export function nextBackoffRecord(old: BackoffRecord | undefined, newSucceeded: Pod[], newFailed: Pod[]): BackoffRecord {
  const record: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, lastFailureTime: old?.lastFailureTime };
  const failedTimes = newFailed.map(finishedTime).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failedTimes.length === 0) return record;
    return { failuresAfterLastSuccess: record.failuresAfterLastSuccess + failedTimes.length, lastFailureTime: failedTimes[failedTimes.length - 1] };
  }
  // A success resets the count; only failures after the newest success still count.
  const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
  const after = failedTimes.filter((t) => t > lastSuccess);
  return { failuresAfterLastSuccess: after.length, lastFailureTime: after.length ? after[after.length - 1] : undefined };
}

/** The delay for `failures` consecutive failures: base × 2^(failures-1), capped. */
export function backoffDelayMs(failures: number, baseMs = defaultPodFailureBackoffMs, maxMs = maxPodFailureBackoffMs): number {
  if (failures <= 0) return 0;
  let delay = baseMs;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= maxMs) return maxMs;
  }
  return delay;
}

/** How long from `now` until a replacement pod may be created (0: now). */
export function remainingBackoffMs(record: BackoffRecord, now: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  const delay = backoffDelayMs(record.failuresAfterLastSuccess);
  const elapsed = now - record.lastFailureTime;
  return elapsed > delay ? 0 : delay - elapsed;
}
