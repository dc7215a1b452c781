/**
 * NamespaceLifecycle (upstream plugin/pkg/admission/namespace/lifecycle): no new objects in a namespace
 * that does not exist or is being terminated.
 */
import { errors, StatusError } from '../errors';
import type { Lister } from './object-cache';
import type { AdmissionPlugin } from './admission';

export function namespaceLifecycle(namespaces: Lister): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async admit(req) {
      if (req.operation !== 'CREATE' || !req.info.namespaced || !req.namespace) return;
      const ns = await namespaces.get(undefined, req.namespace);
      if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, req.namespace);
      if (ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
        const name = req.object?.metadata?.name ?? req.object?.metadata?.generateName ?? '';
        throw new StatusError(
          403,
          'Forbidden',
          `${req.info.group ? `${req.info.resource}.${req.info.group}` : req.info.resource} "${name}" is forbidden: unable to create new content in namespace ${req.namespace} because it is being terminated`,
          { name, group: req.info.group || undefined, kind: req.info.resource, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${req.namespace} is being terminated`, field: 'metadata.namespace' }] },
        );
      }
    },
  };
}
