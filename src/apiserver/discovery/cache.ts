/**
 * Serving documents derived from the resource table cheaply: each is built once per content of the
 * table (the table is re-read on every request, so CRDs and late registrations show up at once) and
 * served with a strong ETag; a matching If-None-Match gets 304 without a body.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceInfo } from '../../api/resources';

/** A serialized document with its ETag (quoted upper-case hex SHA-512, as upstream computes it). */
export interface CachedBody {
  /** JSON bytes; sent as a Buffer so fastify leaves the Content-Type exactly as given. */
  body: Buffer;
  etag: string;
  /** Filled on first use by a client that accepts gzip. */
  gzip?: Buffer;
}

export function hashOf(body: string | Buffer): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}

export function cachedBody(document: unknown): CachedBody {
  const body = Buffer.from(JSON.stringify(document));
  return { body, etag: `"${hashOf(body)}"` };
}

/** Values computed from the resource table, all dropped as soon as the table's content changes. */
export interface ResourceMemo {
  /** The current table; recomputes nothing. */
  resources(): ResourceInfo[];
  get<T>(name: string, compute: (resources: ResourceInfo[]) => T): T;
}

/**
 * `generation`, when given, says when the table changed (the registry bumps it on every registration), so
 * a request costs no comparison of the whole table — with CRD schemas in it that is megabytes. Without
 * it the table's content is compared.
 */
export function resourceMemo(resources: () => ResourceInfo[], generation?: () => number): ResourceMemo {
  let key: string | undefined;
  let values = new Map<string, unknown>();
  let current: ResourceInfo[] = [];
  const refresh = () => {
    if (generation) {
      const next = String(generation());
      if (next === key) return;
      key = next;
      values = new Map();
      current = structuredClone(resources());
      return;
    }
    const list = resources();
    const next = JSON.stringify(list);
    if (next !== key) {
      key = next;
      values = new Map();
      current = JSON.parse(next) as ResourceInfo[];
    }
  };
  return {
    resources() {
      refresh();
      return current;
    },
    get<T>(name: string, compute: (list: ResourceInfo[]) => T): T {
      refresh();
      if (!values.has(name)) values.set(name, compute(current));
      return values.get(name) as T;
    },
  };
}

function ifNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag);
}

/** Bodies above this are gzipped for clients that accept it, like the apiserver's compression filter. */
const gzipAbove = 128 * 1024;

/** Sends a cached body (or 304); extra headers (Cache-Control, ...) are the caller's. */
export function sendCached(req: FastifyRequest, reply: FastifyReply, cached: CachedBody, contentType: string): FastifyReply {
  const large = cached.body.length > gzipAbove;
  reply.header('etag', cached.etag).header('vary', large ? 'Accept, Accept-Encoding' : 'Accept');
  if (ifNoneMatch(req.headers['if-none-match'], cached.etag)) return reply.code(304).send();
  reply.header('content-type', contentType);
  const encodings = String(req.headers['accept-encoding'] ?? '');
  if (large && /\bgzip\b/.test(encodings)) {
    cached.gzip ??= gzipSync(cached.body);
    return reply.header('content-encoding', 'gzip').send(cached.gzip);
  }
  return reply.send(cached.body);
}

/** Writes an upstream `Status` error body itself, so it does not depend on the app's error handler. */
export function sendStatus(reply: FastifyReply, error: { code: number; toStatus(): unknown }): FastifyReply {
  return reply.code(error.code).header('content-type', 'application/json').send(Buffer.from(JSON.stringify(error.toStatus())));
}
