/**
 * The Kubernetes strings library (cel-go ext.Strings as the API server enables it) where the CEL
 * implementation lacks a function: charAt, replace, reverse, format; the rest (indexOf, lastIndexOf,
 * lowerAscii, upperAscii, split, substring, trim, join) is built in.
 */
import type { CelEnvironment } from '../env-types';

const codePoints = (s: string): string[] => Array.from(s);

export function charAt(s: string, i: bigint): string {
  const cps = codePoints(s);
  if (i < 0n || i > BigInt(cps.length)) throw new Error(`index out of range: ${i}`);
  return cps[Number(i)] ?? '';
}

/** `replace(old, new, n)`: at most n replacements (n < 0: all), as Go's strings.Replace. */
export function replace(s: string, from: string, to: string, n = -1n): string {
  if (n === 0n) return s;
  if (n < 0n) return s.split(from).join(to);
  let out = '';
  let rest = s;
  for (let done = 0n; done < n; done++) {
    const at = rest.indexOf(from);
    if (at < 0) break;
    const step = from === '' ? codePoints(rest)[0]?.length ?? 0 : from.length;
    out += rest.slice(0, at) + to + (from === '' ? rest.slice(0, step) : '');
    rest = rest.slice(at + step);
    if (from === '' && rest === '') break;
  }
  return out + rest;
}

export const reverse = (s: string): string => codePoints(s).reverse().join('');

function formatOne(verb: string, precision: number | undefined, arg: unknown): string {
  switch (verb) {
    case 's':
      return typeof arg === 'string' ? arg : Array.isArray(arg) ? `[${arg.map((a) => formatOne('s', undefined, a)).join(', ')}]` : String(arg);
    case 'd':
      if (typeof arg !== 'bigint' && !Number.isInteger(arg)) throw new Error(`error during formatting: decimal clause can only be used on integers, was given ${typeof arg}`);
      return String(arg);
    case 'f':
    case 'e':
      if (typeof arg !== 'number' && typeof arg !== 'bigint') throw new Error(`error during formatting: fixed-point clause can only be used on doubles`);
      return verb === 'f' ? Number(arg).toFixed(precision ?? 6) : Number(arg).toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
    case 'x':
    case 'X': {
      const text = typeof arg === 'string' ? Buffer.from(arg).toString('hex') : BigInt(arg as bigint).toString(16);
      return verb === 'X' ? text.toUpperCase() : text;
    }
    case 'o':
      return BigInt(arg as bigint).toString(8);
    case 'b':
      return typeof arg === 'boolean' ? String(arg) : BigInt(arg as bigint).toString(2);
    default:
      throw new Error(`error during formatting: unrecognized formatting clause "${verb}"`);
  }
}

/** `"%s has %d items".format([name, n])`: the clauses %s %d %f %e %x %X %o %b and %%. */
export function format(template: string, args: unknown[]): string {
  let i = 0;
  return template.replace(/%(?:\.(\d+))?([a-zA-Z%])/g, (_m, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) throw new Error(`index ${i} out of range`);
    return formatOne(verb, precision === undefined ? undefined : Number(precision), args[i++]);
  });
}

export function registerStrings(env: CelEnvironment): void {
  env.registerFunction('string.charAt(int): string', charAt);
  env.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => replace(s, a, b));
  env.registerFunction('string.replace(string, string, int): string', replace);
  env.registerFunction('string.reverse(): string', reverse);
  env.registerFunction('string.format(list): string', format);
}
