/**
 * CustomResourceDefinition (upstream apiextensions-apiserver pkg/registry/customresourcedefinition and
 * pkg/apis/apiextensions/validation): names defaulted (singular, listKind), conversion None, the
 * essentials validated — name is <plural>.<group>, scope, exactly one storage version, a structural
 * schema per version. Deleting adds the cleanup finalizer so the custom resources go first.
 */
import { isDeepStrictEqual } from 'node:util';
import { isDNS1123Label, isDNS1123Subdomain } from '../../../../api/validation/names';
import type { FieldError } from '../../../../api/validation/field-errors';
import { validateStructural } from '../../../crd/schema/structural';
import { compilationErrors, goRule } from '../../../crd/cel/compile';
import { Verbatim } from '../../../../api/validation/field-errors';
import { isObject } from '../../../crd/schema/types';
import { cleanupFinalizer, type CRD, type CRDVersion } from '../../../crd/types';
import { parseJSONPath } from '../../../crd/jsonpath';
import { nameColumn } from '../../../table/columns';
import { type KubeObject, type Strategy, statusSubresource } from '../../generic/strategy';

const asCRD = (obj: KubeObject) => obj as CRD;

function defaults(obj: KubeObject): void {
  const spec = (asCRD(obj).spec ??= {} as CRD['spec']);
  const names = (spec.names ??= {} as CRD['spec']['names']);
  if (names.kind) {
    names.singular ||= names.kind.toLowerCase();
    names.listKind ||= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
}

const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, value, detail });
const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });

function validateNames(crd: CRD, errs: FieldError[]): void {
  const names = crd.spec.names ?? ({} as CRD['spec']['names']);
  if (!names.plural) errs.push(required('spec.names.plural'));
  else for (const msg of isDNS1123Label(names.plural)) errs.push(invalid('spec.names.plural', names.plural, msg));
  if (!names.kind) errs.push(required('spec.names.kind'));
  else if (!/^[A-Za-z][A-Za-z0-9]*$/.test(names.kind)) errs.push(invalid('spec.names.kind', names.kind, 'may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?'));
  if (names.singular) for (const msg of isDNS1123Label(names.singular)) errs.push(invalid('spec.names.singular', names.singular, msg));
  if (names.listKind && names.listKind === names.kind) errs.push(invalid('spec.names.listKind', names.listKind, 'kind and listKind may not be the same'));
  (names.shortNames ?? []).forEach((s, i) => {
    for (const msg of isDNS1123Label(s)) errs.push(invalid(`spec.names.shortNames[${i}]`, s, msg));
  });
  (names.categories ?? []).forEach((c, i) => {
    for (const msg of isDNS1123Label(c)) errs.push(invalid(`spec.names.categories[${i}]`, c, msg));
  });
}

function validateVersion(v: CRDVersion, i: number, seen: Set<string>, errs: FieldError[]): void {
  const path = `spec.versions[${i}]`;
  if (!v.name) errs.push(required(`${path}.name`));
  else {
    for (const msg of isDNS1123Label(v.name)) errs.push(invalid(`${path}.name`, v.name, msg));
    if (seen.has(v.name)) errs.push({ type: 'FieldValueDuplicate', field: `${path}.name`, value: v.name, detail: '' });
    seen.add(v.name);
  }
  if (typeof v.served !== 'boolean') errs.push(required(`${path}.served`));
  if (typeof v.storage !== 'boolean') errs.push(required(`${path}.storage`));
  const schema = v.schema?.openAPIV3Schema;
  if (schema === undefined) errs.push(required(`${path}.schema.openAPIV3Schema`, 'schemas are required'));
  else errs.push(...validateStructural(schema, `${path}.schema.openAPIV3Schema`));
  (v.additionalPrinterColumns ?? []).forEach((c, j) => {
    const cp = `${path}.additionalPrinterColumns[${j}]`;
    if (!c.name) errs.push(required(`${cp}.name`));
    if (!['integer', 'number', 'string', 'boolean', 'date'].includes(c.type))
      errs.push({ type: 'FieldValueNotSupported', field: `${cp}.type`, value: c.type, detail: 'supported values: "integer", "number", "string", "boolean", "date"' });
    if (!c.jsonPath) errs.push(required(`${cp}.jsonPath`));
    else {
      try {
        parseJSONPath(c.jsonPath);
      } catch (err) {
        errs.push(invalid(`${cp}.jsonPath`, c.jsonPath, (err as Error).message));
      }
    }
  });
  (v.selectableFields ?? []).forEach((f, j) => {
    try {
      parseJSONPath(f.jsonPath);
    } catch (err) {
      errs.push(invalid(`${path}.selectableFields[${j}].jsonPath`, f.jsonPath, (err as Error).message));
    }
  });
  if (v.subresources?.scale) {
    const s = v.subresources.scale;
    if (!s.specReplicasPath) errs.push(required(`${path}.subresources.scale.specReplicasPath`));
    if (!s.statusReplicasPath) errs.push(required(`${path}.subresources.scale.statusReplicasPath`));
  }
}

/**
 * x-kubernetes-validations rules must compile, so bad rules are refused when the CRD is applied. As
 * upstream, when every version has the same schema the errors name `spec.validation.openAPIV3Schema`
 * (the internal form hoists a shared schema there), else each `spec.versions[i].schema.openAPIV3Schema`.
 */
function validateRuleCompilation(versions: CRDVersion[]): FieldError[] {
  const schemas = versions.map((v) => v.schema?.openAPIV3Schema);
  if (schemas.some((s) => !isObject(s))) return [];
  const shared = schemas.length > 0 && schemas.every((s) => isDeepStrictEqual(s, schemas[0]));
  const targets = shared ? [{ schema: schemas[0]!, path: 'spec.validation.openAPIV3Schema' }] : schemas.map((s, i) => ({ schema: s!, path: `spec.versions[${i}].schema.openAPIV3Schema` }));
  return targets.flatMap(({ schema, path }) =>
    compilationErrors(schema, path).map((e): FieldError => {
      if (e.field === 'reason') return { type: 'FieldValueNotSupported', field: e.path, value: e.rule.reason, detail: e.detail };
      if (e.required) return required(e.path, e.detail);
      return invalid(e.path, e.value ?? new Verbatim(goRule(e.rule)), e.detail);
    }),
  );
}

export function validateCRD(obj: KubeObject): FieldError[] {
  const crd = asCRD(obj);
  const errs: FieldError[] = [];
  const spec = crd.spec;
  if (!isObject(spec)) return [required('spec')];
  if (!spec.group) errs.push(required('spec.group'));
  else {
    for (const msg of isDNS1123Subdomain(spec.group)) errs.push(invalid('spec.group', spec.group, msg));
    if (!spec.group.includes('.')) errs.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  validateNames(crd, errs);
  const expected = `${spec.names?.plural}.${spec.group}`;
  if (crd.metadata.name !== expected) errs.push(invalid('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster')
    errs.push(spec.scope ? { type: 'FieldValueNotSupported', field: 'spec.scope', value: spec.scope, detail: 'supported values: "Cluster", "Namespaced"' } : required('spec.scope'));
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) errs.push(invalid('spec.versions', [], 'must have exactly one version marked as storage version'));
  const seen = new Set<string>();
  versions.forEach((v, i) => validateVersion(v, i, seen, errs));
  const storage = versions.filter((v) => v.storage).length;
  if (versions.length > 0 && storage !== 1) errs.push(invalid('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version'));
  if (versions.length > 0 && !versions.some((v) => v.served)) errs.push(invalid('spec.versions', versions.map((v) => v.name), 'must have at least one version marked as served'));
  errs.push(...validateRuleCompilation(versions));
  const strategy = spec.conversion?.strategy ?? 'None';
  if (strategy !== 'None')
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.conversion.strategy', value: strategy, detail: 'supported values: "None" (skiff serves no conversion webhooks)' });
  if (spec.preserveUnknownFields === true)
    errs.push(invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  return errs;
}

function validateCRDUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateCRD(obj);
  const spec = asCRD(obj).spec;
  const oldSpec = asCRD(old).spec;
  if (spec?.group !== oldSpec.group) errs.push(invalid('spec.group', spec?.group, 'field is immutable'));
  if (spec?.scope !== oldSpec.scope) errs.push(invalid('spec.scope', spec?.scope, 'field is immutable'));
  return errs;
}

const specOf = (obj: KubeObject) => obj.spec;

export const customResourceDefinitionStrategy: Strategy = {
  subresources: { status: statusSubresource },
  defaults,
  prepareForCreate(obj) {
    delete obj.status;
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
    defaults(obj);
    obj.metadata.generation = old.metadata.generation ?? 1;
    if (!isDeepStrictEqual(specOf(obj), specOf(old))) obj.metadata.generation += 1;
  },
  validate: validateCRD,
  validateUpdate: validateCRDUpdate,
  beginDelete(obj) {
    if (obj.metadata.deletionTimestamp) return undefined;
    const finalizers = obj.metadata.finalizers ?? [];
    if (!finalizers.includes(cleanupFinalizer)) obj.metadata.finalizers = [...finalizers, cleanupFinalizer];
    return obj;
  },
  columns: [nameColumn, { name: 'Created At', type: 'date', description: 'Time when the object was created (metadata.creationTimestamp).' }],
  row: (obj) => [obj.metadata.name, obj.metadata.creationTimestamp],
};
