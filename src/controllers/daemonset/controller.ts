/**
 * The DaemonSet controller (upstream pkg/controller/daemon): one pod per eligible node, pinned to it by
 * node affinity and bound by the scheduler; rolled onto new templates with maxUnavailable/maxSurge or on
 * delete; ControllerRevisions record each template. Node changes (added, removed, labelled, tainted)
 * re-sync every DaemonSet. Expectations keep a lagging pod cache from causing double creates.
 */
import type { DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node } from 'kubernetes-types/core/v1';
import { isDeepStrictEqual } from 'node:util';
import type { Informer } from '../../client/informer';
import type { KubeObject } from '../../client/interface';
import { canAdopt } from '../history/owned';
import { podRevisionLabel, templatePatch } from '../history/revisions';
import { ownerSelector } from '../history/selector';
import { podsRef, WorkloadController, type WorkloadControllerOptions } from '../history/workload';
import { claimObjects } from '../replicaset/claim';
import { Expectations } from '../replicaset/expectations';
import { PodControl } from '../replicaset/pod-control';
import { controllerOf, objectKeyOf } from '../replicaset/pods';
import { FailedPodBackoff } from './failed-backoff';
import { asDaemonSet, podTemplateFor } from './node-fit';
import { planNode, podsByNode } from './pods';
import { planRollingUpdate } from './rolling-update';
import { computeStatus, statusChanged } from './status';

const dsRef = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const nodesRef = { group: '', version: 'v1', resource: 'nodes' };

/** What about a node can change where daemons run. */
function schedulingFacts(node: KubeObject) {
  const n = node as unknown as Node;
  return { labels: n.metadata?.labels, taints: n.spec?.taints, unschedulable: n.spec?.unschedulable, ready: n.status?.conditions?.find((c) => c.type === 'Ready')?.status };
}

export class DaemonSetController extends WorkloadController {
  private readonly nodes: Informer;
  private readonly podControl: PodControl;
  private readonly expectations: Expectations;
  private readonly failedBackoff: FailedPodBackoff;

  constructor(options: WorkloadControllerOptions) {
    super(options, { resource: dsRef, kind: 'DaemonSet', component: 'daemonset-controller' });
    this.expectations = new Expectations(this.clock);
    this.failedBackoff = new FailedPodBackoff(this.clock);
    this.nodes = options.informers.informerFor(nodesRef);
    this.podControl = new PodControl({ client: options.client, recorder: this.recorder, ownerApiVersion: 'apps/v1', ownerKind: 'DaemonSet' });
    this.pods.addHandlers(this.expectationHandlers());
    const all = () => this.owners.list().forEach((o) => this.queue.add(objectKeyOf(o)));
    this.nodes.addHandlers({ onAdd: all, onDelete: all, onUpdate: (o, n) => !isDeepStrictEqual(schedulingFacts(o), schedulingFacts(n)) && all() });
  }

  /** Pod events settle the expectations of the DaemonSet that controls the pod. */
  private expectationHandlers() {
    const owner = (pod: KubeObject) => {
      const ref = controllerOf(pod);
      return ref?.kind === 'DaemonSet' ? `${pod.metadata.namespace}/${ref.name}` : undefined;
    };
    const gone = (pod: KubeObject) => {
      const key = owner(pod);
      if (key) this.expectations.deletionObserved(key, objectKeyOf(pod));
    };
    return {
      onAdd: (pod: KubeObject) => {
        const key = owner(pod);
        if (key && pod.metadata.deletionTimestamp) this.expectations.deletionObserved(key, objectKeyOf(pod));
        else if (key) this.expectations.creationObserved(key);
      },
      onUpdate: (old: KubeObject, pod: KubeObject) => {
        if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) gone(pod);
      },
      onDelete: gone,
    };
  }

  async sync(key: string): Promise<void> {
    const ds = this.owners.get(key);
    if (!ds) return this.expectations.delete(key);
    if (ds.metadata.deletionTimestamp) return;
    const nodes = this.nodes.list() as unknown as Node[];
    const ns = ds.metadata.namespace;
    const claimOptions = { client: this.options.client, resource: podsRef, owner: ds, ownerApiVersion: 'apps/v1', ownerKind: 'DaemonSet', selector: ownerSelector(ds), canAdopt: () => canAdopt(this.options.client, dsRef, ds) };
    const pods = await claimObjects(claimOptions, this.podsIn(ns));
    const revisions = this.history.list(ds);
    const d = asDaemonSet(ds);
    const ensured = await this.history.ensure({ obj: ds, apiVersion: 'apps/v1', kind: 'DaemonSet' }, revisions, {
      data: templatePatch(d.spec?.template),
      templateLabels: d.spec?.template?.metadata?.labels,
      hashLabel: podRevisionLabel,
      collisionCount: d.status?.collisionCount ?? 0,
    });
    const hash = ensured.revision.metadata.labels![podRevisionLabel]!;
    const byNode = podsByNode(pods);
    const now = this.clock.now();
    if (this.expectations.satisfied(key)) await this.manage(key, ds, nodes, byNode, hash, now);
    const liveHashes = new Set([hash, ...pods.map((p) => p.metadata.labels?.[podRevisionLabel])]);
    const live = new Set(this.history.list(ds).filter((r) => liveHashes.has(r.metadata.labels?.[podRevisionLabel])).map((r) => r.metadata.name!));
    live.add(ensured.revision.metadata.name!);
    await this.history.truncate(this.history.list(ds), live, d.spec?.revisionHistoryLimit ?? 10);
    const status = { ...computeStatus(ds, nodes, byNode, hash, now), collisionCount: ensured.collisionCount };
    if (statusChanged(ds, status)) {
      // Upstream omits these when zero (omitempty).
      for (const f of ['updatedNumberScheduled', 'numberAvailable', 'collisionCount'] as const) if (!status[f]) delete status[f];
      await this.writeStatus(ds, status satisfies DaemonSetStatus);
    }
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.numberReady !== status.numberAvailable) this.requeueAfter(key, minReady * 1000);
  }

  /** Upstream manage, then (when manage had nothing to do) the rolling update. */
  private async manage(key: string, ds: KubeObject, nodes: Node[], byNode: Map<string, KubeObject[]>, hash: string, now: number): Promise<void> {
    const createOn: string[] = [];
    const toDelete: KubeObject[] = [];
    const known = new Set(nodes.map((n) => n.metadata!.name!));
    for (const node of nodes) {
      const plan = planNode(node, ds, byNode.get(node.metadata!.name!) ?? [], hash, now);
      if (plan.needsPod) createOn.push(node.metadata!.name!);
      toDelete.push(...plan.toDelete, ...this.failedToDelete(key, ds, node.metadata!.name!, plan.failed));
    }
    // Pods meant for nodes that no longer exist.
    for (const [node, pods] of byNode) if (!known.has(node)) toDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
    if (createOn.length || toDelete.length) return this.syncNodes(key, ds, toDelete, createOn, hash);
    if (asDaemonSet(ds).spec?.updateStrategy?.type === 'OnDelete') return;
    const plan = planRollingUpdate(ds, nodes, byNode, hash, now);
    if (plan.createOn.length || plan.deletePods.length) await this.syncNodes(key, ds, plan.deletePods, plan.createOn, hash);
  }

  /** The failed pods on a node that its back-off lets go now; otherwise a re-sync when it ends. */
  private failedToDelete(key: string, ds: KubeObject, node: string, failed: KubeObject[]): KubeObject[] {
    const out: KubeObject[] = [];
    for (const p of failed) {
      const backoffKey = `${ds.metadata.uid}/${node}`;
      const wait = this.failedBackoff.remaining(backoffKey);
      if (wait > 0) {
        this.requeueAfter(key, wait);
        continue;
      }
      this.failedBackoff.next(backoffKey);
      void this.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${node}, will try to kill it`);
      out.push(p);
    }
    return out;
  }

  /** Upstream syncNodes: records what it expects to see, then creates and deletes. */
  private async syncNodes(key: string, ds: KubeObject, toDelete: KubeObject[], createOn: string[], hash: string): Promise<void> {
    this.expectations.expectDeletions(key, toDelete.map(objectKeyOf));
    this.expectations.lowerCreations(key, -createOn.length); // raises the expected adds by createOn.length
    const creates = createOn.map(async (node) => {
      const { created, error } = await this.podControl.createPods(ds, podTemplateFor(ds, hash, node), 1);
      if (created === 0) this.expectations.lowerCreations(key, 1);
      if (error) throw error;
    });
    const deletes = toDelete.map((pod) =>
      this.podControl.deletePod(ds, pod).catch((err: unknown) => {
        this.expectations.deletionObserved(key, objectKeyOf(pod));
        throw err;
      }),
    );
    const failed = (await Promise.allSettled([...creates, ...deletes])).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
