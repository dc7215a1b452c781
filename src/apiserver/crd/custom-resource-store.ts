/**
 * The store of one served version of a CRD: the generic store over the shared key prefix
 * (/registry/<group>/<plural>/), with objects leaving it in the version asked for (conversion None:
 * only apiVersion changes) and pruned and defaulted by that version's schema, as upstream defaults
 * what it reads from etcd.
 */
import type { ListParams, ListResult } from '../registry/generic/list';
import { GenericStore, type DeleteOptions, type DeleteResult, type StoreOptions, type WriteOptions } from '../registry/generic/store';
import type { KubeObject } from '../registry/generic/strategy';
import type { WatchParams, WatchSink } from '../registry/generic/watch';
import type { Watcher } from '../../storage/interface';
import { StatusError } from '../errors';
import { normalize } from './custom-resource-strategy';
import type { JSONSchemaProps } from './schema/types';

export interface CustomResourceStoreOptions extends StoreOptions {
  schema: JSONSchemaProps | undefined;
  /** Whether new objects may be created (false once the CRD is being deleted). */
  acceptsCreates: () => boolean;
}

export class CustomResourceStore extends GenericStore {
  private readonly apiVersion: string;
  private readonly schema: JSONSchemaProps | undefined;
  private readonly acceptsCreates: () => boolean;

  constructor(options: CustomResourceStoreOptions) {
    super(options);
    this.apiVersion = `${options.info.group}/${options.info.version}`;
    this.schema = options.schema;
    this.acceptsCreates = options.acceptsCreates;
  }

  /** The stored object as this version serves it. */
  private out(obj: KubeObject): KubeObject {
    if (obj.kind === 'Status') return obj;
    obj.apiVersion = this.apiVersion;
    normalize(obj, this.schema);
    return obj;
  }

  override async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    return this.out(await super.get(namespace, name));
  }

  override async create(namespace: string | undefined, input: KubeObject, options?: WriteOptions): Promise<KubeObject> {
    if (!this.acceptsCreates()) throw new StatusError(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating');
    return this.out(await super.create(namespace, input, options));
  }

  override async guaranteedUpdate(
    namespace: string | undefined,
    name: string,
    mutate: (current: KubeObject) => KubeObject | Promise<KubeObject>,
    options?: WriteOptions,
  ): Promise<KubeObject> {
    return this.out(await super.guaranteedUpdate(namespace, name, (current) => mutate(this.out(current)), options));
  }

  override async delete(namespace: string | undefined, name: string, options?: DeleteOptions): Promise<DeleteResult> {
    const result = await super.delete(namespace, name, options);
    return { ...result, object: this.out(result.object) };
  }

  override async list(namespace: string | undefined, params: ListParams): Promise<ListResult> {
    const result = await super.list(namespace, params);
    return { ...result, items: result.items.map((o) => this.out(o)) };
  }

  override watch(namespace: string | undefined, params: WatchParams, sink: WatchSink): Promise<Watcher> {
    return super.watch(namespace, params, (type, object) => sink(type, type === 'ERROR' || type === 'BOOKMARK' ? object : this.out(object as KubeObject)));
  }
}
