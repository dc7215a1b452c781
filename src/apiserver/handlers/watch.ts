/**
 * The watch verb: a chunked HTTP response with one JSON `{"type":…,"object":…}` per line, in Table form
 * when the client asked for it (kubectl get -w), with periodic BOOKMARK events when allowed, ending after
 * timeoutSeconds or when the client goes away.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion } from '../../api/resources';
import type { KubeObject } from '../registry/generic/strategy';
import type { WatchEventKind } from '../registry/generic/watch';
import { toTable } from '../table/convert';
import type { HandlerContext } from './context';
import { responseForm } from './negotiation';
import { bool, integer, listParams, one, type Query } from './query';
import type { ResourceRequest } from './request-info';
import { withKind } from './read';

/** Upstream's default watch timeout is 30–60 minutes, randomized so watches do not all restart together. */
const defaultTimeoutSeconds = () => 1800 + Math.floor(Math.random() * 1800);

export async function watchObjects(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Query;
  const form = responseForm(req.headers.accept, true);
  const params = listParams(q);
  // A watch on one object is a watch on the collection narrowed to its name, as upstream.
  if (r.name !== undefined) params.fieldSelector = [params.fieldSelector, `metadata.name=${r.name}`].filter(Boolean).join(',');
  const timeout = integer(q, 'timeoutSeconds') ?? defaultTimeoutSeconds();
  const res = reply.raw;
  let open = true;
  let headersSent = false;
  let lastRevision = 0;

  const writeEvent = (type: WatchEventKind, object: unknown) => {
    if (!open) return;
    if (!headersSent) {
      res.writeHead(200, { 'Content-Type': form.kind === 'table' ? 'application/json' : 'application/json', 'Cache-Control': 'no-cache, private' });
      headersSent = true;
    }
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  const encode = (type: WatchEventKind, obj: KubeObject | Record<string, unknown>): unknown => {
    if (type === 'ERROR' || type === 'BOOKMARK') return obj;
    const full = withKind(r, obj as KubeObject);
    if (form.kind !== 'table') return full;
    return toTable(r.store.strategy, [full], { version: form.version, now: ctx.clock.now() });
  };

  // Errors before the stream starts are ordinary Status responses.
  const watcher = await r.store
    .watch(r.namespace, { labelSelector: params.labelSelector, fieldSelector: params.fieldSelector, resourceVersion: params.resourceVersion, sendInitialEvents: one(q, 'sendInitialEvents') === 'false' ? false : undefined }, (type, obj) => {
      const rv = Number((obj as KubeObject).metadata?.resourceVersion);
      if (rv > lastRevision) lastRevision = rv;
      writeEvent(type, encode(type, obj));
    })
    ;
  reply.hijack();
  if (!headersSent) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    headersSent = true;
    res.flushHeaders?.();
  }

  const bookmarks = bool(q, 'allowWatchBookmarks')
    ? ctx.clock.setInterval(() => {
        // Fan-out is synchronous at commit, so every event up to the current revision has been written.
        const revision = Math.max(lastRevision, ctx.backend.currentRevision());
        writeEvent('BOOKMARK', { kind: r.info.kind, apiVersion: groupVersion(r.info), metadata: { resourceVersion: String(revision) } });
      }, ctx.bookmarkIntervalMs)
    : undefined;
  const timer = ctx.clock.setTimeout(() => finish(), timeout * 1000);

  function finish() {
    if (!open) return;
    open = false;
    watcher.stop();
    bookmarks?.cancel();
    timer.cancel();
    res.end();
  }
  req.raw.on('close', finish);
  res.on('close', finish);
  res.on('error', finish);
}
