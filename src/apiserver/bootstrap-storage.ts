/**
 * The default StorageClass a k3s server ships: `local-path`, served by the bundled local-path provisioner
 * (`rancher.io/local-path`), waiting for the first consumer, deleting volumes with their claims. Made at
 * start only if absent, so a user's edits or deletion of the default annotation stay.
 */
import { StatusError } from './errors';
import { defaultClassAnnotation } from './admission/default-storage-class';
import type { Registry } from './registry/registry';

export const localPathClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'local-path', annotations: { [defaultClassAnnotation]: 'true' } },
  provisioner: 'rancher.io/local-path',
  volumeBindingMode: 'WaitForFirstConsumer',
  reclaimPolicy: 'Delete',
};

export async function ensureDefaultStorageClass(registry: Registry): Promise<void> {
  try {
    await registry.store('storage.k8s.io', 'storageclasses').create(undefined, structuredClone(localPathClass));
  } catch (err) {
    if (!(err instanceof StatusError && err.code === 409)) throw err;
  }
}
