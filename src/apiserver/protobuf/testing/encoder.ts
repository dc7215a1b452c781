/**
 * Test helper: encodes a JSON object with the schema tables, the inverse of decode.ts. Tests use it to
 * build inputs; the field-number experiments (README.md) use it to serve protobuf to kubectl and read back
 * what kubectl makes of it. Not used by the server.
 */
import { type MessageSchema, type SchemaTables, specialTypes } from '../schema';
import { MAGIC } from '../envelope';

/** Appends protobuf wire data. */
export class WireWriter {
  private readonly parts: number[] = [];

  varint(v: bigint | number): this {
    let n = BigInt.asUintN(64, BigInt(v));
    do {
      const b = Number(n & 0x7fn);
      n >>= 7n;
      this.parts.push(n > 0n ? b | 0x80 : b);
    } while (n > 0n);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  bytes(field: number, data: Uint8Array | string): this {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.tag(field, 2).varint(buf.length);
    for (const b of buf) this.parts.push(b);
    return this;
  }

  int(field: number, v: bigint | number | boolean): this {
    return this.tag(field, 0).varint(typeof v === 'boolean' ? (v ? 1 : 0) : v);
  }

  raw(data: Uint8Array): this {
    for (const b of data) this.parts.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function encodeSpecial(type: string, v: unknown): Uint8Array {
  const w = new WireWriter();
  if (type === 'Time' || type === 'MicroTime') {
    if (v === null) return w.finish();
    const ms = Date.parse(String(v));
    const micros = type === 'MicroTime' ? Number(/\.(\d{6})Z$/.exec(String(v))?.[1] ?? 0) : 0;
    return w.int(1, Math.floor(ms / 1000)).int(2, micros * 1000).finish();
  }
  if (type === 'IntOrString') return typeof v === 'number' ? w.int(1, 0).int(2, v).bytes(3, '').finish() : w.int(1, 1).int(2, 0).bytes(3, String(v)).finish();
  if (type === 'Quantity') return w.bytes(1, String(v)).finish();
  return w.bytes(1, JSON.stringify(v)).finish(); // FieldsV1
}

function encodeValue(w: WireWriter, n: number, type: string, v: unknown, tables: SchemaTables): void {
  if (type === 'string') w.bytes(n, String(v));
  else if (type === 'bytes') w.bytes(n, Buffer.from(String(v), 'base64'));
  else if (type === 'int32' || type === 'int64') w.int(n, Number(v));
  else if (type === 'bool') w.int(n, Boolean(v));
  else if (specialTypes.has(type)) w.bytes(n, encodeSpecial(type, v));
  else w.bytes(n, encodeMessage(v as Record<string, unknown>, type, tables));
}

/** Encodes `obj` as message `key`; JSON names the table lacks are dropped. */
export function encodeMessage(obj: Record<string, unknown>, key: string, tables: SchemaTables): Uint8Array {
  const schema: MessageSchema | undefined = tables[key];
  if (!schema) throw new Error(`no table for ${key}`);
  const w = new WireWriter();
  for (const [num, spec] of Object.entries(schema).sort((a, b) => Number(a[0]) - Number(b[0]))) {
    const n = Number(num);
    if (spec.inline) {
      w.bytes(n, encodeMessage(obj, spec.type, tables));
      continue;
    }
    const v = obj[spec.json];
    if (v === undefined || (v === null && !specialTypes.has(spec.type))) continue;
    if (spec.map) {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const entry = new WireWriter().bytes(1, k);
        encodeValue(entry, 2, spec.type, item, tables);
        w.bytes(n, entry.finish());
      }
    } else if (spec.repeated) {
      for (const item of v as unknown[]) encodeValue(w, n, spec.type, item, tables);
    } else {
      encodeValue(w, n, spec.type, v, tables);
    }
  }
  return w.finish();
}

/** A whole request body: magic, then runtime.Unknown{typeMeta, raw}. */
export function encodeEnvelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const typeMeta = new WireWriter().bytes(1, apiVersion).bytes(2, kind).finish();
  const unknown = new WireWriter().bytes(1, typeMeta).bytes(2, raw).bytes(3, '').bytes(4, '').finish();
  return Buffer.concat([MAGIC, unknown]);
}
