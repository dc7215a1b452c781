/**
 * Errors raised by the PKI. Callers switch on `code`, never on the message. Messages name files and
 * reasons only: never key material.
 */
export type PkiErrorCode =
  /** `server-ca.crt` exists but `server-ca.key` does not: refusing to mint a CA nobody trusts yet. */
  | 'CA_KEY_MISSING'
  /** The CA files cannot be parsed, or the key does not belong to the certificate. */
  | 'CA_INVALID'
  /** A key type skiff cannot sign with (only EC P-256/384/521 and RSA are supported). */
  | 'UNSUPPORTED_KEY'
  /** A requested subject alternative name is not a valid DNS name or IP address. */
  | 'INVALID_SAN';

export class PkiError extends Error {
  override readonly name = 'PkiError';

  constructor(
    readonly code: PkiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
