/**
 * The API server's HTTP application: fastify over HTTPS with client-certificate authentication, the
 * health/version/metrics endpoints, discovery, OpenAPI and the resource routes. Errors become `Status`.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry as MetricsRegistry, collectDefaultMetrics } from 'prom-client';
import type { Backend } from '../storage/interface';
import { type Clock, realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { Admission } from './admission/admission';
import { namespaceLifecycle } from './admission/namespace-lifecycle';
import { defaultStorageClass } from './admission/default-storage-class';
import { resourceQuota } from './admission/resource-quota';
import { limitRanger } from './admission/limit-ranger';
import { priority } from './admission/priority';
import { ObjectCache } from './admission/object-cache';
import { type Authenticator, clientCertificateAuthenticator, isPublic } from './authn/authenticate';
import { serviceAccountAuthenticator } from './authn/service-account';
import type { ServiceAccountTokens } from './serviceaccount/tokens';
import { registerDiscovery } from './discovery';
import { errors, StatusError } from './errors';
import type { HandlerContext } from './handlers/context';
import { registerResourceRoutes } from './handlers/resource';
import { registerOpenAPI } from './openapi';
import { createLoopback, type Loopback } from './loopback';
import type { Registry } from './registry/registry';
import { UnknownFieldPruner } from './schema/unknown-fields';
import { WatchEncodings } from './handlers/watch-encoding';
import { CRDController } from './crd/controller';
import { CustomResourceSchemaIndex } from './crd/schema-index';

export const maxRequestBytes = 3 * 1024 * 1024;

export interface ApiServerOptions {
  registry: Registry;
  backend: Backend;
  logger: Logger;
  clock?: Clock;
  /** PEM key and certificate to serve, and the CA client certificates must chain to. Absent: plain HTTP (tests only). */
  tls?: { key: string; cert: string; ca: string };
  authenticator?: Authenticator;
  /** Signs and verifies service-account tokens. */
  tokens: ServiceAccountTokens;
  /** Whether /readyz should say ready; the wiring flips it once start-up is done. */
  ready: () => boolean;
  version: Record<string, string>;
  bookmarkIntervalMs?: number;
  /** Watches without timeoutSeconds end after between this and twice this (upstream --min-request-timeout). */
  minRequestTimeoutSeconds?: number;
}

function registerHealth(app: FastifyInstance, options: ApiServerOptions) {
  const text = (ok: boolean) => (ok ? 'ok' : 'not ready');
  app.get('/healthz', async (_req, reply) => reply.type('text/plain').send('ok'));
  app.get('/livez', async (_req, reply) => reply.type('text/plain').send('ok'));
  app.get('/readyz', async (_req, reply) => {
    const ok = options.ready();
    return reply.code(ok ? 200 : 500).type('text/plain').send(text(ok));
  });
  app.get('/version', async () => options.version);
}

function registerMetrics(app: FastifyInstance) {
  const registry = new MetricsRegistry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'apiserver_request_total', help: 'Requests by verb, resource and HTTP code.', labelNames: ['verb', 'resource', 'code'], registers: [registry] });
  const duration = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Request latency by verb and resource (watches excluded).',
    labelNames: ['verb', 'resource'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const verb = req.verb ?? req.method.toLowerCase();
    const resource = req.resource ?? '';
    requests.inc({ verb, resource, code: String(reply.statusCode) });
    if (verb !== 'watch') duration.observe({ verb, resource }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}

function toStatusError(err: FastifyError | StatusError | Error): StatusError {
  if (err instanceof StatusError) return err;
  const code = (err as FastifyError).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errors.tooLarge(`Request entity too large: limit is ${maxRequestBytes}`);
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errors.unsupportedMediaType('');
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY') return errors.badRequest(err.message);
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new StatusError(status, 'BadRequest', err.message, undefined, { cause: err });
  return errors.internal(err);
}

export interface ApiServer {
  app: FastifyInstance;
  /** In-process access for controllers in this process. */
  loopback: Loopback;
}

export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const app = Fastify({
    logger: false,
    bodyLimit: maxRequestBytes,
    // HTTP/2 over TLS as kube-apiserver offers it (client-go and kubectl prefer it: many requests and watches
    // share one connection); HTTP/1.1 stays for other clients and for upgrades (exec, port-forward).
    ...(options.tls
      ? { http2: true, https: { allowHTTP1: true, key: options.tls.key, cert: options.tls.cert, ca: options.tls.ca, requestCert: true, rejectUnauthorized: false } }
      : {}),
    keepAliveTimeout: 65_000,
    forceCloseConnections: true,
    return503OnClosing: true,
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  const logger = options.logger;
  // Connection-level failures (bad TLS, malformed HTTP, resets) never reach a handler; say what they were.
  app.server.on('clientError', (err: NodeJS.ErrnoException) => logger.debug('client connection error', { code: err.code, err: err.message }));
  app.server.on('tlsClientError', (err: NodeJS.ErrnoException) => logger.debug('TLS handshake failed', { code: err.code, err: err.message }));
  // A random token only this process knows identifies in-process callers, as upstream's loopback client.
  const loopbackToken = randomBytes(32).toString('hex');
  const certificates = options.authenticator ?? clientCertificateAuthenticator();
  const serviceAccounts = serviceAccountAuthenticator(options.tokens, options.registry);
  const authenticate = async (req: FastifyRequest) =>
    certificates(req) ??
    (req.headers.authorization === `Bearer ${loopbackToken}` ? { name: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] } : await serviceAccounts(req));

  // Bodies are decoded by the handlers, which know the resource and the content type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxRequestBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error, req, reply) => {
    const status = toStatusError(err);
    if (status.code >= 500) logger.error('request failed', { method: req.method, url: req.url, err: err.message, stack: err.stack });
    if (reply.raw.headersSent) return;
    return reply.code(status.code).type('application/json').send(JSON.stringify(status.toStatus()));
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).type('application/json').send(JSON.stringify(errors.notFoundPath().toStatus())));

  if (options.tls) {
    app.addHook('onRequest', async (req) => {
      const path = req.url.split('?')[0]!;
      if (isPublic(path)) return;
      const user = await authenticate(req);
      if (!user) throw errors.unauthorized();
      req.user = user;
    });
  }

  registerHealth(app, options);
  registerMetrics(app);
  const resources = () => options.registry.resources();
  const generation = () => options.registry.generation();
  registerDiscovery(app, { resources, generation });
  registerOpenAPI(app, { resources, generation });

  const schemas = new CustomResourceSchemaIndex(resources);
  // What admission reads on every create, from memory (one in-process watch each, started on first use).
  const cache = (group: string, resource: string) => new ObjectCache(() => options.registry.store(group, resource));
  const caches = { namespaces: cache('', 'namespaces'), limitRanges: cache('', 'limitranges'), priorityClasses: cache('scheduling.k8s.io', 'priorityclasses'), quotas: cache('', 'resourcequotas') };
  app.addHook('onClose', async () => Object.values(caches).forEach((c) => c.stop()));
  const ctx: HandlerContext = {
    registry: options.registry,
    backend: options.backend,
    admission: new Admission([
      namespaceLifecycle(caches.namespaces),
      limitRanger(caches.limitRanges),
      defaultStorageClass(() => options.registry.store('storage.k8s.io', 'storageclasses')),
      priority(caches.priorityClasses),
      // Last, as upstream: it charges what the plugins before it let through.
      resourceQuota((group, resource) => options.registry.store(group, resource), caches.quotas, () => (options.clock ?? realClock).now()),
    ]),
    clock: options.clock ?? realClock,
    logger,
    pruner: new UnknownFieldPruner(schemas),
    watchEncodings: new WatchEncodings(),
    schemas,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    minRequestTimeoutSeconds: options.minRequestTimeoutSeconds ?? 1800,
  };
  registerResourceRoutes(app, ctx);
  // Custom resources of the CRDs in storage are served before this resolves (so before /readyz is ready).
  const crds = new CRDController({ registry: options.registry, logger: logger.child('crd'), clock: ctx.clock });
  app.addHook('onClose', async () => crds.stop());
  await crds.start();
  return { app, loopback: createLoopback(app, ctx, loopbackToken) };
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: import('./authn/authenticate').UserInfo;
  }
}
