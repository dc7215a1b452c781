/**
 * Which nodes a DaemonSet runs on (upstream pkg/controller/daemon NodeShouldRunDaemonPod and
 * daemon/util): the pod the set would make for a node — its template with the tolerations every daemon
 * pod gets — must match the node's name, nodeSelector and required node affinity, and tolerate its
 * NoSchedule and NoExecute taints. A pod already there keeps running unless a NoExecute taint is not
 * tolerated. Pods are pinned to their node by a required node affinity on metadata.name; the scheduler binds them.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1';
import { requiredNodeAffinityMatches, tolerates } from '../../api/scheduling';
import type { KubeObject } from '../../client/interface';
import { podRevisionLabel } from '../history/revisions';

/** Upstream apps.DeprecatedTemplateGeneration, which kube-apiserver keeps on DaemonSets. */
const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

export const asDaemonSet = (o: KubeObject) => o as unknown as DaemonSet;

/** Upstream util.AddOrUpdateDaemonPodTolerations. */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const added: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) added.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  // Upstream AddOrUpdateTolerationInPodSpec: one with the same key, operator, value and effect is replaced.
  const same = (a: Toleration, b: Toleration) => a.key === b.key && (a.operator ?? 'Equal') === b.operator && (a.value ?? '') === (b.value ?? '') && a.effect === b.effect;
  const own = (spec.tolerations ?? []).filter((t) => !added.some((a) => same(t, a)));
  return [...own, ...added];
}

/** Upstream ReplaceDaemonSetPodNodeNameNodeAffinity: one required term, matchFields metadata.name In [node]. */
export function pinToNode(spec: PodSpec, nodeName: string): PodSpec {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const affinity = spec.affinity ?? {};
  const nodeAffinity = affinity.nodeAffinity ?? {};
  return { ...spec, affinity: { ...affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } } };
}

/** The template pods are made from (upstream util.CreatePodTemplate), for one node. */
export function podTemplateFor(ds: KubeObject, hash: string, nodeName: string): PodTemplateSpec {
  const template = asDaemonSet(ds).spec!.template;
  const spec = structuredClone(template.spec!);
  spec.tolerations = daemonTolerations(spec);
  const generation = ds.metadata.annotations?.[templateGenerationAnnotation] ?? String(ds.metadata.generation ?? 1);
  const labels = { ...(template.metadata?.labels ?? {}), [podRevisionLabel]: hash, 'pod-template-generation': generation };
  return { metadata: { ...structuredClone(template.metadata ?? {}), labels }, spec: pinToNode(spec, nodeName) };
}

export interface NodeFit {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

/** Upstream NodeShouldRunDaemonPod. */
export function nodeShouldRunDaemonPod(node: Node, ds: KubeObject): NodeFit {
  const template = asDaemonSet(ds).spec?.template;
  const name = node.metadata?.name ?? '';
  const spec: PodSpec = { ...(template?.spec ?? { containers: [] }) };
  if (spec.nodeName && spec.nodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  if (!requiredNodeAffinityMatches(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonTolerations(spec);
  const taints = node.spec?.taints ?? [];
  const untolerated = (effects: string[]) => taints.some((t) => effects.includes(t.effect) && !tolerates(tolerations, t));
  if (untolerated(['NoSchedule', 'NoExecute'])) return { shouldRun: false, shouldContinueRunning: !untolerated(['NoExecute']) };
  return { shouldRun: true, shouldContinueRunning: true };
}
