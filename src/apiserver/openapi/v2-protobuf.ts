/**
 * The Swagger 2.0 document in protobuf, the gnostic `openapi.v2.Document` message
 * (github.com/google/gnostic-models/openapiv2/OpenAPIv2.proto). client-go asks /openapi/v2 for this
 * form only, and kubectl up to 1.28 loads it before `explain` even looks at OpenAPI v3.
 * Only what the JSON document uses is encoded; vendor extensions carry their value as JSON text in the
 * `yaml` field of `Any`, which clients parse as YAML.
 */
import type { Schema } from './definitions';

type Chunk = number[] | string | Buffer | Message;

/**
 * A protobuf message under construction: fields appended in field-number order. Tags and varints
 * collect in small byte arrays, strings stay strings and sub-messages stay objects until the outermost
 * message is encoded, in one pass into one buffer of the size counted along the way.
 */
class Message {
  private readonly chunks: Chunk[] = [];
  private pending: number[] = [];
  /** Encoded size so far. */
  length = 0;

  private cut(): void {
    if (this.pending.length > 0) {
      this.chunks.push(this.pending);
      this.pending = [];
    }
  }

  private varint(n: number): void {
    while (n > 0x7f) {
      this.pending.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
      this.length++;
    }
    this.pending.push(n);
    this.length++;
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  private lengthDelimited(field: number, chunk: Chunk, size: number): void {
    this.tag(field, 2);
    this.varint(size);
    this.cut();
    this.chunks.push(chunk);
    this.length += size;
  }

  string(field: number, value: unknown): this {
    if (typeof value === 'string' && value !== '') this.lengthDelimited(field, value, Buffer.byteLength(value));
    return this;
  }

  strings(field: number, values: unknown): this {
    if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') this.lengthDelimited(field, v, Buffer.byteLength(v));
    return this;
  }

  bool(field: number, value: unknown): this {
    if (value === true) {
      this.tag(field, 0);
      this.varint(1);
    }
    return this;
  }

  int(field: number, value: unknown): this {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
      this.tag(field, 0);
      this.varint(value);
    }
    return this;
  }

  double(field: number, value: unknown): this {
    if (typeof value === 'number' && value !== 0) {
      this.tag(field, 1);
      this.cut();
      const b = Buffer.alloc(8);
      b.writeDoubleLE(value);
      this.chunks.push(b);
      this.length += 8;
    }
    return this;
  }

  message(field: number, value: Message | undefined): this {
    if (value) this.lengthDelimited(field, value, value.length);
    return this;
  }

  messages(field: number, values: Iterable<Message>): this {
    for (const v of values) this.message(field, v);
    return this;
  }

  private writeTo(out: Buffer, offset: number): number {
    this.cut();
    for (const chunk of this.chunks) {
      if (typeof chunk === 'string') offset += out.write(chunk, offset);
      else if (chunk instanceof Message) offset = chunk.writeTo(out, offset);
      else if (Buffer.isBuffer(chunk)) offset += chunk.copy(out, offset);
      else for (const byte of chunk) out[offset++] = byte;
    }
    return offset;
  }

  encode(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    const end = this.writeTo(out, 0);
    if (end !== this.length) throw new Error(`protobuf size mismatch: wrote ${end} of ${this.length} bytes`);
    return out;
  }
}

const isObject = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);
const entries = (v: unknown): Array<[string, unknown]> => (isObject(v) ? Object.entries(v) : []);

/** Any { google.protobuf.Any value = 1; string yaml = 2; } */
const any = (value: unknown) => new Message().string(2, JSON.stringify(value));
/** NamedAny { name = 1; Any value = 2; } for every `x-` key. */
const extensions = (o: Schema) => entries(o).filter(([k]) => k.startsWith('x-')).map(([k, v]) => new Message().string(1, k).message(2, any(v)));
const named = (name: string, value: Message) => new Message().string(1, name).message(2, value);

function schema(s: Schema): Message {
  const m = new Message().string(1, s.$ref).string(2, s.format).string(3, s.title).string(4, s.description);
  if (s.default !== undefined) m.message(5, any(s.default));
  m.double(6, s.multipleOf).double(7, s.maximum).bool(8, s.exclusiveMaximum).double(9, s.minimum).bool(10, s.exclusiveMinimum);
  m.int(11, s.maxLength).int(12, s.minLength).string(13, s.pattern).int(14, s.maxItems).int(15, s.minItems).bool(16, s.uniqueItems);
  m.int(17, s.maxProperties).int(18, s.minProperties).strings(19, s.required);
  if (Array.isArray(s.enum)) m.messages(20, s.enum.map(any));
  if (isObject(s.additionalProperties)) m.message(21, new Message().message(1, schema(s.additionalProperties)));
  else if (typeof s.additionalProperties === 'boolean') m.message(21, new Message().bool(2, s.additionalProperties));
  if (s.type !== undefined) m.message(22, new Message().strings(1, Array.isArray(s.type) ? s.type : [s.type]));
  if (s.items !== undefined) m.message(23, new Message().messages(1, (Array.isArray(s.items) ? s.items : [s.items]).filter(isObject).map(schema)));
  if (Array.isArray(s.allOf)) m.messages(24, s.allOf.filter(isObject).map(schema));
  if (isObject(s.properties)) m.message(25, new Message().messages(1, entries(s.properties).map(([k, v]) => named(k, schema(v as Schema)))));
  m.bool(27, s.readOnly);
  return m.messages(31, extensions(s));
}

/** Parameter: BodyParameter, or NonBodyParameter with a query or path sub-schema. */
function parameter(p: Schema): Message {
  if (p.in === 'body') {
    const body = new Message().string(1, p.description).string(2, p.name).string(3, p.in).bool(4, p.required);
    if (isObject(p.schema)) body.message(5, schema(p.schema));
    return new Message().message(1, body);
  }
  const sub = new Message().bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name);
  if (p.in === 'path') sub.string(5, p.type).bool(19, p.uniqueItems);
  else sub.string(6, p.type).bool(20, p.uniqueItems);
  return new Message().message(2, new Message().message(p.in === 'path' ? 4 : 3, sub));
}

/** ParametersItem: a parameter or a JsonReference to `#/parameters/...`. */
function parametersItem(p: Schema): Message {
  return typeof p.$ref === 'string' ? new Message().message(2, new Message().string(1, p.$ref)) : new Message().message(1, parameter(p));
}

function operation(o: Schema): Message {
  const m = new Message().strings(1, o.tags).string(3, o.description).string(5, o.operationId).strings(6, o.produces).strings(7, o.consumes);
  if (Array.isArray(o.parameters)) m.messages(8, o.parameters.filter(isObject).map(parametersItem));
  const responses = entries(o.responses).map(([code, r]) => {
    const response = new Message().string(1, (r as Schema).description);
    if (isObject((r as Schema).schema)) response.message(2, new Message().message(1, schema((r as Schema).schema as Schema)));
    return named(code, new Message().message(1, response));
  });
  m.message(9, new Message().messages(1, responses));
  return m.strings(10, o.schemes).messages(13, extensions(o));
}

const methodFields: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

function pathItem(item: Schema): Message {
  const m = new Message();
  for (const [method, field] of Object.entries(methodFields).sort(([, a], [, b]) => a - b)) {
    if (isObject(item[method])) m.message(field, operation(item[method]));
  }
  if (Array.isArray(item.parameters)) m.messages(9, item.parameters.filter(isObject).map(parametersItem));
  return m;
}

/** Encodes a Swagger 2.0 JSON document (as built by v2.ts) as an openapi.v2.Document. */
export function encodeSwagger(doc: Schema): Buffer {
  const info = isObject(doc.info) ? new Message().string(1, doc.info.title).string(2, doc.info.version) : undefined;
  const paths = new Message().messages(2, entries(doc.paths).map(([path, item]) => named(path, pathItem(item as Schema))));
  const definitions = new Message().messages(1, entries(doc.definitions).map(([name, s]) => named(name, schema(s as Schema))));
  const parameters = new Message().messages(1, entries(doc.parameters).map(([name, p]) => named(name, parameter(p as Schema))));
  const security = (Array.isArray(doc.security) ? doc.security : []).filter(isObject).map((req) =>
    new Message().messages(1, entries(req).map(([name, scopes]) => named(name, new Message().strings(1, scopes)))),
  );
  const securityDefinitions = new Message().messages(
    1,
    entries(doc.securityDefinitions).map(([name, d]) => {
      const def = d as Schema;
      return named(name, new Message().message(2, new Message().string(1, def.type).string(2, def.name).string(3, def.in).string(4, def.description)));
    }),
  );
  return new Message()
    .string(1, doc.swagger)
    .message(2, info)
    .message(8, paths)
    .message(9, definitions)
    .message(10, parameters)
    .messages(12, security)
    .message(13, securityDefinitions)
    .encode();
}
