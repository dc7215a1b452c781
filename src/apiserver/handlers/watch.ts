/**
 * The watch verb: a chunked HTTP response with one JSON `{"type":…,"object":…}` per line, in Table form
 * when the client asked for it (kubectl get -w), with periodic BOOKMARK events when allowed, ending after
 * timeoutSeconds or when the client goes away. `startWatch` is the transport-free part, shared with the
 * in-process loopback client.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion } from '../../api/resources';
import type { KubeObject } from '../registry/generic/strategy';
import type { WatchEventKind } from '../registry/generic/watch';
import { toTable } from '../table/convert';
import type { HandlerContext } from './context';
import { type ResponseForm, responseForm } from './negotiation';
import { bool, integer, listParams, one, type Query } from './query';
import type { ResourceRequest } from './request-info';

/** Upstream's default watch timeout: between min-request-timeout and twice it, so watches do not all restart together. */
const defaultTimeoutSeconds = (min: number) => min + Math.floor(Math.random() * min);

export interface WatchStream {
  /** Stops the watch; `onEnd` is called once. */
  stop(): void;
}

/**
 * Starts a watch for request `r`: events (already in their response form) go to `emit`; `onEnd` runs once
 * when the watch ends (timeout or stop). Errors in the request (bad selector, bad resourceVersion) throw
 * before any event.
 */
export async function startWatch(
  ctx: HandlerContext,
  r: ResourceRequest,
  q: Query,
  form: ResponseForm,
  emit: (type: WatchEventKind, object: unknown) => void,
  onEnd: () => void,
): Promise<WatchStream> {
  const params = listParams(q);
  // A watch on one object is a watch on the collection narrowed to its name, as upstream.
  if (r.name !== undefined) params.fieldSelector = [params.fieldSelector, `metadata.name=${r.name}`].filter(Boolean).join(',');
  // timeoutSeconds 0 or absent: the server's randomized default, as upstream.
  const timeout = integer(q, 'timeoutSeconds') || defaultTimeoutSeconds(ctx.minRequestTimeoutSeconds);
  let open = true;
  let errored = false;
  let stopRef: (() => void) | undefined;
  let lastRevision = 0;
  const encode = (type: WatchEventKind, obj: KubeObject | Record<string, unknown>): unknown => {
    if (type === 'ERROR' || type === 'BOOKMARK') return obj;
    const full = ctx.watchEncodings.withKind(obj as KubeObject, groupVersion(r.info), r.info.kind);
    if (form.kind !== 'table') return full;
    return toTable(r.store.strategy, [full], { version: form.version, now: ctx.clock.now() });
  };
  const watcher = await r.store.watch(
    r.namespace,
    { labelSelector: params.labelSelector, fieldSelector: params.fieldSelector, resourceVersion: params.resourceVersion, sendInitialEvents: one(q, 'sendInitialEvents') === 'false' ? false : undefined },
    (type, obj) => {
      if (!open || errored) return;
      if (type === 'ERROR') {
        // An ERROR event is the last one: the stream ends after it, as upstream.
        ctx.logger.debug('watch ended with an error event', { resource: r.info.resource, code: (obj as { code?: number }).code, resourceVersion: params.resourceVersion });
        errored = true;
        emit(type, obj);
        setImmediate(() => stopRef?.());
        return;
      }
      const rv = Number((obj as KubeObject).metadata?.resourceVersion);
      if (rv > lastRevision) lastRevision = rv;
      emit(type, encode(type, obj));
    },
  );
  const bookmarks = bool(q, 'allowWatchBookmarks')
    ? ctx.clock.setInterval(() => {
        // Fan-out is synchronous at commit, so every event up to the current revision has been emitted.
        const revision = Math.max(lastRevision, ctx.backend.currentRevision());
        emit('BOOKMARK', { kind: r.info.kind, apiVersion: groupVersion(r.info), metadata: { resourceVersion: String(revision) } });
      }, ctx.bookmarkIntervalMs)
    : undefined;
  const stop = () => {
    if (!open) return;
    open = false;
    watcher.stop();
    bookmarks?.cancel();
    timer.cancel();
    onEnd();
  };
  const timer = ctx.clock.setTimeout(stop, timeout * 1000);
  stopRef = stop;
  if (errored) setImmediate(stop);
  return { stop };
}

export async function watchObjects(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const form = responseForm(req.headers.accept, true);
  const res = reply.raw;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0 || res.writableEnded) return;
    sendHeaders();
    res.write(pending.length === 1 ? pending[0]! : pending.join(''));
    pending = [];
  };
  let headersSent = false;
  const sendHeaders = () => {
    if (headersSent) return;
    headersSent = true;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  };
  const stream = await startWatch(
    ctx,
    r,
    req.query as Query,
    form,
    (type, object) => {
      // Queued and written after the commit that produced it returns: the writer's acknowledgement does
      // not wait for a thousand sockets, and events that commit together go out in one write.
      pending.push(ctx.watchEncodings.line(type, object));
      if (pending.length === 1) setImmediate(flush);
    },
    () => {
      flush();
      res.end();
    },
  );
  reply.hijack();
  sendHeaders();
  res.flushHeaders?.();
  req.raw.on('close', stream.stop);
  res.on('close', stream.stop);
  res.on('error', stream.stop);
}
