/** Routes every /api/… and /apis/… resource request to its verb. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors';
import type { HandlerContext } from './context';
import { getObject, listObjects } from './read';
import { bool, type Query } from './query';
import { resolveRequest, type ResourceRequest } from './request-info';
import { watchObjects } from './watch';
import { getView, patchView, putView } from './subresource-view';
import { createObject, createSubresource, deleteCollection, deleteObject, patchObject, updateObject } from './write';

type Verb = (ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

function verbFor(method: string, r: ResourceRequest, q: Query): [string, Verb] | undefined {
  const watch = bool(q, 'watch');
  if (r.name === undefined) {
    if (method === 'GET') return watch ? ['watch', watchObjects] : ['list', listObjects];
    if (method === 'POST') return ['create', createObject];
    if (method === 'DELETE') return ['deletecollection', deleteCollection];
    return undefined;
  }
  if (method === 'GET') return watch ? ['watch', watchObjects] : ['get', getObject];
  if (method === 'PUT') return ['update', updateObject];
  if (method === 'PATCH') return ['patch', patchObject];
  if (method === 'DELETE') return ['delete', deleteObject];
  return undefined;
}

/** A subresource (status, finalize) is read as the whole object and written with PUT or PATCH. */
function subresourceVerb(method: string, view: boolean): [string, Verb] | undefined {
  if (view) {
    if (method === 'GET') return ['get', getView];
    if (method === 'PUT') return ['update', putView];
    if (method === 'PATCH') return ['patch', patchView];
    return undefined;
  }
  if (method === 'POST') return ['create', createSubresource];
  if (method === 'GET') return ['get', getObject];
  if (method === 'PUT') return ['update', updateObject];
  if (method === 'PATCH') return ['patch', patchObject];
  return undefined;
}

export function registerResourceRoutes(app: FastifyInstance, ctx: HandlerContext): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const r = resolveRequest(ctx.registry, path);
    if (!r) throw errors.notFoundPath();
    if (r.subresource && !r.store.strategy.subresources?.[r.subresource]) throw errors.notFoundPath();
    const verb = r.subresource ? subresourceVerb(req.method, !!r.store.strategy.subresources?.[r.subresource]?.view) : verbFor(req.method, r, req.query as Query);
    const sub = r.subresource ? r.store.strategy.subresources?.[r.subresource] : undefined;
    const allowed = sub ? (verb?.[0] === 'create' ? !!sub.create : !!sub.prepareForUpdate || verb?.[0] === 'get') : verb && r.info.verbs.includes(verb[0]);
    if (!verb || !allowed) throw errors.methodNotSupported(r.info, verb?.[0] ?? req.method.toLowerCase());
    req.verb = verb[0];
    req.resource = r.info.resource;
    return verb[1](ctx, r, req, reply);
  };
  for (const prefix of ['/api/*', '/apis/*']) app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: prefix, handler });
}

declare module 'fastify' {
  interface FastifyRequest {
    verb?: string;
    resource?: string;
  }
}
