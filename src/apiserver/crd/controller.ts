/**
 * Serves CustomResourceDefinitions (upstream apiextensions-apiserver's crdHandler with its naming,
 * establishing and finalizing controllers, in one): it watches the CRDs in storage and, per CRD,
 * `sync(name)` registers every served version, writes acceptedNames and the NamesAccepted/Established
 * conditions through the status, and on deletion refuses new objects, deletes the existing ones and
 * then removes the cleanup finalizer. `start()` resolves once the CRDs present at start are served.
 */
import type { ResourceInfo } from '../../api/resources';
import type { Watcher } from '../../storage/interface';
import { type Clock, realClock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { StatusError } from '../errors';
import { timestamp } from '../registry/generic/codec';
import type { GenericStore } from '../registry/generic/store';
import type { KubeObject } from '../registry/generic/strategy';
import type { Registry } from '../registry/registry';
import { desiredStatus, sameStatus, terminatingStatus } from './conditions';
import { nameConflict, serve } from './serving';
import { cleanupFinalizer, type CRD } from './types';

export interface CRDControllerOptions {
  registry: Registry;
  logger: Logger;
  clock?: Clock;
  /** Delay before a failed or unfinished sync runs again. */
  retryMs?: number;
}

interface Serving {
  /** The spec this CRD was registered with (re-registered when it changes). */
  spec: string;
  infos: ResourceInfo[];
  crd: CRD;
  terminating: boolean;
}

export class CRDController {
  private readonly registry: Registry;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly retryMs: number;
  private readonly serving = new Map<string, Serving>();
  private readonly pending = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running: Promise<void> | undefined;
  private watcher: Watcher | undefined;
  private stopped = false;

  constructor(options: CRDControllerOptions) {
    this.registry = options.registry;
    this.logger = options.logger;
    this.clock = options.clock ?? realClock;
    this.retryMs = options.retryMs ?? 500;
  }

  private get crds(): GenericStore | undefined {
    return this.registry.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')?.store;
  }

  /** Serves the CRDs in storage, then follows changes. No-op when CRDs are not a served resource. */
  async start(): Promise<void> {
    const store = this.crds;
    if (!store) return;
    const { items, resourceVersion } = await store.list(undefined, {});
    for (const crd of items) await this.syncLogged(crd.metadata.name!);
    if (this.stopped) return;
    this.watcher = await store.watch(undefined, { resourceVersion }, (type, object) => {
      if (type === 'ERROR') return void this.restartWatch();
      const name = (object as KubeObject).metadata?.name;
      if (type !== 'BOOKMARK' && name) this.enqueue(name);
    });
  }

  private restartWatch(): void {
    this.watcher?.stop();
    this.watcher = undefined;
    if (!this.stopped) this.start().catch((err: unknown) => this.logger.error('crd watch restart failed', { err: String(err) }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.watcher?.stop();
    await this.running;
  }

  enqueue(name: string): void {
    if (this.stopped) return;
    this.pending.add(name);
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.pending.size > 0) this.enqueue([...this.pending][0]!);
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0 && !this.stopped) {
      const name = [...this.pending][0]!;
      this.pending.delete(name);
      await this.syncLogged(name);
    }
  }

  private async syncLogged(name: string): Promise<void> {
    try {
      if (!(await this.sync(name))) this.retryLater(name);
    } catch (err) {
      this.logger.warn('crd sync failed; retrying', { crd: name, err: String(err) });
      this.retryLater(name);
    }
  }

  private retryLater(name: string): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(name);
    }, this.retryMs);
    this.timers.add(t);
  }

  /** Brings serving in line with the stored CRD; false when it must run again later (objects still going). */
  async sync(name: string): Promise<boolean> {
    const store = this.crds!;
    let crd: CRD;
    try {
      crd = (await store.get(undefined, name)) as CRD;
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) {
        const group = this.serving.get(name)?.crd.spec.group;
        this.unserve(name);
        if (group) await this.requeueGroup(group);
        return true;
      }
      throw err;
    }
    if (crd.metadata.deletionTimestamp) return this.finalize(crd);
    const others = [...this.serving.values()].map((s) => s.crd);
    const conflict = nameConflict(crd, others);
    if (conflict) this.unserve(name);
    else this.ensureServed(crd);
    await this.writeStatus(crd, desiredStatus(crd, conflict, timestamp(this.clock.now())));
    return true;
  }

  private ensureServed(crd: CRD): void {
    const name = crd.metadata.name!;
    const spec = JSON.stringify(crd.spec);
    const current = this.serving.get(name);
    if (current?.spec === spec) {
      current.crd = crd;
      return;
    }
    const entry: Serving = { spec, infos: [], crd, terminating: false };
    // Registering replaces a version in place; only versions no longer served stop (no 404 window on updates).
    entry.infos = serve(this.registry, crd, () => !entry.terminating);
    const kept = new Set(entry.infos.map((i) => i.version));
    for (const info of current?.infos ?? []) if (!kept.has(info.version)) this.registry.unregister(info);
    this.serving.set(name, entry);
    this.logger.info('serving custom resource', { crd: name, versions: entry.infos.map((i) => i.version).join(',') });
  }

  private unserve(name: string): void {
    const current = this.serving.get(name);
    if (!current) return;
    for (const info of current.infos) this.registry.unregister(info);
    this.serving.delete(name);
    this.logger.info('stopped serving custom resource', { crd: name });
  }

  /** Names freed in a group may now be taken by a CRD that conflicted (upstream's naming controller requeues the group). */
  private async requeueGroup(group: string): Promise<void> {
    const { items } = await this.crds!.list(undefined, {});
    for (const item of items as CRD[]) if (item.spec.group === group && !this.serving.has(item.metadata.name!)) this.enqueue(item.metadata.name!);
  }

  private async writeStatus(crd: CRD, status: NonNullable<CRD['status']>): Promise<void> {
    if (sameStatus(crd.status, status)) return;
    await this.crds!.guaranteedUpdate(undefined, crd.metadata.name!, (current) => ({ ...current, status }), { subresource: 'status' });
  }

  /** A CRD being deleted: refuse creates, delete every custom resource, then drop the cleanup finalizer. */
  private async finalize(crd: CRD): Promise<boolean> {
    const name = crd.metadata.name!;
    if (!(crd.metadata.finalizers ?? []).includes(cleanupFinalizer)) return true;
    // Still served while terminating (reads and deletes only); after a restart it is served again here so
    // its objects are found and deleted.
    if (!this.serving.has(name) && !nameConflict(crd, [...this.serving.values()].map((s) => s.crd))) this.ensureServed(crd);
    const entry = this.serving.get(name);
    if (entry) entry.terminating = true;
    const store = entry?.infos[0] ? this.registry.lookup(entry.infos[0].group, entry.infos[0].version, entry.infos[0].resource)?.store : undefined;
    if (store) {
      await this.writeStatus(crd, terminatingStatus(crd, timestamp(this.clock.now()), 'CustomResource deletion is in progress'));
      const deleted = await store.deleteCollection(undefined, {});
      const { items } = await store.list(undefined, { limit: 1 });
      if (items.length > 0) {
        this.logger.debug('waiting for custom resources to go', { crd: name, deleted: deleted.length });
        return false;
      }
    }
    this.unserve(name);
    await this.crds!.guaranteedUpdate(undefined, name, (current) => {
      current.metadata.finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== cleanupFinalizer);
      return current;
    });
    await this.requeueGroup(crd.spec.group);
    return true;
  }
}
