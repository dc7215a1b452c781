/**
 * The only entry point: dispatches on the first argument, as k3s does
 * (`skiff server`, `skiff kubectl ...`, `skiff --version`).
 */
import { runCli } from './cli/root';

runCli(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`skiff: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
