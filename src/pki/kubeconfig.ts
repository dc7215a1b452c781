/** Writes a kubeconfig the way k3s does: cluster, user and context all named `default`. */
import { stringify } from 'yaml';
import { writeFileAtomic } from './files';

export interface KubeconfigOptions {
  path: string;
  /** e.g. `https://127.0.0.1:6443`. */
  server: string;
  /** PEM; embedded base64-encoded, as are the client certificate and key. */
  caCert: string;
  clientCert: string;
  clientKey: string;
  /** Default 0o600: the file holds a private key. */
  mode?: number;
}

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

export function renderKubeconfig(options: Omit<KubeconfigOptions, 'path' | 'mode'>): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'default', cluster: { server: options.server, 'certificate-authority-data': b64(options.caCert) } },
    ],
    users: [
      {
        name: 'default',
        user: { 'client-certificate-data': b64(options.clientCert), 'client-key-data': b64(options.clientKey) },
      },
    ],
    contexts: [{ name: 'default', context: { cluster: 'default', user: 'default' } }],
    'current-context': 'default',
    preferences: {},
  }, { lineWidth: 0 });
}

/**
 * Creates parent directories and replaces `path` atomically; the new file has `mode` from the moment
 * it exists, so the key is never readable by others, and a pre-existing file's looser mode is not kept.
 */
export async function writeKubeconfig(options: KubeconfigOptions): Promise<void> {
  await writeFileAtomic(options.path, renderKubeconfig(options), options.mode ?? 0o600);
}
