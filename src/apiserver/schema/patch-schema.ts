/** The upstream schema of a kind, as the strategic merge patch walks it. */
import type { PatchSchema } from '../patch/strategic';
import type { GroupVersionKind, Schema, SchemaIndex } from './index';

function node(index: SchemaIndex, schema: Schema | undefined): PatchSchema | undefined {
  if (!schema) return undefined;
  return {
    property: (name) => node(index, index.property(schema, name)),
    items: () => node(index, index.items(schema)),
    patchStrategy: () => ({
      strategy: schema['x-kubernetes-patch-strategy'] as string | undefined,
      mergeKey: schema['x-kubernetes-patch-merge-key'] as string | undefined,
    }),
  };
}

export function patchSchemaFor(index: SchemaIndex, gvk: GroupVersionKind): PatchSchema | undefined {
  return node(index, index.forKind(gvk));
}
