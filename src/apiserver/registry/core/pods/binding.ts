/**
 * pods/binding (upstream BindingREST): how a scheduler assigns a pod to a node. A POST of a Binding sets
 * spec.nodeName once, marks the pod PodScheduled, copies the binding's annotations, and answers a
 * Success Status; binding a pod that is already assigned or being deleted is a 409.
 */
import type { Binding, Pod } from 'kubernetes-types/core/v1';
import { invalid, required, type FieldError } from '../../../../api/validation/field-errors';
import { errors } from '../../../errors';
import { timestamp } from '../../generic/codec';
import type { KubeObject, SubresourceStrategy } from '../../generic/strategy';

const pods = { group: '', resource: 'pods' };

export const bindingSubresource: SubresourceStrategy = {
  prepareForUpdate(obj, old) {
    // New top-level, metadata and spec objects; what is not replaced is shared with `old`, which the store only reads.
    return {
      ...old,
      metadata: { ...old.metadata, annotations: obj.metadata.annotations },
      spec: { ...(old.spec as object), nodeName: (obj.spec as Pod['spec'] & object)?.nodeName },
      status: obj.status,
    };
  },
  validateUpdate(obj): FieldError[] {
    return (obj.spec as Pod['spec'] & object)?.nodeName ? [] : [required('target.name')];
  },
  async create(parent, body, ctx) {
    const binding = body as unknown as Binding;
    const name = parent.metadata.name!;
    if (binding.metadata?.name !== undefined && binding.metadata.name !== name)
      throw errors.invalid('Binding', '', binding.metadata.name, [invalid('metadata.name', binding.metadata.name, 'must match the pod name')]);
    const target = binding.target;
    if (!target?.name) throw errors.invalid('Binding', '', name, [required('target.name')]);
    if (target.kind && target.kind !== 'Node') throw errors.invalid('Binding', '', name, [invalid('target.kind', target.kind, 'must be empty or Node')]);
    await ctx.updateParent((current: KubeObject) => {
      const pod = current as unknown as Pod;
      if (current.metadata.deletionTimestamp) throw errors.conflict(pods, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (pod.spec?.nodeName) throw errors.conflict(pods, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      const next = structuredClone(current);
      next.spec = { ...(pod.spec ?? {}), nodeName: target.name };
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: timestamp(ctx.now()) });
      next.status = { ...(pod.status ?? {}), conditions };
      if (binding.metadata?.annotations) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...binding.metadata.annotations };
      return next;
    });
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as KubeObject;
  },
};

