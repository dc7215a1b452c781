/** Deployments (upstream pkg/registry/apps/deployment): defaults, selector/template validation, table. */
import type { Deployment } from 'kubernetes-types/apps/v1';
import { builtinResources } from '../../../../api/resources';
import { age } from '../../../table/age';
import { col, containerCells, containersColumn, imagesColumn, selectorColumn, selectorString } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { defaultStrategy } from '../../generic/default-strategy';
import type { KubeObject } from '../../generic/strategy';
import { defaultTemplate, immutableSelector, validateReplicas, validateSelectorAndTemplate } from '../../core/pods/template';
import { invalid } from '../../../../api/validation/field-errors';

const info = builtinResources.find((r) => r.group === 'apps' && r.resource === 'deployments')!;
const dep = (o: KubeObject) => o as unknown as Deployment;

export const deploymentStrategy = defaultStrategy(info, {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    spec.replicas ??= 1;
    spec.strategy ??= {};
    spec.strategy.type ??= 'RollingUpdate';
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    defaultTemplate(spec.template);
  },
  validate(obj) {
    const spec = dep(obj).spec ?? ({} as NonNullable<Deployment['spec']>);
    const errs = [...validateReplicas(spec.replicas, 'spec.replicas')];
    errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, 'spec', { kind: 'deployment', restartPolicies: ['Always'] }));
    const type = spec.strategy?.type;
    if (type !== undefined && type !== 'RollingUpdate' && type !== 'Recreate')
      errs.push({ type: 'FieldValueNotSupported', field: 'spec.strategy.type', value: type, detail: 'supported values: "Recreate", "RollingUpdate"' });
    if (type === 'Recreate' && spec.strategy?.rollingUpdate) errs.push({ type: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', detail: 'may not be specified when strategy `type` is \'Recreate\'' });
    if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit < 0) errs.push(invalid('spec.revisionHistoryLimit', spec.revisionHistoryLimit, 'must be greater than or equal to 0'));
    return errs;
  },
  validateUpdate(obj, old) {
    const errs = deploymentStrategy.validate(obj);
    errs.push(...immutableSelector(dep(obj).spec?.selector, dep(old).spec?.selector, 'spec.selector'));
    return errs;
  },
  columns: [
    nameColumn,
    col('Ready', 'string', 0, 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 0, 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 0, 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  row(obj, now) {
    const d = dep(obj);
    const st = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [obj.metadata.name, `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, st.updatedReplicas ?? 0, st.availableReplicas ?? 0, age(obj.metadata.creationTimestamp, now), names, images, selectorString(d.spec?.selector)];
  },
});
