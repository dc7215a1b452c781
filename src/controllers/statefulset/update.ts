/**
 * One pass of upstream's StatefulSet control loop (stateful_set_control.go updateStatefulSet): make the
 * missing replicas, replace failed ones, delete the condemned (ordinals beyond the size) highest first,
 * then roll pods at or above the partition onto the update revision, highest first. OrderedReady
 * ("monotonic") waits for each pod to be Running and Ready before touching the next; Parallel does not
 * wait when creating or deleting, but a rolling update always goes one pod at a time.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { type Client, isAlreadyExists, isNotFound, type KubeObject } from '../../client/interface';
import type { EventRecorder } from '../../client/event-recorder';
import { isPodAvailable } from '../replicaset/pods';
import { scaledValue } from '../disruption/budget';
import type { Revision } from '../history/revisions';
import type { ClaimControl } from './claims';
import { asSet, isFailed, isHealthy, isRunningAndReady, isSucceeded, isTerminating, newStatefulPod, ordinalOf, revisionOf, startOrdinal } from './identity';

const podsRef = { group: '', version: 'v1', resource: 'pods' };

export interface SetRevisions {
  /** The set as its current revision had it (the template pods below the partition get). */
  currentSet: KubeObject;
  current: Revision;
  update: Revision;
}

export interface UpdateContext {
  client: Client;
  recorder: EventRecorder;
  claims: ClaimControl;
  now: number;
  /** Asks for another pass in `ms` (a pod becomes available after minReadySeconds). */
  requeueAfter(ms: number): void;
}

/** Splits owned pods into the in-range slots (index = ordinal - start) and the condemned, highest first. */
export function splitPods(set: KubeObject, pods: KubeObject[]): { replicas: (KubeObject | undefined)[]; condemned: KubeObject[] } {
  const start = startOrdinal(asSet(set));
  const count = asSet(set).spec?.replicas ?? 1;
  const replicas: (KubeObject | undefined)[] = Array.from({ length: count }, () => undefined);
  const condemned: KubeObject[] = [];
  for (const pod of pods) {
    const ord = ordinalOf(pod);
    if (ord >= start && ord < start + count) replicas[ord - start] = pod;
    else if (ord >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  return { replicas, condemned };
}

/** Upstream newVersionedStatefulSetPod's choice: below the partition pods keep the current revision. */
function podFor(set: KubeObject, revs: SetRevisions, ordinal: number): KubeObject {
  const s = asSet(set);
  const partition = s.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (s.spec?.updateStrategy?.type !== 'OnDelete' && ordinal < startOrdinal(s) + partition) return newStatefulPod(revs.currentSet, ordinal, revs.current.metadata.name!);
  return newStatefulPod(set, ordinal, revs.update.metadata.name!);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function createPod(ctx: UpdateContext, set: KubeObject, pod: KubeObject): Promise<void> {
  await ctx.claims.createMissing(set, pod);
  try {
    await ctx.client.create(podsRef, set.metadata.namespace, pod);
  } catch (err) {
    if (isAlreadyExists(err)) return; // the cache is behind: the pod is there
    void ctx.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message(err)}`);
    throw err;
  }
  void ctx.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
}

async function deletePod(ctx: UpdateContext, set: KubeObject, pod: KubeObject): Promise<void> {
  try {
    await ctx.client.delete(podsRef, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
  } catch (err) {
    if (isNotFound(err)) return;
    void ctx.recorder.event(set, 'Warning', 'FailedDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message(err)}`);
    throw err;
  }
  void ctx.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
}

/** Whether the pass must stop here and wait (OrderedReady) for this replica. */
async function processReplica(ctx: UpdateContext, set: KubeObject, revs: SetRevisions, slot: number, existing: KubeObject | undefined, monotonic: boolean): Promise<boolean> {
  const ordinal = startOrdinal(asSet(set)) + slot;
  if (!existing) {
    await createPod(ctx, set, podFor(set, revs, ordinal));
    return monotonic;
  }
  const pod = existing as unknown as Pod;
  if ((isFailed(pod) || isSucceeded(pod)) && !isTerminating(pod)) {
    // Upstream recreates a finished pod: delete it now, make it again once it is gone.
    await deletePod(ctx, set, existing);
    return monotonic;
  }
  if (pod.status?.phase === 'Pending') await ctx.claims.createMissing(set, existing);
  await ctx.claims.updateOwners(set, existing);
  if (!monotonic) return false;
  if (isTerminating(pod) || !isRunningAndReady(pod)) return true;
  const minReady = asSet(set).spec?.minReadySeconds ?? 0;
  if (!isPodAvailable(pod, minReady, ctx.now)) {
    ctx.requeueAfter(minReady * 1000);
    return true;
  }
  return false;
}

/** Deletes the condemned highest first; OrderedReady deletes one at a time, after every other pod is healthy. */
async function processCondemned(ctx: UpdateContext, set: KubeObject, condemned: KubeObject[], firstUnhealthy: KubeObject | undefined, monotonic: boolean): Promise<boolean> {
  for (const obj of condemned) {
    const pod = obj as unknown as Pod;
    if (isTerminating(pod)) {
      if (monotonic) return true;
      continue;
    }
    if (monotonic && firstUnhealthy && firstUnhealthy !== obj) return true;
    await ctx.claims.updateOwners(set, obj);
    await deletePod(ctx, set, obj);
    if (monotonic) return true;
  }
  return false;
}

/** The rolling update: from the highest ordinal down to the partition, one pod at a time. */
async function rollingUpdate(ctx: UpdateContext, set: KubeObject, revs: SetRevisions, replicas: (KubeObject | undefined)[]): Promise<void> {
  const s = asSet(set);
  if (s.spec?.updateStrategy?.type === 'OnDelete') return;
  const rolling = s.spec?.updateStrategy?.rollingUpdate;
  const partition = rolling?.partition ?? 0;
  if (rolling?.maxUnavailable !== undefined) return withMaxUnavailable(ctx, set, revs, replicas as KubeObject[], scaledValue(rolling.maxUnavailable, replicas.length, false));
  for (let target = replicas.length - 1; target >= partition; target--) {
    const obj = replicas[target];
    if (!obj) return;
    const pod = obj as unknown as Pod;
    if (revisionOf(obj) !== revs.update.metadata.name && !isTerminating(pod)) return deletePod(ctx, set, obj);
    if (!isHealthy(pod)) return;
  }
}

/**
 * Upstream's MaxUnavailableStatefulSet path: up to maxUnavailable (at least 1) pods may be unhealthy at
 * once; old pods at or above the partition are deleted highest first to use what is left of that budget.
 */
async function withMaxUnavailable(ctx: UpdateContext, set: KubeObject, revs: SetRevisions, replicas: KubeObject[], maxUnavailable: number): Promise<void> {
  const partition = asSet(set).spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const unavailable = replicas.filter((p) => !isHealthy(p as unknown as Pod)).length;
  let budget = Math.max(1, maxUnavailable) - unavailable;
  for (let target = replicas.length - 1; target >= partition && budget > 0; target--) {
    const obj = replicas[target]!;
    if (revisionOf(obj) === revs.update.metadata.name || isTerminating(obj as unknown as Pod)) continue;
    await deletePod(ctx, set, obj);
    budget--;
  }
}

export async function updateStatefulSet(ctx: UpdateContext, set: KubeObject, revs: SetRevisions, pods: KubeObject[]): Promise<void> {
  const monotonic = asSet(set).spec?.podManagementPolicy !== 'Parallel';
  const { replicas, condemned } = splitPods(set, pods);
  const firstUnhealthy = [...replicas, ...condemned].find((p) => !p || !isHealthy(p as unknown as Pod));
  for (const [slot, existing] of replicas.entries()) {
    if (await processReplica(ctx, set, revs, slot, existing, monotonic)) return;
  }
  if (await processCondemned(ctx, set, condemned, firstUnhealthy, monotonic)) return;
  // Every replica exists (and, when ordered, is healthy): now the update.
  if (replicas.some((p) => !p)) return;
  await rollingUpdate(ctx, set, revs, replicas);
}
