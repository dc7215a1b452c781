/**
 * Accept-header negotiation for discovery and OpenAPI: the client's media ranges, best `q` first (the
 * client's order among equals, as upstream's goautoneg keeps it), matched against what we can serve.
 */

export interface MediaRange {
  type: string;
  subtype: string;
  /** Parameters other than `q`, names lower-cased. */
  params: Record<string, string>;
  q: number;
}

/** A form we can answer with; `params` must equal a range's parameters exactly for it to match. */
export interface Offer {
  type: string;
  subtype: string;
  params?: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of (header?.trim() ? header : '*/*').split(',')) {
    const [mediaType, ...rawParams] = part.split(';').map((s) => s.trim());
    const [type, subtype] = (mediaType ?? '').toLowerCase().split('/');
    if (!type || !subtype) continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const raw of rawParams) {
      const eq = raw.indexOf('=');
      if (eq < 0) continue;
      const name = raw.slice(0, eq).trim().toLowerCase();
      const value = raw.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (name === 'q') q = Number(value);
      else params[name] = value;
    }
    if (Number.isFinite(q) && q > 0) ranges.push({ type, subtype, params, q });
  }
  return ranges.map((r, i) => ({ r, i })).sort((a, b) => b.r.q - a.r.q || a.i - b.i).map(({ r }) => r);
}

function sameParams(a: Record<string, string>, b: Record<string, string> = {}): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function matches(range: MediaRange, offer: Offer): boolean {
  return (
    (range.type === '*' || range.type === offer.type) &&
    (range.subtype === '*' || range.subtype === offer.subtype) &&
    sameParams(range.params, offer.params)
  );
}

/** The first offer the client accepts, in the client's preference order; undefined if none. */
export function negotiate<T extends Offer>(header: string | undefined, offers: readonly T[]): T | undefined {
  for (const range of parseAccept(header)) {
    const offer = offers.find((o) => matches(range, o));
    if (offer) return offer;
  }
  return undefined;
}

/** The Content-Type text of an offer: `application/json;g=...;v=...;as=...` with its parameters in order. */
export function mediaTypeOf(offer: Offer): string {
  const params = Object.entries(offer.params ?? {}).map(([k, v]) => `;${k}=${v}`);
  return `${offer.type}/${offer.subtype}${params.join('')}`;
}
