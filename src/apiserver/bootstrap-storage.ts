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

/**
 * Makes the class if absent; with local storage disabled (`--disable local-storage`), removes it instead
 * if it is still the one skiff made (k3s deletes a disabled component's objects).
 */
export async function ensureDefaultStorageClass(registry: Registry, options: { disabled?: boolean } = {}): Promise<void> {
  const classes = registry.store('storage.k8s.io', 'storageclasses');
  try {
    if (!options.disabled) await classes.create(undefined, structuredClone(localPathClass));
    else if ((await classes.get(undefined, localPathClass.metadata.name)).provisioner === localPathClass.provisioner) await classes.delete(undefined, localPathClass.metadata.name);
  } catch (err) {
    if (!(err instanceof StatusError && (err.code === 409 || err.code === 404))) throw err;
  }
}
