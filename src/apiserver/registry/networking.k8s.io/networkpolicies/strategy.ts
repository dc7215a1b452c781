/** NetworkPolicies (upstream printers.go): POD-SELECTOR; policyTypes default from the rules present. */
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { age } from '../../../table/age';
import { col, formatLabelSelector } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

const np = (o: KubeObject) => o as unknown as NetworkPolicy;

export const networkPolicyStrategy = printedStrategy('networking.k8s.io', 'networkpolicies', {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    spec.podSelector ??= {};
    if (!spec.policyTypes || spec.policyTypes.length === 0) spec.policyTypes = spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
  },
  columns: [nameColumn, col('Pod-Selector', 'string', 0, 'podSelector selects the pods to which this NetworkPolicy object applies.'), ageColumn],
  row: (obj, now) => [obj.metadata.name, formatLabelSelector(np(obj).spec?.podSelector), age(obj.metadata.creationTimestamp, now)],
});
