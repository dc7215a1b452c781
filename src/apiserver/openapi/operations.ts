/**
 * The REST operations of each resource, as upstream's API installer describes them in OpenAPI: one
 * model, written out as Swagger 2.0 (v2.ts) and OpenAPI 3.0 (v3.ts). Paths, operation ids, actions,
 * tags and response codes follow upstream (listCoreV1NamespacedConfigMap, x-kubernetes-action "list",
 * tag core_v1, ...).
 */
import type { ResourceInfo } from '../../api/resources';
import { type GroupVersionKind, subresourcesOf, type SubresourceInfo } from '../discovery/subresources';
import { definitionRef, type KindResolver, meta, type Schema } from './definitions';
import { bodyParam, connectParams, deleteCollectionParams, deleteParams, listParams, nameParam, type Parameter, params, writeParams } from './parameters';

export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete' | 'head' | 'options';

export interface Response {
  code: string;
  description: string;
  schema?: Schema;
}

export interface Operation {
  method: Method;
  operationId: string;
  description: string;
  tags: string[];
  action: string;
  gvk?: GroupVersionKind;
  params: Parameter[];
  /** Media types of the request body (Swagger `consumes`; OpenAPI 3 requestBody content). */
  consumes: string[];
  produces: string[];
  responses: Response[];
}

export interface PathItem {
  params: Parameter[];
  operations: Operation[];
}

export type Paths = Map<string, PathItem>;

const json = ['application/json', 'application/yaml'];
const watchable = [...json, 'application/json;stream=watch'];
const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const unauthorized: Response = { code: '401', description: 'Unauthorized' };
const ok = (schema?: Schema): Response => ({ code: '200', description: 'OK', ...(schema ? { schema } : {}) });

/** "rbac.authorization.k8s.io" → ["rbac", "authorization"]; the core group is "core". */
function groupWords(group: string): string[] {
  return group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split(/[.-]/);
}
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** "RbacAuthorizationV1", as upstream's operation ids spell a group version. */
export const groupVersionName = (group: string, version: string) => groupWords(group).map(capitalize).join('') + capitalize(version);
/** "rbacAuthorization", upstream's tag stem. */
export const groupTag = (group: string) => groupWords(group).map((w, i) => (i === 0 ? w : capitalize(w))).join('');

export const apiRoot = (r: { group: string; version: string }) => (r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`);

interface Names {
  r: ResourceInfo;
  gv: string;
  tags: string[];
  gvk: GroupVersionKind;
  kindRef: Schema;
  listRef: Schema;
  /** "Namespaced" for namespaced resources, as in readCoreV1NamespacedConfigMap. */
  scope: string;
  builtin: boolean;
}

function names(r: ResourceInfo, kinds: KindResolver): Names {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  return {
    r,
    gv: groupVersionName(r.group, r.version),
    tags: [`${groupTag(r.group)}_${r.version}`],
    gvk,
    kindRef: definitionRef(kinds.nameOf(gvk)),
    listRef: definitionRef(kinds.listNameOf(r)),
    scope: r.namespaced ? 'Namespaced' : '',
    builtin: kinds.isBuiltin(gvk),
  };
}

function op(n: Names, method: Method, id: string, description: string, action: string, rest: Partial<Operation>): Operation {
  return { method, operationId: id, description, tags: n.tags, action, gvk: n.gvk, params: [], consumes: ['*/*'], produces: json, responses: [], ...rest };
}

const objectResponses = (ref: Schema, codes: Array<[string, string]>) => [...codes.map(([code, description]) => ({ code, description, schema: ref })), unauthorized];

function collectionOperations(n: Names, verbs: Set<string>): Operation[] {
  const { r, gv, scope } = n;
  const ops: Operation[] = [];
  if (verbs.has('list')) {
    ops.push(op(n, 'get', `list${gv}${scope}${r.kind}`, `list or watch objects of kind ${r.kind}`, 'list', { params: listParams, produces: watchable, responses: [ok(n.listRef), unauthorized] }));
  }
  if (verbs.has('create')) {
    ops.push(
      op(n, 'post', `create${gv}${scope}${r.kind}`, `create a ${r.kind}`, 'post', {
        params: [bodyParam(refOf(n.kindRef)), ...writeParams],
        responses: objectResponses(n.kindRef, [['200', 'OK'], ['201', 'Created'], ['202', 'Accepted']]),
      }),
    );
  }
  if (verbs.has('deletecollection')) {
    ops.push(
      op(n, 'delete', `delete${gv}Collection${scope}${r.kind}`, `delete collection of ${r.kind}`, 'deletecollection', {
        params: deleteCollectionParams,
        responses: [ok(definitionRef(meta('Status'))), unauthorized],
      }),
    );
  }
  return ops;
}

const refOf = (schema: Schema) => String(schema.$ref).slice('#/definitions/'.length);

function itemOperations(n: Names, verbs: Set<string>): Operation[] {
  const { r, gv, scope } = n;
  const ops: Operation[] = [];
  if (verbs.has('get')) ops.push(op(n, 'get', `read${gv}${scope}${r.kind}`, `read the specified ${r.kind}`, 'get', { responses: [ok(n.kindRef), unauthorized] }));
  if (verbs.has('update')) {
    ops.push(
      op(n, 'put', `replace${gv}${scope}${r.kind}`, `replace the specified ${r.kind}`, 'put', {
        params: [bodyParam(refOf(n.kindRef)), ...writeParams],
        responses: objectResponses(n.kindRef, [['200', 'OK'], ['201', 'Created']]),
      }),
    );
  }
  if (verbs.has('patch')) ops.push(patchOperation(n, `patch${gv}${scope}${r.kind}`, `partially update the specified ${r.kind}`, n.kindRef, n.gvk));
  if (verbs.has('delete')) {
    ops.push(
      op(n, 'delete', `delete${gv}${scope}${r.kind}`, `delete a ${r.kind}`, 'delete', {
        params: deleteParams,
        responses: objectResponses(definitionRef(meta('Status')), [['200', 'OK'], ['202', 'Accepted']]),
      }),
    );
  }
  return ops;
}

function patchOperation(n: Names, id: string, description: string, ref: Schema, gvk: GroupVersionKind): Operation {
  // Custom resources take no strategic merge patch upstream: their OpenAPI says so, and kubectl reads it.
  const consumes = n.builtin ? patchTypes : patchTypes.filter((t) => !t.includes('strategic'));
  return op(n, 'patch', id, description, 'patch', {
    gvk,
    params: [params.patchBody, ...writeParams, params.force],
    consumes,
    responses: objectResponses(ref, [['200', 'OK'], ['201', 'Created']]),
  });
}

const watchDescription = (kind: string) =>
  `watch changes to an object of kind ${kind}. Deprecated: list with watch=true and a fieldSelector on metadata.name instead.`;
const watchListDescription = (kind: string) => `watch individual changes to a list of ${kind}. Deprecated: list with watch=true instead.`;
const watchResponse = [ok(definitionRef(meta('WatchEvent'))), unauthorized];

/** The paths of one resource and its subresources, keyed by URL template. */
export function resourcePaths(r: ResourceInfo, kinds: KindResolver, paths: Paths): void {
  const n = names(r, kinds);
  const verbs = new Set(r.verbs);
  const root = apiRoot(r);
  const scopePrefix = r.namespaced ? '/namespaces/{namespace}' : '';
  const scopeParams = r.namespaced ? [params.namespace] : [];
  const collection = `${root}${scopePrefix}/${r.resource}`;
  const item = `${collection}/{name}`;
  const name = nameParam(r.kind);
  const add = (path: string, pathParams: Parameter[], operations: Operation[]) => {
    if (operations.length > 0) paths.set(path, { params: pathParams, operations });
  };

  add(collection, [...scopeParams, params.pretty], collectionOperations(n, verbs));
  add(item, [name, ...scopeParams, params.pretty], itemOperations(n, verbs));
  if (verbs.has('watch')) {
    const watchOp = (id: string, description: string, action: string) => op(n, 'get', id, description, action, { produces: watchable, responses: watchResponse });
    add(`${root}/watch${scopePrefix}/${r.resource}`, [...listParams, ...scopeParams, params.pretty].sort(byName), [
      watchOp(`watch${n.gv}${n.scope}${r.kind}List`, watchListDescription(r.kind), 'watchlist'),
    ]);
    add(`${root}/watch${scopePrefix}/${r.resource}/{name}`, [...listParams, name, ...scopeParams, params.pretty].sort(byName), [
      watchOp(`watch${n.gv}${n.scope}${r.kind}`, watchDescription(r.kind), 'watch'),
    ]);
  }
  if (r.namespaced && verbs.has('list')) {
    add(`${root}/${r.resource}`, [...listParams, params.pretty].sort(byName), [
      op(n, 'get', `list${n.gv}${r.kind}ForAllNamespaces`, `list or watch objects of kind ${r.kind}`, 'list', { produces: watchable, responses: [ok(n.listRef), unauthorized] }),
    ]);
    if (verbs.has('watch')) {
      add(`${root}/watch/${r.resource}`, [...listParams, params.pretty].sort(byName), [
        op(n, 'get', `watch${n.gv}${r.kind}ListForAllNamespaces`, watchListDescription(r.kind), 'watchlist', { produces: watchable, responses: watchResponse }),
      ]);
    }
  }
  for (const sub of subresourcesOf(r)) subresourcePaths(n, sub, item, [name, ...scopeParams], kinds, paths);
}

const byName = (a: Parameter, b: Parameter) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function subresourcePaths(n: Names, sub: SubresourceInfo, item: string, itemParams: Parameter[], kinds: KindResolver, paths: Paths): void {
  const { r, gv, scope } = n;
  const suffix = capitalize(sub.name);
  const verbs = new Set(sub.verbs);
  const path = `${item}/${sub.name}`;
  const base = `${gv}${scope}${r.kind}${suffix}`;
  const subNames: Names = { ...n, gvk: sub.kind };
  const withName = (kind: string): Parameter[] => [nameParam(kind), ...itemParams.slice(1)];

  if (connectParams[sub.name] && sub.name !== 'log') {
    // exec, attach, portforward, proxy: streaming "connect" operations, one per HTTP method.
    const methods: Method[] = sub.name === 'proxy' ? ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] : ['get', 'post'];
    const connect = (m: Method, withPath: boolean) =>
      op(subNames, m, `connect${gv}${capitalize(m)}${scope}${r.kind}${suffix}${withPath ? 'WithPath' : ''}`, `connect ${m.toUpperCase()} requests to ${sub.name} of ${r.kind}`, 'connect', {
        produces: ['*/*'],
        responses: [ok({ type: 'string' }), unauthorized],
      });
    const nameFor = nameParam(sub.kind.kind);
    paths.set(path, { params: [nameFor, ...itemParams.slice(1), ...connectParams[sub.name]!].sort(byName), operations: methods.map((m) => connect(m, false)) });
    if (sub.name === 'proxy') {
      const pathParam: Parameter = { name: 'path', in: 'path', type: 'string', required: true, description: 'path to the resource' };
      paths.set(`${path}/{path}`, { params: [nameFor, ...itemParams.slice(1), pathParam, ...connectParams.proxy!].sort(byName), operations: methods.map((m) => connect(m, true)) });
    }
    return;
  }
  if (sub.name === 'log') {
    paths.set(path, {
      params: [...itemParams, ...connectParams.log!].sort(byName),
      operations: [
        op(subNames, 'get', `read${base}`, `read log of the specified ${r.kind}`, 'get', {
          produces: ['text/plain', 'application/json', 'application/yaml'],
          responses: [ok({ type: 'string' }), unauthorized],
        }),
      ],
    });
    return;
  }
  // Only object-carrying subresources reach a definition (connect and log answer plain text).
  const ref = definitionRef(kinds.nameOf(sub.kind));
  const operations: Operation[] = [];
  if (verbs.has('create')) {
    operations.push(
      op(subNames, 'post', `create${base}`, `create ${sub.name} of a ${r.kind}`, 'post', {
        params: [bodyParam(refOf(ref)), ...writeParams],
        responses: objectResponses(ref, [['200', 'OK'], ['201', 'Created'], ['202', 'Accepted']]),
      }),
    );
  }
  if (verbs.has('get')) operations.push(op(subNames, 'get', `read${base}`, `read ${sub.name} of the specified ${r.kind}`, 'get', { responses: [ok(ref), unauthorized] }));
  if (verbs.has('update')) {
    operations.push(
      op(subNames, 'put', `replace${base}`, `replace ${sub.name} of the specified ${r.kind}`, 'put', {
        params: [bodyParam(refOf(ref)), ...writeParams],
        responses: objectResponses(ref, [['200', 'OK'], ['201', 'Created']]),
      }),
    );
  }
  if (verbs.has('patch')) operations.push(patchOperation(subNames, `patch${base}`, `partially update ${sub.name} of the specified ${r.kind}`, ref, sub.kind));
  const pathParams = verbs.has('create') && !verbs.has('get') ? withName(sub.kind.kind) : itemParams;
  if (operations.length > 0) paths.set(path, { params: [...pathParams, params.pretty], operations });
}

/** The discovery endpoints of a group version, as upstream documents them. */
export function discoveryPaths(group: string, version: string, paths: Paths): void {
  const gv = groupVersionName(group, version);
  const path = `${apiRoot({ group, version })}/`;
  paths.set(path, {
    params: [],
    operations: [
      {
        method: 'get',
        operationId: `get${gv}APIResources`,
        description: 'get available resources',
        tags: [`${groupTag(group)}_${version}`],
        action: '',
        params: [],
        consumes: json,
        produces: json,
        responses: [ok(definitionRef(meta('APIResourceList'))), unauthorized],
      },
    ],
  });
}

/** `/api/`, `/apis/`, `/apis/<group>/` and `/version/`: the documents that are not a group version. */
export function rootPaths(kind: 'api' | 'apis' | 'group' | 'version', group = ''): Paths {
  const entry = (path: string, operationId: string, description: string, tag: string, ref: string): Paths =>
    new Map([
      [
        path,
        {
          params: [],
          operations: [
            { method: 'get', operationId, description, tags: [tag], action: '', params: [], consumes: json, produces: json, responses: [ok(definitionRef(ref)), unauthorized] },
          ],
        },
      ],
    ]);
  switch (kind) {
    case 'api':
      return entry('/api/', 'getCoreAPIVersions', 'get available API versions', 'core', meta('APIVersions'));
    case 'apis':
      return entry('/apis/', 'getAPIVersions', 'get available API versions', 'apis', meta('APIGroupList'));
    case 'group':
      return entry(`/apis/${group}/`, `get${groupWords(group).map(capitalize).join('')}APIGroup`, 'get information of a group', groupTag(group), meta('APIGroup'));
    case 'version':
      return entry('/version/', 'getCodeVersion', 'get the code version', 'version', 'io.k8s.apimachinery.pkg.version.Info');
  }
}
