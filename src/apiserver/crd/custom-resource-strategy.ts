/**
 * The strategy of one served version of a CRD (upstream pkg/registry/customresource/strategy.go):
 * unknown fields pruned, defaults applied, the object validated against the version's schema; with
 * the status subresource, status and spec are split and metadata.generation counts spec changes.
 * Objects are stored in the CRD's storage version: with conversion None only apiVersion changes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, Strategy, SubresourceStrategy } from '../registry/generic/strategy';
import { evaluate, parseJSONPath } from './jsonpath';
import { printerFor } from './printer-columns';
import { applyDefaults } from './schema/defaults';
import { prune } from './schema/prune';
import { isObject, type JSONSchemaProps } from './schema/types';
import { validateValue } from './schema/validate';
import { compileSchema } from './cel/compile';
import { validateRules } from './cel/validate';
import { scaleSubresource } from './scale';
import { storageVersion, type CRD, type CRDVersion } from './types';

function withoutMetadata(obj: KubeObject, dropStatus: boolean): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, status, ...rest } = obj;
  return dropStatus ? rest : { ...rest, status };
}

/** Prunes and defaults `obj` (in place) per the version's schema; what create, update and read share. */
export function normalize(obj: KubeObject, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  prune(obj, schema, { isResourceRoot: true });
  applyDefaults(obj, schema);
}

export function customResourceStrategy(crd: CRD, version: CRDVersion): Strategy {
  const schema = version.schema?.openAPIV3Schema;
  const hasStatus = isObject(version.subresources?.status);
  const storageApiVersion = `${crd.spec.group}/${storageVersion(crd)?.name ?? version.name}`;
  const printer = printerFor(version.additionalPrinterColumns);
  // The version's validation rules, compiled when the version is (re)served rather than on first use.
  if (schema) compileSchema(schema);
  const subresources: Record<string, SubresourceStrategy> = {};
  if (hasStatus) subresources.status = statusSubresource(schema);
  if (version.subresources?.scale) subresources.scale = scaleSubresource(version.subresources.scale);
  return {
    subresources,
    prepareForCreate(obj) {
      obj.apiVersion = storageApiVersion;
      if (hasStatus) delete obj.status;
      obj.metadata.generation = 1;
      if (schema) prune(obj, schema, { isResourceRoot: true });
    },
    prepareForUpdate(obj, old) {
      obj.apiVersion = storageApiVersion;
      if (hasStatus) {
        if (old.status === undefined) delete obj.status;
        else obj.status = old.status;
      }
      if (schema) prune(obj, schema, { isResourceRoot: true });
      obj.metadata.generation = old.metadata.generation ?? 1;
      if (!isDeepStrictEqual(withoutMetadata(obj, hasStatus), withoutMetadata(old, hasStatus))) obj.metadata.generation += 1;
    },
    defaults(obj) {
      if (schema) applyDefaults(obj, schema);
    },
    validate: (obj) => validateObject(obj, undefined, schema),
    validateUpdate: (obj, old) => validateObject(obj, old, schema),
    columns: printer.columns,
    row: printer.row,
    selectableFields: version.selectableFields?.length ? selectable(version.selectableFields.map((f) => f.jsonPath)) : undefined,
  };
}

/** The selectable fields' values as field selectors compare them: strings, integers and booleans printed. */
function selectable(paths: string[]): (obj: KubeObject) => Record<string, string> {
  const compiled = paths.map((p) => ({ name: p.replace(/^\./, ''), steps: parseJSONPath(p) }));
  return (obj) => {
    const out: Record<string, string> = {};
    for (const { name, steps } of compiled) {
      const [v] = evaluate(steps, obj);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
      else out[name] = '';
    }
    return out;
  };
}

/**
 * The object against the schema; of metadata only name and generateName, which a CRD's schema may
 * restrict (the rest is ObjectMeta, validated generically). Then the x-kubernetes-validations rules
 * (with `old` for transition rules on update), unless a value has the wrong type, as upstream.
 */
function validateObject(obj: KubeObject, old: KubeObject | undefined, schema: JSONSchemaProps | undefined) {
  if (!schema) return [];
  const errs = validateSchema(obj, schema);
  const rules = compileSchema(schema);
  if (!rules) return errs;
  if (errs.some((e) => e.type === 'FieldValueTypeInvalid'))
    errs.push({ type: 'FieldValueInvalid', field: '<nil>', value: null, detail: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation' });
  else errs.push(...validateRules(rules, obj, old));
  return errs;
}

function validateSchema(obj: KubeObject, schema: JSONSchemaProps) {
  const { metadata, ...rest } = obj;
  const errs = validateValue(rest, { ...schema, required: (schema.required ?? []).filter((r) => r !== 'metadata') });
  const metaSchema = schema.properties?.metadata?.properties;
  for (const field of ['name', 'generateName'] as const) {
    const value = metadata?.[field];
    if (metaSchema?.[field] && value !== undefined) errs.push(...validateValue(value, metaSchema[field], `metadata.${field}`));
  }
  return errs;
}

/** The status subresource: only .status changes, pruned and defaulted by the status schema. */
function statusSubresource(schema: JSONSchemaProps | undefined): SubresourceStrategy {
  return {
    prepareForUpdate(obj, old) {
      const out = structuredClone(old);
      if (obj.status === undefined) delete out.status;
      else {
        out.status = structuredClone(obj.status);
        const statusSchema = schema?.properties?.status;
        if (statusSchema) {
          prune(out.status, statusSchema, {}, 'status');
          applyDefaults(out.status, statusSchema);
        }
      }
      return out;
    },
  };
}
