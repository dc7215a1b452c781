/**
 * Validation of a custom resource against its version's openAPIV3Schema, with the messages upstream's
 * kube-openapi validator gives (`spec.replicas in body must be of type integer: "string"`), turned into
 * field errors as apiextensions-apiserver does (Required, Unsupported value, Too long, Invalid value).
 * `x-kubernetes-validations` (CEL) rules are evaluated separately, by ../cel/validate.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FieldError } from '../../../api/validation/field-errors';
import { child, isObject, type JSONSchemaProps } from './types';

/** The JSON type name of a value as the validator reports it. */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(value: unknown, schema: JSONSchemaProps): boolean {
  const t = typeOf(value);
  if (schema['x-kubernetes-int-or-string']) return t === 'integer' || t === 'string';
  if (!schema.type) return true;
  if (schema.type === 'number') return t === 'number' || t === 'integer';
  return t === schema.type;
}

const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, value, detail });

export function validateValue(value: unknown, schema: JSONSchemaProps | undefined, path = ''): FieldError[] {
  const errs: FieldError[] = [];
  check(value, schema, path, errs);
  return errs;
}

function check(value: unknown, schema: JSONSchemaProps | undefined, path: string, errs: FieldError[]): void {
  if (!schema) return;
  const where = path || '<root>';
  if (value === null) {
    if (!schema.nullable && (schema.type || schema['x-kubernetes-int-or-string']))
      errs.push({ type: 'FieldValueTypeInvalid', field: where, value: 'null', detail: `${where} in body must be of type ${schema.type ?? 'integer-or-string'}: "null"` });
    return;
  }
  if (!typeMatches(value, schema)) {
    const expected = schema['x-kubernetes-int-or-string'] ? 'integer,string' : schema.type;
    errs.push({ type: 'FieldValueTypeInvalid', field: where, value: typeOf(value), detail: `${where} in body must be of type ${expected}: "${typeOf(value)}"` });
    return;
  }
  if (schema.enum && !schema.enum.some((e) => isDeepStrictEqual(e, value)))
    errs.push({ type: 'FieldValueNotSupported', field: where, value, detail: `supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
  if (typeof value === 'number') checkNumber(value, schema, where, errs);
  else if (typeof value === 'string') checkString(value, schema, where, errs);
  else if (Array.isArray(value)) checkArray(value, schema, path, errs);
  else if (isObject(value)) checkObject(value, schema, path, errs);
  for (const sub of schema.allOf ?? []) check(value, sub, path, errs);
  checkJunctors(value, schema, path, errs);
}

/** anyOf: at least one sub-schema holds; oneOf: exactly one; not: it must not hold (kube-openapi's messages). */
function checkJunctors(value: unknown, schema: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const where = path || '<root>';
  const holds = (sub: JSONSchemaProps) => validateValue(value, sub, path).length === 0;
  if (schema.anyOf?.length && !schema.anyOf.some(holds)) errs.push(invalid(where, value, `${where} in body must validate at least one schema (anyOf)`));
  if (schema.oneOf?.length && schema.oneOf.filter(holds).length !== 1) errs.push(invalid(where, value, `${where} in body must validate one and only one schema (oneOf)`));
  if (schema.not && holds(schema.not)) errs.push(invalid(where, value, `${where} in body must not validate the schema (not)`));
}

function checkNumber(v: number, s: JSONSchemaProps, where: string, errs: FieldError[]): void {
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum))
    errs.push(invalid(where, v, `${where} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum))
    errs.push(invalid(where, v, `${where} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf))
    errs.push(invalid(where, v, `${where} in body should be a multiple of ${s.multipleOf}`));
}

function checkString(v: string, s: JSONSchemaProps, where: string, errs: FieldError[]): void {
  const length = [...v].length;
  if (s.maxLength !== undefined && length > s.maxLength) errs.push({ type: 'FieldValueTooLong', field: where, value: v, detail: `may not be more than ${s.maxLength} bytes` });
  if (s.minLength !== undefined && length < s.minLength) errs.push(invalid(where, v, `${where} in body should be at least ${s.minLength} chars long`));
  if (s.pattern !== undefined && !safeRegExp(s.pattern)?.test(v)) errs.push(invalid(where, v, `${where} in body should match '${s.pattern}'`));
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

function checkArray(v: unknown[], s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const where = path || '<root>';
  if (s.maxItems !== undefined && v.length > s.maxItems) errs.push({ type: 'FieldValueInvalid', field: where, value: v.length, detail: `must have at most ${s.maxItems} items` });
  if (s.minItems !== undefined && v.length < s.minItems) errs.push(invalid(where, v.length, `${where} in body should have at least ${s.minItems} items`));
  if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) errs.push({ type: 'FieldValueDuplicate', field: where, value: v, detail: '' });
  checkListType(v, s, path, errs);
  v.forEach((item, i) => check(item, s.items, `${path}[${i}]`, errs));
}

/** x-kubernetes-list-type set: items unique; map: items unique by x-kubernetes-list-map-keys. */
function checkListType(v: unknown[], s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] as string[] | undefined;
  if (listType !== 'set' && !(listType === 'map' && keys?.length)) return;
  const seen = new Set<string>();
  v.forEach((item, i) => {
    const identity = listType === 'set' ? item : Object.fromEntries(keys!.map((k) => [k, isObject(item) ? item[k] : undefined]));
    const key = JSON.stringify(identity);
    if (seen.has(key)) errs.push({ type: 'FieldValueDuplicate', field: `${path}[${i}]`, value: identity, detail: '' });
    seen.add(key);
  });
}

function checkObject(v: Record<string, unknown>, s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const where = path || '<root>';
  const count = Object.keys(v).length;
  if (s.maxProperties !== undefined && count > s.maxProperties) errs.push(invalid(where, count, `must have at most ${s.maxProperties} items`));
  if (s.minProperties !== undefined && count < s.minProperties) errs.push(invalid(where, count, `${where} in body should have at least ${s.minProperties} properties`));
  for (const name of s.required ?? []) if (!(name in v)) errs.push({ type: 'FieldValueRequired', field: child(path, name), detail: '' });
  for (const [key, value] of Object.entries(v)) {
    const prop = s.properties?.[key] ?? (isObject(s.additionalProperties) ? s.additionalProperties : undefined);
    if (prop) check(value, prop, child(path, key), errs);
  }
  if (s['x-kubernetes-embedded-resource']) {
    if (typeof v.apiVersion !== 'string' || v.apiVersion === '') errs.push({ type: 'FieldValueRequired', field: child(path, 'apiVersion'), detail: 'must not be empty' });
    if (typeof v.kind !== 'string' || v.kind === '') errs.push({ type: 'FieldValueRequired', field: child(path, 'kind'), detail: 'must not be empty' });
  }
}
