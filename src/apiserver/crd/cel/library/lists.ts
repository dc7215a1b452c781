/**
 * The Kubernetes lists library (k8s.io/apiserver/pkg/cel/library/lists.go) and the cel-go list
 * extensions it builds on: isSorted, sum, min, max, indexOf, lastIndexOf, slice, flatten, distinct;
 * and the sets extension: sets.contains, sets.equivalent, sets.intersects.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CelEnvironment } from '../env-types';

type Comparable = bigint | number | string | boolean;

export function compare(a: unknown, b: unknown): number {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  throw new Error('no such overload');
}

export const isSorted = (list: Comparable[]): boolean => list.every((v, i) => i === 0 || compare(list[i - 1], v) <= 0);

export function sum(list: Array<bigint | number>, zero: bigint | number): bigint | number {
  let total: bigint | number = zero;
  for (const v of list) total = typeof total === 'bigint' ? total + (v as bigint) : total + (v as number);
  if (typeof total === 'bigint' && (total > 2n ** 63n - 1n || total < -(2n ** 63n))) throw new Error('integer overflow');
  return total;
}

function extreme(list: Comparable[], sign: 1 | -1, name: string): Comparable {
  if (list.length === 0) throw new Error(`${name} called on empty list`);
  return list.reduce((best, v) => (compare(v, best) * sign > 0 ? v : best));
}

export const min = (list: Comparable[]) => extreme(list, -1, 'min');
export const max = (list: Comparable[]) => extreme(list, 1, 'max');
export const indexOf = (list: unknown[], v: unknown): bigint => BigInt(list.findIndex((x) => isDeepStrictEqual(x, v)));
export function lastIndexOf(list: unknown[], v: unknown): bigint {
  for (let i = list.length - 1; i >= 0; i--) if (isDeepStrictEqual(list[i], v)) return BigInt(i);
  return -1n;
}

export function slice(list: unknown[], start: bigint, end: bigint): unknown[] {
  if (start < 0n || end < 0n) throw new Error(`cannot slice(${start}, ${end}), negative indexes not supported`);
  if (start > end) throw new Error(`cannot slice(${start}, ${end}), start index must be less than or equal to end index`);
  if (end > BigInt(list.length)) throw new Error(`cannot slice(${start}, ${end}), list is length ${list.length}`);
  return list.slice(Number(start), Number(end));
}

export const flatten = (list: unknown[]): unknown[] => list.flatMap((v) => (Array.isArray(v) ? v : [v]));
export const distinct = (list: unknown[]): unknown[] => list.filter((v, i) => list.findIndex((x) => isDeepStrictEqual(x, v)) === i);

/** cel-go's sets extension (on in Kubernetes since 1.29): `sets.contains(a, b)` and friends. */
class SetsNamespace {}
const has = (list: unknown[], v: unknown) => list.some((x) => isDeepStrictEqual(x, v) || (typeof x !== 'object' && compareSafe(x, v)));
const compareSafe = (a: unknown, b: unknown): boolean => {
  try {
    return compare(a, b) === 0;
  } catch {
    return false;
  }
};
export const setContains = (a: unknown[], b: unknown[]): boolean => b.every((v) => has(a, v));
export const setEquivalent = (a: unknown[], b: unknown[]): boolean => setContains(a, b) && setContains(b, a);
export const setIntersects = (a: unknown[], b: unknown[]): boolean => b.some((v) => has(a, v));

export function registerLists(env: CelEnvironment): void {
  env.registerType('ext.SetsNamespace', { ctor: SetsNamespace, fields: {} });
  env.registerConstant('sets', 'ext.SetsNamespace', new SetsNamespace());
  env.registerFunction('ext.SetsNamespace.contains(list<A>, list<A>): bool', (_ns: SetsNamespace, a: unknown[], b: unknown[]) => setContains(a, b));
  env.registerFunction('ext.SetsNamespace.equivalent(list<A>, list<A>): bool', (_ns: SetsNamespace, a: unknown[], b: unknown[]) => setEquivalent(a, b));
  env.registerFunction('ext.SetsNamespace.intersects(list<A>, list<A>): bool', (_ns: SetsNamespace, a: unknown[], b: unknown[]) => setIntersects(a, b));
  for (const t of ['int', 'uint', 'double', 'string', 'bool', 'bytes']) {
    env.registerFunction(`list<${t}>.isSorted(): bool`, isSorted);
    env.registerFunction(`list<${t}>.min(): ${t}`, min);
    env.registerFunction(`list<${t}>.max(): ${t}`, max);
  }
  env.registerFunction('list<int>.sum(): int', (l: bigint[]) => sum(l, 0n));
  env.registerFunction('list<double>.sum(): double', (l: number[]) => sum(l, 0));
  env.registerFunction('list<A>.indexOf(A): int', indexOf);
  env.registerFunction('list<A>.lastIndexOf(A): int', lastIndexOf);
  env.registerFunction('list<A>.slice(int, int): list<A>', slice);
  env.registerFunction('list<list<A>>.flatten(): list<A>', flatten);
  env.registerFunction('list<A>.distinct(): list<A>', distinct);
}
