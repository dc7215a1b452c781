/**
 * Structural defaulting (upstream apiextensions-apiserver pkg/apiserver/schema/defaulting): a property
 * that is absent — or null while not nullable — gets a copy of its `default`, from the root down, so a
 * defaulted object's own properties are defaulted too. Applied on create, update and read.
 */
import { isObject, type JSONSchemaProps } from './types';

export function applyDefaults(value: unknown, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  if (schema.properties) {
    for (const [key, prop] of Object.entries(schema.properties)) {
      const missing = !(key in value) || (value[key] === null && !prop.nullable);
      if (missing && prop.default !== undefined) value[key] = structuredClone(prop.default);
      if (key in value) applyDefaults(value[key], prop);
    }
  } else if (isObject(schema.additionalProperties)) {
    for (const v of Object.values(value)) applyDefaults(v, schema.additionalProperties);
  }
}
