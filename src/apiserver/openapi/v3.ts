/**
 * OpenAPI 3.0 documents, one per group version (/openapi/v3/api/v1, /openapi/v3/apis/<g>/<v>) plus the
 * small root ones, and the index at /openapi/v3 that points at each with `?hash=`. kubectl 1.27+ reads
 * these for `explain`, for strategic merge patches in `apply`, and to see whether the server takes
 * `fieldValidation`. Schemas are the v2 definitions rewritten the way upstream's v3 writes them.
 */
import type { ResourceInfo } from '../../api/resources';
import { type GroupVersionKind } from '../discovery/subresources';
import { servedGroups } from '../discovery/documents';
import { refName, type Definitions, type Schema } from './definitions';
import { resourceDocument } from './document';
import { type Operation, type Paths, rootPaths } from './operations';
import type { Parameter } from './parameters';

const schemaRef = (name: string) => `#/components/schemas/${name}`;

/** Upstream's v3 forms of the two scalars that take two JSON types (kube-openapi's OpenAPIV3OneOfTypes). */
const oneOfTypes: Record<string, Schema[]> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': [{ type: 'integer' }, { type: 'string' }],
  'io.k8s.apimachinery.pkg.api.resource.Quantity': [{ type: 'string' }, { type: 'number' }],
};

/**
 * A v2 schema in v3 form: references move to components, and a reference with siblings (a described
 * field) becomes `allOf: [{$ref}]`, since OpenAPI 3.0 ignores siblings of `$ref`.
 */
export function toV3Schema(schema: Schema): Schema {
  const out: Schema = {};
  let ref: string | undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') ref = schemaRef(refName(value as string));
    else if (key === 'properties' || key === 'definitions' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, toV3Schema(v)]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = toV3Schema(value as Schema);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = (value as Schema[]).map(toV3Schema);
    } else out[key] = value;
  }
  if (ref === undefined) return out;
  if (Object.keys(out).length === 0) return { $ref: ref };
  return { allOf: [{ $ref: ref }], ...out };
}

function definitionToV3(name: string, schema: Schema): Schema {
  const oneOf = oneOfTypes[name];
  if (!oneOf) return toV3Schema(schema);
  const { type: _type, ...rest } = schema;
  return { ...rest, oneOf };
}

function parameterV3(p: Parameter): Schema {
  const o: Schema = { name: p.name, in: p.in };
  if (p.description) o.description = p.description;
  if (p.required) o.required = true;
  o.schema = { type: p.type, uniqueItems: true };
  return o;
}

function operationV3(o: Operation): Schema {
  const out: Schema = { tags: o.tags, description: o.description, operationId: o.operationId };
  const query = o.params.filter((p) => p.in !== 'body');
  if (query.length > 0) out.parameters = query.map(parameterV3);
  const body = o.params.find((p) => p.in === 'body');
  if (body?.schema) {
    const schema = toV3Schema(body.schema);
    out.requestBody = { content: Object.fromEntries(o.consumes.map((t) => [t, { schema }])), ...(body.required ? { required: true } : {}) };
  }
  out.responses = Object.fromEntries(
    o.responses.map((r) => {
      if (!r.schema) return [r.code, { description: r.description }];
      const schema = toV3Schema(r.schema);
      return [r.code, { description: r.description, content: Object.fromEntries(o.produces.map((t) => [t, { schema }])) }];
    }),
  );
  if (o.action) out['x-kubernetes-action'] = o.action;
  if (o.gvk && o.action) out['x-kubernetes-group-version-kind'] = gvkObject(o.gvk);
  return out;
}

const gvkObject = (g: GroupVersionKind) => ({ group: g.group, kind: g.kind, version: g.version });

function document(paths: Paths, schemas: Record<string, Schema>, version: string): Schema {
  const pathsObject: Record<string, Schema> = {};
  for (const [path, item] of paths) {
    const object: Schema = {};
    for (const o of item.operations) object[o.method] = operationV3(o);
    if (item.params.length > 0) object.parameters = item.params.map(parameterV3);
    pathsObject[path] = object;
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version },
    paths: pathsObject,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, definitionToV3(name, s)])),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
}

/**
 * Every v3 document, by its path under /openapi/v3 ("api/v1", "apis/apps/v1", "apis/apps", "api",
 * "apis", "version").
 */
export function buildV3Documents(definitions: Definitions, resources: readonly ResourceInfo[], version: string): Map<string, Schema> {
  const docs = new Map<string, Schema>();
  const root = (name: string, paths: Paths) => {
    const { paths: p, schemas } = resourceDocument(definitions, [], resources, paths);
    docs.set(name, document(p, schemas, version));
  };
  root('api', rootPaths('api'));
  root('apis', rootPaths('apis'));
  root('version', rootPaths('version'));
  for (const [group, versions] of servedGroups(resources)) {
    if (group !== '') root(`apis/${group}`, rootPaths('group', group));
    for (const [v, list] of versions) {
      const { paths, schemas } = resourceDocument(definitions, list, resources);
      docs.set(group === '' ? `api/${v}` : `apis/${group}/${v}`, document(paths, schemas, version));
    }
  }
  return docs;
}
