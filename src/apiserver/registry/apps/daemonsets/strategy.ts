/** DaemonSets (upstream pkg/registry/apps/daemonset): update strategy defaults, validation, table. */
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import { builtinResources } from '../../../../api/resources';
import { age } from '../../../table/age';
import { col, containerCells, containersColumn, formatLabels, formatLabelSelector, imagesColumn, selectorColumn } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { defaultStrategy } from '../../generic/default-strategy';
import type { KubeObject } from '../../generic/strategy';
import { defaultTemplate, immutableSelector, validateSelectorAndTemplate } from '../../core/pods/template';

const info = builtinResources.find((r) => r.group === 'apps' && r.resource === 'daemonsets')!;
const ds = (o: KubeObject) => o as unknown as DaemonSet;

export const daemonSetStrategy = defaultStrategy(info, {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    spec.updateStrategy ??= {};
    spec.updateStrategy.type ??= 'RollingUpdate';
    if (spec.updateStrategy.type === 'RollingUpdate') {
      spec.updateStrategy.rollingUpdate ??= {};
      spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
      spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    defaultTemplate(spec.template);
  },
  validate(obj) {
    const spec = ds(obj).spec;
    return validateSelectorAndTemplate(spec?.selector, spec?.template, 'spec', { kind: 'daemonset', restartPolicies: ['Always'] });
  },
  validateUpdate(obj, old) {
    return [...daemonSetStrategy.validate(obj), ...immutableSelector(ds(obj).spec?.selector, ds(old).spec?.selector, 'spec.selector')];
  },
  columns: [
    nameColumn,
    col('Desired', 'integer', 0, 'The total number of nodes that should be running the daemon pod.'),
    col('Current', 'integer', 0, 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 0, 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 'integer', 0, 'The total number of nodes that are running updated daemon pod.'),
    col('Available', 'integer', 0, 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    col('Node Selector', 'string', 0, 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  row(obj, now) {
    const d = ds(obj);
    const st = d.status;
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      obj.metadata.name,
      st?.desiredNumberScheduled ?? 0,
      st?.currentNumberScheduled ?? 0,
      st?.numberReady ?? 0,
      st?.updatedNumberScheduled ?? 0,
      st?.numberAvailable ?? 0,
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(obj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(d.spec?.selector),
    ];
  },
});
