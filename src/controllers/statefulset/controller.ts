/**
 * The StatefulSet controller (upstream pkg/controller/statefulset): pods with stable names and storage,
 * made and removed in ordinal order, rolled onto new revisions from the highest ordinal down to the
 * partition; ControllerRevisions record each template. `sync(key)` re-reads everything from the cache.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { Informer } from '../../client/informer';
import { type Client, isNotFound, type KubeObject } from '../../client/interface';
import { EventRecorder } from '../../client/event-recorder';
import type { SharedInformers } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { canAdopt, ownedHandlers } from '../history/owned';
import { type Revision, RevisionHistory, revisionHashLabel, revisionsRef, templatePatch } from '../history/revisions';
import { ownerSelector } from '../history/selector';
import { claimObjects } from '../replicaset/claim';
import { ClaimControl, claimsRef } from './claims';
import { asSet, parentAndOrdinal, revisionOf } from './identity';
import { computeStatus, statusChanged } from './status';
import { type SetRevisions, updateStatefulSet } from './update';

const setsRef = { group: 'apps', version: 'v1', resource: 'statefulsets' };
const podsRef = { group: '', version: 'v1', resource: 'pods' };

export interface StatefulSetControllerOptions {
  client: Client;
  informers: SharedInformers;
  clock?: Clock;
  logger: Logger;
}

export class StatefulSetController {
  private readonly queue: WorkQueue;
  private readonly sets: Informer;
  private readonly pods: Informer;
  private readonly history: RevisionHistory;
  private readonly claims: ClaimControl;
  private readonly recorder: EventRecorder;
  private readonly clock: Clock;

  constructor(private readonly options: StatefulSetControllerOptions) {
    this.clock = options.clock ?? realClock;
    this.queue = new WorkQueue({ logger: options.logger });
    this.sets = options.informers.informerFor(setsRef);
    this.pods = options.informers.informerFor(podsRef);
    const revisions = options.informers.informerFor<Revision>(revisionsRef);
    this.history = new RevisionHistory({ client: options.client, informer: revisions });
    this.recorder = new EventRecorder({ client: options.client, component: 'statefulset-controller', logger: options.logger, clock: this.clock, kind: { apiVersion: 'apps/v1', kind: 'StatefulSet' } });
    this.claims = new ClaimControl({ client: options.client, claims: options.informers.informerFor(claimsRef), recorder: this.recorder });
    const enqueue = (o: KubeObject) => this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
    this.sets.addHandlers({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
    const lookup = { kind: 'StatefulSet', ownersIn: (ns: string) => this.sets.list().filter((s) => s.metadata.namespace === ns), enqueue: (k: string) => this.queue.add(k) };
    this.pods.addHandlers(ownedHandlers(lookup));
    revisions.addHandlers(ownedHandlers(lookup));
  }

  run(): Promise<void> {
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutdown();
  }

  async sync(key: string): Promise<void> {
    const set = this.sets.get(key);
    if (!set || set.metadata.deletionTimestamp) return;
    const pods = await this.podsFor(set);
    const revs = await this.revisionsFor(set);
    const now = this.clock.now();
    const requeueAfter = (ms: number) => this.clock.setTimeout(() => this.queue.add(key), ms);
    await updateStatefulSet({ client: this.options.client, recorder: this.recorder, claims: this.claims, now, requeueAfter }, set, revs, pods);
    const status = computeStatus(set, pods, { current: revs.current.metadata.name!, update: revs.update.metadata.name!, collisionCount: revs.collisionCount }, now);
    await this.writeStatus(set, status);
    const live = new Set([status.currentRevision!, status.updateRevision!, ...pods.map(revisionOf)]);
    await this.history.truncate(this.history.list(set), live, asSet(set).spec?.revisionHistoryLimit ?? 10);
  }

  /** The set's pods: those it controls, plus orphans named as its members that its selector matches (adopted). */
  private async podsFor(set: KubeObject): Promise<KubeObject[]> {
    const ns = set.metadata.namespace;
    const candidates = this.pods.list().filter((p) => p.metadata.namespace === ns && parentAndOrdinal(p.metadata.name!).parent === set.metadata.name);
    const options = { client: this.options.client, resource: podsRef, owner: set, ownerApiVersion: 'apps/v1', ownerKind: 'StatefulSet', selector: ownerSelector(set), canAdopt: () => canAdopt(this.options.client, setsRef, set) };
    return claimObjects(options, candidates);
  }

  /** Upstream getStatefulSetRevisions: the update revision is the template now; the current one is the status's. */
  private async revisionsFor(set: KubeObject): Promise<SetRevisions & { collisionCount: number }> {
    const s = asSet(set);
    const revisions = this.history.list(set);
    const owner = { obj: set, apiVersion: 'apps/v1', kind: 'StatefulSet' };
    const data = templatePatch(s.spec?.template);
    const ensured = await this.history.ensure(owner, revisions, { data, templateLabels: s.spec?.template?.metadata?.labels, hashLabel: revisionHashLabel, collisionCount: s.status?.collisionCount ?? 0 });
    const update = ensured.revision;
    const current = revisions.find((r) => r.metadata.name === s.status?.currentRevision) ?? update;
    const template = (current.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined)?.spec?.template;
    const { $patch: _replace, ...currentTemplate } = template ?? {};
    const currentSet = { ...set, spec: { ...s.spec, template: template ? currentTemplate : s.spec?.template } } as unknown as KubeObject;
    return { current, update, currentSet, collisionCount: ensured.collisionCount };
  }

  private async writeStatus(set: KubeObject, status: StatefulSetStatus): Promise<void> {
    if (!statusChanged(set, status)) return;
    // Upstream omits these when zero.
    for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas'] as const) if (status[f] === 0) delete status[f];
    await this.options.client.update(setsRef, set.metadata.namespace, { ...set, status } as unknown as KubeObject, { subresource: 'status' }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
