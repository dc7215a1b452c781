/** Content negotiation: what a request body is, and in which form the response is wanted. */
import { parseAllDocuments } from 'yaml';
import { errors } from '../errors';
import { decodeKubernetesProtobuf } from '../protobuf';

export type ResponseForm = { kind: 'json' } | { kind: 'yaml' } | { kind: 'table'; version: 'v1' | 'v1beta1' };

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [{ type: '*/*', params: {} }];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    return { type: (type ?? '').toLowerCase(), params: Object.fromEntries(params.map((p) => p.split('=').map((s) => s.trim()) as [string, string])) };
  });
}

/** Picks the first acceptable form, in the client's order, as upstream's negotiation does. */
export function responseForm(accept: string | undefined, tableAllowed: boolean): ResponseForm {
  for (const m of parseAccept(accept)) {
    if (m.params.as === 'Table') {
      if (!tableAllowed || m.params.g !== 'meta.k8s.io' || (m.params.v !== 'v1' && m.params.v !== 'v1beta1')) continue;
      return { kind: 'table', version: m.params.v };
    }
    if (m.params.as) continue; // PartialObjectMetadata and others are not served yet
    if (m.type === 'application/json' || m.type === 'application/*' || m.type === '*/*') return { kind: 'json' };
    if (m.type === 'application/yaml') return { kind: 'yaml' };
  }
  throw errors.notAcceptable('application/json, application/yaml');
}

/** Decodes a JSON or YAML request body into one object; 400 on anything malformed. */
export function decodeBody(body: unknown, contentType: string | undefined): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  const type = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  // kubectl 1.33+ sends built-in kinds it creates with `kubectl create <kind>` as protobuf.
  if (type === 'application/vnd.kubernetes.protobuf') return decodeKubernetesProtobuf(Buffer.isBuffer(body) ? body : Buffer.from(text));
  if (!(type.endsWith('json') || type.endsWith('yaml') || type === 'text/plain' || type === '*/*')) throw errors.unsupportedMediaType(type);
  if (text.trim() === '') throw errors.badRequest('the request body is empty; an object is required');
  if (type.endsWith('yaml')) {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.length !== 1) throw errors.badRequest('the request body must hold exactly one YAML document');
    const doc = docs[0]!;
    if (doc.errors.length > 0) throw errors.badRequest(`error converting YAML to JSON: ${doc.errors[0]!.message}`);
    return doc.toJS({ maxAliasCount: 100 });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

export const patchTypes = new Set([
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);
