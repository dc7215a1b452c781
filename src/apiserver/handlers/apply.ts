/**
 * PATCH with `application/apply-patch+yaml`: server-side apply. Creates the object when it does not
 * exist; otherwise merges the applied configuration with field ownership and conflicts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupVersion } from '../../api/resources';
import { applyConfiguration } from '../apply/apply';
import { errors, StatusError } from '../errors';
import { timestamp } from '../registry/generic/codec';
import type { KubeObject } from '../registry/generic/strategy';
import type { HandlerContext } from './context';
import { shapesFor } from './field-manager';
import { decodeBody, responseForm } from './negotiation';
import { bool, dryRun, one, type Query } from './query';
import type { ResourceRequest } from './request-info';
import { respond } from './respond';
import { withKind } from './read';

function appliedObject(r: ResourceRequest, req: FastifyRequest): KubeObject {
  const body = decodeBody(req.body, 'application/yaml');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('the applied configuration must be an object');
  const obj = body as KubeObject;
  const gv = groupVersion(r.info);
  if (obj.apiVersion !== gv || obj.kind !== r.info.kind)
    throw errors.badRequest(`the applied configuration must set apiVersion: ${gv} and kind: ${r.info.kind} (got ${String(obj.apiVersion)}, ${String(obj.kind)})`);
  obj.metadata ??= {};
  if (obj.metadata.name !== undefined && obj.metadata.name !== r.name)
    throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${r.name})`);
  if (r.info.namespaced && obj.metadata.namespace !== undefined && obj.metadata.namespace !== r.namespace)
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  obj.metadata.name = r.name;
  delete obj.metadata.managedFields;
  return obj;
}

export async function applyObject(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest, reply: FastifyReply, checkUnknown: (obj: KubeObject) => void) {
  const q = req.query as Query;
  const form = responseForm(req.headers.accept, false);
  const manager = one(q, 'fieldManager');
  if (!manager) throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' }]);
  const applied = appliedObject(r, req);
  checkUnknown(applied);
  const wantedVersion = applied.metadata.resourceVersion;
  delete applied.metadata.resourceVersion;
  const request = (live: KubeObject | undefined) => ({
    live,
    applied,
    manager,
    force: bool(q, 'force'),
    apiVersion: groupVersion(r.info),
    shapes: shapesFor(ctx, r),
    now: timestamp(ctx.clock.now()),
  });
  const options = { dryRun: dryRun(q) };
  try {
    const updated = await r.store.guaranteedUpdate(
      r.namespace,
      r.name!,
      async (current) => {
        if (wantedVersion && wantedVersion !== current.metadata.resourceVersion)
          throw errors.conflict(r.info, r.name!, 'the object has been modified; please apply your changes to the latest version and try again');
        const next = applyConfiguration(request(current));
        await ctx.admission.admit({ operation: 'UPDATE', info: r.info, namespace: r.namespace, name: r.name, object: next, dryRun: options.dryRun });
        return next;
      },
      options,
    );
    return respond(reply, 200, withKind(r, updated), form);
  } catch (err) {
    if (!(err instanceof StatusError && err.code === 404 && err.details?.name === r.name && err.details?.kind === r.info.resource)) throw err;
  }
  // Not there yet: apply creates it.
  const created = applyConfiguration(request(undefined));
  await ctx.admission.admit({ operation: 'CREATE', info: r.info, namespace: r.namespace, object: created, dryRun: options.dryRun });
  const stored = await r.store.create(r.namespace, created, options);
  return respond(reply, 201, withKind(r, stored), form);
}
