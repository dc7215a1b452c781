/** StatefulSets (upstream pkg/registry/apps/statefulset): defaults, validation, table (READY n/m). */
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { builtinResources } from '../../../../api/resources';
import { notSupported } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { col, containerCells, containersColumn, imagesColumn } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { defaultStrategy } from '../../generic/default-strategy';
import type { KubeObject } from '../../generic/strategy';
import { defaultTemplate, immutableSelector, validateReplicas, validateSelectorAndTemplate } from '../../core/pods/template';

const info = builtinResources.find((r) => r.group === 'apps' && r.resource === 'statefulsets')!;
const sts = (o: KubeObject) => o as unknown as StatefulSet;

export const statefulSetStrategy = defaultStrategy(info, {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    spec.replicas ??= 1;
    spec.podManagementPolicy ??= 'OrderedReady';
    spec.updateStrategy ??= {};
    spec.updateStrategy.type ??= 'RollingUpdate';
    if (spec.updateStrategy.type === 'RollingUpdate') {
      spec.updateStrategy.rollingUpdate ??= {};
      spec.updateStrategy.rollingUpdate.partition ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    spec.persistentVolumeClaimRetentionPolicy ??= {};
    spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
    spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
    defaultTemplate(spec.template);
    for (const claim of spec.volumeClaimTemplates ?? []) {
      claim.spec ??= {};
      claim.spec.volumeMode ??= 'Filesystem';
      claim.status ??= { phase: 'Pending' };
    }
  },
  validate(obj) {
    const spec = sts(obj).spec;
    const errs = [...validateReplicas(spec?.replicas, 'spec.replicas'), ...validateSelectorAndTemplate(spec?.selector, spec?.template, 'spec', { kind: 'statefulset', restartPolicies: ['Always'] })];
    const policy = spec?.podManagementPolicy;
    if (policy !== undefined && policy !== 'OrderedReady' && policy !== 'Parallel') errs.push(notSupported('spec.podManagementPolicy', policy, ['OrderedReady', 'Parallel']));
    return errs;
  },
  validateUpdate(obj, old) {
    return [...statefulSetStrategy.validate(obj), ...immutableSelector(sts(obj).spec?.selector, sts(old).spec?.selector, 'spec.selector')];
  },
  columns: [nameColumn, col('Ready', 'string', 0, 'Number of the pod with ready state'), ageColumn, containersColumn, imagesColumn],
  row(obj, now) {
    const s = sts(obj);
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return [obj.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, age(obj.metadata.creationTimestamp, now), names, images];
  },
});
