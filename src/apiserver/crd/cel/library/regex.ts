/**
 * The Kubernetes regex library (k8s.io/apiserver/pkg/cel/library/regex.go): find and findAll. Patterns
 * are RE2 upstream and JavaScript regular expressions here (the common syntax is the same).
 */
import type { CelEnvironment } from '../env-types';

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'gu');
    } catch (err) {
      throw new Error(`failed to compile regex: ${(err as Error).message}`);
    }
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The first match of the pattern in s, or "". */
export const find = (s: string, pattern: string): string => compile(pattern).exec(s)?.[0] ?? '';

/** All matches (at most `limit` when limit >= 0). */
export function findAll(s: string, pattern: string, limit = -1n): string[] {
  if (limit === 0n) return [];
  const out: string[] = [];
  for (const m of s.matchAll(compile(pattern))) {
    out.push(m[0]);
    if (limit > 0n && BigInt(out.length) >= limit) break;
  }
  return out;
}

export function registerRegex(env: CelEnvironment): void {
  env.registerFunction('string.find(string): string', find);
  env.registerFunction('string.findAll(string): list<string>', (s: string, p: string) => findAll(s, p));
  env.registerFunction('string.findAll(string, int): list<string>', findAll);
}
