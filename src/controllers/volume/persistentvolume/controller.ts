/**
 * The PersistentVolume binder (upstream pkg/controller/volume/persistentvolume, pv_controller.go): binds
 * each pending claim to a matching volume (claimRef on the volume, volumeName and the bind-completed and
 * bound-by-controller annotations on the claim, both phases Bound); leaves a claim of a class with a
 * provisioner to that provisioner (the storage-provisioner annotation), once a node is selected when the
 * class waits for the first consumer; marks a volume whose claim is gone Released, then deletes it,
 * keeps it (Retain) or fails it. Volumes provisioned by an external provisioner are deleted by it.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Informer } from '../../../client/informer';
import { type Client, isConflict, isNotFound, type KubeObject } from '../../../client/interface';
import type { InformerFactory } from '../../../client/shared-informers';
import { WorkQueue } from '../../../client/workqueue';
import type { Clock } from '../../../util/clock';
import type { Logger } from '../../../util/logger';
import { EventRecorder } from '../../../client/event-recorder';
import { ClaimBinder, claimsRef, volumesRef } from './bind';
import { annProvisionedBy, claimRefersTo } from '../../../api/volume-match';

const classesRef = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };

export interface PersistentVolumeControllerOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
}

export class PersistentVolumeController {
  private readonly queue: WorkQueue;
  private readonly claims: Informer<KubeObject>;
  private readonly volumes: Informer<KubeObject>;
  private readonly binder: ClaimBinder;
  private readonly volumeEvents: EventRecorder;

  constructor(private readonly options: PersistentVolumeControllerOptions) {
    this.queue = new WorkQueue({ logger: options.logger });
    this.claims = options.informers.informerFor(claimsRef);
    this.volumes = options.informers.informerFor(volumesRef);
    const classes = options.informers.informerFor(classesRef);
    const recorder = (kind: string) => new EventRecorder({ ...options, component: 'persistentvolume-controller', kind: { apiVersion: 'v1', kind } });
    this.volumeEvents = recorder('PersistentVolume');
    this.binder = new ClaimBinder({
      client: options.client,
      volumes: () => this.volumes.list() as unknown as PersistentVolume[],
      storageClass: (name) => classes.get(name) as StorageClass | undefined,
      events: recorder('PersistentVolumeClaim'),
    });
    const claimKey = (c: KubeObject) => this.queue.add(`claim/${c.metadata.namespace}/${c.metadata.name}`);
    const volumeKey = (v: KubeObject) => this.queue.add(`volume/${v.metadata.name}`);
    this.claims.addHandlers({
      onAdd: claimKey,
      onUpdate: (_o, c) => claimKey(c),
      // A deleted claim releases its volume.
      onDelete: (c) => {
        this.binder.forget(c.metadata.uid);
        this.volumes.list().forEach((v) => claimRefersTo(v as PersistentVolume, c as PersistentVolumeClaim) && volumeKey(v));
      },
    });
    this.volumes.addHandlers({
      onAdd: volumeKey,
      onUpdate: (_o, v) => volumeKey(v),
      // A new or freed volume may fit a pending claim.
      onDelete: (v) => this.claimOf(v as PersistentVolume)?.forEach(claimKey),
    });
    const pendingClaims = () => this.claims.list().filter((c) => !(c.spec as PersistentVolumeClaim['spec'])?.volumeName).forEach(claimKey);
    this.volumes.addHandlers({ onAdd: pendingClaims, onUpdate: pendingClaims });
    classes.addHandlers({ onAdd: pendingClaims });
  }

  private claimOf(pv: PersistentVolume): KubeObject[] | undefined {
    const ref = pv.spec?.claimRef;
    const claim = ref ? this.claims.get(`${ref.namespace}/${ref.name}`) : undefined;
    return claim ? [claim] : undefined;
  }

  run(): Promise<void> {
    return this.queue.run(1, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutdown();
  }

  async sync(key: string): Promise<void> {
    const [kind, ...rest] = key.split('/');
    if (kind === 'claim') {
      const claim = this.claims.get(rest.join('/')) as PersistentVolumeClaim | undefined;
      if (claim && !claim.metadata?.deletionTimestamp) await this.binder.syncClaim(claim, (name) => this.volumes.get(name) as PersistentVolume | undefined).catch(tolerate);
      return;
    }
    const pv = this.volumes.get(rest.join('/')) as PersistentVolume | undefined;
    if (pv) await this.syncVolume(pv).catch(tolerate);
  }

  /** upstream syncVolume: Available without a claim, Bound with it, Released once the claim is gone. */
  private async syncVolume(pv: PersistentVolume): Promise<void> {
    const ref = pv.spec?.claimRef;
    if (!ref) return this.setPhase(pv, 'Available');
    const claim = this.claims.get(`${ref.namespace}/${ref.name}`) as PersistentVolumeClaim | undefined;
    const claimGone = claim ? !!ref.uid && claim.metadata?.uid !== ref.uid : !!ref.uid;
    if (!claimGone) {
      // Pre-bound to a claim not made yet, or bound: the claim's sync finishes the binding.
      if (claim && claim.spec?.volumeName === pv.metadata?.name) return this.setPhase(pv, 'Bound');
      if (claim) this.queue.add(`claim/${ref.namespace}/${ref.name}`);
      return this.setPhase(pv, ref.uid ? 'Bound' : 'Available');
    }
    // The claim is deleted (possibly from the informer's lag: confirm against the API before releasing).
    const live = await this.options.client.get<KubeObject>(claimsRef, ref.namespace, ref.name!).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    if (live && live.metadata.uid === ref.uid) return;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') await this.setPhase(pv, 'Released');
    await this.reclaim(pv);
  }

  /** upstream reclaimVolume: Retain keeps it; Delete deletes it unless an external provisioner owns that. */
  private async reclaim(pv: PersistentVolume): Promise<void> {
    const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Retain') return;
    const name = pv.metadata!.name!;
    if (policy === 'Delete' && pv.metadata?.annotations?.[annProvisionedBy]) return; // the provisioner deletes what it made
    const message =
      policy === 'Delete' ? `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched` : `No recycler plugin found for the volume!`;
    if (pv.status?.phase === 'Failed') return;
    await this.setPhase(pv, 'Failed', message);
    await this.volumeEvents.event(pv as unknown as KubeObject, 'Warning', policy === 'Delete' ? 'VolumeFailedDelete' : 'VolumeFailedRecycle', message);
  }

  private async setPhase(pv: PersistentVolume, phase: string, message?: string): Promise<void> {
    if (pv.status?.phase === phase && pv.status?.message === message) return;
    const status: PersistentVolume['status'] = { ...(pv.status ?? {}), phase };
    if (message) status.message = message;
    else delete status.message;
    await this.options.client.update(volumesRef, undefined, { ...pv, status } as unknown as KubeObject, { subresource: 'status' });
  }
}

function tolerate(err: unknown): void {
  // A newer version is on its way through the informer, which brings the key back.
  if (!isConflict(err) && !isNotFound(err)) throw err;
}
