/** Ingresses (upstream printers.go printIngress): CLASS, HOSTS (three, then "+ N more..."), ADDRESS, PORTS. */
import type { Ingress } from 'kubernetes-types/networking/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

const ing = (o: KubeObject) => o as unknown as Ingress;

function hosts(i: Ingress): string {
  const rules = i.spec?.rules ?? [];
  const list: string[] = [];
  let more = false;
  for (const r of rules) {
    if (list.length === 3) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

function address(i: Ingress): string {
  const out = new Set<string>();
  for (const lb of i.status?.loadBalancer?.ingress ?? []) {
    if (lb.ip) out.add(lb.ip);
    else if (lb.hostname) out.add(lb.hostname);
  }
  return [...out].join(',');
}

export const ingressStrategy = printedStrategy('networking.k8s.io', 'ingresses', {
  columns: [
    nameColumn,
    col('Class', 'string', 0, 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'string', 0, 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 0, 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 0, 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  row(obj, now) {
    const i = ing(obj);
    return [obj.metadata.name, i.spec?.ingressClassName ?? '<none>', hosts(i), address(i), (i.spec?.tls ?? []).length ? '80, 443' : '80', age(obj.metadata.creationTimestamp, now)];
  },
});
