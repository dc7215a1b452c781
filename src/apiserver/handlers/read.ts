/** GET of one object and of a collection (list), in JSON, YAML or Table form. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion, listKindOf } from '../../api/resources';
import { errors } from '../errors';
import type { KubeObject } from '../registry/generic/strategy';
import { toTable, type IncludeObject } from '../table/convert';
import type { HandlerContext } from './context';
import { responseForm } from './negotiation';
import { listParams, one, type Query } from './query';
import type { ResourceRequest } from './request-info';
import { respond } from './respond';

function includeObject(q: Query): IncludeObject | undefined {
  const v = one(q, 'includeObject');
  if (v === undefined || v === '') return undefined;
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') throw errors.badRequest(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
  return v;
}

export function withKind(r: ResourceRequest, obj: KubeObject): KubeObject {
  return { apiVersion: groupVersion(r.info), kind: r.info.kind, ...obj };
}

export async function getObject(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Query;
  const form = responseForm(req.headers.accept, true);
  const obj = withKind(r, await r.store.get(r.namespace, r.name!));
  if (form.kind === 'table') return respond(reply, 200, toTable(r.store.strategy, [obj], { version: form.version, includeObject: includeObject(q), now: ctx.clock.now() }), form);
  return respond(reply, 200, obj, form);
}

export async function listObjects(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Query;
  const form = responseForm(req.headers.accept, true);
  const result = await r.store.list(r.namespace, listParams(q));
  const listMeta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
  if (result.continue) listMeta.continue = result.continue;
  if (result.remainingItemCount !== undefined) listMeta.remainingItemCount = result.remainingItemCount;
  if (form.kind === 'table') {
    const items = result.items.map((o) => withKind(r, o));
    return respond(reply, 200, toTable(r.store.strategy, items, { version: form.version, includeObject: includeObject(q), now: ctx.clock.now(), listMeta }), form);
  }
  const items = result.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return respond(reply, 200, { kind: listKindOf(r.info), apiVersion: groupVersion(r.info), metadata: listMeta, items }, form);
}
