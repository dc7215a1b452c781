/** The command tree: `skiff server`, `skiff kubectl`, `skiff --version`. Behaviour lives in each command's file. */
import { Command, CommanderError } from 'commander';
import { gitVersion } from '../version';
import { serverCommand } from './server';
import { kubectlCommand } from './kubectl';

export async function runCli(argv: string[]): Promise<number | void> {
  const program = new Command('skiff')
    .description('A whole Kubernetes cluster in one executable')
    .version(`skiff version ${gitVersion}\nnode version ${process.version}`, '-v, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError();
  program.addCommand(serverCommand());
  program.addCommand(kubectlCommand());
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
}
