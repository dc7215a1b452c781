/**
 * The Swagger 2.0 document served at /openapi/v2: every served path and the definitions they reach.
 * Parameters that read the same for every kind are shared under `parameters` with hashed names, as
 * upstream does (`dryRun-<hash>`); kubectl follows those references when it looks for `fieldValidation`.
 */
import { createHash } from 'node:crypto';
import type { ResourceInfo } from '../../api/resources';
import type { Definitions, Schema } from './definitions';
import { resourceDocument } from './document';
import { type Operation, type Paths, rootPaths } from './operations';
import type { Parameter } from './parameters';
import { servedGroups } from '../discovery/documents';

export const securityDefinitions = { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } };

function parameterObject(p: Parameter): Schema {
  const o: Schema = {};
  if (p.description) o.description = p.description;
  o.in = p.in;
  o.name = p.name;
  if (p.required) o.required = true;
  if (p.schema) o.schema = p.schema;
  if (p.type) {
    o.type = p.type;
    o.uniqueItems = true;
  }
  return o;
}

class SharedParameters {
  readonly byKey: Record<string, Schema> = {};
  private readonly keys = new Map<Parameter, string>();

  ref(p: Parameter): Schema {
    if (!p.shared) return parameterObject(p);
    let key = this.keys.get(p);
    if (!key) {
      const object = parameterObject(p);
      const hash = createHash('sha256').update(JSON.stringify(object)).digest('base64url').slice(0, 8);
      key = `${p.name}-${hash}`;
      this.keys.set(p, key);
      this.byKey[key] = object;
    }
    return { $ref: `#/parameters/${key}` };
  }
}

function operationObject(o: Operation, shared: SharedParameters): Schema {
  const out: Schema = { consumes: o.consumes, description: o.description, operationId: o.operationId };
  if (o.params.length > 0) out.parameters = o.params.map((p) => shared.ref(p));
  out.produces = o.produces;
  out.responses = Object.fromEntries(o.responses.map((r) => [r.code, r.schema ? { description: r.description, schema: r.schema } : { description: r.description }]));
  out.schemes = ['https'];
  out.tags = o.tags;
  if (o.action) out['x-kubernetes-action'] = o.action;
  if (o.gvk && o.action) out['x-kubernetes-group-version-kind'] = { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version };
  return out;
}

function pathObjects(paths: Paths, shared: SharedParameters): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const [path, item] of paths) {
    const object: Schema = {};
    for (const o of [...item.operations].sort((a, b) => (a.method < b.method ? -1 : 1))) object[o.method] = operationObject(o, shared);
    if (item.params.length > 0) object.parameters = item.params.map((p) => shared.ref(p));
    out[path] = object;
  }
  return out;
}

export function buildSwagger(definitions: Definitions, resources: readonly ResourceInfo[], version: string): Schema {
  const extra: Paths = new Map([...rootPaths('api'), ...rootPaths('apis'), ...rootPaths('version')]);
  for (const group of servedGroups(resources).keys()) if (group !== '') for (const [k, v] of rootPaths('group', group)) extra.set(k, v);
  const { paths, schemas } = resourceDocument(definitions, resources, resources, extra);
  const shared = new SharedParameters();
  const pathsObject = pathObjects(paths, shared);
  return {
    definitions: schemas,
    info: { title: 'Kubernetes', version },
    parameters: Object.fromEntries(Object.entries(shared.byKey).sort(([a], [b]) => (a < b ? -1 : 1))),
    paths: pathsObject,
    security: [{ BearerToken: [] }],
    securityDefinitions,
    swagger: '2.0',
  };
}
