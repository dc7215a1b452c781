/** PodTemplates (upstream printers.go printPodTemplate): CONTAINERS, IMAGES, POD LABELS; the template gets pod defaults. */
import type { PodTemplate } from 'kubernetes-types/core/v1';
import { col, containerCells, formatLabels } from '../../../table/cells';
import { nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';
import { defaultTemplate } from '../pods/template';
import { validatePodSpec } from '../pods/validation';

const pt = (o: KubeObject) => o as unknown as PodTemplate;

export const podTemplateStrategy: Strategy = {
  defaults: (obj) => defaultTemplate(pt(obj).template),
  validate: (obj) => validatePodSpec(pt(obj).template?.spec, 'template.spec'),
  columns: [nameColumn, col('Containers', 'string', 0, 'Names of each container in the template.'), col('Images', 'string', 0, 'Images referenced by each container in the template.'), col('Pod Labels', 'string', 0, 'The labels for the pod template.')],
  row(obj) {
    const t = pt(obj).template;
    const [names, images] = containerCells(t?.spec?.containers);
    return [obj.metadata.name, names, images, formatLabels(t?.metadata?.labels)];
  },
};
