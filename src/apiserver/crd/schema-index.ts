/**
 * The schema index the request handlers use for unknown-field checks (`?fieldValidation=`), knowing
 * custom kinds too: a served CRD version's schema, with apiVersion, kind and metadata declared at the
 * root (metadata as ObjectMeta) and in embedded resources, so Strict rejects `spec.typo` as upstream's
 * strict decoding does for custom resources while Warn and Ignore drop it.
 */
import type { ResourceInfo } from '../../api/resources';
import { SchemaIndex, type GroupVersionKind, type Schema } from '../schema';

const objectMeta: Schema = { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };

function withResourceFields(schema: Schema, metadata: Schema): Schema {
  const out: Schema = { ...schema };
  const properties = schema.properties as Record<string, Schema> | undefined;
  const isResource = metadata === objectMeta || schema['x-kubernetes-embedded-resource'] === true;
  if (properties || isResource) {
    const next: Record<string, Schema> = {};
    for (const [k, v] of Object.entries(properties ?? {})) next[k] = withResourceFields(v, {});
    if (isResource) {
      next.apiVersion ??= { type: 'string' };
      next.kind ??= { type: 'string' };
      next.metadata = metadata === objectMeta ? objectMeta : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    }
    out.properties = next;
  }
  if (schema.items && typeof schema.items === 'object') out.items = withResourceFields(schema.items as Schema, {});
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.additionalProperties = withResourceFields(schema.additionalProperties as Schema, {});
  return out;
}

export class CustomResourceSchemaIndex extends SchemaIndex {
  private readonly converted = new WeakMap<object, Schema>();

  constructor(private readonly resources: () => readonly ResourceInfo[]) {
    super();
  }

  override forKind(gvk: GroupVersionKind): Schema | undefined {
    const builtin = super.forKind(gvk);
    if (builtin) return builtin;
    const info = this.resources().find((r) => r.schema && r.group === gvk.group && r.version === gvk.version && r.kind === gvk.kind);
    if (!info?.schema) return undefined;
    let schema = this.converted.get(info.schema);
    if (!schema) this.converted.set(info.schema, (schema = withResourceFields(info.schema as Schema, objectMeta)));
    return schema;
  }
}
