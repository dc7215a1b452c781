/** ReplicationControllers (upstream pkg/registry/core/replicationcontroller): selector and labels default to the template's. */
import type { ReplicationController } from 'kubernetes-types/core/v1';
import { builtinResources } from '../../../../api/resources';
import { type FieldError, invalid, required } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { col, containerCells, containersColumn, formatLabels, imagesColumn, selectorColumn } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { defaultStrategy } from '../../generic/default-strategy';
import type { KubeObject } from '../../generic/strategy';
import { defaultTemplate, validateReplicas } from '../pods/template';
import { validatePodSpec } from '../pods/validation';

const info = builtinResources.find((r) => r.group === '' && r.resource === 'replicationcontrollers')!;
const rc = (o: KubeObject) => o as unknown as ReplicationController;

export const replicationControllerStrategy = defaultStrategy(info, {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    const labels = spec.template?.metadata?.labels;
    if (labels && Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...labels };
    if (labels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
    spec.replicas ??= 1;
    spec.minReadySeconds ??= 0;
    defaultTemplate(spec.template);
  },
  validate(obj): FieldError[] {
    const spec = rc(obj).spec ?? {};
    const errs = validateReplicas(spec.replicas, 'spec.replicas');
    const selector = spec.selector ?? {};
    if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
    if (!spec.template) errs.push(required('spec.template'));
    else {
      const labels = spec.template.metadata?.labels ?? {};
      if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
      errs.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
    }
    return errs;
  },
  columns: [
    nameColumn,
    col('Desired', 'integer', 0, 'Replicas is the number of desired replicas.'),
    col('Current', 'integer', 0, 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 0, 'The number of ready replicas for this replication controller.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  row(obj, now) {
    const r = rc(obj);
    const [names, images] = containerCells(r.spec?.template?.spec?.containers);
    return [obj.metadata.name, r.spec?.replicas ?? 0, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(obj.metadata.creationTimestamp, now), names, images, formatLabels(r.spec?.selector)];
  },
});
