/**
 * Whether a CRD version's schema is structural (upstream pkg/apiserver/schema: NewStructural +
 * ValidateStructural): every specified node has a type (unless x-kubernetes-int-or-string or
 * x-kubernetes-preserve-unknown-fields says otherwise), the root is an object, properties and
 * additionalProperties are not both set, and root metadata may only restrict name and generateName.
 */
import type { FieldError } from '../../../api/validation/field-errors';
import { isObject, type JSONSchemaProps } from './types';
import { validateValue } from './validate';
import { prune } from './prune';

const types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

export function validateStructural(schema: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObject(schema)) return [{ type: 'FieldValueRequired', field: path, detail: 'schemas are required' }];
  const root = schema as JSONSchemaProps;
  if (root.type !== 'object') errs.push({ type: 'FieldValueInvalid', field: `${path}.type`, value: root.type ?? '', detail: 'must be object at the root' });
  node(root, path, errs, true);
  const metadata = root.properties?.metadata;
  if (metadata) checkRootMetadata(metadata, `${path}.properties[metadata]`, errs);
  return errs;
}

function node(s: JSONSchemaProps, path: string, errs: FieldError[], typeRequired: boolean): void {
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'];
  if (preserve === false) errs.push({ type: 'FieldValueInvalid', field: `${path}.x-kubernetes-preserve-unknown-fields`, value: false, detail: 'must be true or undefined' });
  if (s.type !== undefined && !types.includes(s.type))
    errs.push({ type: 'FieldValueNotSupported', field: `${path}.type`, value: s.type, detail: `supported values: ${types.map((t) => JSON.stringify(t)).join(', ')}` });
  if (!s.type && typeRequired && !intOrString && preserve !== true)
    errs.push({ type: 'FieldValueRequired', field: `${path}.type`, detail: 'must not be empty for specified object fields' });
  if (intOrString && s.type) errs.push({ type: 'FieldValueInvalid', field: `${path}.type`, value: s.type, detail: 'must be empty if x-kubernetes-int-or-string is true' });
  if (s['x-kubernetes-embedded-resource'] && s.type !== 'object')
    errs.push({ type: 'FieldValueInvalid', field: `${path}.type`, value: s.type ?? '', detail: 'must be object if x-kubernetes-embedded-resource is true' });
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== false)
    errs.push({ type: 'FieldValueForbidden', field: `${path}.additionalProperties`, detail: 'additionalProperties and properties are mutual exclusive' });
  if (s.type === 'array' && !s.items) errs.push({ type: 'FieldValueRequired', field: `${path}.items`, detail: 'must be specified' });
  if (s.items && s.type !== 'array' && s.type) errs.push({ type: 'FieldValueForbidden', field: `${path}.items`, detail: 'must be empty for non-array types' });
  if (s.properties && s.type && s.type !== 'object') errs.push({ type: 'FieldValueForbidden', field: `${path}.properties`, detail: 'must be empty for non-object types' });
  if (s.$ref !== undefined) errs.push({ type: 'FieldValueForbidden', field: `${path}.$ref`, detail: '$ref is not supported' });
  if (s.default !== undefined) checkDefault(s, path, errs);
  for (const [name, prop] of Object.entries(s.properties ?? {})) node(prop, `${path}.properties[${name}]`, errs, true);
  if (isObject(s.additionalProperties)) node(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, errs, true);
  if (s.items) node(s.items, `${path}.items`, errs, true);
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) (s[junctor] ?? []).forEach((sub, i) => junctorNode(sub, `${path}.${junctor}[${i}]`, intOrString, errs));
  if (s.not) junctorNode(s.not, `${path}.not`, false, errs);
}

/**
 * Junctors (allOf, anyOf, oneOf, not) only restrict: no type, default, nullable, description or title of
 * their own — except upstream's int-or-string pattern, `anyOf: [{type: integer}, {type: string}]`
 * (also inside an allOf) under x-kubernetes-int-or-string.
 */
function junctorNode(s: JSONSchemaProps, path: string, intOrString: boolean, errs: FieldError[]): void {
  const intOrStringType = intOrString && (s.type === 'integer' || s.type === 'string');
  if (s.type && !intOrStringType) errs.push({ type: 'FieldValueForbidden', field: `${path}.type`, detail: 'must be empty to be structural' });
  for (const key of ['default', 'nullable', 'description', 'title'] as const)
    if (s[key] !== undefined && s[key] !== false) errs.push({ type: 'FieldValueForbidden', field: `${path}.${key}`, detail: 'must be empty to be structural' });
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) (s[junctor] ?? []).forEach((sub, i) => junctorNode(sub, `${path}.${junctor}[${i}]`, intOrString, errs));
  for (const [name, prop] of Object.entries(s.properties ?? {})) junctorNode(prop, `${path}.properties[${name}]`, false, errs);
  if (s.items) junctorNode(s.items, `${path}.items`, false, errs);
}

/** A default must be valid for its schema and must not carry fields pruning would drop (upstream). */
function checkDefault(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const field = `${path}.default`;
  const value = structuredClone(s.default);
  const pruned = prune(value, s, {}, field);
  if (pruned.length > 0) errs.push({ type: 'FieldValueInvalid', field, value: s.default, detail: `must not have unknown fields: ${pruned.join(', ')}` });
  errs.push(...validateValue(value, s, field));
}

function checkRootMetadata(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  if (s.type !== 'object') errs.push({ type: 'FieldValueInvalid', field: `${path}.type`, value: s.type ?? '', detail: 'must be object' });
  for (const name of Object.keys(s.properties ?? {})) {
    if (name !== 'name' && name !== 'generateName') errs.push({ type: 'FieldValueForbidden', field: `${path}.properties`, detail: 'must only have "name" or "generateName" properties' });
  }
}
