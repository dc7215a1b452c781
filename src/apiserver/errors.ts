/**
 * Kubernetes `Status` errors (upstream k8s.io/apimachinery/pkg/api/errors): every failure the API returns
 * is one of these, with upstream's reason, code and message. One fastify error handler writes them.
 */
import { type FieldError, errorBody, formatFieldError } from '../api/validation/field-errors';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StatusError';
  }

  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** `configmaps "x"` or, for the core group, the resource alone; with a group: `deployments.apps "x"`. */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export interface GroupResource {
  group: string;
  resource: string;
}

export const errors = {
  notFound: (gr: GroupResource, name: string) =>
    new StatusError(404, 'NotFound', `${qualified(gr.resource, gr.group)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource }),
  alreadyExists: (gr: GroupResource, name: string) =>
    new StatusError(409, 'AlreadyExists', `${qualified(gr.resource, gr.group)} "${name}" already exists`, { name, group: gr.group || undefined, kind: gr.resource }),
  conflict: (gr: GroupResource, name: string, why: string) =>
    new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr.resource, gr.group)} "${name}": ${why}`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    }),
  invalid: (kind: string, group: string, name: string, fieldErrors: FieldError[]) => {
    const list = fieldErrors.map(formatFieldError);
    const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    return new StatusError(422, 'Invalid', `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${summary}`, {
      name,
      group: group || undefined,
      kind,
      causes: fieldErrors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
    });
  },
  badRequest: (message: string) => new StatusError(400, 'BadRequest', message),
  forbidden: (gr: GroupResource, name: string, why: string) =>
    new StatusError(403, 'Forbidden', `${qualified(gr.resource, gr.group)} "${name}" is forbidden: ${why}`, { name, group: gr.group || undefined, kind: gr.resource }),
  unauthorized: () => new StatusError(401, 'Unauthorized', 'Unauthorized'),
  methodNotSupported: (gr: GroupResource, action: string) =>
    new StatusError(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualified(gr.resource, gr.group)}"`, {
      group: gr.group || undefined,
      kind: gr.resource,
    }),
  gone: (message: string) => new StatusError(410, 'Gone', message),
  expired: (message: string) => new StatusError(410, 'Expired', message),
  tooLarge: (message: string) => new StatusError(413, 'RequestEntityTooLarge', message),
  unsupportedMediaType: (contentType: string) => new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`, undefined, { cause: contentType }),
  notAcceptable: (types: string) => new StatusError(406, 'NotAcceptable', `only the following media types are accepted: ${types}`),
  notFoundPath: () => new StatusError(404, 'NotFound', 'the server could not find the requested resource', {}),
  internal: (err: unknown) =>
    new StatusError(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`, { causes: [{ message: String(err) }] }, { cause: err }),
  timeout: (message: string) => new StatusError(504, 'Timeout', message),
};
