/**
 * Reading certificates with Node's native parser. Startup and every client connection read
 * certificates, and @peculiar/x509's JavaScript ASN.1 parser takes milliseconds per certificate where
 * Node's takes a fraction of one; @peculiar/x509 is kept for writing them.
 */
import type { X509Certificate } from 'node:crypto';

export interface SubjectFields {
  commonName: string | undefined;
  organizations: string[];
}

/** A subject as Node gives it (`PeerCertificate.subject`, `toLegacyObject().subject`). */
export type NodeSubject = Record<string, string | string[] | undefined>;

function valuesOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Node turns a repeated attribute into an array; a single one stays a string. */
export function subjectFields(subject: NodeSubject | undefined): SubjectFields {
  return { commonName: valuesOf(subject?.CN)[0], organizations: valuesOf(subject?.O) };
}

export function subjectOf(cert: X509Certificate): SubjectFields {
  return subjectFields(cert.toLegacyObject().subject as unknown as NodeSubject);
}

export interface AltName {
  /** As Node prints it: `DNS`, `IP Address`, `URI`, `email`, ... */
  type: string;
  value: string;
}

/**
 * Parses Node's `subjectAltName` text: `type:value` entries joined by ", ", where a value that could
 * be misread is a JSON string literal (Node's fix for CVE-2021-44532), so splitting at ", " is wrong.
 */
export function parseSubjectAltName(text: string | undefined): AltName[] {
  const names: AltName[] = [];
  let i = 0;
  while (text && i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) throw new SyntaxError('subjectAltName entry without a type');
    const type = text.slice(i, colon);
    let end: number;
    let value: string;
    if (text[colon + 1] === '"') {
      end = colon + 2;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      end += 1;
      value = JSON.parse(text.slice(colon + 1, end)) as string;
    } else {
      const comma = text.indexOf(', ', colon);
      end = comma < 0 ? text.length : comma;
      value = text.slice(colon + 1, end);
    }
    names.push({ type, value });
    i = text.startsWith(', ', end) ? end + 2 : end;
  }
  return names;
}

/** The end of the validity period (Node 20 has only the text form, e.g. `Nov 24 05:59:46 2027 GMT`). */
export function notAfterOf(cert: X509Certificate): Date {
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notAfter.getTime())) throw new SyntaxError(`unparsable validTo ${JSON.stringify(cert.validTo)}`);
  return notAfter;
}
