/**
 * One informer per resource, shared by everything in the process (upstream SharedInformerFactory): the
 * controllers, the scheduler and the simulated nodes read one cache of pods, fed by one watch, instead
 * of a copy each. A component that starts and stops on its own (the controllers and the scheduler, while
 * this server leads) takes a scope: its handlers go when the scope stops, the informers stay.
 */
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { type Informer, type InformerHandlers, ListWatchInformer } from './informer';
import type { Client, KubeObject, ResourceRef } from './interface';

/** What components ask informers of. */
export interface InformerFactory {
  informerFor<T extends KubeObject = KubeObject>(resource: ResourceRef): Informer<T>;
}

export class SharedInformers implements InformerFactory {
  private readonly informers = new Map<string, ListWatchInformer>();
  private started = false;

  constructor(private readonly options: { client: Client; clock?: Clock; logger?: Logger }) {}

  /** The resource's informer; one asked for after start() starts at once. */
  informerFor<T extends KubeObject = KubeObject>(resource: ResourceRef): Informer<T> {
    const key = `${resource.group}/${resource.version}/${resource.resource}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new ListWatchInformer({ ...this.options, resource });
      this.informers.set(key, inf);
      if (this.started) inf.start();
    }
    return inf as unknown as Informer<T>;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }

  /** Every running informer lists again; resolves when all have. */
  async refresh(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.refresh()));
  }

  /** A view for one component: the same informers, started as they are asked for once the factory is. */
  scope(): InformerScope {
    return new InformerScope(this);
  }
}

export class InformerScope implements InformerFactory {
  private readonly used = new Set<Informer>();
  private readonly removers: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly shared: SharedInformers) {}

  informerFor<T extends KubeObject = KubeObject>(resource: ResourceRef): Informer<T> {
    const inf = this.shared.informerFor<T>(resource);
    this.used.add(inf as unknown as Informer);
    return {
      addHandlers: (h: InformerHandlers<T>) => {
        const remove = this.stopped ? () => undefined : inf.addHandlers(h);
        this.removers.push(remove);
        return remove;
      },
      get: (key) => inf.get(key),
      list: () => inf.list(),
      byNamespace: (namespace) => inf.byNamespace(namespace),
      hasSynced: () => inf.hasSynced(),
      waitForSync: () => inf.waitForSync(),
    };
  }

  /** Until every informer this scope asked for has listed. */
  async waitForSync(): Promise<void> {
    await Promise.all([...this.used].map((i) => i.waitForSync()));
  }

  /** Removes the handlers added through this scope; the informers run on for the others. */
  stop(): void {
    this.stopped = true;
    for (const remove of this.removers.splice(0)) remove();
  }
}
