/**
 * CRD validation rules (x-kubernetes-validations, CEL) end to end with the real kubectl: rules with
 * messages, a transition rule, a list rule with all(), a messageExpression, a reason, rules at list
 * items; violating objects are refused with upstream's text on create, update, server-side apply and
 * the status subresource; a rule past the cost limit is stopped; a CRD whose rule does not compile is
 * refused; and a Gateway API-style excerpt (test/fixtures/crd-cel/gateway-listeners.yaml) checks
 * real-world listener rules.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startCluster, type TestCluster } from '../helpers/cluster';

const group = 'cel.example.com';

const crd = (rule = 'self.minReplicas <= self.maxReplicas') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.${group}}
spec:
  names: {plural: widgets, kind: Widget}
  group: ${group}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            description: The widget's desired state.
            type: object
            x-kubernetes-validations:
            - rule: "${rule}"
              message: minReplicas must be less than or equal to maxReplicas
            - rule: "!has(self.image) || self.image.startsWith('registry.example.com/')"
              messageExpression: "'image ' + self.image + ' is not from registry.example.com'"
            - rule: "self.tags.all(t, t.size() <= 5)"
            - rule: "!has(self.legacy)"
              reason: FieldValueForbidden
              message: legacy is no longer supported
            properties:
              minReplicas: {type: integer}
              maxReplicas: {type: integer}
              image: {type: string}
              legacy: {type: string}
              storage:
                type: string
                x-kubernetes-validations:
                - rule: "quantity(self).isLessThan(quantity('10Gi'))"
                  message: storage must be less than 10Gi
              mode:
                type: string
                x-kubernetes-validations:
                - rule: self == oldSelf
                  message: Value is immutable
              tags:
                type: array
                items: {type: string}
                default: []
              nums:
                type: array
                items: {type: integer}
                x-kubernetes-validations:
                - rule: "self.all(a, self.all(b, self.all(c, a + b + c > 0)))"
          status:
            type: object
            properties:
              ready: {type: integer}
              total: {type: integer}
            x-kubernetes-validations:
            - rule: "!has(self.ready) || !has(self.total) || self.ready <= self.total"
              message: ready cannot exceed total
`;

const widget = (name: string, spec: string) => `apiVersion: ${group}/v1
kind: Widget
metadata: {name: ${name}}
spec: ${spec}
`;

describe('CRD validation rules (CEL)', { timeout: 60_000 }, () => {
  let c: TestCluster;
  const k = (args: string[], input?: string) => c.kubectl(args, { input });
  const ok = (args: string[], input?: string) => {
    const r = k(args, input);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const refused = (args: string[], input: string | undefined, text: string) => {
    const r = k(args, input);
    assert.notEqual(r.code, 0, `${args.join(' ')} should be refused`);
    assert.ok(r.stderr.includes(text), `expected ${JSON.stringify(text)} in:\n${r.stderr}`);
    return r.stderr;
  };

  before(async () => {
    c = await startCluster();
    ok(['apply', '-f', '-'], crd());
    ok(['wait', '--for', 'condition=established', '--timeout=10s', `crd/widgets.${group}`]);
  });
  after(async () => {
    await c?.stop();
  });

  test('a CRD whose rule does not compile is refused at apply', () => {
    const bad = crd('self.minReplicas <= self.maxReplicass').replace(`widgets.${group}`, `gadgets.${group}`).replace('plural: widgets, kind: Widget', 'plural: gadgets, kind: Gadget');
    const err = refused(['apply', '-f', '-'], bad, `The CustomResourceDefinition "gadgets.${group}" is invalid: spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.minReplicas <= self.maxReplicass"`);
    assert.match(err, /compilation failed: ERROR: <input>:1:25: undefined field 'maxReplicass'/);
    assert.equal(k(['get', 'crd', `gadgets.${group}`]).code, 1);
  });

  test('a good object passes; violations are refused with upstream text', () => {
    ok(['apply', '-f', '-'], widget('good', '{minReplicas: 1, maxReplicas: 3, image: registry.example.com/app, tags: [a, bb], storage: 1Gi, mode: fast}'));
    refused(['apply', '-f', '-'], widget('w', '{minReplicas: 5, maxReplicas: 3}'), 'The Widget "w" is invalid: spec: Invalid value: "object": minReplicas must be less than or equal to maxReplicas');
    refused(['create', '-f', '-'], widget('w', '{minReplicas: 1, maxReplicas: 3, image: docker.io/app}'), 'spec: Invalid value: "object": image docker.io/app is not from registry.example.com');
    refused(['create', '-f', '-'], widget('w', '{minReplicas: 1, maxReplicas: 3, tags: [ok, toolong]}'), 'spec: Invalid value: "object": failed rule: self.tags.all(t, t.size() <= 5)');
    refused(['create', '-f', '-'], widget('w', '{minReplicas: 1, maxReplicas: 3, legacy: x}'), 'spec: Forbidden: legacy is no longer supported');
    refused(['create', '-f', '-'], widget('w', '{minReplicas: 1, maxReplicas: 3, storage: 20Gi}'), 'spec.storage: Invalid value: "string": storage must be less than 10Gi');
  });

  test('several violations are listed together', () => {
    const err = refused(['create', '-f', '-'], widget('w', '{minReplicas: 5, maxReplicas: 3, legacy: x}'), 'The Widget "w" is invalid: \n* spec: Invalid value: "object": minReplicas must be less than or equal to maxReplicas');
    assert.match(err, /\* spec: Forbidden: legacy is no longer supported/);
  });

  test('a transition rule: the value is immutable on update (apply, replace, patch, server-side apply)', () => {
    ok(['apply', '-f', '-'], widget('t', '{minReplicas: 1, maxReplicas: 2, mode: fast}'));
    refused(['apply', '-f', '-'], widget('t', '{minReplicas: 1, maxReplicas: 2, mode: slow}'), 'The Widget "t" is invalid: spec.mode: Invalid value: "string": Value is immutable');
    refused(['patch', `widgets.${group}`, 't', '--type=merge', '-p', '{"spec":{"mode":"slow"}}'], undefined, 'spec.mode: Invalid value: "string": Value is immutable');
    refused(['apply', '--server-side', '--field-manager=ssa', '--force-conflicts', '-f', '-'], widget('t', '{minReplicas: 1, maxReplicas: 2, mode: slow}'), 'spec.mode: Invalid value: "string": Value is immutable');
    refused(['apply', '--server-side', '--field-manager=ssa', '--force-conflicts', '-f', '-'], widget('t', '{minReplicas: 4, maxReplicas: 2, mode: fast}'), 'minReplicas must be less than or equal to maxReplicas');
    ok(['patch', `widgets.${group}`, 't', '--type=merge', '-p', '{"spec":{"maxReplicas":5}}']);
    // Without an old value the transition rule does not run: a new object may set any mode.
    ok(['apply', '-f', '-'], widget('t2', '{minReplicas: 1, maxReplicas: 2, mode: slow}'));
  });

  test('a rule past the cost limit is stopped, not left running', () => {
    const nums = Array.from({ length: 300 }, (_, i) => i + 1).join(', ');
    const started = Date.now();
    refused(['create', '-f', '-'], widget('costly', `{minReplicas: 1, maxReplicas: 2, nums: [${nums}]}`), `spec.nums: Invalid value: "array": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.all(a, self.all(b, self.all(c, a + b + c > 0)))`);
    assert.ok(Date.now() - started < 10_000, 'the refusal came within 10 s');
    ok(['create', '-f', '-'], widget('cheap', '{minReplicas: 1, maxReplicas: 2, nums: [1, 2, 3]}'));
  });

  test('status updates run the status rules', () => {
    ok(['patch', `widgets.${group}`, 'good', '--subresource=status', '--type=merge', '-p', '{"status":{"ready":1,"total":2}}']);
    refused(['patch', `widgets.${group}`, 'good', '--subresource=status', '--type=merge', '-p', '{"status":{"ready":3,"total":2}}'], undefined, 'status: Invalid value: "object": ready cannot exceed total');
  });

  test('a Gateway API-style CRD: listener rules', () => {
    ok(['apply', '-f', join(repoRoot, 'test/fixtures/crd-cel/gateway-listeners.yaml')]);
    ok(['wait', '--for', 'condition=established', '--timeout=10s', 'crd/gateways.gw.cel.example.com']);
    const gw = (name: string, spec: string) => `apiVersion: gw.cel.example.com/v1\nkind: Gateway\nmetadata: {name: ${name}}\nspec:\n${spec}`;
    const listeners = (l: string) => `  gatewayClassName: example\n  listeners:\n${l}`;
    ok(['apply', '-f', '-'], gw('g1', listeners('  - {name: http, port: 80, protocol: HTTP}\n  - {name: https, port: 443, protocol: HTTPS, hostname: a.example.com, tls: {certificateRefs: [{name: cert}]}}\n')));
    refused(['create', '-f', '-'], gw('g2', listeners('  - {name: https, port: 443, protocol: HTTPS}\n')), "spec.listeners: Invalid value: \"array\": tls must be specified for protocols ['HTTPS', 'TLS']");
    refused(['create', '-f', '-'], gw('g2', listeners('  - {name: a, port: 80, protocol: HTTP}\n  - {name: b, port: 80, protocol: HTTP}\n')), 'spec.listeners: Invalid value: "array": Combination of port, protocol and hostname must be unique for each listener');
    refused(['create', '-f', '-'], gw('g2', listeners('  - {name: a, port: 80, protocol: TCP, hostname: x.example.com}\n')), "hostname must not be specified for protocols ['TCP', 'UDP']");
    refused(['create', '-f', '-'], gw('g2', `${listeners('  - {name: a, port: 80, protocol: HTTP}\n')}  addresses:\n  - {type: Hostname, value: "Bad_Host"}\n`), 'spec.addresses[0]: Invalid value: "object": Hostname value must only contain valid characters');
    refused(['apply', '-f', '-'], gw('g1', listeners('  - {name: http, port: 80, protocol: HTTP}\n').replace('example', 'other')), 'The Gateway "g1" is invalid: spec.gatewayClassName: Invalid value: "object": gatewayClassName is immutable');
  });
});
