/**
 * Unknown fields: upstream decodes bodies into typed structs, so fields the schema does not know are
 * dropped, and reported per `?fieldValidation=` — Strict rejects, Warn (the default) warns, Ignore is
 * silent. Here the schema is the upstream definition of the kind (openapi/definitions.json).
 */
import { type Definitions, loadDefinitions, indexByKind, refName, type Schema } from '../openapi/definitions';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

function resolve(defs: Definitions, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 10; i++) s = defs[refName(s.$ref)];
  if (s && Array.isArray(s.allOf) && s.allOf.length === 1) return resolve(defs, s.allOf[0] as Schema);
  return s;
}

function walk(defs: Definitions, value: unknown, schema: Schema | undefined, path: string, found: string[]): void {
  const s = resolve(defs, schema);
  if (!s || s['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walk(defs, v, s.items as Schema, `${path}[${i}]`, found));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const obj = value as Record<string, unknown>;
  const properties = s.properties as Record<string, Schema> | undefined;
  const additional = s.additionalProperties as Schema | boolean | undefined;
  if (!properties) {
    if (additional && typeof additional === 'object') for (const [k, v] of Object.entries(obj)) walk(defs, v, additional, path ? `${path}.${k}` : k, found);
    return;
  }
  for (const key of Object.keys(obj)) {
    const child = path ? `${path}.${key}` : key;
    const prop = properties[key];
    if (prop) walk(defs, obj[key], prop, child, found);
    else if (additional && typeof additional === 'object') walk(defs, obj[key], additional, child, found);
    else if (additional !== true) {
      found.push(child);
      delete obj[key];
    }
  }
}

export class UnknownFieldPruner {
  private defs: Definitions | undefined;
  private byKind: Map<string, string> | undefined;

  /** Removes fields the kind's schema does not know from `obj` and returns their paths; [] for kinds without a schema. */
  prune(obj: unknown, gvk: { group: string; version: string; kind: string }): string[] {
    this.defs ??= loadDefinitions();
    this.byKind ??= indexByKind(this.defs);
    const name = this.byKind.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
    if (!name) return [];
    const found: string[] = [];
    walk(this.defs, obj, this.defs[name], '', found);
    return found;
  }
}

export function parseFieldValidation(value: string | undefined): FieldValidation | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  return undefined;
}
