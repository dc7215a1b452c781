/** ReplicaSets (upstream pkg/registry/apps/replicaset): replicas default, selector/template validation, table. */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { builtinResources } from '../../../../api/resources';
import { age } from '../../../table/age';
import { col, containerCells, containersColumn, formatLabelSelector, imagesColumn, selectorColumn } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { defaultStrategy } from '../../generic/default-strategy';
import type { KubeObject } from '../../generic/strategy';
import { defaultTemplate, immutableSelector, validateReplicas, validateSelectorAndTemplate } from '../../core/pods/template';

const info = builtinResources.find((r) => r.group === 'apps' && r.resource === 'replicasets')!;
const rs = (o: KubeObject) => o as unknown as ReplicaSet;

export const replicaSetStrategy = defaultStrategy(info, {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    spec.replicas ??= 1;
    defaultTemplate(spec.template);
  },
  validate(obj) {
    const spec = rs(obj).spec;
    return [...validateReplicas(spec?.replicas, 'spec.replicas'), ...validateSelectorAndTemplate(spec?.selector, spec?.template, 'spec', { kind: 'replicaset', restartPolicies: ['Always'] })];
  },
  validateUpdate(obj, old) {
    return [...replicaSetStrategy.validate(obj), ...immutableSelector(rs(obj).spec?.selector, rs(old).spec?.selector, 'spec.selector')];
  },
  columns: [
    nameColumn,
    col('Desired', 'integer', 0, 'Replicas is the number of desired replicas.'),
    col('Current', 'integer', 0, 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 0, 'The number of ready replicas for this replica set.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  row(obj, now) {
    const r = rs(obj);
    const [names, images] = containerCells(r.spec?.template?.spec?.containers);
    return [obj.metadata.name, r.spec?.replicas ?? 0, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(obj.metadata.creationTimestamp, now), names, images, formatLabelSelector(r.spec?.selector)];
  },
});
