/**
 * The one way controllers, the scheduler and node components reach the API. Implemented in-process (no
 * sockets, through the same admission and validation as HTTP) and over HTTPS for agents.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** Which resource a call is about. */
export interface ResourceRef {
  group: string;
  version: string;
  /** Plural, e.g. 'configmaps'. */
  resource: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface ObjectList<T extends KubeObject = KubeObject> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WatchHandle {
  stop(): void;
  /** Resolves when the watch ends, for any reason (server timeout, error, stop). */
  done: Promise<void>;
}

export type PatchType = 'json' | 'merge' | 'strategic';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  subresource?: string;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** What discovery says about one served resource. */
export interface ServedResource extends ResourceRef {
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

export interface Client {
  /** GET of an object, or with `options.subresource` of its subresource (e.g. 'scale'). */
  get<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, options?: { subresource?: string }): Promise<T>;
  list<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<ObjectList<T>>;
  create<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions): Promise<T>;
  /** PUT; `options.subresource` selects e.g. 'status' or 'finalize'. */
  update<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions): Promise<T>;
  patch<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, type: PatchType, patch: unknown, options?: WriteOptions): Promise<T>;
  delete(r: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<void>;
  deleteCollection(r: ResourceRef, namespace: string | undefined, options?: ListOptions & DeleteOptions): Promise<void>;
  /** Events go to `handler` in order; the handle's `done` resolves when the stream ends. */
  watch<T extends KubeObject = KubeObject>(r: ResourceRef, namespace: string | undefined, options: WatchOptions, handler: (event: WatchEvent<T>) => void): Promise<WatchHandle>;
  /** Every resource the server serves (discovery). */
  serverResources(): Promise<ServedResource[]>;
}

/** A failed API call: the server's Status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly status?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isNotFound = (err: unknown) => err instanceof ApiError && err.code === 404;
export const isConflict = (err: unknown) => err instanceof ApiError && err.code === 409 && err.reason === 'Conflict';
export const isAlreadyExists = (err: unknown) => err instanceof ApiError && err.reason === 'AlreadyExists';
export const isGone = (err: unknown) => err instanceof ApiError && err.code === 410;

/** The URL path of a collection or object. */
export function resourcePath(r: ResourceRef, namespace: string | undefined, name?: string, subresource?: string): string {
  let p = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.resource}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

export function listQuery(options: ListOptions & { watch?: boolean; allowWatchBookmarks?: boolean; timeoutSeconds?: number } = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(options)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
