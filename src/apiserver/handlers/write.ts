/** POST (create), PUT (update), PATCH and DELETE of objects and collections. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion, listKindOf } from '../../api/resources';
import { errors } from '../errors';
import type { DeleteOptions } from '../registry/generic/store';
import type { KubeObject } from '../registry/generic/strategy';
import type { HandlerContext } from './context';
import { decodeBody, responseForm } from './negotiation';
import { applyPatch } from './patch';
import { dryRun, integer, listParams, one, type Query } from './query';
import type { ResourceRequest } from './request-info';
import { respond } from './respond';
import { withKind } from './read';
import { parseFieldValidation } from '../schema/unknown-fields';
import { patchSchemaFor } from '../schema/patch-schema';
import { trackFields } from './field-manager';
import { applyObject } from './apply';

/**
 * Drops unknown fields from a decoded object and reports them per ?fieldValidation= (default Warn), as
 * upstream: Strict is a 400, Warn adds a `Warning: 299` header per field, Ignore says nothing.
 */
function checkUnknownFields(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply, obj: KubeObject): void {
  const q = req.query as Query;
  const raw = one(q, 'fieldValidation');
  const mode = parseFieldValidation(raw);
  if (raw && !mode) throw errors.badRequest(`fieldValidation: Unsupported value: "${raw}": supported values: "Ignore", "Warn", "Strict"`);
  const unknown = ctx.pruner.prune(obj, { group: r.info.group, version: r.version, kind: r.info.kind });
  if (unknown.length === 0 || mode === 'Ignore') return;
  const messages = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict')
    throw errors.badRequest(`${r.info.kind} in version "${r.version}" cannot be handled as a ${r.info.kind}: strict decoding error: ${messages.join(', ')}`);
  reply.header('Warning', messages.map((m) => `299 - ${JSON.stringify(m)}`));
}

/** The decoded body as an object of this resource's kind; 400 when it is anything else. */
function bodyObject(r: ResourceRequest, req: FastifyRequest): KubeObject {
  const body = decodeBody(req.body, req.headers['content-type']);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('the request body must be a JSON or YAML object');
  const obj = body as KubeObject;
  const gv = groupVersion(r.info);
  if (obj.apiVersion !== undefined && obj.apiVersion !== gv)
    throw errors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`);
  if (obj.kind !== undefined && obj.kind !== r.info.kind)
    throw errors.badRequest(`${String(obj.kind)} in version "${r.version}" cannot be handled as a ${r.info.kind}: the kind in the data does not match the expected kind (${r.info.kind})`);
  if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)))
    throw errors.badRequest(`${r.info.kind} in version "${r.version}" cannot be handled as a ${r.info.kind}: metadata must be an object`);
  obj.metadata ??= {};
  obj.apiVersion = gv;
  obj.kind = r.info.kind;
  return obj;
}

export async function createObject(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Query;
  const form = responseForm(req.headers.accept, false);
  const obj = bodyObject(r, req);
  checkUnknownFields(ctx, r, req, reply, obj);
  if (r.store.strategy.review) {
    if (r.info.namespaced) obj.metadata.namespace = r.namespace;
    return respond(reply, 201, await r.store.strategy.review(obj, { user: req.user, namespace: r.namespace }), form);
  }
  if (r.info.namespaced) {
    if (!r.namespace) throw errors.methodNotSupported(r.info, 'create');
    if (obj.metadata.namespace && obj.metadata.namespace !== r.namespace)
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  await ctx.admission.admit({ operation: 'CREATE', info: r.info, namespace: r.namespace, object: obj, dryRun: dryRun(q) });
  const created = await r.store.create(r.namespace, obj, { dryRun: dryRun(q), beforeWrite: trackFields(ctx, r, req) });
  return respond(reply, 201, withKind(r, created), form);
}

export async function updateObject(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Query;
  const form = responseForm(req.headers.accept, false);
  const obj = bodyObject(r, req);
  checkUnknownFields(ctx, r, req, reply, obj);
  if (obj.metadata.name !== undefined && obj.metadata.name !== r.name)
    throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${r.name})`);
  await ctx.admission.admit({ operation: 'UPDATE', info: r.info, namespace: r.namespace, name: r.name, subresource: r.subresource, object: obj, dryRun: dryRun(q) });
  const updated = await r.store.update(r.namespace, r.name!, obj, { dryRun: dryRun(q), subresource: r.subresource, beforeWrite: trackFields(ctx, r, req) });
  return respond(reply, 200, withKind(r, updated), form);
}

export async function patchObject(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Query;
  const form = responseForm(req.headers.accept, false);
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType === 'application/apply-patch+yaml' && !r.subresource) return applyObject(ctx, r, req, reply, (obj) => checkUnknownFields(ctx, r, req, reply, obj));
  const patch = decodeBody(req.body, contentType === 'application/apply-patch+yaml' ? 'application/yaml' : 'application/json');
  const updated = await r.store.guaranteedUpdate(
    r.namespace,
    r.name!,
    async (current) => {
      const next = applyPatch(contentType, current, patch, patchSchemaFor(ctx.schemas, { group: r.info.group, version: r.version, kind: r.info.kind }));
      checkUnknownFields(ctx, r, req, reply, next);
      if (next.metadata?.resourceVersion && next.metadata.resourceVersion !== current.metadata.resourceVersion)
        throw errors.conflict(r.info, r.name!, 'the object has been modified; please apply your changes to the latest version and try again');
      await ctx.admission.admit({ operation: 'UPDATE', info: r.info, namespace: r.namespace, name: r.name, subresource: r.subresource, object: next, dryRun: dryRun(q) });
      return next;
    },
    { dryRun: dryRun(q), subresource: r.subresource, beforeWrite: trackFields(ctx, r, req) },
  );
  return respond(reply, 200, withKind(r, updated), form);
}

function deleteOptions(req: FastifyRequest): DeleteOptions {
  const q = req.query as Query;
  let body: Record<string, unknown> = {};
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (raw.trim() !== '') {
    const decoded = decodeBody(req.body, req.headers['content-type']);
    if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw errors.badRequest('DeleteOptions must be an object');
    body = decoded as Record<string, unknown>;
  }
  const policy = (one(q, 'propagationPolicy') ?? body.propagationPolicy) as string | undefined;
  if (policy !== undefined && policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground')
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  const grace = integer(q, 'gracePeriodSeconds') ?? (body.gracePeriodSeconds as number | undefined);
  const bodyDryRun = Array.isArray(body.dryRun) && body.dryRun.includes('All');
  return {
    dryRun: dryRun(q) || bodyDryRun,
    propagationPolicy: policy,
    gracePeriodSeconds: grace,
    preconditions: body.preconditions as DeleteOptions['preconditions'],
  };
}

export async function deleteObject(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const form = responseForm(req.headers.accept, false);
  const options = deleteOptions(req);
  await ctx.admission.admit({ operation: 'DELETE', info: r.info, namespace: r.namespace, name: r.name });
  const result = await r.store.delete(r.namespace, r.name!, options);
  if (!result.deleted) return respond(reply, 200, withKind(r, result.object), form);
  return respond(
    reply,
    200,
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: r.name, group: r.info.group || undefined, kind: r.info.resource, uid: result.object.metadata.uid },
    },
    form,
  );
}

export async function deleteCollection(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Query;
  const form = responseForm(req.headers.accept, false);
  if (!r.info.verbs.includes('deletecollection')) throw errors.methodNotSupported(r.info, 'deletecollection');
  const options = deleteOptions(req);
  await ctx.admission.admit({ operation: 'DELETE', info: r.info, namespace: r.namespace });
  const items = await r.store.deleteCollection(r.namespace, listParams(q), options);
  return respond(reply, 200, { kind: listKindOf(r.info), apiVersion: groupVersion(r.info), metadata: {}, items }, form);
}

/** POST to a create-style subresource (serviceaccounts/token): computed from the parent, nothing stored. */
export async function createSubresource(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply) {
  const form = responseForm(req.headers.accept, false);
  const body = decodeBody(req.body, req.headers['content-type']);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('the request body must be a JSON or YAML object');
  const parent = await r.store.get(r.namespace, r.name!);
  const sub = r.store.strategy.subresources![r.subresource!]!;
  const out = await sub.create!(parent, body as KubeObject, {
    get: (group, resource, namespace, name) => ctx.registry.store(group, resource).get(namespace, name),
    updateParent: (mutate) => r.store.guaranteedUpdate(r.namespace, r.name!, mutate, { subresource: r.subresource }),
    now: () => ctx.clock.now(),
    list: async (group, resource, namespace) => (await ctx.registry.store(group, resource).list(namespace, {})).items,
    update: (group, resource, obj, subresource) => ctx.registry.store(group, resource).update(obj.metadata.namespace, obj.metadata.name!, obj, { subresource }),
    deleteParent: async (options) => void (await r.store.delete(r.namespace, r.name!, options)),
    dryRun: dryRun(req.query as Query),
  });
  return respond(reply, 201, out, form);
}

