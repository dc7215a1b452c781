/** GET, PUT and PATCH of subresources with a kind of their own (scale): through the strategy's view. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors';
import type { KubeObject } from '../registry/generic/strategy';
import type { HandlerContext } from './context';
import { decodeBody, responseForm } from './negotiation';
import { applyPatch } from './patch';
import { dryRun, type Query } from './query';
import type { ResourceRequest } from './request-info';
import { respond } from './respond';

function viewOf(r: ResourceRequest) {
  return r.store.strategy.subresources![r.subresource!]!.view!;
}

export async function getView(_ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  return respond(reply, 200, viewOf(r).toView(await r.store.get(r.namespace, r.name!)), responseForm(req.headers.accept, false));
}

async function write(r: ResourceRequest, req: FastifyRequest, reply: FastifyReply, change: (view: KubeObject) => KubeObject) {
  const view = viewOf(r);
  const updated = await r.store.guaranteedUpdate(
    r.namespace,
    r.name!,
    (current) => {
      const next = change(view.toView(current));
      if (next.metadata?.resourceVersion && next.metadata.resourceVersion !== current.metadata.resourceVersion)
        throw errors.conflict(r.info, r.name!, 'the object has been modified; please apply your changes to the latest version and try again');
      return view.fromView(current, next);
    },
    { dryRun: dryRun(req.query as Query), subresource: r.subresource },
  );
  return respond(reply, 200, view.toView(updated), responseForm(req.headers.accept, false));
}

export async function putView(_ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const body = decodeBody(req.body, req.headers['content-type']);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('the request body must be an object');
  return write(r, req, reply, () => body as KubeObject);
}

export async function patchView(_ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const patch = decodeBody(req.body, 'application/json');
  return write(r, req, reply, (view) => applyPatch(contentType, view, patch));
}
