/** CertificateSigningRequests (upstream printers.go printCertificateSigningRequest): CONDITION as Approved/Denied/Pending[,Failed][,Issued]. */
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1';
import { age, humanDuration } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

const csr = (o: KubeObject) => o as unknown as CertificateSigningRequest;

export function csrCondition(c: CertificateSigningRequest): string {
  const types = new Set((c.status?.conditions ?? []).map((x) => x.type));
  let s = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) s += ',Failed';
  if (c.status?.certificate) s += ',Issued';
  return s;
}

export const certificateSigningRequestStrategy = printedStrategy('certificates.k8s.io', 'certificatesigningrequests', {
  columns: [
    nameColumn,
    ageColumn,
    col('SignerName', 'string', 0, 'signerName indicates the requested signer, and is a qualified name.'),
    col('Requestor', 'string', 0, 'request contains an x509 certificate signing request encoded in a "CERTIFICATE REQUEST" PEM block.'),
    col('RequestedDuration', 'string', 0, 'expirationSeconds is the requested duration of validity of the issued certificate.'),
    col('Condition', 'string', 0, 'conditions applied to the request.'),
  ],
  row(obj, now) {
    const c = csr(obj);
    const seconds = c.spec?.expirationSeconds;
    return [obj.metadata.name, age(obj.metadata.creationTimestamp, now), c.spec?.signerName || '<none>', c.spec?.username ?? '', seconds !== undefined ? humanDuration(seconds * 1000) : '<none>', csrCondition(c)];
  },
});
