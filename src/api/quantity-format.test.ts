import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBinary, formatDecimal, formatMilli } from './quantity-format';

test('quantities print as apimachinery canonicalizes them', () => {
  const cases: [string, string][] = [
    [formatMilli(250), '250m'],
    [formatMilli(2000), '2'],
    [formatMilli(1500), '1500m'],
    [formatMilli(3_000_000), '3k'],
    [formatMilli(314572800000), '314572800'],
    [formatMilli(0), '0'],
    [formatDecimal(250_000_000, -9), '250m'],
    [formatDecimal(12_345, -9), '12345n'],
    [formatBinary(100 * 2 ** 20), '100Mi'],
    [formatBinary(1536), '1536'],
    [formatBinary(3072), '3Ki'],
    [formatBinary(2 ** 30), '1Gi'],
    [formatBinary(0), '0'],
  ];
  for (const [got, want] of cases) assert.equal(got, want);
});
