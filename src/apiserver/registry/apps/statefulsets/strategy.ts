/** StatefulSets (upstream pkg/registry/apps/statefulset): defaults, validation, table (READY n/m). */
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { builtinResources } from '../../../../api/resources';
import { isDeepStrictEqual } from 'node:util';
import { forbidden, notSupported } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { col, containerCells, containersColumn, imagesColumn } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { defaultStrategy } from '../../generic/default-strategy';
import type { KubeObject } from '../../generic/strategy';
import { defaultTemplate, validateReplicas, validateSelectorAndTemplate } from '../../core/pods/template';

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
    const errs = statefulSetStrategy.validate(obj);
    if (errs.length) return errs;
    // Only these fields of the spec may change (upstream ValidateStatefulSetUpdate).
    const strip = (o: KubeObject) => {
      const { replicas: _r, ordinals: _o, template: _t, updateStrategy: _u, persistentVolumeClaimRetentionPolicy: _p, minReadySeconds: _m, ...rest } = (o.spec ?? {}) as Record<string, unknown>;
      return rest;
    };
    if (!isDeepStrictEqual(strip(obj), strip(old)))
      errs.push(
        forbidden(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
    return errs;
  },
  columns: [nameColumn, col('Ready', 'string', 0, 'Number of the pod with ready state'), ageColumn, containersColumn, imagesColumn],
  row(obj, now) {
    const s = sts(obj);
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return [obj.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, age(obj.metadata.creationTimestamp, now), names, images];
  },
});
