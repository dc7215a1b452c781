/**
 * pods/eviction (upstream pkg/registry/core/pod/storage/eviction.go): a POST of a policy/v1 Eviction
 * deletes the pod only if the PodDisruptionBudget that selects it allows a disruption. The budget's
 * status is decremented with a resourceVersion-checked write (disruptedPods records the pod, so the
 * disruption controller does not count it as healthy meanwhile), then the pod is marked
 * DisruptionTarget (EvictionByEvictionAPI) and deleted with the Eviction's deleteOptions. A blocked
 * eviction is 429 TooManyRequests; terminal, Pending and already deleting pods skip the budgets.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { errors, StatusError } from '../../../errors';
import { timestamp } from '../../generic/codec';
import type { KubeObject, SubresourceContext, SubresourceStrategy } from '../../generic/strategy';
import { selectorMatches } from './template';

type DeleteOptions = Parameters<NonNullable<SubresourceContext['deleteParent']>>[0];

interface Eviction {
  metadata?: { name?: string };
  deleteOptions?: Omit<DeleteOptions, 'dryRun'> & { dryRun?: string[] };
}

/** Upstream MaxDisruptedPodSize: more unconfirmed evictions than this and the budget refuses. */
const maxDisruptedPods = 2000;
/** Upstream EvictionsRetry: 20 attempts on conflicting budget writes. */
const conflictRetries = 20;

const pdbResource = { group: 'policy', resource: 'poddisruptionbudget' };

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Upstream NewTooManyRequests with a DisruptionBudget cause; `retryAfterSeconds` 10 while the budget is being processed, else none. */
function tooManyRequests(cause: string, retryAfterSeconds = 0): StatusError {
  return new StatusError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: 'DisruptionBudget', message: cause }],
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  });
}

/** Terminal, Pending and already deleting pods disrupt nothing more: deleted without asking a budget. */
function canIgnoreBudgets(pod: Pod, obj: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!obj.metadata.deletionTimestamp;
}

function matchingBudgets(budgets: KubeObject[], pod: KubeObject): PodDisruptionBudget[] {
  return (budgets as unknown as PodDisruptionBudget[]).filter((b) => {
    const selector = b.spec?.selector;
    // A PDB with an empty selector matches nothing here, as upstream's eviction handler.
    const empty = Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
    return selector && !empty && selectorMatches(selector, pod.metadata.labels ?? {});
  });
}

/** Checks the budget allows one more disruption and records it; throws 429 (or 403) when it does not. */
function checkAndDecrement(pdb: PodDisruptionBudget, podName: string, now: number): PodDisruptionBudget {
  const status = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
  const name = pdb.metadata!.name!;
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10);
  if (status.disruptionsAllowed < 0) throw errors.forbidden(pdbResource, name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPods)
    throw errors.forbidden(pdbResource, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (status.disruptionsAllowed === 0) throw tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`);
  const next = structuredClone(pdb);
  const s = (next.status = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 });
  if (s.disruptionsAllowed === 0) {
    s.conditions = (s.conditions ?? []).map((c) =>
      c.type === 'DisruptionAllowed' && c.status !== 'False' ? { ...c, status: 'False', reason: 'InsufficientPods', lastTransitionTime: timestamp(now) } : c,
    );
  }
  s.disruptedPods = { ...(s.disruptedPods ?? {}), [podName]: timestamp(now) };
  return next;
}

/** Whether an unready pod may go without spending the budget (unhealthyPodEvictionPolicy). */
function unhealthyMayGo(pdb: PodDisruptionBudget, pod: Pod): boolean {
  if (isPodReady(pod)) return false;
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const s = pdb.status;
  return !!s && s.currentHealthy >= s.desiredHealthy && s.desiredHealthy > 0;
}

async function spendBudget(ctx: SubresourceContext, pdb: PodDisruptionBudget, podName: string, dryRun: boolean): Promise<void> {
  let current = pdb;
  for (let attempt = 0; ; attempt++) {
    const next = checkAndDecrement(current, podName, ctx.now());
    if (dryRun) return;
    try {
      await ctx.update!('policy', 'poddisruptionbudgets', next as unknown as KubeObject, 'status');
      return;
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409) || attempt >= conflictRetries) {
        if (err instanceof StatusError && err.code === 409) throw errors.timeout(`couldn't update PodDisruptionBudget "${current.metadata!.name}" due to conflicts`);
        throw err;
      }
      current = (await ctx.get('policy', 'poddisruptionbudgets', pdb.metadata!.namespace, pdb.metadata!.name!)) as unknown as PodDisruptionBudget;
    }
  }
}

function withDisruptionTarget(obj: KubeObject, now: number): KubeObject {
  const next = structuredClone(obj);
  const status = (next.status ?? {}) as NonNullable<Pod['status']>;
  const condition = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: timestamp(now) };
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition];
  next.status = status;
  return next;
}

/**
 * Marks the pod as about to be disrupted (upstream's PodDisruptionConditions), then deletes it. A
 * resourceVersion precondition applies to the condition write, and the delete then expects its result;
 * without one the write is retried on conflicts, as upstream's GuaranteedUpdate.
 */
async function deletePod(ctx: SubresourceContext, obj: KubeObject, options: DeleteOptions): Promise<void> {
  let preconditions = options.preconditions;
  let current = obj;
  for (let attempt = 0; !options.dryRun; attempt++) {
    if ((current.status as Pod['status'])?.conditions?.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')) break;
    const next = withDisruptionTarget(current, ctx.now());
    if (preconditions?.resourceVersion) next.metadata.resourceVersion = preconditions.resourceVersion;
    try {
      const updated = await ctx.update!('', 'pods', next, 'status');
      if (preconditions?.resourceVersion) preconditions = { ...preconditions, resourceVersion: updated.metadata.resourceVersion };
      break;
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409) || preconditions?.resourceVersion || attempt >= conflictRetries) throw err;
      current = await ctx.get('', 'pods', obj.metadata.namespace, obj.metadata.name!);
    }
  }
  await ctx.deleteParent!({ ...options, preconditions });
}

function success(): KubeObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as KubeObject;
}

function deleteOptionsOf(eviction: Eviction, ctx: SubresourceContext): DeleteOptions {
  const given = eviction.deleteOptions ?? {};
  const dryRun = ctx.dryRun || (given.dryRun ?? []).includes('All');
  return { gracePeriodSeconds: given.gracePeriodSeconds, preconditions: given.preconditions, propagationPolicy: given.propagationPolicy, dryRun };
}

export const evictionSubresource: SubresourceStrategy = {
  async create(parent, body, ctx) {
    const eviction = body as Eviction;
    const name = parent.metadata.name!;
    if (eviction.metadata?.name !== name) throw errors.badRequest('name in URL does not match name in Eviction object');
    const options = deleteOptionsOf(eviction, ctx);
    const pod = parent as unknown as Pod;
    if (canIgnoreBudgets(pod, parent)) {
      const preconditions = options.preconditions?.resourceVersion || pod.status?.phase !== 'Pending' ? options.preconditions : { ...options.preconditions, resourceVersion: parent.metadata.resourceVersion };
      await deletePod(ctx, parent, { ...options, preconditions });
      return success();
    }
    const budgets = matchingBudgets(await ctx.list!('policy', 'poddisruptionbudgets', parent.metadata.namespace), parent);
    if (budgets.length > 1)
      throw new StatusError(500, undefined as unknown as string, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    let preconditions = options.preconditions;
    if (budgets.length === 1) {
      if (unhealthyMayGo(budgets[0]!, pod)) preconditions = { ...preconditions, resourceVersion: preconditions?.resourceVersion ?? parent.metadata.resourceVersion };
      else await spendBudget(ctx, budgets[0]!, name, !!options.dryRun);
    }
    try {
      await deletePod(ctx, parent, { ...options, preconditions });
    } catch (err) {
      // The unready pod turned ready meanwhile: tell the client to retry, as upstream.
      if (err instanceof StatusError && err.code === 409 && !options.preconditions?.resourceVersion && preconditions?.resourceVersion)
        throw tooManyRequests(`The disruption budget ${budgets[0]!.metadata!.name} is still being processed by the server.`, 10);
      throw err;
    }
    return success();
  },
};
