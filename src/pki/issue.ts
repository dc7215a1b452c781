/** Minting certificates: the self-signed CA and leaf certificates it signs. Pure: no files, no logs. */
import type { Clock } from '../util/clock';
import { realClock } from '../util/clock';
import { PkiError } from './errors';
import type { SigningKey } from './keys';
import { generateKey, importSigningKey } from './keys';
import type { SubjectAltNames } from './sans';
import { nodeCrypto, x509, type X509 } from './x509-lib';

/** A CA as PEM text: enough to sign with. */
export interface CertificateAuthority {
  cert: string;
  key: string;
}

/** A certificate and its private key, PEM (key in PKCS#8). */
export interface CertificateAndKey {
  cert: string;
  key: string;
}

export interface CertificateAuthorityOptions {
  /** Default `skiff-server-ca@<unix seconds>`, the k3s naming. */
  commonName?: string;
  /** Default 3650. */
  days?: number;
  clock?: Clock;
}

export interface ClientCertificateOptions {
  /** Becomes the Kubernetes user name. */
  commonName: string;
  /** Become the Kubernetes groups. */
  organizations?: string[];
  /** Default 365. */
  days?: number;
  clock?: Clock;
}

export interface ServingCertificateOptions {
  commonName: string;
  organizations?: string[];
  sans: SubjectAltNames;
  /** Default 365. */
  days?: number;
  clock?: Clock;
}

const dayMs = 24 * 60 * 60 * 1000;
/** Tolerates clocks a little behind ours (agents, containers) without rejecting a brand-new cert. */
const backdateMs = 5 * 60 * 1000;

function validity(clock: Clock, days: number): { notBefore: Date; notAfter: Date } {
  const now = clock.now();
  return { notBefore: new Date(now - backdateMs), notAfter: new Date(now + days * dayMs) };
}

/**
 * Organizations before the common name, the order Go's pkix.Name writes them. Values are passed as
 * raw UTF8Strings: @peculiar/x509 would otherwise read quotes, backslashes and a leading `#` in a
 * plain string value as RFC 4514 syntax and change the name.
 */
function subjectName(commonName: string, organizations: string[] = []): X509.Name {
  return new x509.Name([
    ...organizations.map((o) => ({ O: [{ utf8String: o }] })),
    { CN: [{ utf8String: commonName }] },
  ]);
}

function toPem(cert: X509.X509Certificate): string {
  return cert.toString('pem').replace(/\r\n/g, '\n').trimEnd() + '\n';
}

/**
 * A CA parsed and imported once, ready to sign many certificates. Opaque: obtain one from
 * `loadCertificateSigner`; it holds a non-extractable signing key.
 */
export interface CertificateSigner {
  readonly issuerName: X509.Name;
  /** The CA's subject key id, hex; undefined if its certificate has none. */
  readonly keyId: string | undefined;
  readonly signingKey: SigningKey;
}

export async function loadCertificateSigner(ca: CertificateAuthority): Promise<CertificateSigner> {
  let caCert: X509.X509Certificate;
  try {
    caCert = new x509.X509Certificate(ca.cert);
  } catch (err) {
    throw new PkiError('CA_INVALID', 'cannot parse the CA certificate', { cause: err });
  }
  return {
    issuerName: caCert.subjectName,
    keyId: caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    signingKey: await importSigningKey(ca.key, 'the CA key'),
  };
}

function isSigner(ca: CertificateAuthority | CertificateSigner): ca is CertificateSigner {
  return 'signingKey' in ca;
}

export async function createCertificateAuthority(options: CertificateAuthorityOptions = {}): Promise<CertificateAuthority> {
  const clock = options.clock ?? realClock;
  const key = generateKey();
  const signer = await importSigningKey(key.privateKey, 'the new CA key');
  const name = subjectName(options.commonName ?? `skiff-server-ca@${Math.floor(clock.now() / 1000)}`);
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject: name,
      issuer: name,
      publicKey: key.spki,
      signingKey: signer.key,
      signingAlgorithm: signer.algorithm,
      ...validity(clock, options.days ?? 3650),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        new x509.SubjectKeyIdentifierExtension(key.keyId),
      ],
    },
    nodeCrypto,
  );
  return { cert: toPem(cert), key: key.privateKeyPem };
}

interface LeafSpec {
  subject: X509.Name;
  usage: X509.ExtendedKeyUsage;
  sans?: SubjectAltNames;
  days: number;
  clock: Clock;
}

async function issueLeaf(ca: CertificateAuthority | CertificateSigner, spec: LeafSpec): Promise<CertificateAndKey> {
  const signer = isSigner(ca) ? ca : await loadCertificateSigner(ca);
  const key = generateKey();
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([spec.usage]),
    new x509.SubjectKeyIdentifierExtension(key.keyId),
  ];
  // The authority key id must equal the CA's subject key id, or OpenSSL cannot find the issuer.
  if (signer.keyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(signer.keyId));
  if (spec.sans) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        ...spec.sans.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...spec.sans.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    );
  }
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject: spec.subject,
      issuer: signer.issuerName,
      publicKey: key.spki,
      signingKey: signer.signingKey.key,
      signingAlgorithm: signer.signingKey.algorithm,
      ...validity(spec.clock, spec.days),
      extensions,
    },
    nodeCrypto,
  );
  return { cert: toPem(cert), key: key.privateKeyPem };
}

/**
 * A client certificate (clientAuth): the API server maps CN to the user and each O to a group. Pass a
 * `CertificateSigner` when issuing several, to parse and import the CA once.
 */
export function issueClientCertificate(
  ca: CertificateAuthority | CertificateSigner,
  options: ClientCertificateOptions,
): Promise<CertificateAndKey> {
  return issueLeaf(ca, {
    subject: subjectName(options.commonName, options.organizations),
    usage: x509.ExtendedKeyUsage.clientAuth,
    days: options.days ?? 365,
    clock: options.clock ?? realClock,
  });
}

/** A serving certificate (serverAuth) carrying `sans`. */
export function issueServingCertificate(
  ca: CertificateAuthority | CertificateSigner,
  options: ServingCertificateOptions,
): Promise<CertificateAndKey> {
  return issueLeaf(ca, {
    subject: subjectName(options.commonName, options.organizations),
    usage: x509.ExtendedKeyUsage.serverAuth,
    sans: options.sans,
    days: options.days ?? 365,
    clock: options.clock ?? realClock,
  });
}
