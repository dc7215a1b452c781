/**
 * The VolumeBinding plugin (upstream pkg/scheduler/framework/plugins/volumebinding), in miniature.
 * Filter: a pod's claims must exist and not be deleting; a claim bound to a volume with node affinity
 * fits only the nodes it allows; an unbound claim of an Immediate class makes the pod wait until it is
 * bound. PreBind: an unbound claim of a WaitForFirstConsumer class is annotated
 * `volume.kubernetes.io/selected-node` with the chosen node, so its provisioner provisions there, and
 * the pod is bound only once its claims are (upstream waits up to the bind timeout, 600 s, then the pod
 * is scheduled again).
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { findMatchingVolume, volumeFitsNode } from '../api/volume-match';
import type { Informer } from '../client/informer';
import type { Client, KubeObject } from '../client/interface';
import type { InformerFactory } from '../client/shared-informers';

const claimsRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const volumesRef = { group: '', version: 'v1', resource: 'persistentvolumes' };
const classesRef = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };
export const selectedNodeAnnotation = 'volume.kubernetes.io/selected-node';

export const reasons = {
  nodeConflict: 'node(s) had volume node affinity conflict',
  unboundImmediate: 'pod has unbound immediate PersistentVolumeClaims',
  bindConflict: "node(s) didn't find available persistent volumes to bind",
};

export interface VolumeBindingOptions {
  client: Client;
  informers: InformerFactory;
  /** Called when claims, volumes or classes change, so pods waiting on them are tried again. */
  onChange?: () => void;
  /** How long PreBind waits for the claims to be bound (upstream bindTimeoutSeconds: 600). */
  bindTimeoutMs?: number;
}

export class VolumeBinding {
  private readonly claims: Informer<KubeObject>;
  private readonly volumes: Informer<KubeObject>;
  private readonly classes: Informer<KubeObject>;
  /** PreBinds waiting for claim updates. */
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: VolumeBindingOptions) {
    this.claims = options.informers.informerFor(claimsRef);
    this.volumes = options.informers.informerFor(volumesRef);
    this.classes = options.informers.informerFor(classesRef);
    const changed = () => {
      options.onChange?.();
      for (const w of [...this.waiters]) w();
    };
    for (const inf of [this.claims, this.volumes, this.classes]) inf.addHandlers({ onAdd: changed, onUpdate: changed });
  }

  private podClaims(pod: Pod): { name: string; claim: PersistentVolumeClaim | undefined }[] {
    const ns = pod.metadata?.namespace;
    return (pod.spec?.volumes ?? [])
      .filter((v) => v.persistentVolumeClaim?.claimName)
      .map((v) => {
        const name = v.persistentVolumeClaim!.claimName;
        return { name, claim: this.claims.get(`${ns}/${name}`) as PersistentVolumeClaim | undefined };
      });
  }

  private waitsForConsumer(claim: PersistentVolumeClaim): boolean {
    const cls = this.classes.get(claim.spec?.storageClassName ?? '') as StorageClass | undefined;
    return cls?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /** Why the pod's volumes do not fit `node`, or undefined when they do (a returned status, never a throw). */
  filter(pod: Pod, node: Node): string | undefined {
    for (const { name, claim } of this.podClaims(pod)) {
      if (!claim) return `persistentvolumeclaim "${name}" not found`;
      if (claim.metadata?.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
      const volumeName = claim.spec?.volumeName;
      if (volumeName) {
        const pv = this.volumes.get(volumeName) as PersistentVolume | undefined;
        if (!pv) return `pvc(s) bound to non-existent pv(s)`;
        if (!volumeFitsNode(pv, node)) return reasons.nodeConflict;
        continue;
      }
      const cls = this.classes.get(claim.spec?.storageClassName ?? '') as StorageClass | undefined;
      if (cls?.volumeBindingMode !== 'WaitForFirstConsumer') return reasons.unboundImmediate;
      const selected = claim.metadata?.annotations?.[selectedNodeAnnotation];
      // Already being provisioned for another node: only that node will have the volume.
      if (selected && selected !== node.metadata?.name) return reasons.bindConflict;
      // Nothing will be provisioned: an existing volume usable on this node must be free for it.
      if (cls.provisioner === 'kubernetes.io/no-provisioner' && !findMatchingVolume(claim, this.volumes.list() as unknown as PersistentVolume[], node)) return reasons.bindConflict;
    }
    return undefined;
  }

  /** Before binding the pod: selects the node on each unbound WaitForFirstConsumer claim, then waits for them to bind. */
  async preBind(pod: Pod, nodeName: string): Promise<void> {
    const waiting: string[] = [];
    for (const { claim } of this.podClaims(pod)) {
      if (!claim || claim.spec?.volumeName || !this.waitsForConsumer(claim)) continue;
      waiting.push(`${claim.metadata!.namespace}/${claim.metadata!.name}`);
      if (claim.metadata?.annotations?.[selectedNodeAnnotation] === nodeName) continue;
      const patch = { metadata: { annotations: { [selectedNodeAnnotation]: nodeName } } };
      await this.options.client.patch(claimsRef, claim.metadata!.namespace, claim.metadata!.name!, 'merge', patch);
    }
    if (waiting.length) await this.waitForBound(waiting);
  }

  /** Resolves once every claim has its volume and the bind-completed annotation; rejects at the bind timeout. */
  private waitForBound(keys: string[]): Promise<void> {
    const bound = () =>
      keys.every((k) => {
        const c = this.claims.get(k) as PersistentVolumeClaim | undefined;
        return !!c?.spec?.volumeName && c.metadata?.annotations?.['pv.kubernetes.io/bind-completed'] === 'yes';
      });
    if (bound()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve();
      };
      const check = () => {
        if (bound()) done();
      };
      // Real time, as upstream's bind timeout: the scheduler binds in the background, so nothing else waits.
      const timer = setTimeout(() => done(new Error('binding volumes: timed out waiting for the condition')), this.options.bindTimeoutMs ?? 600_000);
      timer.unref?.();
      this.waiters.add(check);
    });
  }
}
