/**
 * The upstream schemas of the built-in kinds (openapi/definitions.json), loaded on first use, and how to
 * walk them: by kind, by property, into list items, through $refs.
 */
import { type Definitions, indexByKind, loadDefinitions, refName, type Schema } from '../openapi/definitions';

export type { Schema };

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export class SchemaIndex {
  private defs: Definitions | undefined;
  private byKind: Map<string, string> | undefined;

  private load(): Definitions {
    this.defs ??= loadDefinitions();
    this.byKind ??= indexByKind(this.defs);
    return this.defs;
  }

  /** The schema of a kind, or undefined for kinds without an upstream definition. */
  forKind(gvk: GroupVersionKind): Schema | undefined {
    const defs = this.load();
    const name = this.byKind!.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
    return name ? defs[name] : undefined;
  }

  /** Follows $refs (and a single allOf) to the schema that says something. */
  resolve(schema: Schema | undefined): Schema | undefined {
    const defs = this.load();
    let s = schema;
    for (let i = 0; s && i < 10; i++) {
      if (typeof s.$ref === 'string') s = defs[refName(s.$ref)];
      else if (Array.isArray(s.allOf) && s.allOf.length === 1) s = s.allOf[0] as Schema;
      else break;
    }
    return s;
  }

  /** The schema of property `name` of an object schema (or of its additionalProperties). */
  property(schema: Schema | undefined, name: string): Schema | undefined {
    const s = this.resolve(schema);
    if (!s) return undefined;
    const props = s.properties as Record<string, Schema> | undefined;
    if (props?.[name]) return props[name];
    const additional = s.additionalProperties;
    return additional && typeof additional === 'object' ? (additional as Schema) : undefined;
  }

  /** The schema of the items of an array schema. */
  items(schema: Schema | undefined): Schema | undefined {
    return this.resolve(schema)?.items as Schema | undefined;
  }
}
