/**
 * Child process of crash.test.ts: writes through SqliteBackend as fast as it can with many concurrent
 * writers and prints `key revision value` for each write once it is acknowledged, until it is killed.
 * Usage: node --import tsx crash-writer.ts <db path> [writers]
 */
import { SqliteBackend } from './backend';

function main(): void {
  const path = process.argv[2];
  const writers = Number(process.argv[3] ?? 64);
  if (!path) throw new Error('usage: crash-writer.ts <db path> [writers]');
  const backend = new SqliteBackend({ path, compactIntervalMs: 0 });
  // A pipe's stdout is written synchronously on Linux: a printed line means the ack happened.
  const ack = (key: string, revision: number, value: string) => process.stdout.write(`${key} ${revision} ${value}\n`);
  const writer = async (w: number) => {
    for (let i = 0; ; i++) {
      const key = `/crash/${w}/${i}`;
      const created = await backend.create(key, `c:${w}:${i}`);
      ack(key, created.modRevision, created.value);
      if (i % 2 === 1) {
        const updated = await backend.update(key, `u:${w}:${i}`, created.modRevision);
        ack(key, updated.modRevision, updated.value);
      }
    }
  };
  for (let w = 0; w < writers; w++) {
    writer(w).catch((err) => {
      process.stderr.write(`writer ${w} failed: ${String(err)}\n`);
      process.exit(1);
    });
  }
}

main();
