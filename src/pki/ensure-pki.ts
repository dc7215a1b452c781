/**
 * The server's PKI under `<data-dir>/server/tls`: created on first start, reused afterwards, and
 * repaired where a file is missing, unreadable, expiring or no longer right (k3s behaves the same).
 */
import { X509Certificate as NodeX509, createPrivateKey } from 'node:crypto';
import { hostname as osHostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../util/clock';
import { realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { notAfterOf, subjectOf } from './certificate-fields';
import { PkiError } from './errors';
import { ensureDir, readOptional, writeFileAtomic } from './files';
import type { CertificateAndKey, CertificateAuthority, CertificateSigner } from './issue';
import {
  createCertificateAuthority,
  issueClientCertificate,
  issueServingCertificate,
  loadCertificateSigner,
} from './issue';
import type { SubjectAltNames } from './sans';
import { interfaceIps, missingSans, requiredServingSans, sansOf, unionSans } from './sans';

export interface EnsurePkiOptions {
  /** `<data-dir>/server/tls`; created with mode 0700 if absent. */
  dir: string;
  nodeName: string;
  /** Extra serving-cert names (`--tls-san`); IP addresses given here count as IPs. */
  hostnames?: string[];
  /** Extra serving-cert IPs. */
  ips?: string[];
  /** First IP of the service CIDR, the `kubernetes` Service's ClusterIP. Default `10.43.0.1`. */
  serviceIP?: string;
  clock?: Clock;
  logger?: Logger;
}

export interface PkiPaths {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
}

/** PEM text of everything `ensurePki` keeps, and where it keeps it. */
export interface Pki {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  /** The CA in the shape `issueClientCertificate` takes. */
  ca: CertificateAuthority;
  paths: PkiPaths;
}

export const adminUser = 'system:admin';
export const adminGroup = 'system:masters';
/** Leaf certificates closer than this to expiry are re-issued on start, as k3s does (90 days). */
const renewWithinMs = 90 * 24 * 60 * 60 * 1000;

export function pkiPaths(dir: string): PkiPaths {
  return {
    dir,
    caCert: join(dir, 'server-ca.crt'),
    caKey: join(dir, 'server-ca.key'),
    serverCert: join(dir, 'serving-kube-apiserver.crt'),
    serverKey: join(dir, 'serving-kube-apiserver.key'),
    adminCert: join(dir, 'client-admin.crt'),
    adminKey: join(dir, 'client-admin.key'),
  };
}

export async function ensurePki(options: EnsurePkiOptions): Promise<Pki> {
  const clock = options.clock ?? realClock;
  const logger = (options.logger ?? silentLogger).child('pki');
  const paths = pkiPaths(options.dir);
  const required = requiredServingSans({
    hostname: osHostname(),
    nodeName: options.nodeName,
    serviceIP: options.serviceIP ?? '10.43.0.1',
    interfaceIps: interfaceIps(networkInterfaces()),
    hostnames: options.hostnames,
    ips: options.ips,
  });
  await ensureDir(paths.dir, 0o700);
  const ca = await ensureCa(paths, clock, logger);
  const caNode = new NodeX509(ca.cert);
  const context: LeafContext = { caNode, clock, logger };

  // The signer (CA parsed, key imported) is made only if a leaf needs issuing, and then only once.
  let signer: Promise<CertificateSigner> | undefined;
  const sign = () => (signer ??= loadCertificateSigner(ca));
  const [server, admin] = await Promise.all([
    ensureLeaf(context, servingPlan(paths, sign, required, clock)),
    ensureLeaf(context, adminPlan(paths, sign, clock)),
  ]);

  return {
    caCert: ca.cert,
    caKey: ca.key,
    serverCert: server.cert,
    serverKey: server.key,
    adminCert: admin.cert,
    adminKey: admin.key,
    ca,
    paths,
  };
}

type SignerSource = () => Promise<CertificateSigner>;

function servingPlan(paths: PkiPaths, sign: SignerSource, required: SubjectAltNames, clock: Clock): LeafPlan {
  return {
    kind: 'serving',
    certPath: paths.serverCert,
    keyPath: paths.serverKey,
    staleReason: (cert) => {
      const missing = missingSans(sansOf(cert), required);
      const names = [...missing.dnsNames, ...missing.ips];
      return names.length > 0 ? `missing SANs ${names.join(',')}` : undefined;
    },
    // Names the old certificate carried are kept, as k3s's dynamiclistener does, so an address that
    // comes and goes does not re-issue the certificate at every other start.
    issue: async (previous) =>
      issueServingCertificate(await sign(), {
        commonName: 'kube-apiserver',
        organizations: ['skiff'],
        sans: previous ? unionSans(required, sansOf(previous)) : required,
        clock,
      }),
  };
}

function adminPlan(paths: PkiPaths, sign: SignerSource, clock: Clock): LeafPlan {
  return {
    kind: 'admin client',
    certPath: paths.adminCert,
    keyPath: paths.adminKey,
    staleReason: (cert) => {
      const subject = subjectOf(cert);
      const ok = subject.commonName === adminUser && subject.organizations.includes(adminGroup);
      return ok ? undefined : `subject is not CN=${adminUser}, O=${adminGroup}`;
    },
    issue: async () =>
      issueClientCertificate(await sign(), { commonName: adminUser, organizations: [adminGroup], clock }),
  };
}

async function ensureCa(paths: PkiPaths, clock: Clock, logger: Logger): Promise<CertificateAuthority> {
  const [cert, key] = await Promise.all([readOptional(paths.caCert), readOptional(paths.caKey)]);
  if (cert !== undefined && key === undefined) {
    throw new PkiError('CA_KEY_MISSING', `${paths.caCert} exists but ${paths.caKey} does not`);
  }
  if (cert !== undefined && key !== undefined) {
    checkCa(cert, key, paths, clock, logger);
    return { cert, key };
  }
  // A key without its certificate is what an interrupted first start leaves (the key is written first).
  if (key !== undefined) logger.warn('CA key without certificate: creating a new CA', { file: paths.caKey });
  const ca = await createCertificateAuthority({ clock });
  await writeFileAtomic(paths.caKey, ca.key, 0o600);
  await writeFileAtomic(paths.caCert, ca.cert, 0o644);
  const parsed = new NodeX509(ca.cert);
  logger.info('created certificate authority', { subject: parsed.subject, notAfter: parsed.validTo });
  return ca;
}

/** A CA is never replaced behind the user's back: anything wrong with it is an error to fix by hand. */
function checkCa(cert: string, key: string, paths: PkiPaths, clock: Clock, logger: Logger): void {
  let matches: boolean;
  let parsed: NodeX509;
  try {
    parsed = new NodeX509(cert);
    matches = parsed.checkPrivateKey(createPrivateKey(key));
  } catch (err) {
    throw new PkiError('CA_INVALID', `cannot read the CA in ${paths.dir}`, { cause: err });
  }
  if (!matches) throw new PkiError('CA_INVALID', `${paths.caKey} does not belong to ${paths.caCert}`);
  if (!parsed.ca) throw new PkiError('CA_INVALID', `${paths.caCert} is not a CA certificate`);
  const notAfter = notAfterOf(parsed);
  if (notAfter.getTime() - clock.now() < renewWithinMs) {
    logger.warn('certificate authority expires soon; it is not renewed automatically', {
      file: paths.caCert,
      notAfter: notAfter.toISOString(),
    });
  }
}

interface LeafContext {
  caNode: NodeX509;
  clock: Clock;
  logger: Logger;
}

interface LeafPlan {
  /** For log lines. */
  kind: string;
  certPath: string;
  keyPath: string;
  /** Why a readable, CA-signed, unexpired certificate must still be replaced; undefined keeps it. */
  staleReason(cert: NodeX509): string | undefined;
  /** Mints the replacement; `previous` is the old certificate when it could be read. */
  issue(previous: NodeX509 | undefined): Promise<CertificateAndKey>;
}

async function ensureLeaf(context: LeafContext, plan: LeafPlan): Promise<CertificateAndKey> {
  const [cert, key] = await Promise.all([readOptional(plan.certPath), readOptional(plan.keyPath)]);
  let previous: NodeX509 | undefined;
  let reason = 'missing';
  if (cert !== undefined && key !== undefined) {
    try {
      previous = new NodeX509(cert);
      const found = inspectLeaf(context, previous, key) ?? plan.staleReason(previous);
      if (found === undefined) return { cert, key };
      reason = found;
    } catch (err) {
      reason = `unreadable (${err instanceof Error ? err.name : 'error'})`;
    }
  }
  const issued = await plan.issue(previous);
  // Written side by side: a crash between the two renames leaves a pair that fails the key check
  // above, so the next start re-issues it.
  await Promise.all([
    writeFileAtomic(plan.keyPath, issued.key, 0o600),
    writeFileAtomic(plan.certPath, issued.cert, 0o644),
  ]);
  context.logger.info(`issued ${plan.kind} certificate`, {
    reason,
    file: plan.certPath,
    notAfter: new NodeX509(issued.cert).validTo,
  });
  return issued;
}

/** Checks every leaf shares: key pair, issuer, signature, expiry. Throws if the key cannot be parsed. */
function inspectLeaf(context: LeafContext, cert: NodeX509, key: string): string | undefined {
  if (!cert.checkPrivateKey(createPrivateKey(key))) return 'key does not match certificate';
  if (!cert.checkIssued(context.caNode) || !cert.verify(context.caNode.publicKey)) return 'not signed by the current CA';
  const notAfter = notAfterOf(cert);
  if (notAfter.getTime() - context.clock.now() < renewWithinMs) return `expires ${notAfter.toISOString()}`;
  return undefined;
}
