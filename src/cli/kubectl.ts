/** `skiff kubectl ARGS...`: runs the kubectl on PATH against this cluster's admin kubeconfig. */
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { defaultKubeconfigPath } from './config';

export function kubectlCommand(): Command {
  return new Command('kubectl')
    .description('Run kubectl against this cluster')
    .helpOption(false)
    .allowUnknownOption(true)
    .argument('[args...]')
    .action(async (args: string[]) => {
      const env = { ...process.env };
      env.KUBECONFIG ??= defaultKubeconfigPath();
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn('kubectl', args, { stdio: 'inherit', env });
        child.on('error', (err) => reject(new Error(`cannot run kubectl: ${err.message}`, { cause: err })));
        child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
      });
      process.exitCode = code;
    });
}
