/**
 * A describe-block fixture: one `skiff server --simulate-nodes N` for the block, stopped after it, and
 * `ok(args, input?)`, kubectl that must succeed and returns its stdout.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type TestCluster } from './cluster';

export function useSimulatedCluster(nodes: number): { cluster(): TestCluster; ok(args: string[], input?: string): string } {
  let c: TestCluster | undefined;
  before(async () => {
    c = await startCluster({ extraArgs: ['--simulate-nodes', String(nodes)] });
  });
  after(async () => {
    await c?.stop({ remove: true });
  });
  return {
    cluster: () => c!,
    ok(args, input) {
      const r = c!.kubectl(args, { input });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
  };
}
