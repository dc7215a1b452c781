/**
 * Compiling a CRD version's `x-kubernetes-validations` (upstream apiserver/schema/cel compilation.go):
 * a tree parallel to the schema holding, for each node with rules below it, the rules compiled in an
 * environment where `self` (and `oldSelf`) have that node's type. Compiled once per schema object and
 * cached (the CRD controller builds a new strategy, with the new schema object, on every change).
 */
import type { CelEnvironment } from './env-types';
import { formatCompileError, newEnvironment } from './env';
import { declare, type Decl } from './types';
import { isObject, type JSONSchemaProps } from '../schema/types';

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

type Program = ((ctx: Record<string, unknown>) => unknown) & { ast: unknown };

export interface CompiledRule {
  rule: ValidationRule;
  program?: Program;
  messageProgram?: Program;
  usesOldSelf: boolean;
  /** Errors found compiling the rule, each with the rule field it concerns. */
  errors: RuleError[];
}

/** A problem with one field of a rule; `value` is what the field error shows (default: the whole rule). */
export interface RuleError {
  field: 'rule' | 'message' | 'messageExpression' | 'reason' | 'fieldPath';
  detail: string;
  value?: string;
  required?: boolean;
}

export interface RuleNode {
  schema: JSONSchemaProps;
  decl?: Decl;
  rules: CompiledRule[];
  properties: Map<string, RuleNode>;
  items?: RuleNode;
  additionalProperties?: RuleNode;
}

export const rulesOf = (s: JSONSchemaProps): ValidationRule[] => (Array.isArray(s['x-kubernetes-validations']) ? (s['x-kubernetes-validations'] as ValidationRule[]) : []);

/** Whether the expression refers to `oldSelf` (an identifier node in its syntax tree). */
function mentionsOldSelf(ast: unknown, seen = new Set<unknown>()): boolean {
  if (!ast || typeof ast !== 'object' || seen.has(ast)) return false;
  seen.add(ast);
  const node = ast as { op?: string; args?: unknown };
  if (node.op === 'id' && node.args === 'oldSelf') return true;
  const args = node.args;
  if (Array.isArray(args)) return args.some((a) => mentionsOldSelf(a, seen));
  if (args && typeof args === 'object') return Object.values(args).some((a) => mentionsOldSelf(a, seen));
  return false;
}

const reasons = ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'];

interface Envs {
  env: CelEnvironment;
  optionalEnv: CelEnvironment;
  decl: Decl;
}

function environments(schema: JSONSchemaProps, name: string, resource: boolean): Envs {
  const typed = newEnvironment();
  const { decl, type } = declare(typed, schema, name, resource);
  const env = typed.clone();
  const optionalEnv = typed.clone();
  env.registerVariable('self', type).registerVariable('oldSelf', type);
  optionalEnv.registerVariable('self', type).registerVariable('oldSelf', `optional<${type}>`);
  return { env, optionalEnv, decl };
}

function compileExpression(env: CelEnvironment, source: string, want: 'bool' | 'string'): { program?: Program; error?: string } {
  let program: Program;
  try {
    program = env.parse(source) as unknown as Program;
  } catch (err) {
    return { error: `compilation failed: ${formatCompileError(source, err as Error)}` };
  }
  let checked: { valid: boolean; type?: string; error?: Error };
  try {
    checked = (program as unknown as { check(): typeof checked }).check();
  } catch (err) {
    checked = { valid: false, error: err as Error };
  }
  if (!checked.valid) return { error: `compilation failed: ${formatCompileError(source, checked.error!)}` };
  if (checked.type !== want && checked.type !== 'dyn')
    return { error: want === 'bool' ? 'cel expression must evaluate to a bool' : 'must evaluate to a string' };
  return { program };
}

function compileRule(envs: Envs, rule: ValidationRule, schema: JSONSchemaProps): CompiledRule {
  const out: CompiledRule = { rule, usesOldSelf: false, errors: [] };
  if (typeof rule.rule !== 'string' || rule.rule.trim() === '') {
    out.errors.push({ field: 'rule', detail: 'rule is not specified' });
    return out;
  }
  const env = rule.optionalOldSelf ? envs.optionalEnv : envs.env;
  const compiled = compileExpression(env, rule.rule, 'bool');
  if (compiled.error) out.errors.push({ field: 'rule', detail: compiled.error });
  else {
    out.program = compiled.program;
    out.usesOldSelf = mentionsOldSelf(compiled.program!.ast);
  }
  if (rule.messageExpression !== undefined) {
    const msg = compileExpression(envs.env, rule.messageExpression, 'string');
    if (msg.error) out.errors.push({ field: 'messageExpression', detail: msg.error.replace(/^compilation failed/, 'messageExpression compilation failed') });
    else out.messageProgram = msg.program;
  }
  if (rule.message !== undefined && rule.message.trim() === '') out.errors.push({ field: 'message', detail: 'message must be non-empty if specified', required: true });
  else if (rule.message?.includes('\n')) out.errors.push({ field: 'message', detail: 'message must not contain line breaks', value: rule.message });
  if (rule.reason !== undefined && !reasons.includes(rule.reason))
    out.errors.push({ field: 'reason', detail: `supported values: ${reasons.map((r) => JSON.stringify(r)).join(', ')}` });
  if (rule.fieldPath !== undefined && !fieldPathExists(rule.fieldPath, schema)) out.errors.push({ field: 'fieldPath', detail: 'fieldPath must be a valid path: does not refer to a valid field' });
  return out;
}

/** A rule's fieldPath (`.spec.a`, `['b']`) must name a field of the node's schema. */
function fieldPathExists(path: string, schema: JSONSchemaProps): boolean {
  const parts = [...path.matchAll(/\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]/g)];
  if (parts.map((m) => m[0]).join('') !== path || parts.length === 0) return false;
  let s: JSONSchemaProps | undefined = schema;
  for (const m of parts) {
    const key = m[1] ?? m[2]!;
    if (s?.properties) s = s.properties[key];
    else if (isObject(s?.additionalProperties)) s = s.additionalProperties as JSONSchemaProps;
    else return false;
    if (!s) return false;
  }
  return true;
}

/** Normalised field path of a rule (`spec.a` or `spec[b]`) appended to the node's path. */
export function ruleFieldPath(base: string, fieldPath: string | undefined): string {
  if (!fieldPath) return base;
  let out = base;
  for (const m of fieldPath.matchAll(/\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]/g)) out = m[1] !== undefined ? (out ? `${out}.${m[1]}` : m[1]) : `${out}[${m[2]}]`;
  return out;
}

function hasRules(s: JSONSchemaProps | undefined): boolean {
  if (!s) return false;
  if (rulesOf(s).length > 0) return true;
  if (Object.values(s.properties ?? {}).some(hasRules)) return true;
  return hasRules(s.items) || (isObject(s.additionalProperties) && hasRules(s.additionalProperties as JSONSchemaProps));
}

function build(schema: JSONSchemaProps, name: string, resource: boolean): RuleNode | undefined {
  if (!hasRules(schema)) return undefined;
  const node: RuleNode = { schema, rules: [], properties: new Map() };
  const rules = rulesOf(schema);
  if (rules.length > 0) {
    let envs: Envs | undefined;
    try {
      envs = environments(schema, name, resource);
    } catch (err) {
      // Not expected; a schema the environment cannot declare fails its rules rather than the server.
      const detail = `rule compiler initialization error: ${(err as Error).message}`;
      node.rules = rules.map((rule) => ({ rule, usesOldSelf: false, errors: [{ field: 'rule', detail }] }));
    }
    if (envs) {
      node.decl = envs.decl;
      node.rules = rules.map((r) => compileRule(envs, r, schema));
    }
  }
  for (const [k, sub] of Object.entries(schema.properties ?? {})) {
    const child = build(sub, `${name}.${k}`, sub['x-kubernetes-embedded-resource'] === true);
    if (child) node.properties.set(k, child);
  }
  if (schema.items) node.items = build(schema.items, `${name}.__items`, schema.items['x-kubernetes-embedded-resource'] === true);
  if (isObject(schema.additionalProperties)) {
    const ap = schema.additionalProperties as JSONSchemaProps;
    node.additionalProperties = build(ap, `${name}.__value`, ap['x-kubernetes-embedded-resource'] === true);
  }
  return node;
}

const cache = new WeakMap<JSONSchemaProps, RuleNode | null>();

/** The compiled rules of a version's root schema, or undefined when it has none (cached per schema object). */
export function compileSchema(root: JSONSchemaProps): RuleNode | undefined {
  let node = cache.get(root);
  if (node === undefined) cache.set(root, (node = build(root, 'selfType', true) ?? null));
  return node ?? undefined;
}

const goString = (s: string | undefined) => JSON.stringify(s ?? '');
const goPointer = (type: string, set: boolean) => `(*${type})(${set ? '0xc000010000' : 'nil'})`;

/** A rule as upstream's field error prints it (Go's %#v of apiextensions.ValidationRule; pointers print as addresses). */
export function goRule(r: ValidationRule): string {
  return `apiextensions.ValidationRule{Rule:${goString(r.rule)}, Message:${goString(r.message)}, MessageExpression:${goString(r.messageExpression)}, Reason:${goPointer('apiextensions.FieldValueErrorReason', r.reason !== undefined)}, FieldPath:${goString(r.fieldPath)}, OptionalOldSelf:${goPointer('bool', r.optionalOldSelf !== undefined)}}`;
}

/** A compilation error, with the schema path of the rule field, for CRD validation. */
export interface CompilationError extends RuleError {
  path: string;
  rule: ValidationRule;
}

/**
 * Every compilation error of the schema's rules. As upstream, a rule using oldSelf is refused where
 * values cannot be correlated with old ones: below the items of a list that is not a map list, or
 * inside an atomic map.
 */
export function compilationErrors(root: JSONSchemaProps, path: string): CompilationError[] {
  const out: CompilationError[] = [];
  const walk = (node: RuleNode, p: string, uncorrelatedAt: string | undefined) => {
    node.rules.forEach((r, i) => {
      const at = `${p}.x-kubernetes-validations[${i}]`;
      for (const e of r.errors) out.push({ ...e, path: `${at}.${e.field}`, rule: r.rule });
      if (r.usesOldSelf && uncorrelatedAt)
        out.push({ field: 'rule', path: `${at}.rule`, rule: r.rule, value: r.rule.rule, detail: `oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatedAt}` });
    });
    const atomic = node.schema['x-kubernetes-map-type'] === 'atomic' ? (uncorrelatedAt ?? p) : uncorrelatedAt;
    for (const [k, child] of node.properties) walk(child, `${p}.properties[${k}]`, atomic);
    if (node.additionalProperties) walk(node.additionalProperties, `${p}.additionalProperties`, atomic);
    if (node.items) walk(node.items, `${p}.items`, node.schema['x-kubernetes-list-type'] === 'map' ? uncorrelatedAt : (uncorrelatedAt ?? `${p}.items`));
  };
  const tree = build(root, 'selfType', true);
  if (tree) walk(tree, path, undefined);
  return out;
}
