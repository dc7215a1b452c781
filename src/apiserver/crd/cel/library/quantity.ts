/**
 * The Kubernetes quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): quantity(),
 * isQuantity() and arithmetic/comparison on resource quantities ("100m", "1.5Gi", "2e3"). Values are
 * kept exactly, in nano-units as BigInt (the finest scale upstream's Quantity keeps).
 */
import type { CelEnvironment } from '../env-types';

export class CelQuantity {
  constructor(
    /** The value in units of 10^-9, rounded up as upstream rounds to its nano scale. */
    readonly nanos: bigint,
  ) {}
}

const binary: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimal: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const NANO = 10n ** 9n;
const ceilDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (a + b - 1n) / b : -(-a / b));

export function parseCelQuantity(s: string): CelQuantity | undefined {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(s);
  if (!m) return undefined;
  const [whole, frac = ''] = m[2]!.split('.');
  let num = BigInt((whole || '0') + frac) * NANO * (m[1] === '-' ? -1n : 1n);
  let den = 10n ** BigInt(frac.length);
  const exp = m[3] ? Number(m[3].slice(1)) : decimal[m[4] ?? ''];
  if (m[4] && binary[m[4]] !== undefined) num *= 2n ** BigInt(binary[m[4]]!);
  else if (exp !== undefined) {
    if (Math.abs(exp) > 100) return undefined;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  return new CelQuantity(ceilDiv(num, den));
}

export function quantity(s: string): CelQuantity {
  const q = parseCelQuantity(s);
  if (!q) throw new Error('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
  return q;
}

export const isQuantity = (s: string): boolean => parseCelQuantity(s) !== undefined;
export const sign = (q: CelQuantity): bigint => (q.nanos > 0n ? 1n : q.nanos < 0n ? -1n : 0n);
export const isInteger = (q: CelQuantity): boolean => q.nanos % NANO === 0n && q.nanos / NANO <= 2n ** 63n - 1n && q.nanos / NANO >= -(2n ** 63n);

export function asInteger(q: CelQuantity): bigint {
  if (!isInteger(q)) throw new Error('cannot convert value to integer');
  return q.nanos / NANO;
}

export const asApproximateFloat = (q: CelQuantity): number => Number(q.nanos) / 1e9;
export const compareTo = (a: CelQuantity, b: CelQuantity): bigint => (a.nanos < b.nanos ? -1n : a.nanos > b.nanos ? 1n : 0n);
const toQuantity = (v: CelQuantity | bigint): CelQuantity => (typeof v === 'bigint' ? new CelQuantity(v * NANO) : v);
export const add = (a: CelQuantity, b: CelQuantity | bigint): CelQuantity => new CelQuantity(a.nanos + toQuantity(b).nanos);
export const sub = (a: CelQuantity, b: CelQuantity | bigint): CelQuantity => new CelQuantity(a.nanos - toQuantity(b).nanos);

export function registerQuantity(env: CelEnvironment): void {
  const Q = 'kubernetes.Quantity';
  env.registerType(Q, { ctor: CelQuantity, fields: {} });
  env.registerOperator(`${Q} == ${Q}`, (a: CelQuantity, b: CelQuantity) => a.nanos === b.nanos);
  env.registerFunction(`quantity(string): ${Q}`, quantity);
  env.registerFunction('isQuantity(string): bool', isQuantity);
  env.registerFunction(`${Q}.sign(): int`, sign);
  env.registerFunction(`${Q}.isInteger(): bool`, isInteger);
  env.registerFunction(`${Q}.asInteger(): int`, asInteger);
  env.registerFunction(`${Q}.asApproximateFloat(): double`, asApproximateFloat);
  env.registerFunction(`${Q}.compareTo(${Q}): int`, compareTo);
  env.registerFunction(`${Q}.isGreaterThan(${Q}): bool`, (a: CelQuantity, b: CelQuantity) => compareTo(a, b) > 0n);
  env.registerFunction(`${Q}.isLessThan(${Q}): bool`, (a: CelQuantity, b: CelQuantity) => compareTo(a, b) < 0n);
  for (const t of [Q, 'int']) {
    env.registerFunction(`${Q}.add(${t}): ${Q}`, add);
    env.registerFunction(`${Q}.sub(${t}): ${Q}`, sub);
  }
}
