/**
 * The two kinds one ReplicaSet controller serves (upstream runs the same code for ReplicationControllers
 * through a conversion): what differs is the resource, the owner reference, the event source and the
 * selector's shape (a LabelSelector vs a plain map).
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Selector } from '../../api/labels';
import { selectorFromLabelSelector, selectorFromSet } from '../../api/label-selector';
import type { KubeObject, ResourceRef } from '../../client/interface';

export interface ReplicatedKind {
  resource: ResourceRef;
  apiVersion: string;
  kind: string;
  /** The controller name events are recorded under. */
  component: string;
  selector(obj: KubeObject): Selector | undefined;
}

/** The spec fields both kinds share. */
export interface ReplicatedSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: PodTemplateSpec;
}

export const specOf = (obj: KubeObject) => (obj.spec ?? {}) as ReplicatedSpec;

export const replicaSetKind: ReplicatedKind = {
  resource: { group: 'apps', version: 'v1', resource: 'replicasets' },
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  selector: (obj) => selectorFromLabelSelector((obj.spec as { selector?: LabelSelector } | undefined)?.selector),
};

export const replicationControllerKind: ReplicatedKind = {
  resource: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  apiVersion: 'v1',
  kind: 'ReplicationController',
  component: 'replication-controller',
  selector: (obj) => {
    const set = (obj.spec as { selector?: Record<string, string> } | undefined)?.selector;
    return set && Object.keys(set).length > 0 ? selectorFromSet(set) : undefined;
  },
};
