/**
 * The key service-account tokens are signed with (upstream's --service-account-signing-key-file):
 * an ECDSA P-256 key made on first start and kept in `<tls dir>/service.key`.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { generateKey } from './keys';
import { readOptional, writeFileAtomic } from './files';

export interface ServiceAccountKey {
  privateKeyPem: string;
  publicKeyPem: string;
}

export async function ensureServiceAccountKey(dir: string): Promise<ServiceAccountKey> {
  const path = join(dir, 'service.key');
  let privateKeyPem = await readOptional(path);
  if (!privateKeyPem) {
    privateKeyPem = generateKey().privateKeyPem;
    await writeFileAtomic(path, privateKeyPem, 0o600);
  }
  const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKeyPem, publicKeyPem };
}
