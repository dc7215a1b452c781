/** Objects the API server makes at start, as kube-apiserver's system-namespaces controller does. */
import { StatusError } from './errors';
import type { Registry } from './registry/registry';

export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function ensureSystemNamespaces(registry: Registry): Promise<void> {
  const namespaces = registry.store('', 'namespaces');
  for (const name of systemNamespaces) {
    try {
      await namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409)) throw err;
    }
  }
}
