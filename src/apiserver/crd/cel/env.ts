/**
 * The CEL environment CRD validation rules compile in: @marcbachmann/cel-js with the Kubernetes
 * libraries (strings, lists, regex, URL, quantity, IP and CIDR) added, and a step budget per evaluation.
 *
 * Cost: upstream estimates each rule's cost at CRD time and stops an evaluation past 1,000,000 cost
 * units (PerCallLimit), with 10,000,000 for all rules of one object. Here every evaluated expression
 * node counts one step (a comprehension counts its body once per element), with the same limits.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { CelEnvironment } from './env-types';
import { registerIP } from './library/ip';
import { registerLists } from './library/lists';
import { registerQuantity } from './library/quantity';
import { registerRegex } from './library/regex';
import { registerStrings } from './library/strings';
import { registerURL } from './library/url';

export const perCallLimit = 1_000_000;
export const perObjectLimit = 10_000_000;

export class CostLimitError extends Error {
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
  }
}

/** Steps left in the running evaluation; evaluations are synchronous, so one counter suffices. */
let remaining = Infinity;

/**
 * Counts steps in the library's evaluator: its `run` is called for every node evaluated, including
 * each iteration of a macro. The evaluator class is not exported, so it is reached once through a
 * probe macro that receives it.
 */
function installStepCounter(): void {
  let evaluator: object | undefined;
  const probe = new Environment().registerFunction('probe(ast): bool', () => ({
    typeCheck: (checker: { getType(t: string): unknown }) => checker.getType('bool'),
    evaluate: (ev: object) => ((evaluator = ev), true),
  }));
  probe.evaluate('probe(1)', {});
  const proto = Object.getPrototypeOf(evaluator) as { run(ast: unknown, ctx: unknown): unknown };
  const run = proto.run;
  proto.run = function counted(ast, ctx) {
    if (--remaining < 0) throw new CostLimitError();
    return run.call(this, ast, ctx);
  };
}

/** Runs `fn` with at most `limit` steps; returns its result and the steps used. */
export function withBudget<T>(limit: number, fn: () => T): { value: T; cost: number } {
  const outer = remaining;
  remaining = limit;
  try {
    const value = fn();
    return { value, cost: limit - remaining };
  } finally {
    remaining = outer;
  }
}

let base: CelEnvironment | undefined;

interface OptionalClass {
  of(v: unknown): unknown;
  none(): unknown;
}
let optionalClass: OptionalClass | undefined;

/** The library's optional type (for `oldSelf` of optionalOldSelf rules), reached through a value it makes. */
function optionals(): OptionalClass {
  if (!optionalClass) {
    const none = new Environment({ enableOptionalTypes: true }).evaluate('optional.none()', {}) as object;
    optionalClass = none.constructor as unknown as OptionalClass;
  }
  return optionalClass;
}

export const optionalOf = (v: unknown): unknown => optionals().of(v);
export const optionalNone = (): unknown => optionals().none();

let converters: { timestamp(ctx: object): unknown; duration(ctx: object): unknown } | undefined;

function convert(kind: 'timestamp' | 'duration', v: string): unknown {
  if (!converters) {
    const env = new Environment().registerVariable('v', 'string');
    converters = { timestamp: env.parse('timestamp(v)'), duration: env.parse('duration(v)') };
  }
  try {
    return converters[kind]({ v });
  } catch {
    return undefined;
  }
}

/** A date-time string as a CEL timestamp (undefined if it is not one). */
export const toTimestamp = (v: string): unknown => convert('timestamp', v);
/** A Go duration string ("1h30m") as a CEL duration (undefined if it is not one). */
export const toDuration = (v: string): unknown => convert('duration', v);

/** A fresh environment with the libraries, for one schema node's `self`/`oldSelf` types. */
export function newEnvironment(): CelEnvironment {
  if (!base) {
    installStepCounter();
    base = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
    registerStrings(base);
    registerLists(base);
    registerRegex(base);
    registerURL(base);
    registerQuantity(base);
    registerIP(base);
  }
  return base.clone();
}

interface CelError {
  message: string;
  summary?: string;
  range?: { start: number; end: number };
}

/** The library's wording where cel-go words the same error differently. */
function celGoWording(text: string): string {
  return text
    .replace(/dyn<([^<>]*)>/g, '$1')
    .replace(/^Unknown variable: (.*)$/, "undeclared reference to '$1' (in container '')")
    .replace(/^No such key: (.*)$/, "undefined field '$1'")
    .replace(/^Cannot index type '(.*)'$/, "type '$1' does not support field selection")
    .replace(/^no such overload: (\S+) (\S+) (\S+)$/, "found no matching overload for '_$2_' applied to '($1, $3)'")
    .replace(/^found no matching overload for '(?:(.+)\.)?(\w+)\((.*)\)'$/, (_m, recv: string | undefined, fn: string, args: string) =>
      `found no matching overload for '${fn}' applied to '${recv ? `${recv}.` : ''}(${args})'`,
    );
}

/** A compile error as cel-go prints its issues: `ERROR: <input>:1:5: message` and the source line with a caret. */
export function formatCompileError(source: string, err: CelError): string {
  const summary = celGoWording((err.summary ?? err.message.split('\n')[0] ?? '').trim());
  let at = Math.min(err.range?.start ?? 0, source.length);
  // cel-go places field-selection errors at the dot.
  if (/^undefined field/.test(summary) && source[at - 1] === '.') at -= 1;
  const before = source.slice(0, at).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  const text = source.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${column}: ${summary}\n | ${text}\n | ${'.'.repeat(column - 1)}^`;
}

/** A runtime error's first line, in cel-go's words where they differ. */
export function runtimeMessage(err: unknown): string {
  if (err instanceof CostLimitError) return err.message;
  const text = ((err as CelError).summary ?? (err as Error).message ?? String(err)).split('\n')[0]!.trim();
  const index = /^No such key: index out of bounds, index (-?\d+) >= size (\d+)$/.exec(text);
  if (index) return `index '${index[1]}' out of range in list size '${index[2]}'`;
  const key = /^No such key: (.*)$/.exec(text);
  if (key) return `no such key: ${key[1]}`;
  return celGoWording(text);
}
