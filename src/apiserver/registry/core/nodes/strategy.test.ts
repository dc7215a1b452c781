/** Table rows of the kinds whose strategy is mostly their printer (upstream printers.go), one case each. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, Strategy } from '../../generic/strategy';
import { nodeStrategy } from './strategy';
import { endpointsStrategy } from '../endpoints/strategy';
import { persistentVolumeStrategy } from '../persistentvolumes/strategy';
import { persistentVolumeClaimStrategy } from '../persistentvolumeclaims/strategy';
import { limitRangeStrategy } from '../limitranges/strategy';
import { resourceQuotaStrategy } from '../resourcequotas/strategy';
import { podTemplateStrategy } from '../podtemplates/strategy';
import { endpointSliceStrategy } from '../../discovery.k8s.io/endpointslices/strategy';
import { storageClassStrategy } from '../../storage.k8s.io/storageclasses/strategy';
import { ingressStrategy } from '../../networking.k8s.io/ingresses/strategy';
import { ingressClassStrategy } from '../../networking.k8s.io/ingressclasses/strategy';
import { networkPolicyStrategy } from '../../networking.k8s.io/networkpolicies/strategy';
import { leaseStrategy } from '../../coordination.k8s.io/leases/strategy';
import { horizontalPodAutoscalerStrategy } from '../../autoscaling/horizontalpodautoscalers/strategy';
import { podDisruptionBudgetStrategy } from '../../policy/poddisruptionbudgets/strategy';
import { roleStrategy } from '../../rbac.authorization.k8s.io/roles/strategy';
import { roleBindingStrategy } from '../../rbac.authorization.k8s.io/rolebindings/strategy';
import { priorityClassStrategy } from '../../scheduling.k8s.io/priorityclasses/strategy';
import { controllerRevisionStrategy } from '../../apps/controllerrevisions/strategy';
import { replicationControllerStrategy } from '../replicationcontrollers/strategy';
import { csiDriverStrategy } from '../../storage.k8s.io/csidrivers/strategy';
import { csiNodeStrategy } from '../../storage.k8s.io/csinodes/strategy';
import { volumeAttachmentStrategy } from '../../storage.k8s.io/volumeattachments/strategy';
import { runtimeClassStrategy } from '../../node.k8s.io/runtimeclasses/strategy';
import { validatingWebhookConfigurationStrategy } from '../../admissionregistration.k8s.io/validatingwebhookconfigurations/strategy';
import { certificateSigningRequestStrategy } from '../../certificates.k8s.io/certificatesigningrequests/strategy';

const created = '2024-01-01T00:00:00Z';
const now = Date.parse('2024-01-01T00:03:00Z');
const obj = (body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: 'x', creationTimestamp: created, ...meta }, ...body });

const cases: [string, Strategy, KubeObject, string[], unknown[]][] = [
  [
    'node',
    nodeStrategy,
    obj(
      {
        spec: { unschedulable: true },
        status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '10.0.0.2' }], nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Ubuntu', kernelVersion: '6.1', containerRuntimeVersion: 'docker://27' } },
      },
      { labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' } },
    ),
    ['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime'],
    ['x', 'Ready,SchedulingDisabled', 'control-plane,master', '3m', 'v1.31.0', '10.0.0.2', '<none>', 'Ubuntu', '6.1', 'docker://27'],
  ],
  [
    'endpoints',
    endpointsStrategy,
    obj({ subsets: [{ addresses: [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] }),
    ['Name', 'Endpoints', 'Age'],
    ['x', '10.42.0.1:80,10.42.0.2:80,10.42.0.1:443 + 1 more...', '3m'],
  ],
  [
    'endpointslice',
    endpointSliceStrategy,
    obj({ addressType: 'IPv4', ports: [{ port: 6443, name: 'https' }], endpoints: [{ addresses: ['10.0.0.2'] }] }),
    ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
    ['x', 'IPv4', '6443', '10.0.0.2', '3m'],
  ],
  [
    'pv',
    persistentVolumeStrategy,
    obj({ spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'local' }, status: { phase: 'Bound' } }),
    ['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode'],
    ['x', '1Gi', 'RWO', 'Retain', 'Bound', 'default/data', 'local', '<unset>', '', '3m', '<unset>'],
  ],
  [
    'pvc',
    persistentVolumeClaimStrategy,
    obj({ spec: { volumeName: 'pv1', storageClassName: 'local', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } }),
    ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode'],
    ['x', 'Bound', 'pv1', '1Gi', 'RWO', 'local', '<unset>', '3m', 'Filesystem'],
  ],
  [
    'storageclass',
    storageClassStrategy,
    obj({ provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
    ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age'],
    ['x (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '3m'],
  ],
  [
    'ingress',
    ingressStrategy,
    obj({ spec: { ingressClassName: 'traefik', rules: [{ host: 'a.example' }, {}, { host: 'b.example' }], tls: [{}] }, status: { loadBalancer: { ingress: [{ ip: '10.0.0.2' }] } } }),
    ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'],
    ['x', 'traefik', 'a.example,b.example', '10.0.0.2', '80, 443', '3m'],
  ],
  [
    'ingressclass',
    ingressClassStrategy,
    obj({ spec: { controller: 'example.com/ingress', parameters: { kind: 'Params', apiGroup: 'example.com', name: 'p' } } }),
    ['Name', 'Controller', 'Parameters', 'Age'],
    ['x', 'example.com/ingress', 'Params.example.com/p', '3m'],
  ],
  ['networkpolicy', networkPolicyStrategy, obj({ spec: { podSelector: { matchLabels: { app: 'db' } } } }), ['Name', 'Pod-Selector', 'Age'], ['x', 'app=db', '3m']],
  ['lease', leaseStrategy, obj({ spec: { holderIdentity: 'node1' } }), ['Name', 'Holder', 'Age'], ['x', 'node1', '3m']],
  [
    'hpa',
    horizontalPodAutoscalerStrategy,
    obj({ spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] }, status: { currentReplicas: 2 } }),
    ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
    ['x', 'Deployment/web', 'cpu: <unknown>/50%', '1', 5, 2, '3m'],
  ],
  ['pdb', podDisruptionBudgetStrategy, obj({ spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }), ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age'], ['x', '50%', 'N/A', 1, '3m']],
  ['role', roleStrategy, obj({}), ['Name', 'Created At'], ['x', '2024-01-01T00:00:00Z']],
  ['limitrange', limitRangeStrategy, obj({}), ['Name', 'Created At'], ['x', '2024-01-01T00:00:00Z']],
  [
    'rolebinding',
    roleBindingStrategy,
    obj({ roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', namespace: 'default', name: 'bot' }] }),
    ['Name', 'Role', 'Age', 'Users', 'Groups', 'ServiceAccounts'],
    ['x', 'ClusterRole/view', '3m', 'alice', '', 'default/bot'],
  ],
  ['priorityclass', priorityClassStrategy, obj({ value: 1000, preemptionPolicy: 'Never' }), ['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy'], ['x', 1000, false, '3m', 'Never']],
  [
    'resourcequota',
    resourceQuotaStrategy,
    obj({ status: { hard: { pods: '10', 'limits.cpu': '2', 'requests.cpu': '1' }, used: { pods: '1', 'limits.cpu': '0', 'requests.cpu': '0' } } }),
    ['Name', 'Age', 'Request', 'Limit'],
    ['x', '3m', 'pods: 1/10, requests.cpu: 0/1', 'limits.cpu: 0/2'],
  ],
  ['podtemplate', podTemplateStrategy, obj({ template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } }), ['Name', 'Containers', 'Images', 'Pod Labels'], ['x', 'c', 'i', 'app=a']],
  [
    'controllerrevision',
    controllerRevisionStrategy,
    obj({ revision: 2 }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }),
    ['Name', 'Controller', 'Revision', 'Age'],
    ['x', 'statefulset.apps/web', 2, '3m'],
  ],
  [
    'replicationcontroller',
    replicationControllerStrategy,
    obj({ spec: { replicas: 2, selector: { app: 'a' }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } }, status: { replicas: 2, readyReplicas: 1 } }),
    ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector'],
    ['x', 2, 2, 1, '3m', 'c', 'i', 'app=a'],
  ],
  [
    'csidriver',
    csiDriverStrategy,
    obj({ spec: { attachRequired: false, volumeLifecycleModes: ['Persistent', 'Ephemeral'] } }),
    ['Name', 'AttachRequired', 'PodInfoOnMount', 'StorageCapacity', 'TokenRequests', 'RequiresRepublish', 'Modes', 'Age'],
    ['x', false, false, false, '<unset>', false, 'Persistent,Ephemeral', '3m'],
  ],
  ['csinode', csiNodeStrategy, obj({ spec: { drivers: [{ name: 'd', nodeID: 'n' }] } }), ['Name', 'Drivers', 'Age'], ['x', 1, '3m']],
  [
    'volumeattachment',
    volumeAttachmentStrategy,
    obj({ spec: { attacher: 'csi.example', source: { persistentVolumeName: 'pv1' }, nodeName: 'n1' }, status: { attached: true } }),
    ['Name', 'Attacher', 'PV', 'Node', 'Attached', 'Age'],
    ['x', 'csi.example', 'pv1', 'n1', true, '3m'],
  ],
  ['runtimeclass', runtimeClassStrategy, obj({ handler: 'runc' }), ['Name', 'Handler', 'Age'], ['x', 'runc', '3m']],
  ['webhooks', validatingWebhookConfigurationStrategy, obj({ webhooks: [{}, {}] }), ['Name', 'Webhooks', 'Age'], ['x', 2, '3m']],
  [
    'csr',
    certificateSigningRequestStrategy,
    obj({ spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'alice', expirationSeconds: 86400 }, status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'Zm9v' } }),
    ['Name', 'Age', 'SignerName', 'Requestor', 'RequestedDuration', 'Condition'],
    ['x', '3m', 'kubernetes.io/kube-apiserver-client', 'alice', '24h', 'Approved,Issued'],
  ],
];

test('table columns and rows as upstream printers', () => {
  for (const [name, strategy, o, columns, row] of cases) {
    assert.deepEqual(strategy.columns.map((c) => c.name), columns, `${name} columns`);
    assert.deepEqual(strategy.row(o, now), row, `${name} row`);
  }
});

test('node field selector spec.unschedulable', () => {
  assert.equal(nodeStrategy.selectableFields!(obj({ spec: { unschedulable: true } }))['spec.unschedulable'], 'true');
  assert.equal(nodeStrategy.selectableFields!(obj({}))['spec.unschedulable'], 'false');
});
