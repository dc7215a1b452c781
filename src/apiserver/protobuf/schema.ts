/**
 * Schema tables: for each Kubernetes message, field number → JSON name and type. The tables are data
 * (see tables/); `decode.ts` walks them. Field numbers are wire facts checked against bodies kubectl 1.33
 * sends (see README.md), not copied from .proto files.
 */

/** Scalars as they appear on the wire. `bytes` becomes a base64 string, as Go's JSON encoder writes []byte. */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';

/**
 * apimachinery types whose protobuf form differs from their JSON form:
 * Time/MicroTime {seconds=1, nanos=2} → RFC 3339 string (null when empty); IntOrString {type=1, intVal=2,
 * strVal=3} → number or string; Quantity {string=1} → string; FieldsV1 {Raw=1} → the JSON it holds.
 */
export type SpecialType = 'Time' | 'MicroTime' | 'IntOrString' | 'Quantity' | 'FieldsV1';

/** A scalar, a special type, or the key of a message in the tables (e.g. `core.v1.Container`). */
export type FieldType = ScalarType | SpecialType | (string & {});

/**
 * When a field appears in the JSON form:
 * - `omitempty` (default): scalars only when non-zero, repeated/maps only when non-empty, messages when present;
 * - `pointer`: whenever present on the wire, even if zero (Go `*int32`, `*bool`, `*string`);
 * - `always`: always, zero value when absent (Go fields without `omitempty`).
 */
export type Presence = 'omitempty' | 'pointer' | 'always';

export interface FieldSpec {
  json: string;
  type: FieldType;
  repeated?: boolean;
  /** A proto map: repeated entry messages {key=1 string, value=2 of `type`}. */
  map?: boolean;
  presence?: Presence;
  /** A Go struct embedded with `json:",inline"`: its fields are written into the enclosing object. */
  inline?: boolean;
}

/** One message: field number → spec. Numbers left out are skipped like unknown fields. */
export type MessageSchema = Record<number, FieldSpec>;

/** Messages by key, `<group>.<version>.<Name>`; each tables file exports one of these. */
export type SchemaTables = Record<string, MessageSchema>;

export const scalarTypes: ReadonlySet<string> = new Set<ScalarType>(['string', 'int32', 'int64', 'bool', 'bytes']);
export const specialTypes: ReadonlySet<string> = new Set<SpecialType>(['Time', 'MicroTime', 'IntOrString', 'Quantity', 'FieldsV1']);

/** A singular field (`omitempty` unless told otherwise). */
export function field(json: string, type: FieldType, presence?: Presence): FieldSpec {
  return presence ? { json, type, presence } : { json, type };
}

/** A Go pointer field: present means set, even to a zero value. */
export function pointer(json: string, type: FieldType): FieldSpec {
  return { json, type, presence: 'pointer' };
}

/** A Go field without `omitempty`: always in the JSON form. */
export function always(json: string, type: FieldType): FieldSpec {
  return { json, type, presence: 'always' };
}

/** A repeated field (Go slice). */
export function repeated(json: string, type: FieldType, presence?: Presence): FieldSpec {
  return presence ? { json, type, repeated: true, presence } : { json, type, repeated: true };
}

/** A map<string, type> field. */
export function map(json: string, type: FieldType): FieldSpec {
  return { json, type, map: true };
}

/** An embedded struct whose JSON fields are inlined into the parent (e.g. Volume's VolumeSource). */
export function inline(type: FieldType): FieldSpec {
  return { json: '', type, inline: true };
}
