import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../../../api/validation/field-errors';
import type { KubeObject } from '../../generic/strategy';
import { podStrategy } from './strategy';
import { imageTag } from './defaults';
import { qosClass } from './qos';

const now = Date.parse('2024-01-01T01:00:00Z');
const created = '2024-01-01T00:00:00Z';

function create(spec: Record<string, unknown>): KubeObject {
  const obj: KubeObject = { metadata: { name: 'p', namespace: 'default', creationTimestamp: created }, spec: structuredClone(spec) };
  podStrategy.prepareForCreate!(obj);
  podStrategy.defaults!(obj);
  return obj;
}

test('pod defaults and status on create', () => {
  const obj = create({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox:1.36' }] });
  const spec = obj.spec as any;
  assert.equal(spec.restartPolicy, 'Always');
  assert.equal(spec.dnsPolicy, 'ClusterFirst');
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.equal(spec.schedulerName, 'default-scheduler');
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  assert.equal(spec.serviceAccountName, 'default');
  assert.equal(spec.serviceAccount, 'default');
  assert.equal(spec.containers[0].imagePullPolicy, 'Always');
  assert.equal(spec.containers[1].imagePullPolicy, 'IfNotPresent');
  assert.equal(spec.containers[0].terminationMessagePath, '/dev/termination-log');
  assert.equal(spec.containers[0].terminationMessagePolicy, 'File');
  assert.deepEqual(spec.containers[0].resources, {});
  assert.equal(spec.containers[0].ports[0].protocol, 'TCP');
  assert.deepEqual(obj.status, { phase: 'Pending', qosClass: 'BestEffort' });
});

test('image tags and QoS classes', () => {
  const tags: [string, string][] = [
    ['nginx', 'latest'],
    ['nginx:1.25', '1.25'],
    ['localhost:5000/app', 'latest'],
    ['localhost:5000/app:v1', 'v1'],
    ['nginx@sha256:abc', ''],
  ];
  for (const [image, tag] of tags) assert.equal(imageTag(image), tag, image);
  const c = (resources: object) => ({ containers: [{ name: 'a', image: 'x', resources }] });
  assert.equal(qosClass(c({})), 'BestEffort');
  const limited = create({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] });
  assert.deepEqual((limited.spec as any).containers[0].resources.requests, { cpu: '1', memory: '1Gi' });
  assert.equal((limited.status as any).qosClass, 'Guaranteed');
  assert.equal(qosClass(c({ requests: { cpu: '100m' } })), 'Burstable');
  assert.equal(qosClass(c({ limits: { cpu: '1', memory: '1Gi' } })), 'Guaranteed');
  assert.equal(qosClass(c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })), 'Guaranteed');
  assert.equal(qosClass(c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } })), 'Burstable');
});

test('pod validation messages', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['no containers', { containers: [] }, ['spec.containers: Required value']],
    ['no image', { containers: [{ name: 'a' }] }, ['spec.containers[0].image: Required value']],
    ['duplicate names', { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }, ['spec.containers[1].name: Duplicate value: "a"']],
    ['bad restart policy', { restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x' }] }, ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    [
      'request above limit',
      { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] },
      ['spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ],
    ['bad port', { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] }, ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(podStrategy.validate(create(spec)).map(formatFieldError), want, name);
  const upper = podStrategy.validate(create({ containers: [{ name: 'Web', image: 'x' }] })).map(formatFieldError);
  assert.match(upper[0]!, /^spec\.containers\[0\]\.name: Invalid value: "Web": a lowercase RFC 1123 label/);
});

test('pod updates: image may change, other fields may not', () => {
  const old = create({ containers: [{ name: 'a', image: 'nginx:1' }] });
  const image = structuredClone(old);
  (image.spec as any).containers[0].image = 'nginx:2';
  assert.deepEqual(podStrategy.validateUpdate!(image, old), []);
  const tolerate = structuredClone(old);
  (tolerate.spec as any).tolerations.push({ key: 'x', operator: 'Exists' });
  assert.deepEqual(podStrategy.validateUpdate!(tolerate, old), []);
  const port = structuredClone(old);
  (port.spec as any).containers[0].ports = [{ containerPort: 81, protocol: 'TCP' }];
  const errs = podStrategy.validateUpdate!(port, old).map(formatFieldError);
  assert.equal(errs.length, 1);
  assert.match(errs[0]!, /^spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`/);
});

test('pod table rows', () => {
  const base = create({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] });
  const withStatus = (status: object, meta: object = {}) => ({ ...base, metadata: { ...base.metadata, ...meta }, status }) as KubeObject;
  const running = { state: { running: { startedAt: created } }, ready: true, restartCount: 0 };
  const cases: [string, KubeObject, unknown[]][] = [
    ['pending', base, ['p', '0/2', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>']],
    [
      'running with restarts',
      withStatus({ phase: 'Running', podIPs: [{ ip: '10.42.0.5' }], containerStatuses: [running, { ...running, restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: '2024-01-01T00:55:00Z' } } }] }),
      ['p', '2/2', 'Running', '2 (5m ago)', '60m', '10.42.0.5', '<none>', '<none>', '<none>'],
    ],
    [
      'crash loop',
      withStatus({ phase: 'Running', containerStatuses: [running, { ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }),
      ['p', '1/2', 'CrashLoopBackOff', '3', '60m', '<none>', '<none>', '<none>', '<none>'],
    ],
    ['terminating', withStatus({ phase: 'Running', containerStatuses: [running, running] }, { deletionTimestamp: created }), ['p', '2/2', 'Terminating', '0', '60m', '<none>', '<none>', '<none>', '<none>']],
  ];
  for (const [name, obj, want] of cases) assert.deepEqual(podStrategy.row(obj, now), want, name);
  const init = create({ initContainers: [{ name: 'i1', image: 'x' }, { name: 'i2', image: 'x' }], containers: [{ name: 'a', image: 'x' }] });
  init.status = { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 0 } } }, { name: 'i2', state: { running: {} } }] };
  assert.equal(podStrategy.row(init, now)[2], 'Init:1/2');
  assert.deepEqual(podStrategy.columns.map((c) => [c.name, c.priority ?? 0]), [
    ['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1],
  ]);
});

test('pod field selectors', () => {
  const obj = create({ nodeName: 'n1', containers: [{ name: 'a', image: 'x' }] });
  const f = podStrategy.selectableFields!(obj);
  assert.equal(f['spec.nodeName'], 'n1');
  assert.equal(f['status.phase'], 'Pending');
  assert.equal(f['spec.serviceAccountName'], 'default');
  assert.equal(f['spec.schedulerName'], 'default-scheduler');
  assert.equal(f['spec.restartPolicy'], 'Always');
});

test('DefaultTolerationSeconds: not-ready and unreachable NoExecute for 300 s, unless already tolerated (an empty key counts)', () => {
  const keys = (obj: KubeObject) => ((obj.spec as { tolerations: { key?: string; tolerationSeconds?: number }[] }).tolerations).map((t) => `${t.key ?? '*'}=${t.tolerationSeconds ?? '-'}`);
  const c = { name: 'c', image: 'busybox' };
  assert.deepEqual(keys(create({ containers: [c] })), ['node.kubernetes.io/not-ready=300', 'node.kubernetes.io/unreachable=300']);
  assert.deepEqual(keys(create({ containers: [c], tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] })), ['node.kubernetes.io/unreachable=5', 'node.kubernetes.io/not-ready=300']);
  assert.deepEqual(keys(create({ containers: [c], tolerations: [{ operator: 'Exists' }] })), ['*=-']);
});
