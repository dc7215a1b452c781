import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names';

test('names as upstream validation', () => {
  const valid: [(s: string) => string[], string][] = [
    [isDNS1123Subdomain, 'my-app.example'],
    [isDNS1123Subdomain, 'a'.repeat(253)],
    [isDNS1123Label, 'kube-system'],
    [isQualifiedName, 'app.kubernetes.io/name'],
    [isQualifiedName, 'Tier_1'],
    [isValidLabelValue, ''],
    [isValidLabelValue, 'v1.2_x-y'],
    [isConfigMapKey, '.env'],
    [isConfigMapKey, 'KEY_name-1'],
  ];
  for (const [fn, v] of valid) assert.deepEqual(fn(v), [], `${fn.name}(${v})`);
  const invalid: [(s: string) => string[], string][] = [
    [isDNS1123Subdomain, 'Upper'],
    [isDNS1123Subdomain, 'a'.repeat(254)],
    [isDNS1123Subdomain, '-lead'],
    [isDNS1123Label, 'has.dot'],
    [isDNS1123Label, 'a'.repeat(64)],
    [isQualifiedName, 'a/b/c'],
    [isQualifiedName, '/x'],
    [isValidLabelValue, 'bad value'],
    [isConfigMapKey, 'a b'],
    [isConfigMapKey, '..'],
  ];
  for (const [fn, v] of invalid) assert.notDeepEqual(fn(v), [], `${fn.name}(${v})`);
  assert.match(isDNS1123Subdomain('Upper')[0]!, /^a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '\.'/);
});
