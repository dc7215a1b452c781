/**
 * What workload kinds share about their pod template and selector (upstream ValidatePodTemplateSpecForRC
 * and friends): template defaults, selector required and matching the template labels, replicas >= 0,
 * an immutable selector.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { type FieldError, invalid, notSupported, required } from '../../../../api/validation/field-errors';
import { defaultPodSpec } from './defaults';
import { validatePodSpec } from './validation';

export function defaultTemplate(template: PodTemplateSpec | undefined): void {
  if (!template) return;
  defaultPodSpec(template.spec);
}

/** Whether a LabelSelector selects the given labels (matchLabels and matchExpressions). */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]!))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key]!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

export function validateReplicas(value: unknown, path: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value !== 'number' || value < 0) return [invalid(path, value, 'must be greater than or equal to 0')];
  return [];
}

export interface TemplateRules {
  /** The kind's word in "empty selector is invalid for deployment". */
  kind: string;
  /** Restart policies the template may have; default any. */
  restartPolicies?: string[];
}

/** Validates spec.selector and spec.template of a workload whose spec is at `path`. */
export function validateSelectorAndTemplate(selector: LabelSelector | undefined, template: PodTemplateSpec | undefined, path: string, rules: TemplateRules): FieldError[] {
  const errs: FieldError[] = [];
  if (!selector) errs.push(required(`${path}.selector`));
  else if (isEmptySelector(selector)) errs.push(invalid(`${path}.selector`, selector, `empty selector is invalid for ${rules.kind}`));
  if (!template) {
    errs.push(required(`${path}.template`));
    return errs;
  }
  const labels = template.metadata?.labels ?? {};
  if (selector && !isEmptySelector(selector) && !selectorMatches(selector, labels))
    errs.push(invalid(`${path}.template.metadata.labels`, labels, '`selector` does not match template `labels`'));
  errs.push(...validatePodSpec(template.spec, `${path}.template.spec`));
  const policy = template.spec?.restartPolicy;
  if (rules.restartPolicies && policy !== undefined && !rules.restartPolicies.includes(policy))
    errs.push(notSupported(`${path}.template.spec.restartPolicy`, policy, rules.restartPolicies));
  return errs;
}

export function immutableSelector(selector: LabelSelector | undefined, old: LabelSelector | undefined, path: string): FieldError[] {
  return isDeepStrictEqual(selector, old) ? [] : [invalid(path, selector ?? null, 'field is immutable')];
}
