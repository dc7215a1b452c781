/** Who a verified client certificate speaks for, as Kubernetes' x509 authenticator reads it. */
import { X509Certificate as NodeX509 } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import type { NodeSubject, SubjectFields } from './certificate-fields';
import { subjectFields, subjectOf } from './certificate-fields';
import { x509, x509Loaded, type X509 } from './x509-lib';

export interface CertificateIdentity {
  /** The subject's common name. */
  user: string;
  /** The subject's organizations, in order. */
  groups: string[];
}

/**
 * CN → user, every O → a group. Returns undefined when there is no certificate (Node gives `{}` for a
 * client that sent none) or its CN is empty, which Kubernetes treats as "not authenticated by this
 * method". It reads names only: the caller must first check the chain (`socket.authorized`). Cheap
 * enough per connection: a PeerCertificate is already parsed by Node.
 */
export function identityFromCertificate(
  peer: PeerCertificate | NodeX509 | X509.X509Certificate,
): CertificateIdentity | undefined {
  let fields: SubjectFields;
  if (peer instanceof NodeX509) fields = subjectOf(peer);
  else if (x509Loaded() && peer instanceof x509.X509Certificate) {
    fields = { commonName: peer.subjectName.getField('CN')[0], organizations: peer.subjectName.getField('O') };
  } else fields = subjectFields(peer.subject as unknown as NodeSubject | undefined);
  if (!fields.commonName) return undefined;
  return { user: fields.commonName, groups: fields.organizations };
}
