/** Which field manager a write is made by, and recording what it changed in managedFields. */
import type { FastifyRequest } from 'fastify';
import { groupVersion } from '../../api/resources';
import { errors } from '../errors';
import { schemaShapes } from '../apply/fieldset';
import { trackUpdate } from '../apply/managed-fields';
import { timestamp } from '../registry/generic/codec';
import type { KubeObject } from '../registry/generic/strategy';
import type { HandlerContext } from './context';
import { one, type Query } from './query';
import type { ResourceRequest } from './request-info';

/** `?fieldManager=`, else the first word of the User-Agent (`kubectl/v1.32 …` → `kubectl`), as upstream. */
export function fieldManager(req: FastifyRequest): string {
  const given = one(req.query as Query, 'fieldManager');
  if (given !== undefined) {
    if (given.length > 128 || !/^[\x20-\x7e]*$/.test(given))
      throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueInvalid', field: 'fieldManager', value: given, detail: 'must be at most 128 printable characters' }]);
    if (given !== '') return given;
  }
  const agent = req.headers['user-agent'] ?? 'unknown';
  return agent.split('/')[0]!.trim() || 'unknown';
}

export function shapesFor(ctx: HandlerContext, r: ResourceRequest) {
  return schemaShapes(ctx.schemas, ctx.schemas.forKind({ group: r.info.group, version: r.version, kind: r.info.kind }));
}

/** A store `beforeWrite` hook giving what this request changed to its field manager (operation Update). */
export function trackFields(ctx: HandlerContext, r: ResourceRequest, req: FastifyRequest): (obj: KubeObject, old: KubeObject | undefined) => void {
  const manager = fieldManager(req);
  const shapes = shapesFor(ctx, r);
  return (obj, old) => trackUpdate(old, obj, manager, groupVersion(r.info), shapes, timestamp(ctx.clock.now()));
}
