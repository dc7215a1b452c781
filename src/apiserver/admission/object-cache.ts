/**
 * What admission plugins read (namespaces, LimitRanges, ResourceQuotas, PriorityClasses), kept in memory
 * from one in-process watch per resource instead of a storage read on every request, as upstream's
 * plugins read informer listers. Storage feeds in-process watchers when a write commits, before the
 * write is answered, so a request sent after another's answer sees its effect here.
 *
 * Storage feeds watches per server, so with several servers on one datastore the cache misses what the
 * others wrote: a name it does not hold is looked up in storage (as upstream's NamespaceLifecycle does a
 * live lookup), so an object made through another server is never refused as missing.
 */
import type { Watcher } from '../../storage/interface';
import { StatusError } from '../errors';
import type { GenericStore } from '../registry/generic/store';
import type { KubeObject } from '../registry/generic/strategy';

/** Reads of one resource as admission plugins make them. */
export interface Lister {
  /** The objects of `namespace` (all, for a cluster-scoped resource), in no particular order. */
  list(namespace?: string): Promise<KubeObject[]>;
  get(namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
}

export class ObjectCache implements Lister {
  /** namespace ('' for cluster-scoped) → name → object; undefined until the first read, or after an error. */
  private objects: Map<string, Map<string, KubeObject>> | undefined;
  private starting: Promise<Map<string, Map<string, KubeObject>>> | undefined;
  private watcher: Watcher | undefined;
  private stopped = false;

  constructor(private readonly store: () => GenericStore) {}

  async list(namespace?: string): Promise<KubeObject[]> {
    const objects = await this.current();
    return [...(objects.get(namespace ?? '')?.values() ?? [])];
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const cached = (await this.current()).get(namespace ?? '')?.get(name);
    if (cached) return cached;
    return this.store()
      .get(namespace, name)
      .catch((err: unknown) => {
        if (err instanceof StatusError && err.code === 404) return undefined;
        throw err;
      });
  }

  stop(): void {
    this.stopped = true;
    this.reset();
  }

  private current(): Promise<Map<string, Map<string, KubeObject>>> {
    if (this.objects && !this.stopped) return Promise.resolve(this.objects);
    return (this.starting ??= this.start().finally(() => (this.starting = undefined)));
  }

  /** Lists through a watch from now: ADDED for what exists, then every change as it commits. */
  private async start(): Promise<Map<string, Map<string, KubeObject>>> {
    const objects = new Map<string, Map<string, KubeObject>>();
    const watcher = await this.store().watch(undefined, {}, (type, obj) => {
      const o = obj as KubeObject;
      if (type === 'ERROR') return this.reset();
      if (type === 'BOOKMARK') return;
      const ns = o.metadata.namespace ?? '';
      let names = objects.get(ns);
      if (type === 'DELETED') {
        names?.delete(o.metadata.name!);
        if (names?.size === 0) objects.delete(ns);
        return;
      }
      if (!names) objects.set(ns, (names = new Map()));
      names.set(o.metadata.name!, o);
    });
    if (this.stopped) {
      watcher.stop();
      return objects;
    }
    this.watcher = watcher;
    this.objects = objects;
    return objects;
  }

  /** Forgets everything; the next read lists and watches again. */
  private reset(): void {
    this.watcher?.stop();
    this.watcher = undefined;
    this.objects = undefined;
  }
}
