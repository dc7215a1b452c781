/**
 * The garbage collector (upstream pkg/controller/garbagecollector): watches every resource, keeps the
 * owner → dependents graph from ownerReferences, and
 * - deletes an object whose owners are all gone (Background propagation),
 * - for an owner deleted with Foreground propagation (`foregroundDeletion` finalizer), deletes its
 *   dependents first and lets it go once none that block it remain,
 * - for an owner deleted with Orphan propagation (`orphan` finalizer), removes its ownerReferences from
 *   the dependents and lets it go.
 * `sync(uid)` is level-based: it re-reads the graph and the API and acts on the difference.
 */
import { foregroundFinalizer, orphanFinalizer } from '../../api/finalizers';
import { type Client, isNotFound, type KubeObject, type ServedResource } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import type { Logger } from '../../util/logger';


interface Node {
  resource: ServedResource;
  obj: KubeObject;
}

type OwnerReference = NonNullable<KubeObject['metadata']['ownerReferences']>[number];

export interface GarbageCollectorOptions {
  client: Client;
  informers: InformerFactory;
  resources: ServedResource[];
  clock?: Clock;
  logger: Logger;
}

export class GarbageCollector {
  private readonly queue: WorkQueue;
  private readonly nodes = new Map<string, Node>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly byKind = new Map<string, ServedResource>();

  constructor(private readonly options: GarbageCollectorOptions) {
    this.queue = new WorkQueue({ clock: options.clock ?? realClock, logger: options.logger });
    for (const resource of options.resources) {
      this.byKind.set(`${resource.group ? `${resource.group}/` : ''}${resource.version}/${resource.kind}`, resource);
      if (!resource.verbs.includes('watch') || !resource.verbs.includes('delete')) continue;
      options.informers.informerFor(resource).addHandlers({
        onAdd: (obj) => this.observe(resource, obj),
        onUpdate: (_old, obj) => this.observe(resource, obj),
        onDelete: (obj) => this.forget(obj),
      });
    }
  }

  run(): Promise<void> {
    return this.queue.run(2, (uid) => this.sync(uid));
  }

  stop(): void {
    this.queue.shutdown();
  }

  private observe(resource: ServedResource, obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    const before = this.nodes.get(uid);
    for (const ref of before?.obj.metadata.ownerReferences ?? []) this.dependents.get(ref.uid)?.delete(uid);
    this.nodes.set(uid, { resource, obj });
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(ref.uid);
      if (!set) this.dependents.set(ref.uid, (set = new Set()));
      set.add(uid);
    }
    const finalizers = obj.metadata.finalizers ?? [];
    if ((obj.metadata.ownerReferences ?? []).length > 0) this.queue.add(uid);
    if (obj.metadata.deletionTimestamp && (finalizers.includes(orphanFinalizer) || finalizers.includes(foregroundFinalizer))) this.queue.add(uid);
  }

  private forget(obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    this.nodes.delete(uid);
    for (const ref of obj.metadata.ownerReferences ?? []) {
      this.dependents.get(ref.uid)?.delete(uid);
      this.queue.add(ref.uid); // an owner in foreground deletion may now be free to go
    }
    for (const dep of this.dependents.get(uid) ?? []) this.queue.add(dep);
  }

  async sync(uid: string): Promise<void> {
    const node = this.nodes.get(uid);
    if (!node) return;
    const finalizers = node.obj.metadata.finalizers ?? [];
    if (node.obj.metadata.deletionTimestamp) {
      if (finalizers.includes(orphanFinalizer)) return this.orphanDependents(node);
      if (finalizers.includes(foregroundFinalizer)) return this.deleteDependentsFirst(node);
      return;
    }
    await this.collectIfOwnersGone(node);
  }

  /** Whether the owner a reference names still exists (the cache first, then the API: the cache may lag). */
  private async ownerExists(namespace: string | undefined, ref: OwnerReference): Promise<'exists' | 'absent' | 'deleting-foreground'> {
    const cached = this.nodes.get(ref.uid);
    if (cached) return cached.obj.metadata.deletionTimestamp && (cached.obj.metadata.finalizers ?? []).includes(foregroundFinalizer) ? 'deleting-foreground' : 'exists';
    const resource = this.byKind.get(`${ref.apiVersion}/${ref.kind}`);
    if (!resource) return 'exists'; // an owner kind we cannot look up: never collect on a guess
    try {
      const owner = await this.options.client.get(resource, resource.namespaced ? namespace : undefined, ref.name);
      return owner.metadata.uid === ref.uid ? 'exists' : 'absent';
    } catch (err) {
      if (isNotFound(err)) return 'absent';
      throw err;
    }
  }

  private async collectIfOwnersGone(node: Node): Promise<void> {
    const { obj, resource } = node;
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const states = await Promise.all(refs.map((ref) => this.ownerExists(obj.metadata.namespace, ref)));
    const waiting = states.filter((s) => s === 'deleting-foreground').length;
    const alive = states.filter((s) => s === 'exists').length;
    if (alive > 0) {
      if (states.includes('absent')) {
        const kept = refs.filter((_r, i) => states[i] !== 'absent');
        await this.update(resource, { ...obj, metadata: { ...obj.metadata, ownerReferences: kept } });
      }
      return;
    }
    // Every owner is gone or being deleted in the foreground: this dependent goes (in the foreground
    // itself when its owner waits on it, so its own dependents go first).
    const policy = waiting > 0 ? 'Foreground' : 'Background';
    this.options.logger.info('deleting dependent whose owners are gone', { resource: resource.resource, namespace: obj.metadata.namespace, name: obj.metadata.name, policy });
    await this.options.client.delete(resource, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: policy, preconditions: { uid: obj.metadata.uid } }).catch(ignoreNotFound);
  }

  private async orphanDependents(node: Node): Promise<void> {
    const uid = node.obj.metadata.uid!;
    for (const depUid of [...(this.dependents.get(uid) ?? [])]) {
      const dep = this.nodes.get(depUid);
      if (!dep) continue;
      const refs = (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      await this.update(dep.resource, { ...dep.obj, metadata: { ...dep.obj.metadata, ownerReferences: refs } });
    }
    await this.removeFinalizer(node, orphanFinalizer);
  }

  private async deleteDependentsFirst(node: Node): Promise<void> {
    const uid = node.obj.metadata.uid!;
    let blocking = 0;
    for (const depUid of [...(this.dependents.get(uid) ?? [])]) {
      const dep = this.nodes.get(depUid);
      if (!dep) continue;
      const ref = dep.obj.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (ref?.blockOwnerDeletion) blocking++;
      if (!dep.obj.metadata.deletionTimestamp)
        await this.options.client.delete(dep.resource, dep.obj.metadata.namespace, dep.obj.metadata.name!, { propagationPolicy: 'Foreground' }).catch(ignoreNotFound);
    }
    // Dependents that block the owner's deletion must be gone first; their delete events requeue it.
    if (blocking === 0) await this.removeFinalizer(node, foregroundFinalizer);
  }

  private async removeFinalizer(node: Node, finalizer: string): Promise<void> {
    const fresh = await this.options.client.get(node.resource, node.obj.metadata.namespace, node.obj.metadata.name!).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!fresh || fresh.metadata.uid !== node.obj.metadata.uid) return;
    const finalizers = (fresh.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    await this.update(node.resource, { ...fresh, metadata: { ...fresh.metadata, finalizers } });
  }

  private async update(resource: ServedResource, obj: KubeObject): Promise<void> {
    if (obj.metadata.ownerReferences?.length === 0) delete obj.metadata.ownerReferences;
    await this.options.client.update(resource, obj.metadata.namespace, obj).catch(ignoreNotFound);
  }
}

function ignoreNotFound(err: unknown): void {
  if (!isNotFound(err)) throw err;
}
