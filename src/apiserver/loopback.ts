/**
 * The in-process way into the API for controllers in the same process (upstream's loopback client):
 * requests go through fastify's inject — the same authentication, admission, validation and encoding as
 * HTTPS, without a socket — and watches attach to the same watch machinery the HTTP handler uses.
 * It speaks paths and JSON text so it carries no client types; src/client wraps it.
 */
import type { FastifyInstance } from 'fastify';
import { StatusError } from './errors';
import type { HandlerContext } from './handlers/context';
import { responseForm } from './handlers/negotiation';
import type { Query } from './handlers/query';
import { resolveRequest } from './handlers/request-info';
import { startWatch } from './handlers/watch';

export interface LoopbackResponse {
  status: number;
  body: string;
}

/** A failed loopback call: the HTTP status and the Status body, as over the wire. */
export class LoopbackError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`loopback request failed with ${status}`);
  }
}

export interface Loopback {
  request(method: string, path: string, options?: { body?: string; contentType?: string }): Promise<LoopbackResponse>;
  /** Starts a watch on `path` (with its query); each event object goes to `onEvent`. Rejects with LoopbackError. */
  watch(path: string, onEvent: (event: { type: string; object: unknown }) => void): Promise<{ stop(): void; done: Promise<void> }>;
}

export function createLoopback(app: FastifyInstance, ctx: HandlerContext, token: string): Loopback {
  return {
    async request(method, path, options = {}) {
      const res = await app.inject({
        method: method as 'GET',
        url: path,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(options.contentType ? { 'content-type': options.contentType } : {}) },
        payload: options.body,
      });
      return { status: res.statusCode, body: res.body };
    },
    async watch(path, onEvent) {
      const url = new URL(path, 'http://loopback');
      const r = resolveRequest(ctx.registry, url.pathname);
      if (!r) throw new LoopbackError(404, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' }));
      const query: Query = Object.fromEntries(url.searchParams.entries());
      // Watch objects are shared between watchers; in-process consumers each get their own copy, parsed
      // from the event's JSON line, which is encoded once per event for every watcher (and twice as fast
      // to parse as structuredClone is to copy).
      let resolveDone!: () => void;
      const done = new Promise<void>((res) => (resolveDone = res));
      try {
        const stream = await startWatch(ctx, r, query, responseForm('application/json', false), (type, object) => onEvent(JSON.parse(ctx.watchEncodings.line(type, object)) as { type: string; object: unknown }), resolveDone);
        return { stop: stream.stop, done };
      } catch (err) {
        if (err instanceof StatusError) throw new LoopbackError(err.code, JSON.stringify(err.toStatus()));
        throw err;
      }
    },
  };
}
