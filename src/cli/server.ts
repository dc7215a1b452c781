/** `skiff server`: flags only; the wiring is in ../server.ts. */
import { Command, Option } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServerConfig, readConfigFile, type RawOptions } from './config';
import { startServer } from '../server';
import { preferSmallHeap } from '../util/heap';
import { createLogger } from '../util/logger';

export function serverCommand(): Command {
  return new Command('server')
    .description('Run a server: API server, datastore, controllers and (unless disabled) the node components')
    .option('--config <file>', 'load flags from a YAML file (keys are flag names)')
    .option('--data-dir <dir>', 'folder to hold state (default /var/lib/skiff as root, ~/.skiff otherwise)')
    .option('--https-listen-port <port>', 'HTTPS port of the API server (default 6443; 0 picks a free one)')
    .option('--bind-address <ip>', 'address the API server listens on (default 0.0.0.0)')
    .option('--node-name <name>', 'name of this node (default: the hostname)')
    .option('--write-kubeconfig <file>', 'write the admin kubeconfig here (default /etc/skiff/skiff.yaml as root)')
    .option('--write-kubeconfig-mode <mode>', 'file mode of the kubeconfig, octal (default 0600)')
    .option('--datastore-endpoint <url>', 'sqlite://PATH (default: SQLite in the data dir)')
    .option('--token <token>', 'shared secret agents join with')
    .option('--disable-agent', 'do not run the node components on this server')
    .option('--disable <component>', 'do not deploy a packaged component (repeatable or comma-separated; local-storage)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--service-cidr <cidr>', 'IP range of service ClusterIPs (default 10.43.0.0/16)')
    .option('--service-node-port-range <range>', 'ports NodePort services get (default 30000-32767)')
    .option('--cluster-cidr <cidr>', 'IP range of pod IPs (default 10.42.0.0/16)')
    .option('--cluster-dns <ip>', 'cluster DNS service IP (default 10.43.0.10)')
    .option('--ephemeral', 'a throwaway cluster in a temporary data dir, removed on exit')
    .option('--simulate-nodes <count>', 'register this many simulated nodes that run pods without containers')
    .option('--simulate-node-capacity <list>', 'capacity of each simulated node, e.g. cpu=8,memory=32Gi,pods=250 (default cpu=4,memory=16Gi,pods=110)')
    .option('--min-request-timeout <seconds>', 'watches end after between this and twice this many seconds (default 1800)')
    .addOption(new Option('--datastore-compact-interval <ms>', 'how often storage history is compacted').hideHelp())
    .addOption(new Option('--datastore-compact-keep <revisions>', 'revisions of history compaction keeps').hideHelp())
    .addOption(new Option('--log-level <level>', 'debug, info, warn or error').default('info'))
    .action(async (flags: RawOptions) => {
      const fromFile = typeof flags.config === 'string' ? readConfigFile(flags.config) : {};
      const { config: _config, logLevel, ...rest } = flags;
      const logger = createLogger({ level: logLevel as 'info' });
      let tempDir: string | undefined;
      if (rest.ephemeral || fromFile.ephemeral) {
        tempDir = mkdtempSync(join(tmpdir(), 'skiff-'));
        rest.dataDir ??= tempDir;
      }
      const config = buildServerConfig(rest, fromFile);
      preferSmallHeap();
      const server = await startServer({ config, logger });
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info('shutting down', { signal });
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          resolve();
        };
        const onInt = () => stop('SIGINT');
        const onTerm = () => stop('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
      await server.stop();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      logger.info('stopped');
    });
}
