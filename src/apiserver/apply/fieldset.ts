/**
 * Field sets as server-side apply tracks them (upstream sigs.k8s.io/structured-merge-diff): the paths an
 * object sets, one per leaf value, per map/list-item node (`.`), with list items of associative lists
 * named by their keys (`k:{"name":"web"}`) and set items by value (`v:"x"`). Encoded in managedFields as
 * the FieldsV1 trie (`{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}`).
 */
import type { SchemaIndex, Schema } from '../schema';

/** One step of a path: `f:<field>`, `k:<json keys>`, `v:<json value>`, or `i:<index>`. */
export type PathElement = string;
export type FieldPath = PathElement[];

const sep = '\u0000';
export const pathKey = (p: FieldPath) => p.join(sep);
export const keyPath = (k: string): FieldPath => (k === '' ? [] : k.split(sep));

export type NodeShape =
  | { type: 'struct' | 'map' | 'scalar' | 'atomic' }
  | { type: 'list-map'; keys: string[] }
  | { type: 'list-set' };

/** What the schema says about one point of an object. */
export interface ShapeNode {
  shape(value: unknown): NodeShape;
  child(field: string): ShapeNode;
  items(): ShapeNode;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Shapes from no schema (custom resources without one): objects are maps, lists are atomic. */
export const untyped: ShapeNode = {
  shape: (v) => (isObject(v) ? { type: 'map' } : Array.isArray(v) ? { type: 'atomic' } : { type: 'scalar' }),
  child: () => untyped,
  items: () => untyped,
};

const scalar: NodeShape = { type: 'scalar' };
const struct: NodeShape = { type: 'struct' };

/** Shape nodes by index and schema: schemas are fixed objects, so each node is built once and reused. */
const shapeNodes = new WeakMap<SchemaIndex, WeakMap<Schema, ShapeNode>>();

export function schemaShapes(index: SchemaIndex, schema: Schema | undefined): ShapeNode {
  if (!schema) return untyped;
  let nodes = shapeNodes.get(index);
  if (!nodes) shapeNodes.set(index, (nodes = new WeakMap()));
  let node = nodes.get(schema);
  if (!node) nodes.set(schema, (node = new SchemaShape(index, schema)));
  return node;
}

/** What a schema says of a point of an object; the shape depends on the value only as list, object or scalar. */
class SchemaShape implements ShapeNode {
  private list: NodeShape | undefined;
  private object: NodeShape | undefined;
  private readonly children = new Map<string, ShapeNode>();
  private itemNode: ShapeNode | undefined;

  constructor(
    private readonly index: SchemaIndex,
    private readonly schema: Schema,
  ) {}

  shape(value: unknown): NodeShape {
    if (Array.isArray(value)) return (this.list ??= this.listShape());
    if (!isObject(value)) return scalar;
    return (this.object ??= this.objectShape());
  }

  child(field: string): ShapeNode {
    let node = this.children.get(field);
    if (!node) this.children.set(field, (node = schemaShapes(this.index, this.index.property(this.schema, field))));
    return node;
  }

  items(): ShapeNode {
    return (this.itemNode ??= schemaShapes(this.index, this.index.items(this.schema)));
  }

  private listShape(): NodeShape {
    const schema = this.schema;
    const s = this.index.resolve(schema) ?? {};
    const listType = schema['x-kubernetes-list-type'] ?? s['x-kubernetes-list-type'];
    const mapKeys = (schema['x-kubernetes-list-map-keys'] ?? s['x-kubernetes-list-map-keys']) as string[] | undefined;
    const mergeKey = schema['x-kubernetes-patch-merge-key'] as string | undefined;
    const strategy = String(schema['x-kubernetes-patch-strategy'] ?? '');
    if (listType === 'map' && mapKeys?.length) return { type: 'list-map', keys: mapKeys };
    if (listType === 'set') return { type: 'list-set' };
    if (strategy.includes('merge') && mergeKey) return { type: 'list-map', keys: [mergeKey] };
    if (strategy.includes('merge')) return { type: 'list-set' };
    return { type: 'atomic' };
  }

  private objectShape(): NodeShape {
    const s = this.index.resolve(this.schema) ?? {};
    if (s['x-kubernetes-map-type'] === 'atomic') return { type: 'atomic' };
    if (s.properties) return struct;
    if (s.additionalProperties || s['x-kubernetes-preserve-unknown-fields'] || !s.type) return { type: 'map' };
    return struct;
  }
}

/** An associative list's item: a struct whose fields are the item schema's. */
export function itemShapes(items: ShapeNode): ShapeNode {
  return { shape: () => struct, child: (field) => items.child(field), items: () => items.items() };
}

export function itemKey(item: unknown, keys: string[]): PathElement {
  const obj = isObject(item) ? item : {};
  const picked: Record<string, unknown> = {};
  for (const k of [...keys].sort()) if (obj[k] !== undefined) picked[k] = obj[k];
  return `k:${JSON.stringify(picked)}`;
}

/** Every path `value` sets, with the leaf values (for conflict checks). */
export function fieldSet(value: unknown, shapes: ShapeNode, prefix: FieldPath = [], out = new Map<string, unknown>()): Map<string, unknown> {
  const shape = shapes.shape(value);
  switch (shape.type) {
    case 'struct':
    case 'map': {
      if (shape.type === 'map' && prefix.length > 0) out.set(pathKey([...prefix, '.']), undefined);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const p = [...prefix, `f:${k}`];
        const childShape = shapes.child(k);
        const s = childShape.shape(v);
        if (s.type === 'scalar' || s.type === 'atomic' || v === null) out.set(pathKey(p), v);
        else fieldSet(v, childShape, p, out);
      }
      return out;
    }
    case 'list-map':
    case 'list-set': {
      const items = shapes.items();
      for (const item of value as unknown[]) {
        if (shape.type === 'list-set') {
          out.set(pathKey([...prefix, `v:${JSON.stringify(item)}`]), item);
          continue;
        }
        const p = [...prefix, itemKey(item, shape.keys)];
        out.set(pathKey([...p, '.']), undefined);
        if (isObject(item)) fieldSet(item, itemShapes(items), p, out);
      }
      return out;
    }
    default:
      out.set(pathKey(prefix), value);
      return out;
  }
}

/** FieldsV1 trie ↔ set of path keys. */
export function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const key of paths) {
    let node = root;
    for (const el of keyPath(key)) node = (node[el] ??= {}) as Record<string, unknown>;
  }
  return root;
}

export function fromFieldsV1(trie: unknown, prefix: FieldPath = [], out = new Set<string>()): Set<string> {
  if (!isObject(trie)) return out;
  const entries = Object.entries(trie);
  if (entries.length === 0 && prefix.length > 0) out.add(pathKey(prefix));
  for (const [el, sub] of entries) {
    if (el === '.') out.add(pathKey([...prefix, '.']));
    else fromFieldsV1(sub, [...prefix, el], out);
  }
  return out;
}

/** `.spec.containers[name="web"].image`, as upstream prints conflicting fields. */
export function describePath(key: string): string {
  let s = '';
  for (const el of keyPath(key)) {
    if (el === '.') continue;
    if (el.startsWith('f:')) s += `.${el.slice(2)}`;
    else if (el.startsWith('k:')) {
      const keys = JSON.parse(el.slice(2)) as Record<string, unknown>;
      s += `[${Object.entries(keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (el.startsWith('v:')) s += `[=${el.slice(2)}]`;
    else s += `[${el.slice(2)}]`;
  }
  return s;
}
