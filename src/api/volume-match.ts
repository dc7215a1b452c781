/**
 * Which PersistentVolume a claim may bind to (upstream pkg/controller/volume/persistentvolume/index.go,
 * findMatchingVolume): same storage class, same volume mode, every requested access mode, at least the
 * requested capacity, labels matching the claim's selector, and free (or pre-bound to this claim). A
 * volume pre-bound to the claim wins; otherwise the smallest that fits. For a claim waiting for its first
 * consumer, the volume must also be usable on the selected node. Shared by the PV binder and the
 * scheduler's VolumeBinding filter.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { parseQuantity } from './quantity';
import { nodeSelectorTermMatches } from './scheduling';
import { selectorFromLabelSelector, selects } from './label-selector';

export const annBindCompleted = 'pv.kubernetes.io/bind-completed';
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller';
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
export const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
export const annBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';
export const annProvisionedBy = 'pv.kubernetes.io/provisioned-by';

export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.spec?.storageClassName ?? '';
}

export function volumeClass(pv: PersistentVolume): string {
  return pv.spec?.storageClassName ?? '';
}

export function requestedBytes(claim: PersistentVolumeClaim): number {
  const storage = claim.spec?.resources?.requests?.storage;
  return storage === undefined ? 0 : parseQuantity(storage);
}

export function claimRefersTo(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** Whether a volume's node affinity lets it be used on the node (upstream CheckNodeAffinity). */
export function volumeFitsNode(pv: PersistentVolume, node: Pick<Node, 'metadata'> | undefined): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms?.length) return true;
  if (!node) return false;
  return terms.some((t) => nodeSelectorTermMatches(t, node as Node));
}

function fits(pv: PersistentVolume, claim: PersistentVolumeClaim, node: Pick<Node, 'metadata'> | undefined): boolean {
  if (pv.metadata?.deletionTimestamp || volumeClass(pv) !== claimClass(claim)) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  const modes = new Set(pv.spec?.accessModes ?? []);
  if (!(claim.spec?.accessModes ?? []).every((m) => modes.has(m))) return false;
  if (parseQuantity(pv.spec?.capacity?.storage ?? 0) < requestedBytes(claim)) return false;
  if (claim.spec?.selector && !selects(selectorFromLabelSelector(claim.spec.selector), pv.metadata?.labels)) return false;
  return node === undefined || volumeFitsNode(pv, node);
}

export function findMatchingVolume(claim: PersistentVolumeClaim, volumes: PersistentVolume[], node?: Pick<Node, 'metadata'>): PersistentVolume | undefined {
  const candidates = volumes.filter((pv) => fits(pv, claim, node));
  const preBound = candidates.find((pv) => claimRefersTo(pv, claim));
  if (preBound) return preBound;
  const free = candidates.filter((pv) => !pv.spec?.claimRef && pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed');
  free.sort((a, b) => parseQuantity(a.spec?.capacity?.storage ?? 0) - parseQuantity(b.spec?.capacity?.storage ?? 0) || a.metadata!.name!.localeCompare(b.metadata!.name!));
  return free[0];
}
