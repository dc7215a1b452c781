/**
 * Revision hashes (upstream pkg/controller/history HashControllerRevision): FNV-1 (32 bits) of the
 * revision's data and the collision count, written in upstream's "safe" alphabet (no vowels, so no
 * words). Data is hashed as compact JSON with sorted keys — what Go's encoding of upstream's patch map
 * gives — so equal templates hash equally.
 */

/** Upstream k8s.io/apimachinery/pkg/util/rand SafeEncodeString's alphabet. */
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted at every level (as Go marshals maps). */
export function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJSON(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1, 32 bits (Go's hash/fnv New32, which upstream uses here), over the UTF-8 bytes of `text`. */
export function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= byte;
  }
  return h >>> 0;
}

export function safeEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) out += alphanums[byte % alphanums.length];
  return out;
}

/** The hash of `data` (and of the collision count, which renames a revision whose name is taken). */
export function hashRevision(data: unknown, collisionCount?: number): string {
  const probe = collisionCount === undefined ? '' : String(collisionCount);
  return safeEncode(String(fnv32(canonicalJSON(data) + probe)));
}

/** Upstream ControllerRevisionName: `<owner>-<hash>`, the owner's name cut to 223 bytes. */
export function revisionName(owner: string, hash: string): string {
  return `${owner.slice(0, 223)}-${hash}`;
}
