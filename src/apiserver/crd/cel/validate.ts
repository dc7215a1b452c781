/**
 * Evaluating compiled `x-kubernetes-validations` against an object (upstream apiserver/schema/cel
 * validation.go): each node's rules with `self` the value there and, on update, `oldSelf` the
 * correlated old value (object properties, map entries and map-type list items by key); transition
 * rules run only when an old value exists unless `optionalOldSelf`. A false rule gives
 * `<path>: Invalid value: "<schema type>": <message>` (or the error its `reason` names).
 */
import { isDeepStrictEqual } from 'node:util';
import type { FieldError } from '../../../api/validation/field-errors';
import { isObject, type JSONSchemaProps } from '../schema/types';
import type { CompiledRule, RuleNode } from './compile';
import { ruleFieldPath } from './compile';
import { CostLimitError, optionalNone, optionalOf, perCallLimit, perObjectLimit, runtimeMessage, withBudget } from './env';
import { toCel } from './types';

interface State {
  budget: number;
  errs: FieldError[];
}

class OutOfBudget extends Error {}

const ruleText = (r: CompiledRule): string => (r.rule.message ? r.rule.message.trim() : r.rule.rule.trim());
const defaultMessage = (r: CompiledRule): string => (r.rule.message ? r.rule.message.trim() : `failed rule: ${ruleText(r)}`);

/** The x-kubernetes-validations errors of `obj` (and `old` on update) under the compiled tree. */
export function validateRules(tree: RuleNode | undefined, obj: unknown, old: unknown, path = ''): FieldError[] {
  if (!tree) return [];
  const errs = collect(tree, obj, old, path);
  // Errors at the root have no path; upstream prints a nil path as <nil>.
  for (const e of errs) if (e.field === '') e.field = '<nil>';
  return errs;
}

function collect(tree: RuleNode, obj: unknown, old: unknown, path: string): FieldError[] {
  const state: State = { budget: perObjectLimit, errs: [] };
  try {
    walk(tree, obj, old, path, state, sameAs(obj, old));
  } catch (err) {
    if (!(err instanceof OutOfBudget)) throw err;
  }
  return state.errs;
}

/**
 * Walks value and old together. `unchanged` is upstream's ratcheting (CRDValidationRatcheting, on
 * since 1.30): a failing rule that does not use oldSelf is not an error when the value is equal to its
 * old value, or, where values cannot be correlated (items of set and atomic lists), when the nearest
 * correlated ancestor is unchanged. Upstream then sends a warning; here the error is dropped.
 */
function walk(node: RuleNode, value: unknown, old: unknown, path: string, state: State, unchanged: boolean): void {
  if (value === null || value === undefined) return;
  if (node.rules.length > 0) evaluateNode(node, value, old ?? undefined, path, state, unchanged);
  if (Array.isArray(value) && node.items) {
    const keys = node.schema['x-kubernetes-list-type'] === 'map' ? (node.schema['x-kubernetes-list-map-keys'] as string[] | undefined) : undefined;
    const oldItems = Array.isArray(old) && keys ? old : [];
    value.forEach((item, i) => {
      const oldItem = keys && isObject(item) ? oldItems.find((o) => isObject(o) && keys.every((k) => o[k] === item[k])) : undefined;
      walk(node.items!, item, oldItem, `${path}[${i}]`, state, keys ? sameAs(item, oldItem) : unchanged);
    });
  } else if (isObject(value)) {
    const atomic = node.schema['x-kubernetes-map-type'] === 'atomic';
    const correlated = !atomic && isObject(old) ? old : {};
    for (const [k, v] of Object.entries(value)) {
      const child = node.properties.get(k) ?? (node.properties.size === 0 ? node.additionalProperties : undefined);
      const childPath = node.properties.has(k) ? (path ? `${path}.${k}` : k) : `${path}[${k}]`;
      if (child) walk(child, v, correlated[k], childPath, state, atomic ? unchanged : sameAs(v, correlated[k]));
    }
  }
}

const sameAs = (value: unknown, old: unknown): boolean => old !== undefined && isDeepStrictEqual(value, old);

function typeString(s: JSONSchemaProps): string {
  return s.type ?? '';
}

function evaluateNode(node: RuleNode, value: unknown, old: unknown, path: string, state: State, unchanged: boolean): void {
  const schemaType = typeString(node.schema);
  const self = node.decl && toCel(value, node.decl);
  const oldSelf = old === undefined || !node.decl ? undefined : toCel(old, node.decl);
  for (const compiled of node.rules) {
    if (!compiled.program) {
      if (compiled.errors.length > 0) state.errs.push(invalid(path, schemaType, `rule compile error: ${compiled.errors[0]!.detail}`));
      continue;
    }
    if (compiled.usesOldSelf && oldSelf === undefined && !compiled.rule.optionalOldSelf) continue;
    const ctx = compiled.rule.optionalOldSelf ? { self, oldSelf: oldSelf === undefined ? optionalNone() : optionalOf(oldSelf) } : { self, oldSelf };
    const result = run(compiled, compiled.program, ctx, path, schemaType, state);
    if (result === undefined || result === true || (unchanged && !compiled.usesOldSelf)) continue;
    const target = ruleFieldPath(path, compiled.rule.fieldPath);
    const detail = compiled.messageProgram ? messageFrom(compiled, ctx, state) : undefined;
    state.errs.push(errorFor(target, schemaType, detail ?? defaultMessage(compiled), compiled.rule.reason));
  }
}

const invalid = (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, value, detail });

function errorFor(field: string, schemaType: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return { type: 'FieldValueForbidden', field, detail };
    case 'FieldValueRequired':
      return { type: 'FieldValueRequired', field, detail };
    case 'FieldValueDuplicate':
      return { type: 'FieldValueDuplicate', field, value: schemaType, detail: '' };
    default:
      return invalid(field, schemaType, detail);
  }
}

/** Evaluates within the per-call and per-object budgets; an error becomes a field error (undefined result). */
function run(compiled: CompiledRule, program: NonNullable<CompiledRule['program']>, ctx: object, path: string, schemaType: string, state: State): unknown {
  const limit = Math.min(perCallLimit, state.budget);
  try {
    const { value, cost } = withBudget(limit, () => program(ctx as Record<string, unknown>));
    state.budget -= cost;
    return value;
  } catch (err) {
    if (err instanceof CostLimitError) {
      if (limit < perCallLimit) state.errs.push(invalid(path, schemaType, 'validation failed due to running out of cost budget, no further validation rules will be run'));
      else state.errs.push(invalid(path, schemaType, `'${err.message}': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleText(compiled)}`));
      throw new OutOfBudget();
    }
    const message = runtimeMessage(err);
    if (/^no such overload|^found no matching overload/.test(message))
      state.errs.push(invalid(path, schemaType, `'${message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText(compiled)}`));
    else state.errs.push(invalid(path, schemaType, `${message} evaluating rule: ${ruleText(compiled)}`));
    return undefined;
  }
}

/** The messageExpression's string, or undefined (upstream then falls back to the message). */
function messageFrom(compiled: CompiledRule, ctx: object, state: State): string | undefined {
  try {
    const { value, cost } = withBudget(Math.min(perCallLimit, state.budget), () => compiled.messageProgram!(ctx as Record<string, unknown>));
    state.budget -= cost;
    if (typeof value !== 'string') return undefined;
    const text = value.trim();
    if (text === '' || text.includes('\n') || text.length > 5120) return undefined;
    return text;
  } catch {
    return undefined;
  }
}
