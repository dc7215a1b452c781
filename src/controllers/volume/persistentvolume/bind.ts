/**
 * The claim half of the PersistentVolume binder (upstream syncUnboundClaim / syncBoundClaim and bind()):
 * volume first (claimRef, bound-by-controller, phase Bound), then the claim (volumeName, bind-completed,
 * bound-by-controller, then status Bound with the volume's capacity and access modes).
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Client, KubeObject } from '../../../client/interface';
import type { EventRecorder } from '../../../client/event-recorder';
import { annBetaStorageProvisioner, annBindCompleted, annBoundByController, annSelectedNode, annStorageProvisioner, claimClass, claimRefersTo, findMatchingVolume } from '../../../api/volume-match';

export const claimsRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
export const volumesRef = { group: '', version: 'v1', resource: 'persistentvolumes' };
export const noProvisioner = 'kubernetes.io/no-provisioner';

export interface ClaimBinderOptions {
  client: Client;
  volumes: () => PersistentVolume[];
  storageClass: (name: string) => StorageClass | undefined;
  /** Records events about claims. */
  events: EventRecorder;
}

const asObject = (o: unknown) => o as KubeObject;

export class ClaimBinder {
  /** Claims (uid + reason) already told why they wait, so a resync does not repeat the event. */
  private readonly told = new Set<string>();

  constructor(private readonly options: ClaimBinderOptions) {}

  /** A deleted claim needs no more memory of what it was told. */
  forget(uid: string | undefined): void {
    for (const key of this.told) if (key.startsWith(`${uid}/`)) this.told.delete(key);
  }

  async syncClaim(claim: PersistentVolumeClaim, volume: (name: string) => PersistentVolume | undefined): Promise<void> {
    const volumeName = claim.spec?.volumeName;
    if (!volumeName) return this.syncUnbound(claim);
    const pv = volume(volumeName);
    if (!pv) {
      if (claim.metadata?.annotations?.[annBindCompleted]) {
        await this.setClaimStatus(claim, { phase: 'Lost' });
        return this.tell(claim, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      }
      return this.setClaimStatus(claim, { phase: 'Pending' });
    }
    const ref = pv.spec?.claimRef;
    if (ref && !claimRefersTo(pv, claim)) {
      if (claim.metadata?.annotations?.[annBindCompleted]) {
        await this.setClaimStatus(claim, { phase: 'Lost' });
        return this.tell(claim, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
      }
      return this.setClaimStatus(claim, { phase: 'Pending' }); // the volume belongs to another claim
    }
    await this.bind(claim, pv);
  }

  private async syncUnbound(claim: PersistentVolumeClaim): Promise<void> {
    const cls = claimClass(claim) ? this.options.storageClass(claimClass(claim)) : undefined;
    const waitForConsumer = cls?.volumeBindingMode === 'WaitForFirstConsumer';
    const selectedNode = claim.metadata?.annotations?.[annSelectedNode];
    if (waitForConsumer && !selectedNode) {
      await this.setClaimStatus(claim, { phase: 'Pending' });
      return this.tell(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    }
    const node = selectedNode ? { metadata: { name: selectedNode, labels: { 'kubernetes.io/hostname': selectedNode } } } : undefined;
    const pv = findMatchingVolume(claim, this.options.volumes(), waitForConsumer ? node : undefined);
    if (pv) return this.bind(claim, pv);
    await this.setClaimStatus(claim, { phase: 'Pending' });
    if (cls && cls.provisioner !== noProvisioner) return this.provisionExternally(claim, cls.provisioner);
    if (claimClass(claim) === '') return this.tell(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    if (!cls) return this.tell(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${claimClass(claim)}" not found`);
  }

  /** upstream provisionClaim for an out-of-tree provisioner: name it on the claim and wait. */
  private async provisionExternally(claim: PersistentVolumeClaim, provisioner: string): Promise<void> {
    const annotations = claim.metadata?.annotations ?? {};
    if (annotations[annStorageProvisioner] !== provisioner) {
      const patch = { metadata: { annotations: { [annStorageProvisioner]: provisioner, [annBetaStorageProvisioner]: provisioner } } };
      await this.options.client.patch(claimsRef, claim.metadata!.namespace, claim.metadata!.name!, 'merge', patch);
    }
    const message = `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
    await this.tell(claim, 'Normal', 'ExternalProvisioning', message);
  }

  private async bind(claim: PersistentVolumeClaim, pv: PersistentVolume): Promise<void> {
    const { client } = this.options;
    const meta = claim.metadata!;
    if (!claimRefersTo(pv, claim) || !pv.spec?.claimRef?.uid) {
      const claimRef = { kind: 'PersistentVolumeClaim', namespace: meta.namespace, name: meta.name, uid: meta.uid, apiVersion: 'v1', resourceVersion: meta.resourceVersion };
      const boundBy = pv.spec?.claimRef ? {} : { [annBoundByController]: 'yes' };
      const annotations = { ...(pv.metadata?.annotations ?? {}), ...boundBy };
      pv = (await client.update(volumesRef, undefined, asObject({ ...pv, metadata: { ...pv.metadata, annotations }, spec: { ...pv.spec, claimRef } }))) as unknown as PersistentVolume;
    }
    if (pv.status?.phase !== 'Bound') {
      pv = (await client.update(volumesRef, undefined, asObject({ ...pv, status: { ...(pv.status ?? {}), phase: 'Bound' } }), { subresource: 'status' })) as unknown as PersistentVolume;
    }
    const annotations: Record<string, string> = { ...(meta.annotations ?? {}), [annBindCompleted]: 'yes' };
    if (!claim.spec?.volumeName) annotations[annBoundByController] = 'yes';
    if (claim.spec?.volumeName !== pv.metadata!.name || meta.annotations?.[annBindCompleted] !== 'yes') {
      claim = (await client.update(claimsRef, meta.namespace, asObject({ ...claim, metadata: { ...meta, annotations }, spec: { ...claim.spec, volumeName: pv.metadata!.name } }))) as unknown as PersistentVolumeClaim;
    }
    await this.setClaimStatus(claim, { phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity });
  }

  private async setClaimStatus(claim: PersistentVolumeClaim, status: PersistentVolumeClaim['status']): Promise<void> {
    const current = claim.status ?? {};
    const next = { ...current, ...status };
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    await this.options.client.update(claimsRef, claim.metadata!.namespace, asObject({ ...claim, status: next }), { subresource: 'status' });
  }

  private async tell(claim: PersistentVolumeClaim, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const key = `${claim.metadata?.uid}/${reason}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    await this.options.events.event(asObject(claim), type, reason, message);
  }
}
