/**
 * The request parameters the API takes, as upstream's OpenAPI names and types them. kubectl reads some
 * of them: it sends `fieldValidation` (server-side field validation) only if the PATCH operation of the
 * kind lists it, and `dryRun`/`fieldManager` likewise. Descriptions are short and ours.
 */
import { definitionRef, meta, type Schema } from './definitions';

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'body';
  description?: string;
  required?: boolean;
  /** Scalar type of query and path parameters. */
  type?: 'string' | 'boolean' | 'integer';
  /** Schema of a body parameter. */
  schema?: Schema;
  /** Swagger 2.0 shares it under `#/parameters` (its text does not depend on the kind), as upstream does. */
  shared?: boolean;
}

const query = (name: string, type: Parameter['type'], description: string): Parameter => ({ name, in: 'query', type, description, shared: true });

export const params = {
  allowWatchBookmarks: query('allowWatchBookmarks', 'boolean', 'Ask a watch for BOOKMARK events, which carry nothing but a resourceVersion to resume from.'),
  continue: query('continue', 'string', 'The token from metadata.continue of the previous page; the other list parameters must stay the same.'),
  fieldSelector: query('fieldSelector', 'string', 'Only objects whose fields match this selector (e.g. metadata.name=x). Empty: all.'),
  labelSelector: query('labelSelector', 'string', 'Only objects whose labels match this selector (e.g. app=web,tier!=db). Empty: all.'),
  limit: query('limit', 'integer', 'At most this many items per page; metadata.continue then leads to the next page.'),
  resourceVersion: query('resourceVersion', 'string', 'The resourceVersion to read at (list) or to start after (watch). Empty: the latest.'),
  resourceVersionMatch: query('resourceVersionMatch', 'string', 'Exact or NotOlderThan: how a list interprets resourceVersion.'),
  sendInitialEvents: query('sendInitialEvents', 'boolean', 'With watch=true: first send the current objects as ADDED events, then a bookmark.'),
  timeoutSeconds: query('timeoutSeconds', 'integer', 'End the list or watch after this many seconds.'),
  watch: query('watch', 'boolean', 'Stream changes to the listed objects as ADDED, MODIFIED and DELETED events instead of listing them.'),
  pretty: query('pretty', 'string', "'true' asks for indented output."),
  dryRun: query('dryRun', 'string', 'All: run every stage of the request but store nothing.'),
  fieldManager: query('fieldManager', 'string', 'Who makes the change, as recorded in metadata.managedFields.'),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'Unknown or duplicate fields in the body: Ignore drops them, Warn drops them with a warning each (the default), Strict rejects the request.',
  ),
  force: query('force', 'boolean', 'Apply patches only: take over fields that other managers own.'),
  gracePeriodSeconds: query('gracePeriodSeconds', 'integer', 'Seconds to wait before deleting; 0 deletes at once. Empty: the kind\'s default.'),
  orphanDependents: query('orphanDependents', 'boolean', 'Deprecated, use propagationPolicy: leave dependents in place.'),
  propagationPolicy: query('propagationPolicy', 'string', "What happens to dependents: Orphan, Background or Foreground deletion."),
  namespace: { name: 'namespace', in: 'path', type: 'string', required: true, shared: true, description: 'The namespace the objects live in.' } as Parameter,
  deleteOptionsBody: { name: 'body', in: 'body', schema: definitionRef(meta('DeleteOptions')), shared: true } as Parameter,
  patchBody: { name: 'body', in: 'body', required: true, schema: definitionRef(meta('Patch')), shared: true } as Parameter,
} satisfies Record<string, Parameter>;

export const listParams = [
  params.allowWatchBookmarks,
  params.continue,
  params.fieldSelector,
  params.labelSelector,
  params.limit,
  params.resourceVersion,
  params.resourceVersionMatch,
  params.sendInitialEvents,
  params.timeoutSeconds,
  params.watch,
];

export const writeParams = [params.dryRun, params.fieldManager, params.fieldValidation];

export const deleteParams = [params.deleteOptionsBody, params.dryRun, params.gracePeriodSeconds, params.orphanDependents, params.propagationPolicy];

export const deleteCollectionParams = [
  params.deleteOptionsBody,
  params.continue,
  params.dryRun,
  params.fieldSelector,
  params.gracePeriodSeconds,
  params.labelSelector,
  params.limit,
  params.orphanDependents,
  params.propagationPolicy,
  params.resourceVersion,
  params.resourceVersionMatch,
  params.sendInitialEvents,
  params.timeoutSeconds,
];

export const nameParam = (kind: string): Parameter => ({ name: 'name', in: 'path', type: 'string', required: true, description: `name of the ${kind}` });

export const bodyParam = (ref: string): Parameter => ({ name: 'body', in: 'body', required: true, schema: definitionRef(ref) });

/** Query parameters of the connect-style subresources (upstream's Pod*Options and friends). */
export const connectParams: Record<string, Parameter[]> = {
  exec: [
    query('command', 'string', 'The command to run, one argument per parameter; no shell is involved.'),
    query('container', 'string', 'The container to run it in; may be left out when the pod has one container.'),
    query('stderr', 'boolean', "Whether to stream the command's standard error."),
    query('stdin', 'boolean', "Whether to stream standard input to the command. Defaults to false."),
    query('stdout', 'boolean', "Whether to stream the command's standard output."),
    query('tty', 'boolean', 'Whether to allocate a terminal for the command. Defaults to false.'),
  ],
  attach: [
    query('container', 'string', 'The container to attach to; may be left out when the pod has one container.'),
    query('stderr', 'boolean', "Whether to stream the container's standard error. Defaults to true."),
    query('stdin', 'boolean', "Whether to stream standard input to the container. Defaults to false."),
    query('stdout', 'boolean', "Whether to stream the container's standard output. Defaults to true."),
    query('tty', 'boolean', 'Whether the stream is a terminal.'),
  ],
  portforward: [query('ports', 'integer', 'The pod ports to forward; needed with WebSockets.')],
  proxy: [query('path', 'string', 'The URL path the proxied request goes to.')],
  log: [
    query('container', 'string', 'The container whose log to read; may be left out when the pod has one container.'),
    query('follow', 'boolean', 'Keep streaming the log as it grows. Defaults to false.'),
    query('insecureSkipTLSVerifyBackend', 'boolean', "Do not verify the kubelet's serving certificate when fetching the log."),
    query('limitBytes', 'integer', 'Stop after this many bytes of log.'),
    params.pretty,
    query('previous', 'boolean', 'Read the log of the previous, terminated instance of the container. Defaults to false.'),
    query('sinceSeconds', 'integer', 'Only lines from this many seconds ago onwards.'),
    query('tailLines', 'integer', 'Only this many lines from the end of the log.'),
    query('timestamps', 'boolean', 'Prefix each line with its RFC3339 timestamp. Defaults to false.'),
  ],
};
