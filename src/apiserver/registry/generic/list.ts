/**
 * List with upstream semantics: label/field selectors, limit/continue paging at one consistent
 * revision, and the resourceVersion / resourceVersionMatch rules.
 */
import { type Backend, CompactedError, type KeyValue } from '../../../storage/interface';
import { errors, type GroupResource, StatusError } from '../../errors';
import { parseResourceVersion } from './codec';
import type { Keys } from './keys';
import { selectionPredicate } from './selection';
import type { KubeObject, Strategy } from './strategy';

export interface ListParams {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Scope {
  backend: Backend;
  /** Storage form → API object (fills resourceVersion; converts when stored as another version). */
  decode(kv: KeyValue, revision?: number): KubeObject;
  keys: Keys;
  strategy: Strategy;
  gr: GroupResource;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies ContinueToken)).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (t.v === 'meta.k8s.io/v1' && Number.isInteger(t.rv) && t.rv > 0 && typeof t.start === 'string' && !t.start.includes('..')) return t;
  } catch {
    // fall through
  }
  throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

const tooOldContinue =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** The revision to read at, from resourceVersion / resourceVersionMatch / continue. 0 means "current". */
function readRevision(scope: Scope, params: ListParams, token: ContinueToken | undefined): number {
  let rv: number | undefined;
  try {
    rv = parseResourceVersion(params.resourceVersion);
  } catch (err) {
    throw errors.badRequest((err as Error).message);
  }
  const match = params.resourceVersionMatch;
  if (match && match !== 'Exact' && match !== 'NotOlderThan') throw errors.badRequest(`resourceVersionMatch: Unsupported value: "${match}"`);
  if (match && rv === undefined) throw errors.badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (token) {
    if (rv !== undefined && rv !== 0) throw errors.badRequest('specifying resource version is not allowed when using continue');
    return token.rv;
  }
  const current = scope.backend.currentRevision();
  if (rv !== undefined && rv > current)
    throw new StatusError(504, 'Timeout', `Too large resource version: ${rv}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    });
  return match === 'Exact' && rv ? rv : 0;
}

export async function listObjects(scope: Scope, namespace: string | undefined, params: ListParams): Promise<ListResult> {
  const matches = selectionPredicate(scope.strategy, params.labelSelector, params.fieldSelector);
  const token = params.continue ? decodeContinue(params.continue) : undefined;
  const prefix = scope.keys.prefix(namespace);
  let revision = readRevision(scope, params, token);
  const limit = params.limit && params.limit > 0 ? params.limit : 0;
  let startAfter = token ? prefix + token.start : undefined;
  const items: KubeObject[] = [];
  for (;;) {
    let page;
    try {
      page = await scope.backend.list(prefix, { limit: limit ? Math.max(limit - items.length, limit) : 0, startAfter, revision });
    } catch (err) {
      if (err instanceof CompactedError) throw token ? errors.expired(tooOldContinue) : errors.expired('The resourceVersion for the provided list is too old.');
      throw err;
    }
    revision = page.revision;
    for (const [i, kv] of page.items.entries()) {
      const obj = scope.decode(kv);
      if (!matches(obj)) continue;
      items.push(obj);
      if (limit && items.length === limit) {
        const leftInPage = page.items.length - 1 - i;
        if (!page.more && leftInPage === 0) break;
        const result: ListResult = { items, resourceVersion: String(revision), continue: encodeContinue(revision, kv.key.slice(prefix.length)) };
        if (matches.empty && page.remaining !== undefined) result.remainingItemCount = page.remaining + leftInPage;
        return result;
      }
    }
    if (limit && items.length === limit) break;
    if (!page.more || page.items.length === 0) break;
    startAfter = page.items[page.items.length - 1]!.key;
  }
  return { items, resourceVersion: String(revision) };
}
