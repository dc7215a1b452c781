import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../../api/validation/field-errors';
import type { JSONSchemaProps } from '../schema/types';
import { compilationErrors, compileSchema } from './compile';
import { validateRules } from './validate';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must be <= maxReplicas' },
        { rule: 'self.ports.all(p, p.port > 0)', messageExpression: '"bad port in " + self.mode' },
        { rule: 'self.minReplicas >= 0', fieldPath: '.minReplicas', reason: 'FieldValueRequired', message: 'needed' },
        { rule: 'oldSelf.hasValue() || self.mode != "locked"', optionalOldSelf: true, message: 'cannot create locked' },
      ],
      properties: {
        minReplicas: { type: 'integer' },
        maxReplicas: { type: 'integer' },
        mode: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'Value is immutable' }] },
        labels: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.size() < 4' }] } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.port == oldSelf.port', message: 'port is immutable' }] },
        },
        any: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': [{ rule: 'self > 1' }] },
      },
    },
  },
};

/** Rules on a spec with the given properties, evaluated on `{spec}` without an old object. */
function specRules(properties: Record<string, JSONSchemaProps>, rules: JSONSchemaProps['x-kubernetes-validations']) {
  const s: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', properties, 'x-kubernetes-validations': rules } } };
  return (spec: object) => validateRules(compileSchema(s), { spec }, undefined).map(formatFieldError);
}

const errors = (obj: unknown, old?: unknown) => validateRules(compileSchema(schema), obj, old).map(formatFieldError);

test('rules give upstream field errors: message, messageExpression, default message, reason, fieldPath', () => {
  const spec = { minReplicas: -1, maxReplicas: -2, mode: 'locked', ports: [{ name: 'a', port: 0 }], labels: { a: 'long!' } };
  assert.deepEqual(errors({ spec }), [
    'spec: Invalid value: "object": minReplicas must be <= maxReplicas',
    'spec: Invalid value: "object": bad port in locked',
    'spec.minReplicas: Required value: needed',
    'spec: Invalid value: "object": cannot create locked',
    'spec.labels[a]: Invalid value: "string": failed rule: self.size() < 4',
  ]);
  assert.deepEqual(errors({ spec: { minReplicas: 1, maxReplicas: 2, mode: 'open', ports: [] } }), []);
});

test('transition rules run only with an old value, correlated by property and list-map key', () => {
  const old = { spec: { minReplicas: 1, maxReplicas: 2, mode: 'a', ports: [{ name: 'x', port: 1 }, { name: 'y', port: 2 }] } };
  const obj = { spec: { minReplicas: 1, maxReplicas: 2, mode: 'b', ports: [{ name: 'y', port: 2 }, { name: 'z', port: 9 }, { name: 'x', port: 3 }] } };
  assert.deepEqual(errors(obj, old), ['spec.mode: Invalid value: "string": Value is immutable', 'spec.ports[2]: Invalid value: "object": port is immutable']);
  assert.deepEqual(errors(obj), []);
});

const good = { minReplicas: 1, maxReplicas: 2, mode: 'open', ports: [] };

test('runtime errors: int-or-string compared with a string value', () => {
  assert.deepEqual(errors({ spec: { ...good, any: 'x' } }), [
    `spec.any: Invalid value: "": 'found no matching overload for '_>_' applied to '(string, int)'': call arguments did not match a supported operator, function or macro signature for rule: self > 1`,
  ]);
  assert.deepEqual(errors({ spec: { ...good, any: 5 } }), []);
});

test('a rule that exceeds the per-call cost limit stops validation', () => {
  const s: JSONSchemaProps = { type: 'object', properties: { l: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self.all(a, self.all(b, self.all(c, a + b + c > 0)))' }] } } };
  const started = Date.now();
  const errs = validateRules(compileSchema(s), { l: Array.from({ length: 200 }, (_, i) => i + 1) }, undefined).map(formatFieldError);
  assert.deepEqual(errs, [
    `l: Invalid value: "array": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.all(a, self.all(b, self.all(c, a + b + c > 0)))`,
  ]);
  assert.ok(Date.now() - started < 2000);
});

test('compilation errors name the rule field and read as cel-go', () => {
  const bad: JSONSchemaProps = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self.b == 1' }, { rule: 'self.a' }, { rule: 'selff' }, { rule: 'true', reason: 'Nope' }] } },
  };
  const errs = compilationErrors(bad, 'spec.validation.openAPIV3Schema').map((e) => `${e.path}: ${e.detail}`);
  const p = 'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations';
  assert.deepEqual(errs, [
    `${p}[0].rule: compilation failed: ERROR: <input>:1:5: undefined field 'b'\n | self.b == 1\n | ....^`,
    `${p}[1].rule: cel expression must evaluate to a bool`,
    `${p}[2].rule: compilation failed: ERROR: <input>:1:1: undeclared reference to 'selff' (in container '')\n | selff\n | ^`,
    `${p}[3].reason: supported values: "FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate"`,
  ]);
});

test('ratcheting: a failing rule on a value equal to its old value is not an error; root errors print <nil>', () => {
  const bad = { spec: { ...good, minReplicas: 5, maxReplicas: 2, labels: { a: 'long!' } } };
  assert.deepEqual(errors(bad, structuredClone(bad)), []);
  const changed = { spec: { ...bad.spec, maxReplicas: 3 } };
  assert.deepEqual(errors(changed, bad), ['spec: Invalid value: "object": minReplicas must be <= maxReplicas']);
  const root: JSONSchemaProps = { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.metadata.name.startsWith("w")', message: 'names start with w' }, { rule: 'self.kind == "Widget"' }] };
  const errs = validateRules(compileSchema(root), { apiVersion: 'x/v1', kind: 'Widget', metadata: { name: 'a', namespace: 'n' } }, undefined).map(formatFieldError);
  assert.deepEqual(errs, ['<nil>: Invalid value: "object": names start with w']);
});

test('property names that are not identifiers are escaped as upstream; numbers compare across int and double', () => {
  const run = specRules({ 'foo-bar': { type: 'integer' }, in: { type: 'string' }, ratio: { type: 'number' } }, [
    { rule: 'self.foo__dash__bar > 1' },
    { rule: 'self.__in__ == "x"' },
    { rule: 'self.ratio > 1' },
  ]);
  assert.deepEqual(run({ 'foo-bar': 2, in: 'x', ratio: 1.5 }), []);
  assert.deepEqual(run({ 'foo-bar': 1, in: 'y', ratio: 1 }), [
    'spec: Invalid value: "object": failed rule: self.foo__dash__bar > 1',
    'spec: Invalid value: "object": failed rule: self.__in__ == "x"',
    'spec: Invalid value: "object": failed rule: self.ratio > 1',
  ]);
});

test('formats date-time, date, duration and byte are timestamps, durations and bytes', () => {
  const date = (format: string): JSONSchemaProps => ({ type: 'string', format });
  const run = specRules({ start: date('date-time'), end: date('date-time'), day: date('date'), timeout: date('duration'), data: date('byte') }, [
    { rule: 'self.start < self.end', message: 'start before end' },
    { rule: 'self.timeout <= duration("1h")', message: 'timeout at most an hour' },
    { rule: 'self.day.getFullYear() == 2024 && self.data.size() == 3' },
  ]);
  assert.deepEqual(run({ start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z', day: '2024-05-06', timeout: '30m', data: 'YWJj' }), []);
  assert.deepEqual(run({ start: '2024-01-03T00:00:00Z', end: '2024-01-02T00:00:00Z', day: '2024-05-06', timeout: '1h30m', data: 'YWJj' }), [
    'spec: Invalid value: "object": start before end',
    'spec: Invalid value: "object": timeout at most an hour',
  ]);
});

test('CRD checks: oldSelf where values cannot be correlated, and messages', () => {
  const s: JSONSchemaProps = {
    type: 'object',
    properties: {
      list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } } } },
      keyed: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['a'], items: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
      atomic: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { b: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: ' ' }, { rule: 'true', message: 'two\nlines' }] } } },
    },
  };
  const errs = compilationErrors(s, 'p').map((e) => `${e.path}: ${e.value ?? ''}: ${e.detail}`);
  assert.deepEqual(errs, [
    'p.properties[list].items.properties[a].x-kubernetes-validations[0].rule: self == oldSelf: oldSelf cannot be used on the uncorrelatable portion of the schema within p.properties[list].items',
    'p.properties[atomic].properties[b].x-kubernetes-validations[0].message: : message must be non-empty if specified',
    'p.properties[atomic].properties[b].x-kubernetes-validations[0].rule: self == oldSelf: oldSelf cannot be used on the uncorrelatable portion of the schema within p.properties[atomic]',
    'p.properties[atomic].properties[b].x-kubernetes-validations[1].message: two\nlines: message must not contain line breaks',
  ]);
});

test('runtime errors read as cel-go: missing keys and list indexes', () => {
  const run = specRules({ a: { type: 'string' }, l: { type: 'array', items: { type: 'integer' } } }, [{ rule: 'self.a == "x"' }, { rule: 'self.l[2] > 0' }]);
  assert.deepEqual(run({ l: [1] }), [
    'spec: Invalid value: "object": no such key: a evaluating rule: self.a == "x"',
    `spec: Invalid value: "object": index '2' out of range in list size '1' evaluating rule: self.l[2] > 0`,
  ]);
});

test('embedded resources, preserve-unknown-fields and int-or-string values', () => {
  const run = specRules(
    {
      template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      port: { 'x-kubernetes-int-or-string': true },
    },
    [{ rule: 'self.template.kind == "Pod" && self.template.metadata.name.startsWith("p")' }, { rule: 'self.extra.n + 1 == 3' }, { rule: 'type(self.port) == int ? self.port > 0 : self.port.endsWith("%")' }],
  );
  assert.deepEqual(run({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod' } }, extra: { n: 2 }, port: '50%' }), []);
  assert.deepEqual(run({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }, extra: { n: 2 }, port: 0 }), [
    'spec: Invalid value: "object": failed rule: self.template.kind == "Pod" && self.template.metadata.name.startsWith("p")',
    'spec: Invalid value: "object": failed rule: type(self.port) == int ? self.port > 0 : self.port.endsWith("%")',
  ]);
});

test('object equality sees durations, timestamps and nested values', () => {
  const run = specRules({ d: { type: 'string', format: 'duration' }, t: { type: 'string', format: 'date-time' }, n: { type: 'object', properties: { v: { type: 'integer' } } } }, [
    { rule: 'self == self' },
  ]);
  assert.deepEqual(run({ d: '1h', t: '2024-01-01T00:00:00Z', n: { v: 1 } }), []);
  const s: JSONSchemaProps = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { d: { type: 'string', format: 'duration' }, n: { type: 'object', properties: { v: { type: 'integer' } } } }, 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] } },
  };
  const check = (spec: object, old: object) => validateRules(compileSchema(s), { spec }, { spec: old }).map(formatFieldError);
  assert.deepEqual(check({ d: '1h', n: { v: 1 } }, { d: '2h', n: { v: 1 } }), ['spec: Invalid value: "object": immutable']);
  assert.deepEqual(check({ d: '1h', n: { v: 1 } }, { d: '1h', n: { v: 2 } }), ['spec: Invalid value: "object": immutable']);
  assert.deepEqual(check({ d: '1h', n: { v: 1 } }, { d: '60m', n: { v: 1 } }), []);
});

test('CRD checks: messageExpression must compile and be a string', () => {
  const s: JSONSchemaProps = { type: 'object', 'x-kubernetes-validations': [{ rule: 'true', messageExpression: '1' }, { rule: 'true', messageExpression: 'self.nope' }] };
  assert.deepEqual(
    compilationErrors(s, 'p').map((e) => `${e.path}: ${e.detail.split('\n')[0]}`),
    ['p.x-kubernetes-validations[0].messageExpression: must evaluate to a string', "p.x-kubernetes-validations[1].messageExpression: messageExpression compilation failed: ERROR: <input>:1:5: undefined field 'nope'"],
  );
});
