/** Applies a PATCH body of one of the patch types to the current object. */
import jsonpatch, { type Operation } from 'fast-json-patch';
import { invalid } from '../../api/validation/field-errors';
import { errors, StatusError } from '../errors';
import { applyMergePatch } from '../patch/merge-patch';
import { applyStrategicMergePatch, PatchError, type PatchSchema } from '../patch/strategic';
import type { KubeObject } from '../registry/generic/strategy';

function patchInvalid(patch: unknown, err: unknown): StatusError {
  const e = errors.invalid('', '', '', [invalid('patch', JSON.stringify(patch), err instanceof Error ? err.message : String(err))]);
  return new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: ${e.details?.causes?.[0]?.message ?? ''}`, e.details, { cause: err });
}

/** `schema` is the kind's schema for strategic merge (absent: lists are replaced, as for custom resources). */
export function applyPatch(contentType: string, current: KubeObject, patch: unknown, schema?: PatchSchema): KubeObject {
  let result: unknown;
  switch (contentType) {
    case 'application/json-patch+json': {
      if (!Array.isArray(patch)) throw errors.badRequest('a JSON patch must be a JSON array of operations');
      try {
        result = jsonpatch.applyPatch(structuredClone(current), patch as Operation[], true, false).newDocument;
      } catch (err) {
        throw patchInvalid(patch, err);
      }
      break;
    }
    case 'application/merge-patch+json':
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw errors.badRequest('a merge patch must be a JSON object');
      result = applyMergePatch(current, patch);
      break;
    case 'application/strategic-merge-patch+json':
      try {
        result = applyStrategicMergePatch(current, patch, schema);
      } catch (err) {
        if (err instanceof PatchError) throw patchInvalid(patch, err);
        throw err;
      }
      break;
    default:
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      );
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) throw patchInvalid(patch, new Error('the patched object is not an object'));
  const obj = result as KubeObject;
  if (typeof obj.metadata !== 'object' || obj.metadata === null) throw patchInvalid(patch, new Error('metadata must be an object'));
  return obj;
}
