/** The server's PKI: CA, serving and client certificates, kubeconfigs, client-cert identities. */
export { ensurePki, pkiPaths, adminUser, adminGroup } from './ensure-pki';
export type { EnsurePkiOptions, Pki, PkiPaths } from './ensure-pki';
export {
  createCertificateAuthority,
  issueClientCertificate,
  issueServingCertificate,
  loadCertificateSigner,
} from './issue';
export type {
  CertificateAndKey,
  CertificateAuthority,
  CertificateAuthorityOptions,
  CertificateSigner,
  ClientCertificateOptions,
  ServingCertificateOptions,
} from './issue';
export type { SubjectAltNames } from './sans';
export { writeKubeconfig, renderKubeconfig } from './kubeconfig';
export type { KubeconfigOptions } from './kubeconfig';
export { identityFromCertificate } from './identity';
export type { CertificateIdentity } from './identity';
export { PkiError } from './errors';
export type { PkiErrorCode } from './errors';
export { ensureServiceAccountKey, type ServiceAccountKey } from './service-account-key';
