/**
 * API discovery: `/api`, `/apis`, `/api/v1`, `/apis/<group>` and `/apis/<group>/<version>`, in the plain
 * (APIVersions / APIGroupList / APIGroup / APIResourceList) and aggregated (APIGroupDiscoveryList) forms.
 * Everything is computed from the resource table on demand and cached per content; registering routes
 * costs nothing at start-up.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceInfo } from '../../api/resources';
import { errors } from '../errors';
import { mediaTypeOf, negotiate, type Offer } from './accept';
import { cachedBody, type CachedBody, resourceMemo, sendCached, sendStatus } from './cache';
import { type AggregatedVersion, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, type ServerAddress, servedGroups } from './documents';

export interface DiscoveryOptions {
  /** The resource table; read on every request (cheaply), so what it returns may change at any time. */
  resources: () => ResourceInfo[];
  /** Bumped whenever the table changes; lets the documents be cached without comparing the table. */
  generation?: () => number;
}

type DiscoveryOffer = Offer & { aggregated?: AggregatedVersion };

const aggregated = (version: AggregatedVersion): DiscoveryOffer => ({
  type: 'application',
  subtype: 'json',
  params: { g: 'apidiscovery.k8s.io', v: version, as: 'APIGroupDiscoveryList' },
  aggregated: version,
});
const json: DiscoveryOffer = { type: 'application', subtype: 'json' };
/** kubectl 1.30+ asks for v2 first, 1.27–1.29 for v2beta1; both fall back to plain JSON. */
const rootOffers = [aggregated('v2'), aggregated('v2beta1'), json];
const acceptedTypes = rootOffers.map(mediaTypeOf).join(', ');

/** Where this server is reached, as the client reached it: upstream answers its advertise address. */
function serverAddress(req: FastifyRequest): ServerAddress {
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  return { clientCIDR: '0.0.0.0/0', serverAddress: `${host}:${req.socket.localPort ?? 0}` };
}

export function registerDiscovery(app: FastifyInstance, options: DiscoveryOptions): void {
  const memo = resourceMemo(options.resources, options.generation);
  const groups = () => memo.get('groups', servedGroups);
  const cached = (name: string, build: () => unknown): CachedBody => memo.get(name, () => cachedBody(build()));

  const serveRoot = (req: FastifyRequest, reply: FastifyReply, root: 'api' | 'apis') => {
    const offer = negotiate(req.headers.accept, rootOffers);
    if (!offer) return sendStatus(reply, errors.notAcceptable(acceptedTypes));
    if (offer.aggregated) {
      const version = offer.aggregated;
      return sendCached(req, reply, cached(`${root}:${version}`, () => aggregatedDiscovery(groups(), root, version)), mediaTypeOf(offer));
    }
    if (root === 'apis') return sendCached(req, reply, cached('apis', () => apiGroupList(groups())), 'application/json');
    const address = serverAddress(req);
    return sendCached(req, reply, cached(`api@${address.serverAddress}`, () => apiVersions(groups(), address)), 'application/json');
  };

  /** Unknown names answer 404 before anything is cached, so random paths cannot grow the cache. */
  const serveJSON = (req: FastifyRequest, reply: FastifyReply, exists: boolean, name: string, build: () => unknown) => {
    if (!exists) return sendStatus(reply, errors.notFoundPath());
    if (!negotiate(req.headers.accept, [json])) return sendStatus(reply, errors.notAcceptable('application/json'));
    return sendCached(req, reply, cached(name, build), 'application/json');
  };
  const served = (group: string, version?: string) => {
    const versions = groups().get(group);
    return version === undefined ? versions !== undefined : versions?.has(version) === true;
  };

  app.get('/api', (req, reply) => serveRoot(req, reply, 'api'));
  app.get('/apis', (req, reply) => serveRoot(req, reply, 'apis'));
  app.get<{ Params: { version: string } }>('/api/:version', (req, reply) => {
    const { version } = req.params;
    return serveJSON(req, reply, served('', version), `resources:/${version}`, () => apiResourceList(groups(), '', version));
  });
  app.get<{ Params: { group: string } }>('/apis/:group', (req, reply) => {
    const { group } = req.params;
    return serveJSON(req, reply, group !== '' && served(group), `group:${group}`, () => apiGroup(groups(), group));
  });
  app.get<{ Params: { group: string; version: string } }>('/apis/:group/:version', (req, reply) => {
    const { group, version } = req.params;
    return serveJSON(req, reply, group !== '' && served(group, version), `resources:${group}/${version}`, () => apiResourceList(groups(), group, version));
  });
}
