/**
 * An informer (upstream client-go reflector + store): lists a resource, then watches from the list's
 * resourceVersion, keeping a local cache and telling handlers of adds, updates and deletes. A watch that
 * ends is resumed from the last seen resourceVersion; 410 Gone means relist, reconciling the cache.
 */
import { type Clock, realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { type Client, isGone, type KubeObject, type ResourceRef, type WatchEvent, type WatchHandle } from './interface';

export interface InformerHandlers<T extends KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export interface InformerOptions {
  client: Client;
  resource: ResourceRef;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  clock?: Clock;
  logger?: Logger;
  /** Delay before retrying a failed list or watch. */
  retryDelayMs?: number;
}

export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name!;
}

/** What a component reads of a shared informer: its cache, and handlers told of every change. */
export interface Informer<T extends KubeObject = KubeObject> {
  /** Adds handlers (told of what is cached already, if synced); returns what removes them. */
  addHandlers(h: InformerHandlers<T>): () => void;
  get(key: string): T | undefined;
  list(): T[];
  /** The cached objects of one namespace (upstream's namespace index): no walk over the others. */
  byNamespace(namespace: string): T[];
  hasSynced(): boolean;
  waitForSync(): Promise<void>;
}

export class ListWatchInformer<T extends KubeObject = KubeObject> implements Informer<T> {
  private readonly cache = new Map<string, T>();
  /** The cache again by namespace ('' for cluster-scoped objects): namespace → key → object. */
  private readonly namespaces = new Map<string, Map<string, T>>();
  private handlers: InformerHandlers<T>[] = [];
  private readonly clock: Clock;
  private resourceVersion = '';
  private watch: WatchHandle | undefined;
  private started = false;
  private stopped = false;
  /** refresh() calls so far, and how many of them the last completed list answers; their callers wait. */
  private refreshes = 0;
  private listedFor = 0;
  private refreshWaiters: { n: number; done: () => void }[] = [];
  private synced = false;
  private syncWaiters: (() => void)[] = [];

  constructor(private readonly options: InformerOptions) {
    this.clock = options.clock ?? realClock;
  }

  addHandlers(h: InformerHandlers<T>): () => void {
    this.handlers.push(h);
    if (this.synced) for (const obj of this.cache.values()) h.onAdd?.(obj);
    // A new array, so a removal during a dispatch does not skip another handler.
    return () => void (this.handlers = this.handlers.filter((x) => x !== h));
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  byNamespace(namespace: string): T[] {
    const objects = this.namespaces.get(namespace);
    return objects ? [...objects.values()] : [];
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((res) => this.syncWaiters.push(res));
  }

  start(): void {
    this.started = true;
    void this.run();
  }

  /** Lists again now (reconciling the cache, telling handlers what changed), then watches from there. */
  refresh(): Promise<void> {
    if (!this.started || this.stopped) return Promise.resolve();
    const n = ++this.refreshes;
    return new Promise((done) => {
      this.refreshWaiters.push({ n, done });
      this.watch?.stop();
    });
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    for (const w of this.refreshWaiters.splice(0)) w.done();
  }

  private async run(): Promise<void> {
    const { client, resource, namespace, labelSelector, fieldSelector } = this.options;
    while (!this.stopped) {
      try {
        const wanted = this.refreshes;
        if (!this.resourceVersion || wanted > this.listedFor) {
          await this.relist();
          this.listedFor = wanted;
          const answered = this.refreshWaiters.filter((w) => w.n <= wanted);
          this.refreshWaiters = this.refreshWaiters.filter((w) => w.n > wanted);
          for (const w of answered) w.done();
        }
        if (this.stopped) return;
        // A refresh asked for during that list: list again before watching.
        if (this.refreshes > this.listedFor) continue;
        let gone = false;
        this.watch = await client.watch<T>(resource, namespace, { labelSelector, fieldSelector, resourceVersion: this.resourceVersion, allowWatchBookmarks: true }, (e) => {
          if (e.type === 'ERROR') {
            if ((e.object as unknown as { code?: number }).code === 410) gone = true;
            this.watch?.stop();
            return;
          }
          this.apply(e);
        });
        await this.watch.done;
        if (gone) this.resourceVersion = '';
      } catch (err) {
        if (isGone(err)) this.resourceVersion = '';
        else {
          this.options.logger?.warn('list/watch failed; retrying', { resource: this.options.resource.resource, err: err instanceof Error ? err.message : String(err) });
          await new Promise<void>((res) => this.clock.setTimeout(res, this.options.retryDelayMs ?? 1000));
        }
      }
    }
  }

  private async relist(): Promise<void> {
    const { client, resource, namespace, labelSelector, fieldSelector } = this.options;
    const list = await client.list<T>(resource, namespace, { labelSelector, fieldSelector });
    const seen = new Set<string>();
    for (const obj of list.items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.cache.get(key);
      this.set(key, obj);
      if (!old) this.handlers.forEach((h) => h.onAdd?.(obj));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.handlers.forEach((h) => h.onUpdate?.(old, obj));
    }
    for (const [key, old] of this.cache) {
      if (!seen.has(key)) {
        this.remove(key, old);
        this.handlers.forEach((h) => h.onDelete?.(old));
      }
    }
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private apply(e: WatchEvent<T>): void {
    this.resourceVersion = e.object.metadata.resourceVersion ?? this.resourceVersion;
    if (e.type === 'BOOKMARK') return;
    const key = objectKey(e.object);
    const old = this.cache.get(key);
    if (e.type === 'DELETED') {
      if (old) this.remove(key, old);
      this.handlers.forEach((h) => h.onDelete?.(e.object));
    } else {
      this.set(key, e.object);
      if (old) this.handlers.forEach((h) => h.onUpdate?.(old, e.object));
      else this.handlers.forEach((h) => h.onAdd?.(e.object));
    }
  }

  private set(key: string, obj: T): void {
    this.cache.set(key, obj);
    const ns = obj.metadata.namespace ?? '';
    let objects = this.namespaces.get(ns);
    if (!objects) this.namespaces.set(ns, (objects = new Map()));
    objects.set(key, obj);
  }

  private remove(key: string, old: T): void {
    this.cache.delete(key);
    const ns = old.metadata.namespace ?? '';
    const objects = this.namespaces.get(ns);
    objects?.delete(key);
    if (objects?.size === 0) this.namespaces.delete(ns);
  }
}
