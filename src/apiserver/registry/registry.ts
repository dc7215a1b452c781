/** Every served resource, by group/version/resource, each with its generic store. */
import { groupVersion, type ResourceInfo } from '../../api/resources';
import type { Backend } from '../../storage/interface';
import type { Clock } from '../../util/clock';
import { GenericStore, type StoreOptions } from './generic/store';
import type { Strategy } from './generic/strategy';

export interface RegistryOptions {
  backend: Backend;
  clock?: Clock;
}

export interface Served {
  info: ResourceInfo;
  store: GenericStore;
}

export class Registry {
  private readonly byPath = new Map<string, Served>();
  /** store() answers by group/resource, rebuilt when the served set changes. */
  private byResource: { version: number; stores: Map<string, GenericStore> } | undefined;
  private readonly options: RegistryOptions;
  private version = 0;

  constructor(options: RegistryOptions) {
    this.options = options;
  }

  /** Serves a resource; `createStore` makes a store other than the generic one (custom resources). */
  register(info: ResourceInfo, strategy: Strategy, createStore: (options: StoreOptions) => GenericStore = (o) => new GenericStore(o)): GenericStore {
    const store = createStore({ info, strategy, backend: this.options.backend, clock: this.options.clock });
    this.byPath.set(`${groupVersion(info)}/${info.resource}`, { info, store });
    this.version++;
    return store;
  }

  /** Stops serving a resource at group/version/resource (a CRD version removed or deleted). */
  unregister(info: { group: string; version: string; resource: string }): void {
    if (this.byPath.delete(`${groupVersion(info)}/${info.resource}`)) this.version++;
  }

  /** The resource served at /api(s)/<group/version>/<resource>, if any. */
  lookup(group: string, version: string, resource: string): Served | undefined {
    return this.byPath.get(`${groupVersion({ group, version })}/${resource}`);
  }

  /** The store of a resource in its preferred version (for in-process callers). */
  store(group: string, resource: string): GenericStore {
    if (this.byResource?.version !== this.version) {
      const stores = new Map<string, GenericStore>();
      // The first registered version of a resource is its preferred one.
      for (const s of this.byPath.values()) if (!stores.has(`${s.info.group}/${s.info.resource}`)) stores.set(`${s.info.group}/${s.info.resource}`, s.store);
      this.byResource = { version: this.version, stores };
    }
    const store = this.byResource.stores.get(`${group}/${resource}`);
    if (!store) throw new Error(`resource ${resource}.${group} is not registered`);
    return store;
  }

  resources(): ResourceInfo[] {
    return [...this.byPath.values()].map((s) => s.info);
  }

  /** Bumped on every registration: lets discovery and OpenAPI caches know to recompute. */
  generation(): number {
    return this.version;
  }
}
