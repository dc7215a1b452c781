/**
 * DefaultPreemption (upstream plugins/defaultpreemption + framework/preemption): for a pod that fits
 * nowhere, find nodes where evicting lower-priority pods makes room (only nodes whose failure was
 * resolvable), keep as many of those pods as still fit (PDB-violating ones first), choose the node with
 * the fewest PDB violations, then the lowest highest victim priority, lowest priority sum, fewest
 * victims, latest start; then mark the victims DisruptionTarget (PreemptionByScheduler), delete them and
 * nominate the node on the preemptor.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { selectorFromLabelSelector, selects } from '../api/label-selector';
import { rfc3339 } from '../api/time';
import type { EventRecorder } from '../client/event-recorder';
import { type Client, isNotFound, type KubeObject } from '../client/interface';
import { unschedulableMessage } from './fit';
import type { Cycle, NodeStatus } from './framework';
import type { NodeInfo, PodInfo } from './node-info';

const podsRef = { group: '', version: 'v1', resource: 'pods' };
export const reasonNoVictims = 'No preemption victims found for incoming pod';
export const reasonNotHelpful = 'Preemption is not helpful for scheduling';

export interface Candidate {
  node: NodeInfo;
  victims: PodInfo[];
  pdbViolations: number;
}

/**
 * Upstream PodEligibleToPreemptOthers: a message when the pod may not preempt — it opted out, or the
 * victims of its last preemption are still terminating on its nominated node.
 */
export function notEligible(pod: Pod, nominated: NodeInfo | undefined): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const priority = pod.spec?.priority ?? 0;
  for (const p of nominated?.pods.values() ?? []) {
    if (p.pod.metadata?.deletionTimestamp && p.priority < priority) return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

const startTime = (p: PodInfo) => Date.parse(p.pod.status?.startTime ?? p.pod.metadata?.creationTimestamp ?? '') || 0;

/** Upstream MoreImportantPod: higher priority first, then the one that started earlier. */
export function byImportance(a: PodInfo, b: PodInfo): number {
  return b.priority - a.priority || startTime(a) - startTime(b);
}

/** Splits pods (in order) into those whose eviction would exceed a PDB's disruptionsAllowed and the rest. */
export function splitByPDB(pods: PodInfo[], pdbs: PodDisruptionBudget[]): { violating: PodInfo[]; fine: PodInfo[] } {
  const allowed = pdbs.map((b) => b.status?.disruptionsAllowed ?? 0);
  const out = { violating: [] as PodInfo[], fine: [] as PodInfo[] };
  for (const p of pods) {
    let violating = false;
    pdbs.forEach((b, i) => {
      const selector = selectorFromLabelSelector(b.spec?.selector);
      if (b.metadata?.namespace !== p.pod.metadata?.namespace || !selector?.length || !selects(selector, p.pod.metadata?.labels)) return;
      if (b.status?.disruptedPods?.[p.pod.metadata?.name ?? '']) return;
      if (--allowed[i]! < 0) violating = true;
    });
    (violating ? out.violating : out.fine).push(p);
  }
  return out;
}

/** Upstream SelectVictimsOnNode: the victims on one node, or why preempting there cannot help. */
export function selectVictims(base: Cycle, info: NodeInfo, pdbs: PodDisruptionBudget[]): Candidate | NodeStatus {
  const cycle = base.fork();
  const node = info.node!;
  const clone = info.clone();
  const lower = [...info.pods.values()].filter((p) => p.priority < cycle.info.priority);
  if (!lower.length) return { reasons: [reasonNoVictims], resolvable: false };
  for (const p of lower) {
    clone.remove(p.key);
    cycle.updatePod(p, node, -1);
  }
  const status = cycle.filter(clone, clone.requested, true);
  if (status) return status;
  lower.sort(byImportance);
  const { violating, fine } = splitByPDB(lower, pdbs);
  const victims: PodInfo[] = [];
  let pdbViolations = 0;
  const reprieve = (p: PodInfo, isViolating: boolean) => {
    clone.add(p);
    cycle.updatePod(p, node, 1);
    if (!cycle.filter(clone, clone.requested, true)) return;
    clone.remove(p.key);
    cycle.updatePod(p, node, -1);
    victims.push(p);
    if (isViolating) pdbViolations++;
  };
  for (const p of violating) reprieve(p, true);
  for (const p of fine) reprieve(p, false);
  victims.sort(byImportance);
  return { node: info, victims, pdbViolations };
}

/** Upstream pickOneNodeForPreemption. */
export function pickCandidate(candidates: Candidate[]): Candidate | undefined {
  const sumPriority = (c: Candidate) => c.victims.reduce((s, v) => s + v.priority + 2 ** 31, 0);
  const highest = (c: Candidate) => c.victims[0]?.priority ?? -Infinity;
  const earliestOfHighest = (c: Candidate) => Math.min(...c.victims.filter((v) => v.priority === highest(c)).map(startTime));
  const keys: ((c: Candidate) => number)[] = [(c) => c.pdbViolations, highest, sumPriority, (c) => c.victims.length, (c) => -earliestOfHighest(c)];
  let left = candidates;
  for (const key of keys) {
    if (left.length <= 1) break;
    const best = Math.min(...left.map(key));
    left = left.filter((c) => key(c) === best);
  }
  return left[0];
}

/** Why preemption did not happen; `clearNomination` as upstream clears a nomination when no node would do. */
export interface NoCandidate {
  message: string;
  clearNomination: boolean;
}

/**
 * Upstream Evaluator.Preempt up to the choice: a candidate, or the "preemption: ..." message for the
 * FailedScheduling event.
 */
export function findCandidate(cycle: Cycle, nodes: NodeInfo[], statuses: Map<string, NodeStatus>, pdbs: PodDisruptionBudget[]): Candidate | NoCandidate {
  const nominated = nodes.find((n) => n.name === cycle.pod.status?.nominatedNodeName);
  const never = notEligible(cycle.pod, nominated);
  if (never) return { message: `preemption: ${never}`, clearNomination: false };
  const results = new Map<string, NodeStatus>();
  const candidates: Candidate[] = [];
  for (const info of nodes) {
    const status = statuses.get(info.name);
    if (!status?.resolvable) {
      results.set(info.name, { reasons: [reasonNotHelpful], resolvable: false });
      continue;
    }
    const r = selectVictims(cycle, info, pdbs);
    if ('victims' in r) candidates.push(r);
    else results.set(info.name, r);
  }
  const chosen = pickCandidate(candidates);
  if (chosen) return chosen;
  const reasons = [...results.values()].flatMap((s) => s.reasons);
  return { message: `preemption: ${unschedulableMessage(results.size, reasons)}`, clearNomination: true };
}

export interface EvictOptions {
  client: Client;
  recorder: EventRecorder;
  schedulerName: string;
  now: number;
}

/** Upstream prepareCandidate: each victim gets DisruptionTarget, is deleted, and gets a Preempted event. */
export async function evictVictims(preemptor: Pod, c: Candidate, o: EvictOptions): Promise<void> {
  await Promise.all(
    c.victims.map(async (v) => {
      const pod = v.pod;
      const ns = pod.metadata!.namespace!;
      const condition: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${o.schedulerName}: preempting to accommodate a higher priority pod`,
        lastTransitionTime: rfc3339(o.now),
      };
      const conditions = [...(pod.status?.conditions ?? []).filter((x) => x.type !== 'DisruptionTarget'), condition];
      try {
        await o.client.patch(podsRef, ns, pod.metadata!.name!, 'merge', { status: { conditions } }, { subresource: 'status' });
        await o.client.delete(podsRef, ns, pod.metadata!.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return;
      }
      await o.recorder.event({ apiVersion: 'v1', kind: 'Pod', ...pod } as unknown as KubeObject, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid} on node ${c.node.name}`);
    }),
  );
}
