/**
 * kubectl without blocking the event loop, for tests that run the cluster in their own process
 * (`startCluster` from src/index.ts): a spawnSync there would freeze the server it talks to.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface AsyncKubectl {
  kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Runs kubectl and fails the test unless it exits 0; resolves to its stdout. */
  ok(args: string[], input?: string): Promise<string>;
}

export function asyncKubectl(kubeconfigPath: string): AsyncKubectl {
  const kubectl = (args: string[], input?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile('kubectl', ['--kubeconfig', kubeconfigPath, ...args], { encoding: 'utf8' }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      if (input !== undefined) child.stdin!.end(input);
    });
  return {
    kubectl,
    async ok(args, input) {
      const r = await kubectl(args, input);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
  };
}

/** Polls `read` until `want(value)` holds, failing with the last value after `timeoutMs`. */
export async function eventually(what: string, read: () => Promise<string>, want: (v: string) => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = await read();
  while (!want(last)) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}: ${last}`);
    await sleep(100);
    last = await read();
  }
}
