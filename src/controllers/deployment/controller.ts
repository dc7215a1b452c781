/**
 * The Deployment controller (upstream pkg/controller/deployment): owns ReplicaSets, one per pod
 * template, and moves pods from old to new by the RollingUpdate or Recreate strategy; scales without a
 * rollout when only replicas changed or the Deployment is paused; keeps revisions, conditions and status.
 * Handlers enqueue the Deployment's key; `sync(key)` re-reads the caches and takes one step.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { selectorFromLabelSelector, selects } from '../../api/label-selector';
import { EventRecorder } from '../../client/event-recorder';
import type { Informer } from '../../client/informer';
import type { Client, KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import { claimObjects } from '../replicaset/claim';
import { controllerOf, objectKeyOf } from '../replicaset/pods';
import { type DeploymentContext, deploymentsRef, replicaSetsRef, updateDeploymentStatus } from './context';
import { allOf, getAllReplicaSetsAndSyncRevision } from './new-replica-set';
import { type PodMap, rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { checkPausedConditions, syncDeploymentStatus } from './status-sync';
import { isScalingEvent, syncScaleOnly } from './sync';

const podsRef = { group: '', version: 'v1', resource: 'pods' };

export interface DeploymentControllerOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
  workers?: number;
}

export class DeploymentController {
  private readonly queue: WorkQueue;
  private readonly deployments: Informer;
  private readonly replicaSets: Informer;
  private readonly pods: Informer;
  private readonly ctx: DeploymentContext;
  private readonly timers: KeyTimers;

  constructor(private readonly options: DeploymentControllerOptions) {
    const clock = options.clock ?? realClock;
    this.queue = new WorkQueue({ logger: options.logger });
    const recorder = new EventRecorder({ client: options.client, clock, logger: options.logger, component: 'deployment-controller', kind: { apiVersion: 'apps/v1', kind: 'Deployment' } });
    this.timers = new KeyTimers(clock);
    this.ctx = {
      client: options.client,
      clock,
      recorder,
      requeueAfter: (d, ms) => this.timers.after(objectKeyOf(d as unknown as KubeObject), ms, (key) => this.queue.add(key)),
    };
    this.deployments = options.informers.informerFor(deploymentsRef);
    this.replicaSets = options.informers.informerFor(replicaSetsRef);
    this.pods = options.informers.informerFor(podsRef);
    const enqueue = (o: KubeObject) => this.queue.add(objectKeyOf(o));
    this.deployments.addHandlers({ onAdd: enqueue, onUpdate: (_o, d) => enqueue(d), onDelete: enqueue });
    this.replicaSets.addHandlers({ onAdd: (rs) => this.replicaSetChanged(undefined, rs), onUpdate: (old, rs) => this.replicaSetChanged(old, rs), onDelete: (rs) => this.enqueueOwner(rs) });
    this.pods.addHandlers({ onDelete: (p) => this.podDeleted(p) });
  }

  run(): Promise<void> {
    return this.queue.run(this.options.workers ?? 2, (key) => this.sync(key));
  }

  stop(): void {
    this.timers.stop();
    this.queue.shutdown();
  }

  private ownerOf(rs: KubeObject): KubeObject | undefined {
    const ref = controllerOf(rs);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.deployments.get(`${rs.metadata.namespace}/${ref.name}`);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  private enqueueOwner(rs: KubeObject): void {
    const d = this.ownerOf(rs);
    if (d) this.queue.add(objectKeyOf(d));
  }

  /** Upstream addReplicaSet/updateReplicaSet: the owner, the previous owner, or every Deployment that may adopt it. */
  private replicaSetChanged(old: KubeObject | undefined, rs: KubeObject): void {
    if (old && old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
    if (old && controllerOf(old)?.uid !== controllerOf(rs)?.uid) this.enqueueOwner(old);
    if (controllerOf(rs)) return this.enqueueOwner(rs);
    if (rs.metadata.deletionTimestamp) return;
    for (const d of this.deployments.list()) {
      if (d.metadata.namespace !== rs.metadata.namespace) continue;
      if (selects(selectorFromLabelSelector((d as unknown as Deployment).spec?.selector), rs.metadata.labels)) this.queue.add(objectKeyOf(d));
    }
  }

  /** A Recreate rollout waits for the old pods to be gone: their deletion is its cue. */
  private podDeleted(pod: KubeObject): void {
    const ref = controllerOf(pod);
    const rs = ref && ref.kind === 'ReplicaSet' ? this.replicaSets.get(`${pod.metadata.namespace}/${ref.name}`) : undefined;
    const d = rs && this.ownerOf(rs);
    if (d && (d as unknown as Deployment).spec?.strategy?.type === 'Recreate') this.queue.add(objectKeyOf(d));
  }

  async sync(key: string): Promise<void> {
    const cached = this.deployments.get(key);
    if (!cached) return;
    let d = structuredClone(cached) as unknown as Deployment;
    const sel = d.spec?.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
      void this.ctx.recorder.event(cached, 'Warning', 'SelectorRequired', 'This deployment will select all pods; a non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) await updateDeploymentStatus(this.ctx, d, { ...(d.status ?? {}), observedGeneration: d.metadata?.generation });
      return;
    }
    const rsList = await this.claimReplicaSets(cached, d);
    if (d.metadata?.deletionTimestamp) {
      const rss = await getAllReplicaSetsAndSyncRevision(this.ctx, d, rsList, false);
      return syncDeploymentStatus(this.ctx, allOf(rss), rss.newRS, rss.d);
    }
    d = await checkPausedConditions(this.ctx, d);
    if (d.spec?.paused || isScalingEvent(d, rsList)) return syncScaleOnly(this.ctx, d, rsList);
    if (d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(this.ctx, d, rsList, this.podMap(d, rsList));
    return rolloutRolling(this.ctx, d, rsList);
  }

  private async claimReplicaSets(cached: KubeObject, d: Deployment): Promise<ReplicaSet[]> {
    const candidates = this.replicaSets.byNamespace(cached.metadata.namespace!);
    const canAdopt = async () => {
      const fresh = await this.options.client.get(deploymentsRef, cached.metadata.namespace, cached.metadata.name!);
      return fresh.metadata.uid === cached.metadata.uid && !fresh.metadata.deletionTimestamp;
    };
    const claimed = await claimObjects(
      { client: this.options.client, resource: replicaSetsRef, owner: cached, ownerApiVersion: 'apps/v1', ownerKind: 'Deployment', selector: selectorFromLabelSelector(d.spec?.selector), canAdopt },
      candidates,
    );
    return claimed.map((rs) => structuredClone(rs) as unknown as ReplicaSet);
  }

  private podMap(d: Deployment, rsList: ReplicaSet[]): PodMap {
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata!.uid!, [] as Pod[]]));
    for (const p of this.pods.byNamespace(d.metadata!.namespace!)) {
      const list = map.get(controllerOf(p)?.uid ?? '');
      if (list) list.push(p as unknown as Pod);
    }
    return map;
  }
}
