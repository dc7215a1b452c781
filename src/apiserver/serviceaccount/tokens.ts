/**
 * Service-account tokens (upstream pkg/serviceaccount): ES256 JWTs with the claims upstream's bound
 * tokens carry (`iss`, `sub`, `aud`, `exp`, `iat`, `nbf`, `jti`, and `kubernetes.io` naming the namespace,
 * the service account and the object the token is bound to), and their verification.
 */
import { createHash, createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { type Clock, realClock } from '../../util/clock';

export const defaultIssuer = 'https://kubernetes.default.svc.cluster.local';

export interface TokenKeys {
  privateKeyPem: string;
  publicKeyPem: string;
}

export interface BoundObject {
  kind: 'Pod' | 'Secret' | 'Node';
  name: string;
  uid: string;
}

export interface IssueRequest {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  audiences?: string[];
  expirationSeconds: number;
  boundObject?: BoundObject;
}

export interface TokenClaims {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  secret?: { name: string; uid: string };
  node?: { name: string; uid: string };
}

interface KubernetesClaim {
  namespace: string;
  serviceaccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  secret?: { name: string; uid: string };
  node?: { name: string; uid: string };
}

export class ServiceAccountTokens {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly keyId: string;
  readonly issuer: string;
  /** Audiences the API server accepts, and gives tokens that ask for none (upstream --api-audiences). */
  readonly audiences: string[];
  private readonly clock: Clock;

  constructor(options: { keys: TokenKeys; issuer?: string; audiences?: string[]; clock?: Clock }) {
    this.privateKey = createPrivateKey(options.keys.privateKeyPem);
    this.publicKey = createPublicKey(options.keys.publicKeyPem);
    this.keyId = createHash('sha256').update(this.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
    this.issuer = options.issuer ?? defaultIssuer;
    this.audiences = options.audiences ?? [this.issuer];
    this.clock = options.clock ?? realClock;
  }

  async issue(req: IssueRequest): Promise<{ token: string; expirationTimestamp: Date }> {
    const now = Math.floor(this.clock.now() / 1000);
    const exp = now + req.expirationSeconds;
    const k8s: KubernetesClaim = { namespace: req.namespace, serviceaccount: req.serviceAccount };
    if (req.boundObject) k8s[req.boundObject.kind.toLowerCase() as 'pod' | 'secret' | 'node'] = { name: req.boundObject.name, uid: req.boundObject.uid };
    const token = await new SignJWT({ 'kubernetes.io': k8s })
      .setProtectedHeader({ alg: 'ES256', kid: this.keyId })
      .setIssuer(this.issuer)
      .setSubject(`system:serviceaccount:${req.namespace}:${req.serviceAccount.name}`)
      .setAudience(req.audiences?.length ? req.audiences : this.audiences)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { token, expirationTimestamp: new Date(exp * 1000) };
  }

  /** The token's claims if it is ours, unexpired and meant for one of `audiences` (default: this API server's); otherwise undefined. */
  async verify(token: string, audiences: string[] = this.audiences): Promise<TokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: audiences,
        algorithms: ['ES256'],
        currentDate: new Date(this.clock.now()),
      });
      const k8s = payload['kubernetes.io'] as KubernetesClaim | undefined;
      if (!k8s?.namespace || !k8s.serviceaccount?.name) return undefined;
      if (payload.sub !== `system:serviceaccount:${k8s.namespace}:${k8s.serviceaccount.name}`) return undefined;
      return { namespace: k8s.namespace, serviceAccount: k8s.serviceaccount, pod: k8s.pod, secret: k8s.secret, node: k8s.node };
    } catch {
      return undefined;
    }
  }
}
