/**
 * Bearer service-account tokens (upstream's service-account authenticator): a valid signature, issuer,
 * audience and expiry, and the account — and the object the token is bound to — must still exist with
 * the uid the token names, so deleting them revokes the token.
 */
import type { FastifyRequest } from 'fastify';
import type { Registry } from '../registry/registry';
import type { ServiceAccountTokens } from '../serviceaccount/tokens';
import type { UserInfo } from './authenticate';

async function exists(registry: Registry, resource: string, namespace: string | undefined, ref: { name: string; uid: string }): Promise<boolean> {
  try {
    const obj = await registry.store('', resource).get(namespace, ref.name);
    return obj.metadata.uid === ref.uid && !obj.metadata.deletionTimestamp;
  } catch {
    return false;
  }
}

/** The user a service-account token stands for, or undefined if it is not (or no longer) valid. */
export function serviceAccountTokenAuthenticator(tokens: ServiceAccountTokens, registry: Registry) {
  return async (token: string, audiences?: string[]): Promise<(UserInfo & { uid: string }) | undefined> => {
    const claims = await tokens.verify(token, audiences);
    if (!claims) return undefined;
    const ns = claims.namespace;
    if (!(await exists(registry, 'serviceaccounts', ns, claims.serviceAccount))) return undefined;
    if (claims.pod && !(await exists(registry, 'pods', ns, claims.pod))) return undefined;
    if (claims.secret && !(await exists(registry, 'secrets', ns, claims.secret))) return undefined;
    if (claims.node && !(await exists(registry, 'nodes', undefined, claims.node))) return undefined;
    return {
      name: `system:serviceaccount:${ns}:${claims.serviceAccount.name}`,
      uid: claims.serviceAccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
    };
  };
}

export function serviceAccountAuthenticator(tokens: ServiceAccountTokens, registry: Registry) {
  const byToken = serviceAccountTokenAuthenticator(tokens, registry);
  return async (req: FastifyRequest): Promise<UserInfo | undefined> => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return undefined;
    return byToken(header.slice('Bearer '.length).trim());
  };
}
