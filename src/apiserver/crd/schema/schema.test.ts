import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../../api/validation/field-errors';
import { applyDefaults } from './defaults';
import { prune } from './prune';
import { validateStructural } from './structural';
import type { JSONSchemaProps } from './types';
import { validateValue } from './validate';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['replicas'],
      properties: {
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        size: { type: 'string', enum: ['small', 'large'], default: 'small' },
        name: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[a-z]+$' },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
        note: { type: 'string', nullable: true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } },
        nested: { type: 'object', default: {}, properties: { level: { type: 'integer', default: 3 } } },
      },
    },
  },
};

const messages = (value: unknown) => validateValue(value, schema).map(formatFieldError);

describe('validateValue', () => {
  const cases: Array<{ name: string; spec: Record<string, unknown>; want: string[] }> = [
    { name: 'valid', spec: { replicas: 1, port: 'http', note: null, tags: ['a'] }, want: [] },
    { name: 'int-or-string takes an integer', spec: { replicas: 1, port: 80 }, want: [] },
    { name: 'required', spec: {}, want: ['spec.replicas: Required value'] },
    { name: 'type', spec: { replicas: 'three' }, want: ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'] },
    { name: 'integer rejects a fraction', spec: { replicas: 1.5 }, want: ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"'] },
    { name: 'minimum', spec: { replicas: -1 }, want: ['spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0'] },
    { name: 'maximum', spec: { replicas: 11 }, want: ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10'] },
    { name: 'enum', spec: { replicas: 1, size: 'huge' }, want: ['spec.size: Unsupported value: "huge": supported values: "small", "large"'] },
    { name: 'maxLength', spec: { replicas: 1, name: 'abcdef' }, want: ['spec.name: Too long: may not be more than 5 bytes'] },
    { name: 'minLength and pattern', spec: { replicas: 1, name: '' }, want: ['spec.name: Invalid value: "": spec.name in body should be at least 1 chars long', `spec.name: Invalid value: "": spec.name in body should match '^[a-z]+$'`] },
    { name: 'pattern', spec: { replicas: 1, name: 'AB' }, want: [`spec.name: Invalid value: "AB": spec.name in body should match '^[a-z]+$'`] },
    { name: 'int-or-string rejects a bool', spec: { replicas: 1, port: true }, want: ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"'] },
    { name: 'minItems', spec: { replicas: 1, tags: [] }, want: ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items'] },
    { name: 'maxItems', spec: { replicas: 1, tags: ['a', 'b', 'c'] }, want: ['spec.tags: Invalid value: 3: must have at most 2 items'] },
    { name: 'items', spec: { replicas: 1, tags: [1] }, want: ['spec.tags[0]: Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"'] },
    { name: 'not nullable', spec: { replicas: null }, want: ['spec.replicas: Invalid value: "null": spec.replicas in body must be of type integer: "null"'] },
    { name: 'additionalProperties', spec: { replicas: 1, labels: { a: 1 } }, want: ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"'] },
    { name: 'embedded resource needs apiVersion and kind', spec: { replicas: 1, template: {} }, want: ['spec.template.apiVersion: Required value: must not be empty', 'spec.template.kind: Required value: must not be empty'] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(messages({ spec: c.spec }), c.want));
});

describe('applyDefaults', () => {
  test('fills absent properties from the root down, and null ones that are not nullable', () => {
    const obj = { spec: { replicas: 1, note: null } } as Record<string, any>;
    applyDefaults(obj, schema);
    assert.equal(obj.spec.size, 'small');
    assert.deepEqual(obj.spec.nested, { level: 3 });
    assert.equal(obj.spec.note, null);
    const obj2 = { spec: { size: null } } as Record<string, any>;
    applyDefaults(obj2, schema);
    assert.equal(obj2.spec.size, 'small');
  });
  test('keeps values that are set', () => {
    const obj = { spec: { size: 'large', nested: { level: 1 } } } as Record<string, any>;
    applyDefaults(obj, schema);
    assert.deepEqual(obj.spec, { size: 'large', nested: { level: 1 } });
  });
});

describe('prune', () => {
  test('drops unknown fields, keeps apiVersion/kind/metadata, preserved and embedded ones', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'W',
      metadata: { name: 'a' },
      top: 1,
      spec: { replicas: 1, color: 'red', labels: { any: 'x' }, extra: { deep: { x: 1 } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { a: 'b', b: 1 }, junk: 1 } },
    };
    const pruned = prune(obj, schema, { isResourceRoot: true });
    assert.deepEqual(pruned.sort(), ['spec.color', 'spec.template.junk', 'spec.template.spec.b', 'top']);
    assert.deepEqual(obj, {
      apiVersion: 'x/v1',
      kind: 'W',
      metadata: { name: 'a' },
      spec: { replicas: 1, labels: { any: 'x' }, extra: { deep: { x: 1 } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { a: 'b' } } },
    });
  });
  test('keeps all of metadata even when the schema declares it as a bare object', () => {
    const s: JSONSchemaProps = { type: 'object', properties: { metadata: { type: 'object' }, spec: { type: 'object', properties: { t: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { metadata: { type: 'object' } } } } } } };
    const obj = { metadata: { name: 'a', labels: { x: 'y' } }, spec: { t: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } } } };
    assert.deepEqual(prune(obj, s, { isResourceRoot: true }), []);
    assert.deepEqual(obj.metadata, { name: 'a', labels: { x: 'y' } });
    assert.deepEqual(obj.spec.t.metadata, { name: 'p' });
  });

  test('prunes inside arrays', () => {
    const s: JSONSchemaProps = { type: 'object', properties: { list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } } } };
    const obj = { list: [{ a: 'x', b: 'y' }] };
    assert.deepEqual(prune(obj, s), ['list[0].b']);
    assert.deepEqual(obj, { list: [{ a: 'x' }] });
  });
});

describe('validateStructural', () => {
  const p = 'spec.versions[0].schema.openAPIV3Schema';
  const check = (s: unknown) => validateStructural(s, p).map(formatFieldError);
  test('a structural schema passes', () => assert.deepEqual(check(schema), []));
  test('missing types are named', () => {
    assert.deepEqual(check({ type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } }), [
      `${p}.properties[spec].type: Required value: must not be empty for specified object fields`,
    ]);
  });
  test('the root must be an object', () => assert.deepEqual(check({ type: 'string' }), [`${p}.type: Invalid value: "string": must be object at the root`]));
  test('properties and additionalProperties are exclusive', () => {
    assert.deepEqual(check({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }), [
      `${p}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
    ]);
  });
  test('arrays need items; metadata may only restrict name', () => {
    assert.deepEqual(check({ type: 'object', properties: { l: { type: 'array' }, metadata: { type: 'object', properties: { labels: { type: 'object' } } } } }), [
      `${p}.properties[l].items: Required value: must be specified`,
      `${p}.properties[metadata].properties: Forbidden: must only have "name" or "generateName" properties`,
    ]);
  });
  test('preserve-unknown-fields and int-or-string need no type', () => {
    assert.deepEqual(check({ type: 'object', properties: { a: { 'x-kubernetes-preserve-unknown-fields': true }, b: { 'x-kubernetes-int-or-string': true } } }), []);
  });
});

describe('defaults and list types', () => {
  const p = 'spec.versions[0].schema.openAPIV3Schema';
  test('a default must validate against its schema', () => {
    const s = { type: 'object', properties: { size: { type: 'string', enum: ['small'], default: 'huge' }, n: { type: 'integer', default: 'x' } } };
    assert.deepEqual(validateStructural(s, p).map(formatFieldError), [
      `${p}.properties[size].default: Unsupported value: "huge": supported values: "small"`,
      `${p}.properties[n].default: Invalid value: "string": ${p}.properties[n].default in body must be of type integer: "string"`,
    ]);
  });
  test('set and map lists have unique items', () => {
    const s: JSONSchemaProps = {
      type: 'object',
      properties: {
        set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        map: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, v: { type: 'integer' } } } },
      },
    };
    assert.deepEqual(validateValue({ set: ['a', 'b', 'a'], map: [{ name: 'x', v: 1 }, { name: 'x', v: 2 }] }, s).map(formatFieldError), [
      'set[2]: Duplicate value: "a"',
      'map[1]: Duplicate value: {"name":"x"}',
    ]);
  });
});

describe('junctors', () => {
  const p = 'r';
  test("int-or-string's anyOf integer/string pattern is structural; other typed junctors are not", () => {
    const s = {
      type: 'object',
      properties: {
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^[0-9]+$' },
        other: { type: 'string', anyOf: [{ type: 'string', description: 'x' }, { maxLength: 3 }] },
      },
    };
    assert.deepEqual(validateStructural(s, p).map(formatFieldError), [
      'r.properties[other].anyOf[0].type: Forbidden: must be empty to be structural',
      'r.properties[other].anyOf[0].description: Forbidden: must be empty to be structural',
    ]);
  });
});

describe('anyOf, oneOf, not', () => {
  const s: JSONSchemaProps = {
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: 'string' } },
    oneOf: [{ required: ['a'] }, { required: ['b'] }],
    not: { required: ['c'] },
    anyOf: [{ properties: { a: { minLength: 2 } } }, { required: ['b'] }],
  };
  test('holds', () => assert.deepEqual(validateValue({ a: 'xx' }, s), []));
  test('fails', () => {
    assert.deepEqual(validateValue({ a: 'x', b: 'y', c: 1 }, s, 'spec').map(formatFieldError), [
      'spec: Invalid value: {"a":"x","b":"y","c":1}: spec in body must validate one and only one schema (oneOf)',
      'spec: Invalid value: {"a":"x","b":"y","c":1}: spec in body must not validate the schema (not)',
    ]);
    assert.deepEqual(validateValue({ a: 'x' }, s, 'spec').map(formatFieldError), ['spec: Invalid value: {"a":"x"}: spec in body must validate at least one schema (anyOf)']);
  });
});
