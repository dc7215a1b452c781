/**
 * The generic store (upstream registry/generic/registry/store.go): create, get, update and delete for any
 * resource, in a fixed order — prepare, default, validate, write with compare-and-swap — with the
 * per-kind parts delegated to a Strategy. List and watch live in list.ts and watch.ts.
 */
import { randomUUID } from 'node:crypto';
import { jsonEqual } from '../../../util/json-equal';
import type { ResourceInfo } from '../../../api/resources';
import { foregroundFinalizer, orphanFinalizer } from '../../../api/finalizers';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../api/validation/object-meta';
import type { FieldError } from '../../../api/validation/field-errors';
import { type Backend, ConflictError, KeyExistsError, type KeyValue, NotFoundError } from '../../../storage/interface';
import { type Clock, realClock } from '../../../util/clock';
import { errors, StatusError } from '../../errors';
import { decode, encode, timestamp } from './codec';
import { keysFor, type Keys } from './keys';
import type { KubeObject, Strategy } from './strategy';
import { listObjects, type ListParams, type ListResult } from './list';
import { watchObjects, type WatchParams, type WatchSink } from './watch';
import type { Watcher } from '../../../storage/interface';

/**
 * A resource served in one version and stored as another (events.k8s.io/v1 Events are core/v1 Events in
 * storage, as upstream): where it is stored, and how objects convert on the way in and out.
 */
export interface StorageConversion {
  storedAs: ResourceInfo;
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

export interface StoreOptions {
  info: ResourceInfo;
  strategy: Strategy;
  backend: Backend;
  clock?: Clock;
  conversion?: StorageConversion;
}

/** How this store's objects go to and come from storage. */
export interface StoreCodec {
  decode(kv: KeyValue, revision?: number): KubeObject;
  encode(obj: KubeObject): string;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** Update through this subresource ('status', 'finalize'…): its strategy decides what may change. */
  subresource?: string;
  /** Called with the object about to be written (after preparation and validation) and the stored one. */
  beforeWrite?: (obj: KubeObject, old: KubeObject | undefined) => void;
}

export interface DeleteOptions extends WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}

export interface DeleteResult {
  /** The object as it was deleted, or as it now is when deletion only began (finalizers). */
  object: KubeObject;
  /** True when the object is gone; false when it was only marked for deletion. */
  deleted: boolean;
}

const maxConflictRetries = 20;

export class GenericStore {
  readonly info: ResourceInfo;
  readonly strategy: Strategy;
  readonly keys: Keys;
  readonly codec: StoreCodec;
  /** Decoded watch events by stored value: every watcher of a committed event shares one decode. */
  private readonly shared = new WeakMap<KeyValue, KubeObject>();
  /** Decodes for watchers; the result is shared between them and must not be mutated. */
  private readonly decodeShared = (kv: KeyValue, revision?: number): KubeObject => {
    let obj = this.shared.get(kv);
    if (!obj || (revision !== undefined && obj.metadata.resourceVersion !== String(revision))) {
      obj = this.codec.decode(kv, revision);
      this.shared.set(kv, obj);
    }
    return obj;
  };
  private readonly backend: Backend;
  private readonly clock: Clock;
  /** Stored in another version than served (custom resources): what was written is converted back on the way out. */
  private readonly converted: boolean;

  constructor(options: StoreOptions) {
    this.info = options.info;
    this.strategy = options.strategy;
    this.backend = options.backend;
    this.clock = options.clock ?? realClock;
    this.keys = keysFor(options.conversion?.storedAs ?? options.info);
    const conversion = options.conversion;
    this.converted = conversion !== undefined;
    this.codec = conversion
      ? { decode: (kv, rev) => conversion.fromStorage(decode(kv, rev)), encode: (obj) => encode(conversion.toStorage(obj)) }
      : { decode, encode };
  }

  private get gr() {
    return { group: this.info.group, resource: this.info.resource };
  }

  private invalid(obj: KubeObject, errs: FieldError[]): StatusError {
    return errors.invalid(this.info.kind, this.info.group, obj.metadata?.name ?? obj.metadata?.generateName ?? '', errs);
  }

  private checkValid(obj: KubeObject, old?: KubeObject): void {
    const rules = { namespaced: this.info.namespaced, validateName: this.strategy.validateName };
    const errs = old ? validateObjectMetaUpdate(obj.metadata, old.metadata, rules) : validateObjectMeta(obj.metadata, rules);
    if (errs.length === 0) errs.push(...(old ? (this.strategy.validateUpdate?.(obj, old) ?? this.strategy.validate(obj)) : this.strategy.validate(obj)));
    if (errs.length > 0) throw this.invalid(obj, errs);
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const kv = await this.backend.get(this.keys.key(namespace, name));
    if (!kv) throw errors.notFound(this.gr, name);
    return this.codec.decode(kv);
  }

  async create(namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const obj = structuredClone(input);
    const meta = (obj.metadata ??= {});
    if (this.info.namespaced) meta.namespace = namespace;
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    meta.uid = randomUUID();
    meta.creationTimestamp = timestamp(this.clock.now());
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    // Defaulting comes first, as upstream defaults while decoding: preparation sees the defaulted object.
    this.strategy.defaults?.(obj);
    this.strategy.prepareForCreate?.(obj);
    this.checkValid(obj);
    options.beforeWrite?.(obj, undefined);
    if (options.dryRun) {
      if (await this.backend.get(this.keys.key(namespace, meta.name!))) throw errors.alreadyExists(this.gr, meta.name!);
      return obj;
    }
    try {
      return this.written(obj, await this.backend.create(this.keys.key(namespace, meta.name!), this.codec.encode(obj)));
    } catch (err) {
      if (err instanceof KeyExistsError) throw errors.alreadyExists(this.gr, meta.name!);
      throw err;
    }
  }

  /** PUT: replace the object; a stale metadata.resourceVersion is a 409 Conflict. */
  async update(namespace: string | undefined, name: string, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const wanted = input.metadata?.resourceVersion;
    if (!wanted && this.strategy.allowUnconditionalUpdate === false)
      throw this.invalid(input, [{ type: 'FieldValueRequired', field: 'metadata.resourceVersion', detail: 'must be specified for an update' }]);
    return this.guaranteedUpdate(namespace, name, (current) => {
      if (wanted && wanted !== current.metadata.resourceVersion)
        throw errors.conflict(this.gr, name, 'the object has been modified; please apply your changes to the latest version and try again');
      return structuredClone(input);
    }, options);
  }

  /**
   * Read-modify-write with compare-and-swap, retried on conflict (upstream GuaranteedUpdate). `mutate`
   * gets the current object and returns the desired one; it may throw a StatusError to stop.
   */
  async guaranteedUpdate(
    namespace: string | undefined,
    name: string,
    mutate: (current: KubeObject) => KubeObject | Promise<KubeObject>,
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    const key = this.keys.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.backend.get(key);
      if (!kv) throw errors.notFound(this.gr, name);
      const current = this.codec.decode(kv);
      // A second parse is the mutable copy: cheaper than structuredClone of the first.
      const obj = this.prepareUpdate(await mutate(this.codec.decode(kv)), current, namespace, options.subresource);
      options.beforeWrite?.(obj, current);
      if (jsonEqual(obj, current)) return current;
      if (options.dryRun) return obj;
      const finished = obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).length === 0 && !this.strategy.beginDelete?.(obj, obj.metadata.deletionTimestamp);
      try {
        if (finished) {
          const { revision } = await this.backend.delete(key, kv.modRevision);
          obj.metadata.resourceVersion = String(revision);
          return obj;
        }
        return this.written(obj, await this.backend.update(key, this.codec.encode(obj), kv.modRevision));
      } catch (err) {
        if (err instanceof ConflictError && attempt < maxConflictRetries) continue;
        if (err instanceof NotFoundError) throw errors.notFound(this.gr, name);
        throw err;
      }
    }
  }

  /** The object as stored at `kv`: itself with its new resourceVersion, unless storage holds another version of it. */
  private written(obj: KubeObject, kv: KeyValue): KubeObject {
    if (this.converted) return this.codec.decode(kv);
    obj.metadata.resourceVersion = String(kv.modRevision);
    return obj;
  }

  private prepareUpdate(input: KubeObject, current: KubeObject, namespace: string | undefined, subresource?: string): KubeObject {
    let obj = input;
    if (subresource) {
      const sub = this.strategy.subresources?.[subresource];
      if (!sub?.prepareForUpdate) throw errors.methodNotSupported(this.gr, 'update');
      if (input.metadata?.resourceVersion && input.metadata.resourceVersion !== current.metadata.resourceVersion)
        throw errors.conflict(this.gr, current.metadata.name!, 'the object has been modified; please apply your changes to the latest version and try again');
      obj = sub.prepareForUpdate(input, current);
      if (sub.validateUpdate) {
        const errs = [...validateObjectMetaUpdate(obj.metadata, current.metadata, { namespaced: this.info.namespaced, validateName: this.strategy.validateName }), ...sub.validateUpdate(obj, current)];
        if (errs.length > 0) throw this.invalid(obj, errs);
      } else this.checkValid(obj, current);
      return obj;
    }
    const meta = (obj.metadata ??= {});
    if (meta.name !== undefined && meta.name !== current.metadata.name)
      throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${current.metadata.name})`);
    if (this.info.namespaced && meta.namespace !== undefined && meta.namespace !== namespace)
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    meta.name = current.metadata.name;
    if (this.info.namespaced) meta.namespace = namespace;
    // System fields the user cannot change through an update.
    meta.uid ??= current.metadata.uid;
    meta.creationTimestamp ??= current.metadata.creationTimestamp;
    meta.resourceVersion = current.metadata.resourceVersion;
    if (current.metadata.deletionTimestamp) meta.deletionTimestamp = current.metadata.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (current.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds;
    this.strategy.defaults?.(obj);
    this.strategy.prepareForUpdate?.(obj, current);
    this.checkValid(obj, current);
    return obj;
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    const key = this.keys.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.backend.get(key);
      if (!kv) throw errors.notFound(this.gr, name);
      const current = this.codec.decode(kv);
      this.checkPreconditions(current, options);
      const now = timestamp(this.clock.now());
      const graceful = this.graceful(current, options);
      if (graceful === 'unchanged') return { object: current, deleted: false };
      const pending = graceful ?? this.markDeleting(current, now, options.propagationPolicy);
      try {
        if (pending) {
          if (options.dryRun || jsonEqual(pending, current)) return { object: pending, deleted: false };
          return { object: this.codec.decode(await this.backend.update(key, this.codec.encode(pending), kv.modRevision)), deleted: false };
        }
        if (options.dryRun) return { object: current, deleted: true };
        const { revision } = await this.backend.delete(key, kv.modRevision);
        current.metadata.resourceVersion = String(revision);
        return { object: current, deleted: true };
      } catch (err) {
        if (err instanceof ConflictError && attempt < maxConflictRetries) continue;
        if (err instanceof NotFoundError) throw errors.notFound(this.gr, name);
        throw err;
      }
    }
  }

  /**
   * Graceful deletion: the object marked to go in `grace` seconds (deletionTimestamp = now + grace, as
   * upstream), 'unchanged' when an earlier delete already asked for no longer a wait, or undefined when
   * it goes now (or by finalizers).
   */
  private graceful(current: KubeObject, options: DeleteOptions): KubeObject | 'unchanged' | undefined {
    if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0)
      throw errors.invalid(this.info.kind, this.info.group, current.metadata.name!, [
        { type: 'FieldValueInvalid', field: 'gracePeriodSeconds', value: options.gracePeriodSeconds, detail: 'must be greater than or equal to 0' },
      ]);
    const grace = this.strategy.gracePeriod?.(current, options.gracePeriodSeconds) ?? 0;
    if (grace <= 0) return undefined;
    const earlier = current.metadata.deletionGracePeriodSeconds;
    if (current.metadata.deletionTimestamp && earlier !== undefined && earlier <= grace) return 'unchanged';
    const marked = structuredClone(current);
    marked.metadata.deletionTimestamp = timestamp(this.clock.now() + grace * 1000);
    marked.metadata.deletionGracePeriodSeconds = grace;
    return marked;
  }

  /**
   * The object to store instead of deleting (finalizers pending), or undefined to delete now. Orphan and
   * Foreground propagation are finalizers the garbage collector acts on, as upstream.
   */
  private markDeleting(current: KubeObject, now: string, propagation: DeleteOptions['propagationPolicy']): KubeObject | undefined {
    const fromStrategy = this.strategy.beginDelete?.(structuredClone(current), now);
    const gcFinalizer = propagation === 'Orphan' ? orphanFinalizer : propagation === 'Foreground' ? foregroundFinalizer : undefined;
    let candidate = fromStrategy;
    if (gcFinalizer && !current.metadata.deletionTimestamp) {
      candidate ??= structuredClone(current);
      const finalizers = candidate.metadata.finalizers ?? [];
      if (!finalizers.includes(gcFinalizer)) candidate.metadata.finalizers = [...finalizers, gcFinalizer];
    }
    candidate ??= (current.metadata.finalizers ?? []).length > 0 ? structuredClone(current) : undefined;
    if (!candidate) return undefined;
    candidate.metadata.deletionTimestamp ??= current.metadata.deletionTimestamp ?? now;
    candidate.metadata.deletionGracePeriodSeconds ??= 0;
    return candidate;
  }

  private checkPreconditions(current: KubeObject, options: DeleteOptions): void {
    const p = options.preconditions;
    if (p?.uid && p.uid !== current.metadata.uid)
      throw errors.conflict(this.gr, current.metadata.name!, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`);
    if (p?.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion)
      throw errors.conflict(
        this.gr,
        current.metadata.name!,
        `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
  }

  list(namespace: string | undefined, params: ListParams): Promise<ListResult> {
    return listObjects({ backend: this.backend, keys: this.keys, strategy: this.strategy, gr: this.gr, decode: this.codec.decode }, namespace, params);
  }

  watch(namespace: string | undefined, params: WatchParams, sink: WatchSink): Promise<Watcher> {
    return watchObjects({ backend: this.backend, keys: this.keys, strategy: this.strategy, gr: this.gr, decode: this.decodeShared }, namespace, params, sink);
  }

  /** DELETE on the collection: deletes every object the list selects; returns those it deleted or marked. */
  async deleteCollection(namespace: string | undefined, params: ListParams, options: DeleteOptions = {}): Promise<KubeObject[]> {
    const { items } = await this.list(namespace, { ...params, limit: undefined, continue: undefined });
    const out: KubeObject[] = [];
    for (const item of items) {
      try {
        out.push((await this.delete(item.metadata.namespace, item.metadata.name!, options)).object);
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 404)) throw err;
      }
    }
    return out;
  }
}

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `prefix` plus five random characters from upstream's alphabet (no vowels, no ambiguous digits). */
export function generateName(prefix: string): string {
  let s = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}
