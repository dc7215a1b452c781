/**
 * Unknown fields: upstream decodes bodies into typed structs, so fields the schema does not know are
 * dropped, and reported per `?fieldValidation=` — Strict rejects, Warn (the default) warns, Ignore is
 * silent. Here the schema is the upstream definition of the kind (openapi/definitions.json).
 */
import type { GroupVersionKind, Schema, SchemaIndex } from './index';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

function walk(index: SchemaIndex, value: unknown, schema: Schema | undefined, path: string, found: string[]): void {
  const s = index.resolve(schema);
  if (!s || s['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walk(index, v, s.items as Schema, `${path}[${i}]`, found));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const obj = value as Record<string, unknown>;
  const properties = s.properties as Record<string, Schema> | undefined;
  const additional = s.additionalProperties as Schema | boolean | undefined;
  if (!properties) {
    if (additional && typeof additional === 'object') for (const [k, v] of Object.entries(obj)) walk(index, v, additional, path ? `${path}.${k}` : k, found);
    return;
  }
  for (const key of Object.keys(obj)) {
    const child = path ? `${path}.${key}` : key;
    const prop = properties[key];
    if (prop) walk(index, obj[key], prop, child, found);
    else if (additional && typeof additional === 'object') walk(index, obj[key], additional, child, found);
    else if (additional !== true) {
      found.push(child);
      delete obj[key];
    }
  }
}

export class UnknownFieldPruner {
  constructor(private readonly index: SchemaIndex) {}

  /** Removes fields the kind's schema does not know from `obj` and returns their paths; [] for kinds without a schema. */
  prune(obj: unknown, gvk: GroupVersionKind): string[] {
    const schema = this.index.forKind(gvk);
    if (!schema) return [];
    const found: string[] = [];
    walk(this.index, obj, schema, '', found);
    return found;
  }
}

export function parseFieldValidation(value: string | undefined): FieldValidation | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  return undefined;
}
