/**
 * The same suites against the built single executable (`npm run build` makes dist/skiff), run under
 * `env -i` from an empty directory: no node on PATH, no node_modules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repoRoot } from '../helpers/cluster';
import { defineKubectlSuite } from '../integration/kubectl-suite';
import { defineBadInputSuite } from '../integration/bad-input-suite';

test('dist/skiff exists (npm test builds it first)', () => {
  assert.ok(existsSync(join(repoRoot, 'dist', 'skiff')), 'run npm run build');
});

defineKubectlSuite('binary');
defineBadInputSuite('binary');
