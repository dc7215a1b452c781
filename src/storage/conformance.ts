/**
 * The storage conformance suite, written once and run against every backend (see
 * `sqlite/backend.test.ts`, `memory/backend.test.ts`): a new backend passes it before anything uses it.
 */
import { describe } from 'node:test';
import type { ConformanceTarget } from './conformance/harness';
import { kvCases } from './conformance/kv-cases';
import { lifecycleCases } from './conformance/lifecycle-cases';
import { watchCases } from './conformance/watch-cases';

export type { ConformanceTarget, Harness, OpenOptions, TestBackend } from './conformance/harness';
export { FakeClock } from './conformance/harness';

export function runConformance(target: ConformanceTarget): void {
  describe(`storage conformance: ${target.name}`, () => {
    kvCases(target);
    watchCases(target);
    lifecycleCases(target);
  });
}
