/**
 * apimachinery types whose protobuf message differs from their JSON form (see `SpecialType`). Each takes
 * the bytes of the embedded message and returns the JSON value upstream's MarshalJSON would write.
 */
import { type SpecialType } from './schema';
import { WireError, WireReader, WireType, toInt32, toInt64, toUtf8 } from './wire';

/** Reads a small message of scalar fields into field number → raw value; unknown wire shapes are an error. */
function fields(buf: Uint8Array, expected: Record<number, 'varint' | 'bytes'>): Map<number, bigint | Uint8Array> {
  const out = new Map<number, bigint | Uint8Array>();
  const r = new WireReader(buf);
  while (!r.done) {
    const at = r.offset;
    const { field, wireType } = r.tag();
    const want = expected[field];
    if (want === undefined) {
      r.skip(wireType);
      continue;
    }
    if (want === 'varint' && wireType === WireType.varint) out.set(field, r.varint());
    else if (want === 'bytes' && wireType === WireType.bytes) out.set(field, r.bytes());
    else throw new WireError(`field ${field} has wire type ${wireType}`, at);
  }
  return out;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Seconds since the epoch as `2006-01-02T15:04:05Z`, with `.000000` microseconds when `micros` is given. */
function formatTime(seconds: bigint, micros: number | undefined): string {
  const ms = Number(seconds) * 1000;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  // Go's Time.MarshalJSON refuses years outside [0, 9999]; so do we.
  if (!Number.isFinite(ms) || Number.isNaN(d.getTime()) || year < 0 || year > 9999) throw new WireError('timestamp out of range', 0);
  const date = `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return `${date}T${time}${micros === undefined ? '' : '.' + pad(micros, 6)}Z`;
}

/** metav1.Time / MicroTime: {seconds=1 int64, nanos=2 int32}; an empty message is the zero time (JSON null). */
function decodeTime(buf: Uint8Array, micro: boolean): string | null {
  if (buf.length === 0) return null;
  const f = fields(buf, { 1: 'varint', 2: 'varint' });
  const seconds = toInt64((f.get(1) as bigint | undefined) ?? 0n);
  const nanos = toInt32((f.get(2) as bigint | undefined) ?? 0n);
  if (nanos < 0 || nanos > 999_999_999) throw new WireError('timestamp nanos out of range', 0);
  // Time has second precision in JSON (upstream drops the nanos); MicroTime keeps microseconds.
  return formatTime(seconds, micro ? Math.floor(nanos / 1000) : undefined);
}

/** intstr.IntOrString: {type=1 (0 int, 1 string), intVal=2 int32, strVal=3 string}. */
function decodeIntOrString(buf: Uint8Array): number | string {
  const f = fields(buf, { 1: 'varint', 2: 'varint', 3: 'bytes' });
  const type = toInt64((f.get(1) as bigint | undefined) ?? 0n);
  if (type === 0n) return toInt32((f.get(2) as bigint | undefined) ?? 0n);
  if (type === 1n) return toUtf8((f.get(3) as Uint8Array | undefined) ?? new Uint8Array());
  throw new WireError(`IntOrString type ${type} is neither 0 (int) nor 1 (string)`, 0);
}

/** resource.Quantity: {string=1}; its canonical string is its JSON form. An unset quantity is "0". */
function decodeQuantity(buf: Uint8Array): string {
  const s = fields(buf, { 1: 'bytes' }).get(1) as Uint8Array | undefined;
  return s ? toUtf8(s) : '0';
}

/** metav1.FieldsV1: {Raw=1 bytes}, Raw being the JSON document itself. */
function decodeFieldsV1(buf: Uint8Array): unknown {
  const raw = fields(buf, { 1: 'bytes' }).get(1) as Uint8Array | undefined;
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(toUtf8(raw));
  } catch (err) {
    throw new WireError('FieldsV1 does not hold valid JSON', 0, { cause: err });
  }
}

export function decodeSpecial(type: SpecialType, buf: Uint8Array): unknown {
  switch (type) {
    case 'Time':
      return decodeTime(buf, false);
    case 'MicroTime':
      return decodeTime(buf, true);
    case 'IntOrString':
      return decodeIntOrString(buf);
    case 'Quantity':
      return decodeQuantity(buf);
    case 'FieldsV1':
      return decodeFieldsV1(buf);
  }
}

/** The JSON value of a special type that is absent but must be written (`always`). */
export function specialZero(type: SpecialType): unknown {
  switch (type) {
    case 'Time':
    case 'MicroTime':
    case 'FieldsV1':
      return null;
    case 'IntOrString':
      return 0;
    case 'Quantity':
      return '0';
  }
}
