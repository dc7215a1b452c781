/**
 * The local-path provisioner (as k3s bundles rancher/local-path-provisioner, provisioner name
 * `rancher.io/local-path`): a claim of a class it provisions for, once a node is selected for it, gets a
 * directory `<data dir>/storage/pvc-<uid>_<namespace>_<name>` and a hostPath PersistentVolume pre-bound to
 * the claim with node affinity to that node; the PV binder completes the binding. A Released volume it made
 * with reclaim policy Delete has its directory removed and is deleted.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Informer } from '../../../client/informer';
import { isAlreadyExists, isNotFound, type KubeObject } from '../../../client/interface';
import { WorkQueue } from '../../../client/workqueue';
import { EventRecorder } from '../../../client/event-recorder';
import { annProvisionedBy, annSelectedNode, claimClass } from '../../../api/volume-match';
import { claimsRef, volumesRef } from '../persistentvolume/bind';
import type { PersistentVolumeControllerOptions } from '../persistentvolume/controller';

export const provisionerName = 'rancher.io/local-path';
export const annSelectedNodeLocal = 'local.path.provisioner/selected-node';
const classesRef = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };

export interface LocalPathProvisionerOptions extends PersistentVolumeControllerOptions {
  /** The server's data dir; volumes live in its `storage/` folder. Without one the provisioner stays idle. */
  dataDir?: string;
}

export class LocalPathProvisioner {
  private readonly queue: WorkQueue;
  private readonly claims: Informer<KubeObject>;
  private readonly volumes: Informer<KubeObject>;
  private readonly classes: Informer<KubeObject>;
  private readonly events: EventRecorder;
  readonly storageDir: string | undefined;

  constructor(private readonly options: LocalPathProvisionerOptions) {
    this.storageDir = options.dataDir ? resolve(options.dataDir, 'storage') : undefined;
    this.queue = new WorkQueue({ logger: options.logger });
    this.claims = options.informers.informerFor(claimsRef);
    this.volumes = options.informers.informerFor(volumesRef);
    this.classes = options.informers.informerFor(classesRef);
    this.events = new EventRecorder({ ...options, component: provisionerName, kind: { apiVersion: 'v1', kind: 'PersistentVolumeClaim' } });
    const claimKey = (c: KubeObject) => this.queue.add(`claim/${c.metadata.namespace}/${c.metadata.name}`);
    const volumeKey = (v: KubeObject) => this.queue.add(`volume/${v.metadata.name}`);
    this.claims.addHandlers({ onAdd: claimKey, onUpdate: (_o, c) => claimKey(c) });
    this.volumes.addHandlers({ onAdd: volumeKey, onUpdate: (_o, v) => volumeKey(v) });
  }

  run(): Promise<void> {
    return this.queue.run(1, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutdown();
  }

  async sync(key: string): Promise<void> {
    if (!this.storageDir) return;
    const [kind, ...rest] = key.split('/');
    if (kind === 'claim') {
      const claim = this.claims.get(rest.join('/')) as PersistentVolumeClaim | undefined;
      if (claim) await this.provision(claim);
    } else {
      const pv = this.volumes.get(rest.join('/')) as PersistentVolume | undefined;
      if (pv) await this.deleteReleased(pv);
    }
  }

  private ourClass(claim: PersistentVolumeClaim): StorageClass | undefined {
    const cls = this.classes.get(claimClass(claim)) as StorageClass | undefined;
    return cls?.provisioner === provisionerName ? cls : undefined;
  }

  volumeName(claim: PersistentVolumeClaim): string {
    return `pvc-${claim.metadata!.uid}`;
  }

  private async provision(claim: PersistentVolumeClaim): Promise<void> {
    const cls = this.ourClass(claim);
    if (!cls || claim.spec?.volumeName || claim.metadata?.deletionTimestamp || claim.status?.phase === 'Bound') return;
    const node = claim.metadata?.annotations?.[annSelectedNode];
    if (!node) return; // Immediate binding has no node to put the directory on; as upstream, wait for one.
    const name = this.volumeName(claim);
    if (this.volumes.get(name)) return;
    const meta = claim.metadata!;
    const path = join(this.storageDir!, `${name}_${meta.namespace}_${meta.name}`);
    await mkdir(path, { recursive: true, mode: 0o777 });
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { [annProvisionedBy]: provisionerName, [annSelectedNodeLocal]: node } },
      spec: {
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
        accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
        storageClassName: cls.metadata!.name,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: meta.namespace, name: meta.name, uid: meta.uid, resourceVersion: meta.resourceVersion },
        hostPath: { path, type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      },
    };
    try {
      await this.options.client.create(volumesRef, undefined, pv as unknown as KubeObject);
    } catch (err) {
      if (isAlreadyExists(err)) return;
      throw err;
    }
    await this.events.event(claim as unknown as KubeObject, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
  }

  /** The directory of a volume this provisioner made, only if it lies inside the storage folder. */
  private directoryOf(pv: PersistentVolume): string | undefined {
    const path = pv.spec?.hostPath?.path;
    if (!path) return undefined;
    const full = resolve(path);
    return full.startsWith(this.storageDir! + sep) ? full : undefined;
  }

  private async deleteReleased(pv: PersistentVolume): Promise<void> {
    if (pv.metadata?.annotations?.[annProvisionedBy] !== provisionerName || pv.metadata?.deletionTimestamp) return;
    if (pv.status?.phase !== 'Released' || (pv.spec?.persistentVolumeReclaimPolicy ?? 'Delete') !== 'Delete') return;
    const dir = this.directoryOf(pv);
    if (dir) await rm(dir, { recursive: true, force: true });
    await this.options.client.delete(volumesRef, undefined, pv.metadata!.name!, { preconditions: { uid: pv.metadata!.uid } }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
