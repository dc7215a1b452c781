/** The `kubectl get services` columns and cells (upstream printers.go printService). */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import { age } from '../../../table/age';
import { col, formatLabels } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { Column } from '../../generic/strategy';

export const serviceColumns: Column[] = [
  nameColumn,
  col('Type', 'string', 0, 'type determines how the Service is exposed.'),
  col('Cluster-IP', 'string', 0, 'clusterIP is the IP address of the service and is usually assigned randomly.'),
  col('External-IP', 'string', 0, 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
  col('Port(s)', 'string', 0, 'The list of ports that are exposed by this service.'),
  ageColumn,
  col('Selector', 'string', 1, 'Route service traffic to pods with label keys and values matching this selector.'),
];

/** makePortString: `80/TCP`, `80:30080/TCP`, comma-separated. */
export function portString(ports: ServicePort[] | undefined): string {
  return (ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

/** getServiceExternalIP with wide output: external IPs, load balancer ingress, `<pending>`, `<none>`. */
export function externalIP(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = new Set<string>();
      for (const i of svc.status?.loadBalancer?.ingress ?? []) {
        if (i.ip) lb.add(i.ip);
        else if (i.hostname) lb.add(i.hostname);
      }
      const all = [...lb, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export function serviceRow(svc: Service, now: number): unknown[] {
  return [
    svc.metadata?.name,
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] ?? '<none>',
    externalIP(svc),
    portString(svc.spec?.ports) || '<none>',
    age(svc.metadata?.creationTimestamp, now),
    formatLabels(svc.spec?.selector),
  ];
}
