/** ObjectMeta validation, as upstream's apimachinery/pkg/api/validation/objectmeta.go. */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { type FieldError, forbidden, invalid, required, tooLong } from './field-errors';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names';

export const totalAnnotationSizeLimit = 256 * 1024;

export type NameValidator = (name: string) => string[];

export interface ObjectMetaRules {
  namespaced: boolean;
  /** How names of this kind are checked; default DNS-1123 subdomain. */
  validateName?: NameValidator;
}

export function validateLabels(labels: Record<string, unknown> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const d of isQualifiedName(k)) errs.push(invalid(field, k, d));
    if (typeof v !== 'string') errs.push(invalid(`${field}[${k}]`, v, 'must be a string'));
    else for (const d of isValidLabelValue(v)) errs.push(invalid(field, v, d));
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, unknown> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const d of isQualifiedName(k.toLowerCase())) errs.push(invalid(field, k, d));
    if (typeof v !== 'string') errs.push(invalid(`${field}[${k}]`, v, 'must be a string'));
    size += k.length + String(v).length;
  }
  if (size > totalAnnotationSizeLimit) errs.push(tooLong(field, totalAnnotationSizeLimit));
  return errs;
}

export function validateObjectMeta(meta: ObjectMeta | undefined, rules: ObjectMetaRules): FieldError[] {
  const errs: FieldError[] = [];
  const validateName = rules.validateName ?? isDNS1123Subdomain;
  if (!meta) return [required('metadata')];
  if (meta.generateName) for (const d of validateName(meta.generateName.replace(/-$/, 'a'))) errs.push(invalid('metadata.generateName', meta.generateName, d));
  if (!meta.name) errs.push(required('metadata.name', 'name or generateName is required'));
  else for (const d of validateName(meta.name)) errs.push(invalid('metadata.name', meta.name, d));
  if (rules.namespaced) {
    if (!meta.namespace) errs.push(required('metadata.namespace'));
    else for (const d of isDNS1123Label(meta.namespace)) errs.push(invalid('metadata.namespace', meta.namespace, d));
  } else if (meta.namespace) errs.push(forbidden('metadata.namespace', 'not allowed on this type'));
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  for (const [i, f] of (meta.finalizers ?? []).entries()) {
    for (const d of isQualifiedName(f)) errs.push(invalid(`metadata.finalizers[${i}]`, f, d));
  }
  return errs;
}

function immutable(field: string, now: unknown, before: unknown): FieldError[] {
  return now === before ? [] : [invalid(field, now, 'field is immutable')];
}

export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, rules: ObjectMetaRules): FieldError[] {
  const errs = validateObjectMeta(meta, rules);
  errs.push(...immutable('metadata.name', meta.name, old.name));
  errs.push(...immutable('metadata.namespace', meta.namespace, old.namespace));
  errs.push(...immutable('metadata.uid', meta.uid, old.uid));
  errs.push(...immutable('metadata.creationTimestamp', meta.creationTimestamp, old.creationTimestamp));
  if (old.deletionTimestamp && meta.deletionTimestamp !== old.deletionTimestamp)
    errs.push(invalid('metadata.deletionTimestamp', meta.deletionTimestamp, 'field is immutable; may only be changed via deletion'));
  return errs;
}
