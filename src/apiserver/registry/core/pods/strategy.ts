/**
 * Pods (upstream pkg/registry/core/pod): defaults and admission defaults, status `{phase: Pending,
 * qosClass}` on create, validation of the essentials, a spec that only changes in images,
 * activeDeadlineSeconds and added tolerations, the field selectors the kubelet and scheduler use.
 */
import { bindingSubresource } from './binding';
import { evictionSubresource } from './eviction';
import { isDeepStrictEqual } from 'node:util';
import type { Pod, PodSpec } from 'kubernetes-types/core/v1';
import { type FieldError, forbidden } from '../../../../api/validation/field-errors';
import { type KubeObject, type Strategy, statusSubresource } from '../../generic/strategy';
import { defaultPodAdmission, defaultPodOnly, defaultPodSpec } from './defaults';
import { qosClass } from './qos';
import { podColumns, podRow } from './table';
import { validatePodSpec } from './validation';

const pod = (o: KubeObject) => o as unknown as Pod;

const updateForbidden =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,' +
  '`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** The spec with the mutable parts taken from `old`: equal to old's spec iff the update is allowed. */
function withMutablePartsOf(spec: PodSpec, old: PodSpec): PodSpec {
  const out = structuredClone(spec);
  out.containers = (out.containers ?? []).map((c, i) => ({ ...c, image: old.containers?.[i]?.image }));
  if (out.initContainers) out.initContainers = out.initContainers.map((c, i) => ({ ...c, image: old.initContainers?.[i]?.image }));
  if (old.activeDeadlineSeconds === undefined) delete out.activeDeadlineSeconds;
  else out.activeDeadlineSeconds = old.activeDeadlineSeconds;
  // Tolerations may only be added to.
  const oldTolerations = old.tolerations ?? [];
  const kept = (out.tolerations ?? []).slice(0, oldTolerations.length);
  out.tolerations = kept.length === oldTolerations.length && isDeepStrictEqual(kept, oldTolerations) ? old.tolerations : out.tolerations;
  if (old.tolerations === undefined && out.tolerations?.length === 0) delete out.tolerations;
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && out.terminationGracePeriodSeconds === 1) out.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  return out;
}

export const podStrategy: Strategy = {
  subresources: { status: statusSubresource, binding: bindingSubresource, eviction: evictionSubresource },
  // Upstream: a pod on a node is given its grace period (the request's, else the spec's, else 30 s) for the
  // kubelet to stop it; an unscheduled or finished pod goes at once.
  gracePeriod(obj, requested) {
    const p = pod(obj);
    if (!p.spec?.nodeName || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return 0;
    return requested ?? p.spec.terminationGracePeriodSeconds ?? 30;
  },
  prepareForCreate(obj) {
    const p = pod(obj);
    obj.spec ??= { containers: [] };
    defaultPodAdmission(p.spec!);
    obj.status = { phase: 'Pending', qosClass: qosClass(p.spec) };
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
    obj.metadata.generation = old.metadata.generation ?? 1;
    if (!isDeepStrictEqual(obj.spec, old.spec)) obj.metadata.generation += 1;
  },
  defaults(obj) {
    defaultPodSpec(pod(obj).spec);
    defaultPodOnly(pod(obj).spec);
  },
  validate(obj): FieldError[] {
    return validatePodSpec(pod(obj).spec, 'spec');
  },
  validateUpdate(obj, old): FieldError[] {
    const errs = validatePodSpec(pod(obj).spec, 'spec');
    if (errs.length) return errs;
    const spec = pod(obj).spec!;
    const oldSpec = pod(old).spec!;
    if (!isDeepStrictEqual(withMutablePartsOf(spec, oldSpec), oldSpec)) errs.push(forbidden('spec', updateForbidden));
    return errs;
  },
  columns: podColumns,
  row: (obj, now) => podRow(pod(obj), now),
  selectableFields(obj) {
    const p = pod(obj);
    return {
      'spec.nodeName': p.spec?.nodeName ?? '',
      'spec.restartPolicy': p.spec?.restartPolicy ?? '',
      'spec.schedulerName': p.spec?.schedulerName ?? '',
      'spec.serviceAccountName': p.spec?.serviceAccountName ?? '',
      'spec.hostNetwork': String(p.spec?.hostNetwork ?? false),
      'status.phase': p.status?.phase ?? '',
      'status.podIP': p.status?.podIP ?? '',
      'status.podIPs': p.status?.podIPs?.[0]?.ip ?? '',
      'status.nominatedNodeName': p.status?.nominatedNodeName ?? '',
    };
  },
};
