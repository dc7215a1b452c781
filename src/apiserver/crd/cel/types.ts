/**
 * CEL types for a structural schema (upstream apiserver/schema/cel/model SchemaDeclType) and the
 * conversion of JSON values to them: objects with properties become message types with those
 * fields (embedded resources and the resource root also get apiVersion, kind and
 * metadata.name/generateName), additionalProperties maps `map<string, T>`, arrays `list<T>`,
 * integers `int` (BigInt), numbers `double`, strings of format date-time/date, duration and byte
 * timestamps, durations and bytes; int-or-string and preserve-unknown-fields without
 * properties are `dyn`. Property names that are not CEL identifiers are escaped as upstream does.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CelEnvironment } from './env-types';
import { toDuration, toTimestamp } from './env';
import { isObject, type JSONSchemaProps } from '../schema/types';

export type Decl =
  | { kind: 'object'; name: string; ctor: new (fields: Record<string, unknown>) => object; fields: Map<string, { celName: string; decl: Decl }> }
  | { kind: 'map'; value: Decl }
  | { kind: 'list'; item: Decl }
  | { kind: 'int' | 'double' | 'dyn' }
  | { kind: 'scalar'; type: string; convert?: (v: string) => unknown };

const reserved = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** Upstream's property-name escaping: `__` `.` `-` `/` and reserved words; undefined if not escapable. */
export function escapeName(name: string): string | undefined {
  if (reserved.has(name)) return `__${name}__`;
  if (!/^[_a-zA-Z][_a-zA-Z0-9.\-/]*$/.test(name)) return undefined;
  return name.replace(/__|\.|-|\//g, (m) => ({ __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' })[m]!);
}

const metaFields = (): JSONSchemaProps => ({ type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } });

/** The schema as CEL sees a resource: apiVersion, kind and metadata (name, generateName) added. */
export function withTypeAndObjectMeta(s: JSONSchemaProps): JSONSchemaProps {
  return { ...s, properties: { ...s.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: metaFields() } };
}

function typeName(d: Decl): string {
  switch (d.kind) {
    case 'object':
      return d.name;
    case 'map':
      return `map<string, ${typeName(d.value)}>`;
    case 'list':
      return `list<${typeName(d.item)}>`;
    case 'scalar':
      return d.type;
    default:
      return d.kind;
  }
}

export interface Declared {
  decl: Decl;
  type: string;
}

/** Declares the types of `schema` in env (message types named after `name`) and returns self's type. */
export function declare(env: CelEnvironment, schema: JSONSchemaProps, name: string, resource: boolean): Declared {
  const decl = declOf(env, resource ? withTypeAndObjectMeta(schema) : schema, name);
  return { decl, type: typeName(decl) };
}

/** Strings with format date-time/date, duration and byte are timestamps, durations and bytes, as upstream. */
function stringDecl(format: string | undefined): Decl {
  switch (format) {
    case 'date-time':
      return { kind: 'scalar', type: 'google.protobuf.Timestamp', convert: toTimestamp };
    case 'date':
      return { kind: 'scalar', type: 'google.protobuf.Timestamp', convert: (v) => toTimestamp(`${v}T00:00:00Z`) };
    case 'duration':
      return { kind: 'scalar', type: 'google.protobuf.Duration', convert: toDuration };
    case 'byte':
      return { kind: 'scalar', type: 'bytes', convert: (v) => new Uint8Array(Buffer.from(v, 'base64')) };
    default:
      return { kind: 'scalar', type: 'string' };
  }
}

function scalarDecl(s: JSONSchemaProps): Decl {
  if (s.type === 'integer') return { kind: 'int' };
  if (s.type === 'number') return { kind: 'double' };
  if (s.type === 'string') return stringDecl(s.format);
  if (s.type === 'boolean') return { kind: 'scalar', type: 'bool' };
  return { kind: 'dyn' };
}

function declOf(env: CelEnvironment, s: JSONSchemaProps, name: string): Decl {
  if (s['x-kubernetes-int-or-string']) return { kind: 'dyn' };
  if (s.type === 'array' && s.items) return { kind: 'list', item: declOf(env, s.items, `${name}.__items`) };
  if (s.type === 'object' || (!s.type && s.properties)) {
    if (isObject(s.additionalProperties)) return { kind: 'map', value: declOf(env, s.additionalProperties as JSONSchemaProps, `${name}.__value`) };
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    if (!s.properties && (s['x-kubernetes-preserve-unknown-fields'] || s.additionalProperties === true) && !embedded) return { kind: 'dyn' };
    return objectDecl(env, embedded ? withTypeAndObjectMeta(s) : s, name);
  }
  return scalarDecl(s);
}

function objectDecl(env: CelEnvironment, s: JSONSchemaProps, name: string): Decl {
  const fields = new Map<string, { celName: string; decl: Decl }>();
  const celFields: Record<string, string> = {};
  for (const [prop, sub] of Object.entries(s.properties ?? {})) {
    const celName = escapeName(prop);
    if (!celName) continue;
    const decl = declOf(env, sub, `${name}.${celName}`);
    fields.set(prop, { celName, decl });
    celFields[celName] = typeName(decl);
  }
  const ctor = { [name]: class { constructor(f: Record<string, unknown>) { Object.assign(this, f); } } }[name]!;
  env.registerType(name, { ctor, fields: celFields });
  env.registerOperator(`${name} == ${name}`, (a: unknown, b: unknown) => celEquals(a, b));
  const decl: Decl = { kind: 'object', name, ctor, fields };
  return decl;
}

/**
 * CEL equality of converted values: numbers compare across int and double, timestamps by time,
 * durations (whose fields are private) by seconds and nanos, the rest structurally.
 */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return typeof a === typeof b ? a === b : Number(a) === Number(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || a.constructor !== b.constructor) return false;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if ('seconds' in a && 'nanos' in a) return (a as { seconds: bigint }).seconds === (b as { seconds: bigint }).seconds && (a as { nanos: number }).nanos === (b as { nanos: number }).nanos;
  if (a instanceof Uint8Array) return Buffer.compare(a, b as Uint8Array) === 0;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => celEquals(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  return ka.length === Object.keys(b).length && ka.every((k) => k in rb && celEquals((a as Record<string, unknown>)[k], rb[k]));
}

/** Untyped JSON as CEL dyn values: integers as int, objects as maps. */
function toDyn(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toDyn);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, toDyn(x)]));
  return v;
}

/** A JSON value converted to the CEL value of its declared type (undefined: not convertible, as if absent). */
export function toCel(v: unknown, d: Decl): unknown {
  if (v === null || v === undefined) return null;
  switch (d.kind) {
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
    case 'double':
      return v;
    case 'scalar':
      return d.convert && typeof v === 'string' ? d.convert(v) : v;
    case 'dyn':
      return toDyn(v);
    case 'list':
      return Array.isArray(v) ? v.map((x) => toCel(x, d.item)) : v;
    case 'map':
      return isObject(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, toCel(x, d.value)])) : v;
    case 'object': {
      if (!isObject(v)) return v;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const f = d.fields.get(k);
        const converted = f && x !== null ? toCel(x, f.decl) : undefined;
        if (f && converted !== undefined) out[f.celName] = converted;
      }
      return new d.ctor(out);
    }
  }
}
