/**
 * The Client over a transport that speaks API paths and JSON text: the in-process loopback or HTTPS.
 * Failures become ApiError with the server's Status.
 */
import {
  ApiError,
  type Client,
  type DeleteOptions,
  type KubeObject,
  type ListOptions,
  listQuery,
  type ObjectList,
  type PatchType,
  type ResourceRef,
  resourcePath,
  type ServedResource,
  type WatchEvent,
  type WatchHandle,
  type WatchOptions,
  type WriteOptions,
} from './interface';

export interface Transport {
  request(method: string, path: string, options?: { body?: string; contentType?: string }): Promise<{ status: number; body: string }>;
  /** Rejects with an error carrying `status` and `body` when the server refuses the watch. */
  watch(path: string, onEvent: (event: { type: string; object: unknown }) => void): Promise<{ stop(): void; done: Promise<void> }>;
}

const patchContentTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

function apiError(status: number, body: string): ApiError {
  try {
    const s = JSON.parse(body) as { reason?: string; message?: string };
    return new ApiError(status, s.reason ?? 'Unknown', s.message ?? body, s as Record<string, unknown>);
  } catch {
    return new ApiError(status, 'Unknown', body);
  }
}

function writeQuery(options: WriteOptions = {}): string {
  return listQuery({ dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager } as ListOptions);
}

export class RestClient implements Client {
  constructor(private readonly transport: Transport) {}

  private async call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const res = await this.transport.request(method, path, body === undefined ? {} : { body: JSON.stringify(body), contentType });
    if (res.status >= 400) throw apiError(res.status, res.body);
    return JSON.parse(res.body) as T;
  }

  get<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, options?: { subresource?: string }): Promise<T> {
    return this.call('GET', resourcePath(r, namespace, name, options?.subresource));
  }

  list<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options: ListOptions = {}): Promise<ObjectList<T>> {
    return this.call('GET', resourcePath(r, namespace) + listQuery(options));
  }

  create<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions): Promise<T> {
    // A POST to a subresource (pods/binding, serviceaccounts/token) goes to the named object's path.
    const path = options?.subresource ? resourcePath(r, namespace, obj.metadata.name, options.subresource) : resourcePath(r, namespace);
    return this.call('POST', path + writeQuery(options), obj);
  }

  update<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions): Promise<T> {
    return this.call('PUT', resourcePath(r, namespace, obj.metadata.name, options?.subresource) + writeQuery(options), obj);
  }

  patch<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, type: PatchType, patch: unknown, options?: WriteOptions): Promise<T> {
    return this.call('PATCH', resourcePath(r, namespace, name, options?.subresource) + writeQuery(options), patch, patchContentTypes[type]);
  }

  async delete(r: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<void> {
    await this.call('DELETE', resourcePath(r, namespace, name), { kind: 'DeleteOptions', apiVersion: 'v1', ...options });
  }

  async deleteCollection(r: ResourceRef, namespace: string | undefined, options: ListOptions & DeleteOptions = {}): Promise<void> {
    const { labelSelector, fieldSelector, ...del } = options;
    await this.call('DELETE', resourcePath(r, namespace) + listQuery({ labelSelector, fieldSelector }), { kind: 'DeleteOptions', apiVersion: 'v1', ...del });
  }

  async watch<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options: WatchOptions, handler: (event: WatchEvent<T>) => void): Promise<WatchHandle> {
    try {
      return await this.transport.watch(resourcePath(r, namespace) + listQuery({ ...options, watch: true }), (e) => handler(e as WatchEvent<T>));
    } catch (err) {
      const e = err as { status?: number; body?: string };
      if (typeof e.status === 'number' && typeof e.body === 'string') throw apiError(e.status, e.body);
      throw err;
    }
  }

  async serverResources(): Promise<ServedResource[]> {
    const out: ServedResource[] = [];
    const add = async (group: string, version: string, path: string) => {
      const list = await this.call<{ resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[] }>('GET', path);
      for (const res of list.resources) if (!res.name.includes('/')) out.push({ group, version, resource: res.name, kind: res.kind, namespaced: res.namespaced, verbs: res.verbs });
    };
    await add('', 'v1', '/api/v1');
    const groups = await this.call<{ groups: { name: string; preferredVersion: { version: string } }[] }>('GET', '/apis');
    for (const g of groups.groups) await add(g.name, g.preferredVersion.version, `/apis/${g.name}/${g.preferredVersion.version}`);
    return out;
  }
}
