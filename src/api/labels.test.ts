import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesLabels, parseLabelSelector, SelectorParseError } from './labels';
import { matchesFields, parseFieldSelector, FieldSelectorError } from './fields';

test('label selectors match as upstream', () => {
  const labels = { app: 'web', tier: 'front', n: '5' };
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=db', false],
    ['missing!=x', true],
    ['app in (web, db)', true],
    ['app notin (web)', false],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['n>4', true],
    ['n<4', false],
    ['app in (a,b),tier', false],
  ];
  for (const [sel, want] of cases) assert.equal(matchesLabels(parseLabelSelector(sel), labels), want, sel);
});

test('bad label selectors are rejected', () => {
  for (const sel of ['a in (b', 'a=b c', 'n>x', '=x', ',']) assert.throws(() => parseLabelSelector(sel), SelectorParseError, sel);
});

test('field selectors', () => {
  const fields = { 'metadata.name': 'a', 'status.phase': 'Running' };
  assert.equal(matchesFields(parseFieldSelector('metadata.name=a'), fields), true);
  assert.equal(matchesFields(parseFieldSelector('metadata.name==a,status.phase!=Running'), fields), false);
  assert.equal(matchesFields(parseFieldSelector('status.phase!=Failed'), fields), true);
  assert.throws(() => parseFieldSelector('metadata.name'), FieldSelectorError);
});
