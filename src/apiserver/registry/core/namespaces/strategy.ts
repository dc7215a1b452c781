/** Namespaces: DNS-1123 label names, the `kubernetes` finalizer, phase Active/Terminating (upstream pkg/registry/core/namespace). */
import type { Namespace } from 'kubernetes-types/core/v1';
import { isDNS1123Label } from '../../../../api/validation/names';
import { forbidden } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { ageColumn, nameColumn } from '../../../table/columns';
import { errors } from '../../../errors';
import { type KubeObject, type Strategy, statusSubresource } from '../../generic/strategy';

/** Namespaces the system needs; deleting one is forbidden, as upstream's NamespaceLifecycle admission. */
export const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);

const ns = (o: KubeObject) => o as unknown as Namespace;

export const namespaceStrategy: Strategy = {
  validateName: isDNS1123Label,
  subresources: {
    status: statusSubresource,
    // PUT …/finalize changes only spec.finalizers: how the namespace controller lets a namespace go.
    finalize: {
      prepareForUpdate(obj, old) {
        const out = structuredClone(old) as unknown as Namespace;
        out.spec = { ...(out.spec ?? {}), finalizers: ns(obj).spec?.finalizers ?? [] };
        return out as unknown as KubeObject;
      },
    },
  },
  prepareForCreate(obj) {
    const n = ns(obj);
    n.status = { phase: 'Active' };
    n.spec ??= {};
    if (!n.spec.finalizers || n.spec.finalizers.length === 0) n.spec.finalizers = ['kubernetes'];
  },
  prepareForUpdate(obj, old) {
    // status and spec.finalizers change only through the status and finalize subresources.
    const n = ns(obj);
    n.status = ns(old).status;
    n.spec = { ...(n.spec ?? {}), finalizers: ns(old).spec?.finalizers };
    if (n.spec.finalizers === undefined) delete n.spec.finalizers;
  },
  defaults(obj) {
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name! };
  },
  validate(obj) {
    const errs = [];
    for (const [i, f] of (ns(obj).spec?.finalizers ?? []).entries())
      if (!/^[a-z0-9.\-/]+$/.test(f)) errs.push(forbidden(`spec.finalizers[${i}]`, 'name is neither a standard finalizer name nor is it fully qualified'));
    return errs;
  },
  columns: [nameColumn, { name: 'Status', type: 'string', description: 'The phase of the namespace: Active or Terminating.' }, ageColumn],
  row: (obj, now) => [obj.metadata.name, ns(obj).status?.phase ?? '', age(obj.metadata.creationTimestamp, now)],
  selectableFields: (obj) => ({ 'status.phase': ns(obj).status?.phase ?? '', name: obj.metadata.name ?? '' }),
  beginDelete(obj, now) {
    if (immortalNamespaces.has(obj.metadata.name!)) throw errors.forbidden({ group: '', resource: 'namespaces' }, obj.metadata.name!, 'this namespace may not be deleted');
    const n = ns(obj);
    if ((n.spec?.finalizers ?? []).length === 0 && (obj.metadata.finalizers ?? []).length === 0) return undefined;
    n.status = { ...(n.status ?? {}), phase: 'Terminating' };
    obj.metadata.deletionTimestamp ??= now;
    return obj;
  },
};
