/** Key generation and PEM conversion. ECDSA P-256: fast to generate, accepted by kubectl and Node TLS. */
import { KeyObject, createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { PkiError } from './errors';
import { nodeCrypto } from './x509-lib';

const curveByOpenSslName: Record<string, { namedCurve: string; hash: string }> = {
  prime256v1: { namedCurve: 'P-256', hash: 'SHA-256' },
  secp384r1: { namedCurve: 'P-384', hash: 'SHA-384' },
  secp521r1: { namedCurve: 'P-521', hash: 'SHA-512' },
};

/** A WebCrypto key able to sign certificates, plus the algorithm parameters to sign with. */
export interface SigningKey {
  key: CryptoKey;
  algorithm: Algorithm | EcdsaParams;
}

/** A new P-256 key pair as the pieces a certificate needs; synchronous, well under a millisecond. */
export interface GeneratedKey {
  /** SubjectPublicKeyInfo, DER. */
  spki: Uint8Array<ArrayBuffer>;
  /** Subject key identifier, hex. */
  keyId: string;
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). */
  privateKeyPem: string;
  privateKey: KeyObject;
}

export function generateKey(): GeneratedKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  return {
    spki,
    // RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. In a P-256 SPKI those are its
    // last 65 bytes, the uncompressed point 04||x||y.
    keyId: createHash('sha1').update(spki.subarray(spki.length - 65)).digest('hex'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
  };
}

/**
 * Imports a PEM private key (PKCS#8, SEC1 or PKCS#1) for signing. A CA key may come from elsewhere
 * (k3s lets users bring their own CA), so RSA and the other NIST curves are accepted too.
 */
export async function importSigningKey(pem: string | KeyObject, file: string): Promise<SigningKey> {
  let keyObject: KeyObject;
  try {
    keyObject = typeof pem === 'string' ? createPrivateKey(pem) : pem;
  } catch (err) {
    throw new PkiError('CA_INVALID', `cannot parse private key ${file}`, { cause: err });
  }
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  let algorithm: EcKeyImportParams | RsaHashedImportParams;
  let signing: Algorithm | EcdsaParams;
  if (keyObject.asymmetricKeyType === 'ec') {
    const curve = curveByOpenSslName[keyObject.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!curve) throw new PkiError('UNSUPPORTED_KEY', `unsupported EC curve in ${file}`);
    algorithm = { name: 'ECDSA', namedCurve: curve.namedCurve };
    signing = { name: 'ECDSA', hash: curve.hash } as EcdsaParams;
  } else if (keyObject.asymmetricKeyType === 'rsa') {
    algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    signing = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm;
  } else {
    throw new PkiError('UNSUPPORTED_KEY', `unsupported key type ${String(keyObject.asymmetricKeyType)} in ${file}`);
  }
  const key = await nodeCrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  return { key, algorithm: signing };
}
