/** IngressClasses (upstream printers.go printIngressClass): CONTROLLER and PARAMETERS as Kind.group/name. */
import type { IngressClass } from 'kubernetes-types/networking/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';

const ic = (o: KubeObject) => o as unknown as IngressClass;

export const ingressClassStrategy: Strategy = {
  validate: () => [],
  columns: [nameColumn, col('Controller', 'string', 0, 'Controller that is responsible for handling this class'), col('Parameters', 'string', 0, 'A reference to a resource with additional parameters'), ageColumn],
  row(obj, now) {
    const p = ic(obj).spec?.parameters;
    const params = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [obj.metadata.name, ic(obj).spec?.controller ?? '', params, age(obj.metadata.creationTimestamp, now)];
  },
};
