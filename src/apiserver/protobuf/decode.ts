/**
 * Schema-driven decoding: a protobuf message plus its table (schema.ts) → the JSON object Go's
 * encoding/json would write for the same value. Unknown field numbers are skipped (and reported to
 * `onUnknown`, which tests use to prove golden bodies are fully covered).
 */
import { type FieldSpec, type FieldType, type MessageSchema, type SchemaTables, type SpecialType, scalarTypes, specialTypes } from './schema';
import { decodeSpecial, specialZero } from './special-types';
import { WireError, WireReader, WireType, type WireTypeNumber, toInt32, toInt64, toUtf8 } from './wire';

export interface DecodeOptions {
  tables: SchemaTables;
  /** Called for each field number the table does not know; `path` is the JSON path of the message. */
  onUnknown?: (path: string, field: number, wireType: number) => void;
}

type JsonObject = Record<string, unknown>;

/** Real objects nest a dozen levels; this only stops hostile input from exhausting the stack. */
const MAX_DEPTH = 64;

/** Decodes `buf` as the message `key` of `opts.tables`. Throws `WireError` on malformed input. */
export function decodeMessage(buf: Uint8Array, key: string, opts: DecodeOptions): JsonObject {
  return readMessage(buf, key, opts, '', 0, {});
}

function schemaFor(key: string, tables: SchemaTables): MessageSchema {
  const schema = tables[key];
  // A dangling reference is a bug in the tables (a unit test checks all of them), not bad input.
  if (!schema) throw new Error(`protobuf tables: no message ${key}`);
  return schema;
}

function readMessage(buf: Uint8Array, key: string, opts: DecodeOptions, path: string, depth: number, out: JsonObject): JsonObject {
  if (depth > MAX_DEPTH) throw new WireError(`messages nested deeper than ${MAX_DEPTH}`, 0);
  const schema = schemaFor(key, opts.tables);
  const r = new WireReader(buf);
  while (!r.done) {
    const at = r.offset;
    const { field, wireType } = r.tag();
    const spec = schema[field];
    if (!spec) {
      opts.onUnknown?.(path || '.', field, wireType);
      r.skip(wireType);
      continue;
    }
    const here = spec.inline ? path : path ? `${path}.${spec.json}` : spec.json;
    const ctx = { opts, path: here, depth, at };
    if (spec.inline) {
      readMessage(expectBytes(r, wireType, ctx), spec.type, opts, here, depth + 1, out);
    } else if (spec.map) {
      const entry = readMapEntry(expectBytes(r, wireType, ctx), spec.type, ctx);
      const m = (out[spec.json] ??= {}) as JsonObject;
      // defineProperty: a key such as `__proto__` must stay an ordinary key, as JSON.parse keeps it.
      Object.defineProperty(m, entry.key, { value: entry.value, enumerable: true, writable: true, configurable: true });
    } else if (spec.repeated) {
      const list = (out[spec.json] ??= []) as unknown[];
      if (wireType === WireType.bytes && isPackable(spec.type)) readPacked(r.bytes(), spec.type, list);
      else list.push(readValue(r, wireType, spec.type, ctx, undefined));
    } else {
      const value = readValue(r, wireType, spec.type, ctx, out[spec.json]);
      if (isOmitted(spec, value)) delete out[spec.json];
      else out[spec.json] = value;
    }
  }
  fillAlways(schema, out);
  return out;
}

interface Ctx {
  opts: DecodeOptions;
  path: string;
  depth: number;
  at: number;
}

function expectBytes(r: WireReader, wireType: WireTypeNumber, ctx: Ctx): Uint8Array {
  if (wireType !== WireType.bytes) throw new WireError(`${ctx.path}: wire type ${wireType}, expected length-delimited`, ctx.at);
  return r.bytes();
}

/** One value of `type`; `previous` is merged into for a message seen twice, as protobuf requires. */
function readValue(r: WireReader, wireType: WireTypeNumber, type: FieldType, ctx: Ctx, previous: unknown): unknown {
  if (isPackable(type)) {
    if (wireType !== WireType.varint) throw new WireError(`${ctx.path}: wire type ${wireType}, expected varint`, ctx.at);
    return scalarFromVarint(r.varint(), type);
  }
  switch (type) {
    case 'string':
      return toUtf8(expectBytes(r, wireType, ctx));
    case 'bytes':
      return Buffer.from(expectBytes(r, wireType, ctx)).toString('base64');
  }
  const buf = expectBytes(r, wireType, ctx);
  if (specialTypes.has(type)) return decodeSpecial(type as SpecialType, buf);
  const into = previous !== null && typeof previous === 'object' && !Array.isArray(previous) ? (previous as JsonObject) : {};
  return readMessage(buf, type, ctx.opts, ctx.path, ctx.depth + 1, into);
}

function scalarFromVarint(v: bigint, type: 'int32' | 'int64' | 'bool'): number | boolean {
  if (type === 'bool') return v !== 0n;
  if (type === 'int32') return toInt32(v);
  return Number(toInt64(v));
}

function isPackable(type: FieldType): type is 'int32' | 'int64' | 'bool' {
  return type === 'int32' || type === 'int64' || type === 'bool';
}

/** Packed repeated scalars: varints back to back in one length-delimited field. */
function readPacked(buf: Uint8Array, type: 'int32' | 'int64' | 'bool', list: unknown[]): void {
  const r = new WireReader(buf);
  while (!r.done) list.push(scalarFromVarint(r.varint(), type));
}

/** A map entry message {key=1 string, value=2}; a missing key or value is the zero value. */
function readMapEntry(buf: Uint8Array, type: FieldType, ctx: Ctx): { key: string; value: unknown } {
  const r = new WireReader(buf);
  let key = '';
  let value: unknown = undefined;
  while (!r.done) {
    const at = r.offset;
    const { field, wireType } = r.tag();
    if (field === 1) key = toUtf8(expectBytes(r, wireType, { ...ctx, at }));
    else if (field === 2) value = readValue(r, wireType, type, { ...ctx, at, path: `${ctx.path}[]` }, value);
    else r.skip(wireType);
  }
  return { key, value: value === undefined ? zeroValue(type) : value };
}

function zeroValue(type: FieldType): unknown {
  switch (type) {
    case 'string':
    case 'bytes':
      return '';
    case 'int32':
    case 'int64':
      return 0;
    case 'bool':
      return false;
  }
  return specialTypes.has(type) ? specialZero(type as SpecialType) : {};
}

/** `omitempty` scalars are left out when zero; messages and specials are written whenever present. */
function isOmitted(spec: FieldSpec, value: unknown): boolean {
  if ((spec.presence ?? 'omitempty') !== 'omitempty' || !scalarTypes.has(spec.type)) return false;
  return value === '' || value === 0 || value === false;
}

/**
 * Fields without `omitempty` get their zero value when absent: nil slices, maps and pointers to structs
 * are JSON null, as Go writes them. (Non-pointer structs are always on the wire, so never absent.)
 */
function fillAlways(schema: MessageSchema, out: JsonObject): void {
  for (const spec of Object.values(schema)) {
    if (spec.presence !== 'always' || spec.json in out) continue;
    if (spec.repeated || spec.map) out[spec.json] = null;
    else if (scalarTypes.has(spec.type) || specialTypes.has(spec.type)) out[spec.json] = zeroValue(spec.type);
    else out[spec.json] = null;
  }
}
