/**
 * Key order and prefix ranges. Keys compare by Unicode code point, which is the order of their UTF-8
 * bytes and so the order SQLite's BINARY collation gives; JavaScript's `<` compares UTF-16 code units
 * and differs from it above U+FFFF, so the memory store uses `compareKeys` instead.
 */

/** Negative, zero or positive as `a` sorts before, with or after `b` (code point order). */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every BMP code unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * The smallest key greater than every key starting with `prefix`, or undefined when there is none
 * (empty prefix, or one made only of U+10FFFF). Keys in [prefix, end) are exactly the keys with the prefix.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix, (c) => c.codePointAt(0) as number);
  while (points.length > 0) {
    const last = points.pop() as number;
    if (last >= 0x10ffff) continue;
    // Skip the surrogate block: those are not code points a well-formed key can hold.
    const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
    return String.fromCodePoint(...points, next);
  }
  return undefined;
}

/** The key range a list reads: keys with `prefix`, strictly after `startAfter` when it is given. */
export interface KeyRange {
  /** Lower bound; `lowerInclusive` says whether it is >= or >. */
  lower: string;
  lowerInclusive: boolean;
  /** Exclusive upper bound; undefined: none. */
  upper?: string;
}

export function keyRange(prefix: string, startAfter?: string): KeyRange {
  const upper = prefixEnd(prefix);
  if (startAfter !== undefined && compareKeys(startAfter, prefix) >= 0) {
    return { lower: startAfter, lowerInclusive: false, upper };
  }
  return { lower: prefix, lowerInclusive: true, upper };
}

export function inRange(key: string, range: KeyRange): boolean {
  const c = compareKeys(key, range.lower);
  if (c < 0 || (c === 0 && !range.lowerInclusive)) return false;
  return range.upper === undefined || compareKeys(key, range.upper) < 0;
}
