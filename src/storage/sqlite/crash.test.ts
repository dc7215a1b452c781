import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteBackend } from './backend';

interface Ack {
  revision: number;
  value: string;
}

/**
 * Runs crash-writer.ts, SIGKILLs it mid-flight and checks that every write it reported as acknowledged
 * is in the database: durability of group commit under a crash.
 */
test('every acknowledged write survives SIGKILL', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-crash-'));
  const path = join(dir, 'state.db');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'crash-writer.ts'), path, '64'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Map<string, Ack>();
    let lines = 0;
    let partial = '';
    let stderr = '';
    let firstAckAt = 0;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() as string; // a line cut by the kill is not an acknowledgement we can read
      for (const line of parts) {
        const [key, revision, value] = line.split(' ');
        const seen = acked.get(key);
        if (!seen || Number(revision) > seen.revision) acked.set(key, { revision: Number(revision), value });
        lines++;
      }
      firstAckAt ||= Date.now();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));

    const deadline = Date.now() + 30_000;
    while (!(lines >= 500 && Date.now() - firstAckAt >= 1500)) {
      if (child.exitCode !== null) assert.fail(`writer exited early: ${stderr}`);
      if (Date.now() > deadline) assert.fail(`only ${lines} acks in 30 s: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const acksPerSecond = Math.round(lines / ((Date.now() - firstAckAt) / 1000));
    t.diagnostic(`${lines} acknowledged writes (~${acksPerSecond}/s) over ${acked.size} keys before SIGKILL`);

    const backend = new SqliteBackend({ path, compactIntervalMs: 0 });
    try {
      let highest = 0;
      for (const [key, ack] of acked) {
        const kv = await backend.get(key);
        assert.ok(kv, `acknowledged key ${key} is missing`);
        // A later write may have committed and been killed before its line was printed.
        assert.ok(kv.modRevision >= ack.revision, `${key} went back from ${ack.revision} to ${kv.modRevision}`);
        if (kv.modRevision === ack.revision) assert.equal(kv.value, ack.value, key);
        highest = Math.max(highest, ack.revision);
      }
      assert.ok(backend.currentRevision() >= highest);
      const next = await backend.create('/after-crash', 'x');
      assert.equal(next.modRevision, backend.currentRevision());
      assert.ok(next.modRevision > highest);
    } finally {
      await backend.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
