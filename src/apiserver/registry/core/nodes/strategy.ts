/** Nodes (upstream printers.go printNode): STATUS from the Ready condition, ROLES from node-role labels; field selector spec.unschedulable. */
import type { Node } from 'kubernetes-types/core/v1';
import { isDNS1123Subdomain } from '../../../../api/validation/names';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

const node = (o: KubeObject) => o as unknown as Node;

function nodeStatus(n: Node): string {
  const ready = (n.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (n.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function roles(n: Node): string {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(n.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) out.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) out.add(v);
  }
  return [...out].sort().join(',') || '<none>';
}

const address = (n: Node, type: string) => (n.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';

export const nodeStrategy = printedStrategy('', 'nodes', {
  validateName: isDNS1123Subdomain,
  columns: [
    nameColumn,
    col('Status', 'string', 0, 'The status of the node'),
    col('Roles', 'string', 0, 'The roles of the node'),
    ageColumn,
    col('Version', 'string', 0, 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 1, 'List of addresses reachable to the node.'),
    col('External-IP', 'string', 1, 'List of addresses reachable to the node.'),
    col('OS-Image', 'string', 1, 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    col('Kernel-Version', 'string', 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
    col('Container-Runtime', 'string', 1, 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
  ],
  row(obj, now) {
    const n = node(obj);
    const info = n.status?.nodeInfo;
    return [
      obj.metadata.name,
      nodeStatus(n),
      roles(n),
      age(obj.metadata.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      address(n, 'InternalIP'),
      address(n, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
  selectableFields: (obj) => ({ 'spec.unschedulable': String(node(obj).spec?.unschedulable ?? false) }),
});
