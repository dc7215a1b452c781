/**
 * Completion indexes of Indexed Jobs as ordered intervals (upstream indexed_job_utils.go): parsed from and
 * printed as `status.completedIndexes` ("0-2,4"; two neighbours print as "5,6"), merged with newly
 * succeeded indexes, and the first indexes still to run.
 */
export type Intervals = [first: number, last: number][];

export const completionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';

/** Parses "1,3-5" into intervals, dropping what is malformed or at/after `completions`. */
export function parseIndexes(text: string | undefined, completions: number): Intervals {
  const out: Intervals = [];
  for (const part of (text ?? '').split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-');
    const first = Number(a);
    const last = b === undefined ? first : Number(b);
    if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || first >= completions) continue;
    const end = Math.min(last, completions - 1);
    const prev = out[out.length - 1];
    if (prev && prev[1] + 1 >= first) prev[1] = Math.max(prev[1], end);
    else out.push([first, end]);
  }
  return out;
}

export function formatIndexes(intervals: Intervals): string {
  return intervals.map(([first, last]) => (last === first ? `${first}` : `${first}${last === first + 1 ? ',' : '-'}${last}`)).join(',');
}

export function totalIndexes(intervals: Intervals): number {
  return intervals.reduce((n, [first, last]) => n + last - first + 1, 0);
}

export function hasIndex(intervals: Intervals, index: number): boolean {
  return intervals.some(([first, last]) => first <= index && index <= last);
}

/** The intervals with `indexes` added, merged and in order. */
export function withIndexes(intervals: Intervals, indexes: number[]): Intervals {
  const all = [...intervals.map(([first, last]) => [first, last] as [number, number]), ...indexes.map((i) => [i, i] as [number, number])];
  all.sort((x, y) => x[0] - y[0]);
  const out: Intervals = [];
  for (const [first, last] of all) {
    const prev = out[out.length - 1];
    if (prev && prev[1] + 1 >= first) prev[1] = Math.max(prev[1], last);
    else out.push([first, last]);
  }
  return out;
}

/** Up to `count` indexes below `completions` that neither succeeded nor have a pod running them, lowest first. */
export function firstPendingIndexes(succeeded: Intervals, running: Set<number>, count: number, completions: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!running.has(i) && !hasIndex(succeeded, i)) out.push(i);
  return out;
}

/** The completion index a pod's annotation names, or -1 when it has none or a malformed one. */
export function completionIndexOf(annotations: Record<string, string> | undefined): number {
  const v = annotations?.[completionIndexAnnotation];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : -1;
}
