/**
 * Authentication: who is calling. Client certificates verified by TLS against the cluster CA
 * (CN is the user, O the groups, as upstream's x509 authenticator). Requests without a valid identity are
 * anonymous and may reach only the public health and version endpoints (upstream system:public-info-viewer).
 */
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';

export interface UserInfo {
  name: string;
  groups: string[];
}

export type Authenticator = (req: FastifyRequest) => UserInfo | undefined;

function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Client certificates: identities are kept per TLS connection, so a keep-alive connection's certificate
 * is read once, not on every request.
 */
export function clientCertificateAuthenticator(): Authenticator {
  const byConnection = new WeakMap<TLSSocket, UserInfo | null>();
  return (req) => {
    const socket = req.raw.socket as TLSSocket;
    if (!socket.authorized || typeof socket.getPeerCertificate !== 'function') return undefined;
    const known = byConnection.get(socket);
    if (known !== undefined) return known ?? undefined;
    const cert = socket.getPeerCertificate();
    const name = cert?.subject?.CN;
    const user = !name || Array.isArray(name) ? null : { name, groups: [...asList(cert.subject.O), 'system:authenticated'] };
    byConnection.set(socket, user);
    return user ?? undefined;
  };
}

/** Paths anyone may read, as upstream's system:public-info-viewer role. */
export const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version']);

export function isPublic(path: string): boolean {
  return publicPaths.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/');
}
