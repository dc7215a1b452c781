/**
 * A StatefulSet pod's identity (upstream pkg/controller/statefulset stateful_set_utils.go): the name
 * `<set>-<ordinal>`, hostname and subdomain, the pod-name and pod-index labels, the revision label, and a
 * volume per claim template bound to the claim `<template>-<set>-<ordinal>`.
 */
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../../client/interface';
import { podRevisionLabel } from '../history/revisions';
import { podFromTemplate } from '../replicaset/pod-control';
import { asPod, controllerRef, isPodReady } from '../replicaset/pods';

export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
export const podIndexLabel = 'apps.kubernetes.io/pod-index';

export const asSet = (o: KubeObject) => o as unknown as StatefulSet;

const ordinalRe = /^(.*)-([0-9]+)$/;

/** The parent set name and ordinal a pod's name says, or ordinal -1. */
export function parentAndOrdinal(name: string): { parent: string; ordinal: number } {
  const m = ordinalRe.exec(name);
  return m ? { parent: m[1]!, ordinal: Number.parseInt(m[2]!, 10) } : { parent: '', ordinal: -1 };
}

export const ordinalOf = (pod: KubeObject) => parentAndOrdinal(pod.metadata.name!).ordinal;

export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

export function claimName(set: KubeObject, template: string, ordinal: number): string {
  return `${template}-${set.metadata.name}-${ordinal}`;
}

/** Upstream getPersistentVolumeClaims: one claim per template, labelled with the template's and the selector's labels. */
export function claimsFor(setObj: KubeObject, ordinal: number): PersistentVolumeClaim[] {
  const set = asSet(setObj);
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(setObj, t.metadata?.name ?? '', ordinal),
      namespace: setObj.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
    },
    spec: structuredClone(t.spec ?? {}),
  }));
}

/** Upstream newVersionedStatefulSetPod: the pod for `ordinal` from the template of the revision it should run. */
export function newStatefulPod(setObj: KubeObject, ordinal: number, revisionName: string): KubeObject {
  const set = asSet(setObj);
  const pod = asPod(podFromTemplate(set.spec!.template, setObj, controllerRef(setObj, 'apps/v1', 'StatefulSet')));
  const name = `${setObj.metadata.name}-${ordinal}`;
  delete pod.metadata!.generateName;
  pod.metadata!.name = name;
  pod.metadata!.labels = { ...pod.metadata!.labels, [podNameLabel]: name, [podIndexLabel]: String(ordinal), [podRevisionLabel]: revisionName };
  const spec = pod.spec!;
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const claims = (set.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '');
  const volumes: Volume[] = claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: claimName(setObj, c, ordinal) } }));
  spec.volumes = [...volumes, ...(spec.volumes ?? []).filter((v) => !claims.includes(v.name))];
  return pod as unknown as KubeObject;
}

/** Upstream isRunningAndReady. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** Upstream isCreated: the API server has given it a phase. */
export const isCreated = (pod: Pod) => (pod.status?.phase ?? '') !== '';
export const isFailed = (pod: Pod) => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod) => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod) => !!pod.metadata?.deletionTimestamp;
export const isHealthy = (pod: Pod) => isRunningAndReady(pod) && !isTerminating(pod);
export const revisionOf = (pod: KubeObject) => pod.metadata.labels?.[podRevisionLabel] ?? '';
