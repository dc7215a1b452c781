/**
 * The StatefulSet controller (upstream pkg/controller/statefulset): pods with stable names and storage,
 * made and removed in ordinal order, rolled onto new revisions from the highest ordinal down to the
 * partition; ControllerRevisions record each template. `sync(key)` re-reads everything from the cache.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../../client/interface';
import { canAdopt } from '../history/owned';
import { revisionHashLabel, templatePatch } from '../history/revisions';
import { ownerSelector } from '../history/selector';
import { podsRef, WorkloadController, type WorkloadControllerOptions } from '../history/workload';
import { claimObjects } from '../replicaset/claim';
import { ClaimControl, claimsRef } from './claims';
import { asSet, parentAndOrdinal, revisionOf } from './identity';
import { computeStatus, statusChanged } from './status';
import { type SetRevisions, updateStatefulSet } from './update';

const setsRef = { group: 'apps', version: 'v1', resource: 'statefulsets' };

export class StatefulSetController extends WorkloadController {
  private readonly claims: ClaimControl;

  constructor(options: WorkloadControllerOptions) {
    super(options, { resource: setsRef, kind: 'StatefulSet', component: 'statefulset-controller' });
    this.claims = new ClaimControl({ client: options.client, claims: options.informers.informerFor(claimsRef), recorder: this.recorder });
  }

  async sync(key: string): Promise<void> {
    const set = this.owners.get(key);
    if (!set || set.metadata.deletionTimestamp) return;
    const pods = await this.podsFor(set);
    const revs = await this.revisionsFor(set);
    const now = this.clock.now();
    const ctx = { client: this.options.client, recorder: this.recorder, claims: this.claims, now, requeueAfter: (ms: number) => this.requeueAfter(key, ms) };
    await updateStatefulSet(ctx, set, revs, pods);
    const status = computeStatus(set, pods, { current: revs.current.metadata.name!, update: revs.update.metadata.name!, collisionCount: revs.collisionCount }, now);
    if (statusChanged(set, status)) {
      // Upstream omits these when zero.
      for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas'] as const) if (status[f] === 0) delete status[f];
      await this.writeStatus(set, status satisfies StatefulSetStatus);
    }
    const live = new Set([status.currentRevision!, status.updateRevision!, ...pods.map(revisionOf)]);
    await this.history.truncate(this.history.list(set), live, asSet(set).spec?.revisionHistoryLimit ?? 10);
  }

  /** The set's pods: those it controls, plus orphans named as its members that its selector matches (adopted). */
  private async podsFor(set: KubeObject): Promise<KubeObject[]> {
    const candidates = this.podsIn(set.metadata.namespace).filter((p) => parentAndOrdinal(p.metadata.name!).parent === set.metadata.name);
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
}
