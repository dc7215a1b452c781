/**
 * OpenAPI: `/openapi/v2` (Swagger 2.0), `/openapi/v3` (the index) and `/openapi/v3/<path>` (OpenAPI 3.0
 * per group version). Nothing is built or loaded at start-up: the definitions file is read on the first
 * OpenAPI request, and each document is built once per content of the resource table.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceInfo } from '../../api/resources';
import { gitVersion } from '../../version';
import { negotiate } from '../discovery/accept';
import { cachedBody, type CachedBody, hashOf, resourceMemo, sendCached, sendStatus } from '../discovery/cache';
import { errors } from '../errors';
import { loadDefinitions } from './definitions';
import { buildSwagger } from './v2';
import { encodeSwagger } from './v2-protobuf';
import { buildV3Documents } from './v3';

export interface OpenAPIOptions {
  /** The resource table; read on every request (cheaply), so what it returns may change at any time. */
  resources: () => ResourceInfo[];
  /** Bumped whenever the table changes; lets the documents be cached without comparing the table. */
  generation?: () => number;
  /** `info.version` of the documents; defaults to the Kubernetes version skiff serves. */
  version?: string;
}

const jsonOnly = [{ type: 'application', subtype: 'json' }];
/** /openapi/v2 in JSON, or in protobuf under either of its names: client-go asks for protobuf only. */
const protobufType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const v2Offers = [
  { type: 'application', subtype: 'json', contentType: 'application/json' },
  { type: 'application', subtype: 'com.github.proto-openapi.spec.v2@v1.0+protobuf', contentType: protobufType },
  { type: 'application', subtype: 'com.github.proto-openapi.spec.v2.v1.0+protobuf', contentType: protobufType },
];

interface V3Documents {
  index: CachedBody;
  byPath: Map<string, CachedBody & { hash: string }>;
}

const oneYearMs = 365 * 24 * 3600 * 1000;

export function registerOpenAPI(app: FastifyInstance, options: OpenAPIOptions): void {
  const memo = resourceMemo(options.resources, options.generation);
  const version = options.version ?? gitVersion;

  const v2 = () => memo.get('v2', (resources) => cachedBody(buildSwagger(loadDefinitions(), resources, version)));
  // Encoded from the JSON bytes (no second copy of the document kept); the same ETag as the JSON form
  // (Vary: Accept tells caches apart), as upstream does.
  const v2Protobuf = () => memo.get('v2.pb', (): CachedBody => ({ body: encodeSwagger(JSON.parse(v2().body.toString())), etag: v2().etag }));
  const v3 = () =>
    memo.get('v3', (resources): V3Documents => {
      const byPath = new Map<string, CachedBody & { hash: string }>();
      for (const [path, doc] of buildV3Documents(loadDefinitions(), resources, version)) {
        const body = cachedBody(doc);
        byPath.set(path, { ...body, hash: hashOf(body.body) });
      }
      const paths = Object.fromEntries([...byPath].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, d]) => [path, { serverRelativeURL: serverRelativeURL(path, d.hash) }]));
      return { index: cachedBody({ paths }), byPath };
    });

  const acceptsJSON = (req: FastifyRequest, reply: FastifyReply) => {
    if (negotiate(req.headers.accept, jsonOnly)) return true;
    sendStatus(reply, errors.notAcceptable('application/json'));
    return false;
  };

  app.get('/openapi/v2', (req, reply) => {
    const offer = negotiate(req.headers.accept, v2Offers);
    if (!offer) return sendStatus(reply, errors.notAcceptable(v2Offers.map((o) => o.contentType).join(', ')));
    return sendCached(req, reply, offer.contentType === 'application/json' ? v2() : v2Protobuf(), offer.contentType);
  });

  app.get('/openapi/v3', (req, reply) => sendCached(req, reply, v3().index, 'application/json'));

  app.get<{ Params: { '*': string }; Querystring: { hash?: string } }>('/openapi/v3/*', (req, reply) => {
    const path = req.params['*'].replace(/\/+$/, '');
    const doc = v3().byPath.get(path);
    if (!doc) return sendStatus(reply, errors.notFoundPath());
    if (!acceptsJSON(req, reply)) return reply;
    const hash = req.query.hash;
    if (hash) {
      // A stale hash is redirected to the current document, as kube-openapi's handler3 does.
      if (hash !== doc.hash) return reply.redirect(serverRelativeURL(path, doc.hash), 301);
      reply.header('cache-control', 'public, immutable').header('expires', new Date(Date.now() + oneYearMs).toUTCString());
    }
    return sendCached(req, reply, doc, 'application/json');
  });
}

function serverRelativeURL(path: string, hash: string): string {
  return `/openapi/v3/${path}?hash=${hash}`;
}
