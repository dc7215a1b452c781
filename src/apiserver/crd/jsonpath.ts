/**
 * The JSONPath subset printer columns use (upstream k8s.io/client-go/util/jsonpath, as the CRD's
 * `jsonPath` is evaluated: `{` + path + `}`): fields (`.a.b`, `['a.b']`), indices (`[0]`, `[-1]`),
 * wildcards (`[*]`, `.*`) and filters comparing a relative path with a literal
 * (`[?(@.type=="Ready")]`, also `!=`, `<`, `>`, `<=`, `>=`, and `[?(@.x)]` for existence).
 */
type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: Step[]; op?: string; value?: unknown };

export class JSONPathError extends Error {}

export function parseJSONPath(expr: string): Step[] {
  let s = expr.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  if (s.startsWith('$')) s = s.slice(1);
  if (s.startsWith('@')) s = s.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '.') {
      const m = /^\.([A-Za-z0-9_\-/]+|\*)/.exec(s.slice(i));
      if (!m) throw new JSONPathError(`invalid JSONPath ${JSON.stringify(expr)} at ${i}`);
      steps.push(m[1] === '*' ? { kind: 'wildcard' } : { kind: 'field', name: m[1]! });
      i += m[0].length;
    } else if (s[i] === '[') {
      const end = closing(s, i);
      steps.push(bracket(s.slice(i + 1, end).trim(), expr));
      i = end + 1;
    } else throw new JSONPathError(`invalid JSONPath ${JSON.stringify(expr)} at ${i}`);
  }
  return steps;
}

function closing(s: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JSONPathError(`unclosed [ in JSONPath ${JSON.stringify(s)}`);
}

function bracket(inner: string, expr: string): Step {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  if (quoted) return { kind: 'field', name: quoted[2]! };
  const filter = /^\?\((.*)\)$/.exec(inner);
  if (filter) {
    const cmp = /^(@[^=!<>]*?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(filter[1]!.trim());
    if (!cmp) return { kind: 'filter', path: parseJSONPath(filter[1]!.trim()) };
    return { kind: 'filter', path: parseJSONPath(cmp[1]!.trim()), op: cmp[2], value: literal(cmp[3]!.trim()) };
  }
  throw new JSONPathError(`unsupported JSONPath ${JSON.stringify(expr)}: [${inner}]`);
}

function literal(text: string): unknown {
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2];
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return Number.isNaN(n) ? text : n;
}

/** Every value the path selects in `root`, in document order. */
export function evaluate(steps: Step[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) current = current.flatMap((v) => apply(step, v));
  return current;
}

function apply(step: Step, v: unknown): unknown[] {
  const isObj = typeof v === 'object' && v !== null;
  switch (step.kind) {
    case 'field':
      return isObj && !Array.isArray(v) && step.name in v ? [(v as Record<string, unknown>)[step.name]] : [];
    case 'index': {
      if (!Array.isArray(v)) return [];
      const i = step.index < 0 ? v.length + step.index : step.index;
      return i >= 0 && i < v.length ? [v[i]] : [];
    }
    case 'wildcard':
      return isObj ? Object.values(v as object) : [];
    case 'filter':
      return (Array.isArray(v) ? v : []).filter((item) => matches(step, item));
  }
}

function matches(step: Extract<Step, { kind: 'filter' }>, item: unknown): boolean {
  const found = evaluate(step.path, item);
  if (step.op === undefined) return found.length > 0;
  return found.some((x) => compare(x, step.op!, step.value));
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
}
