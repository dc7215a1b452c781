/**
 * Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf), as kubectl 1.33 sends for
 * `kubectl create <kind>`: envelope → schema tables → the JSON-shaped object a JSON body would give.
 */
import { errors } from '../errors';
import { decodeMessage } from './decode';
import { readEnvelope } from './envelope';
import { kinds, tables } from './tables';
import { WireError } from './wire';

/** Decodes a `k8s\0`-prefixed runtime.Unknown envelope into the JSON form of the object it carries. */
export function decodeKubernetesProtobuf(body: Buffer): unknown {
  try {
    const env = readEnvelope(body);
    if (env.contentEncoding !== '') throw errors.badRequest(`protobuf body: unsupported contentEncoding "${env.contentEncoding}"`);
    const key = kinds[`${env.apiVersion}/${env.kind}`];
    if (!key) throw errors.unsupportedMediaType('application/vnd.kubernetes.protobuf');
    // TypeMeta travels in the envelope only; the JSON form carries it in the object.
    return { kind: env.kind, apiVersion: env.apiVersion, ...decodeMessage(env.raw, key, { tables }) };
  } catch (err) {
    if (err instanceof WireError) throw Object.assign(errors.badRequest(`protobuf body: ${err.message}`), { cause: err });
    throw err;
  }
}
