/**
 * Turns `skiff server` flags plus an optional YAML config file into one checked ServerConfig.
 * Config-file keys are the flag names without dashes (`https-listen-port: 6443`), as in k3s;
 * flags given on the command line win over the file.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { parseQuantity } from '../api/quantity';

export interface ServerConfig {
  dataDir: string;
  httpsListenPort: number;
  bindAddress: string;
  nodeName: string;
  writeKubeconfig: string;
  writeKubeconfigMode: number;
  datastoreEndpoint?: string;
  token?: string;
  disableAgent: boolean;
  /** Packaged components not to deploy (k3s --disable), e.g. `local-storage`. */
  disable?: string[];
  serviceCidr: string;
  /** Ports NodePort services are given, `30000-32767` by default (kube-apiserver --service-node-port-range). */
  serviceNodePortRange: string;
  clusterCidr: string;
  clusterDns: string;
  ephemeral: boolean;
  /** Seconds; watches without timeoutSeconds end after a random time between this and twice this (upstream). */
  minRequestTimeout: number;
  /** Simulated nodes to register and run pods on without containers (for tests and CI). */
  simulateNodes: number;
  /** Capacity (and allocatable) of each simulated node; unset keys keep the defaults (4 CPUs, 16Gi, 110 pods). */
  simulateNodeCapacity: { cpu?: string; memory?: string; pods?: string };
  /** Storage compaction, for tests and tuning: interval in ms and revisions kept. */
  datastoreCompactIntervalMs?: number;
  datastoreCompactKeep?: number;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export function defaultDataDir(): string {
  return isRoot() ? '/var/lib/skiff' : join(homedir(), '.skiff');
}

export function defaultKubeconfigPath(): string {
  return isRoot() ? '/etc/skiff/skiff.yaml' : join(homedir(), '.skiff', 'skiff.yaml');
}

export class ConfigError extends Error {}

/** Raw option values as commander hands them over (camelCase keys). */
export type RawOptions = Record<string, unknown>;

function camel(key: string): string {
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function readConfigFile(path: string): RawOptions {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (doc == null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`config file ${path}: expected a mapping of flag names to values`);
  return Object.fromEntries(Object.entries(doc).map(([k, v]) => [camel(k), v]));
}

function port(value: unknown, flag: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`--${flag}: invalid port ${String(value)}`);
  return n;
}

function count(value: unknown, flag: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new ConfigError(`--${flag}: must be an integer from 0 to 10000, got ${String(value)}`);
  return n;
}

function positive(value: unknown, flag: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`--${flag}: must be a positive integer, got ${String(value)}`);
  return n;
}

function cidr(value: unknown, flag: string): string {
  const s = String(value);
  const [ip, bits] = s.split('/');
  const max = isIP(ip ?? '') === 4 ? 32 : isIP(ip ?? '') === 6 ? 128 : 0;
  if (!max || !/^\d+$/.test(bits ?? '') || Number(bits) > max) throw new ConfigError(`--${flag}: invalid CIDR ${s}`);
  return s;
}

function ip(value: unknown, flag: string): string {
  const s = String(value);
  if (!isIP(s)) throw new ConfigError(`--${flag}: invalid IP address ${s}`);
  return s;
}

function portRange(v: unknown, flag: string): string {
  const s = String(v).trim();
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[2]) > 65535 || Number(m[2]) < Number(m[1])) throw new ConfigError(`--${flag}: invalid port range ${JSON.stringify(s)} (want e.g. 30000-32767)`);
  return s;
}

/** The quantity's value, or NaN when it is not one. */
function quantityOrNaN(q: string): number {
  try {
    return parseQuantity(q);
  } catch {
    return Number.NaN;
  }
}

/** `cpu=8,memory=32Gi,pods=250` (or a config-file map) → quantities, each checked. */
function capacity(v: unknown, flag: string): ServerConfig['simulateNodeCapacity'] {
  if (v === undefined) return {};
  const pairs =
    typeof v === 'string'
      ? v.split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string?])
      : typeof v === 'object' && v !== null && !Array.isArray(v)
        ? Object.entries(v).map(([k, q]) => [k, String(q)] as [string, string?])
        : undefined;
  if (!pairs) throw new ConfigError(`--${flag}: expected cpu=N,memory=N,pods=N`);
  const out: ServerConfig['simulateNodeCapacity'] = {};
  for (const [key, value] of pairs) {
    if (key !== 'cpu' && key !== 'memory' && key !== 'pods') throw new ConfigError(`--${flag}: unknown resource ${JSON.stringify(key)} (cpu, memory or pods)`);
    if (value === undefined || !(quantityOrNaN(value) > 0)) throw new ConfigError(`--${flag}: ${key}: ${JSON.stringify(value ?? '')} is not a positive quantity`);
    out[key] = value;
  }
  return out;
}

/** k3s's packaged components, the names `--disable` takes. */
export const packagedComponents = ['coredns', 'servicelb', 'traefik', 'local-storage', 'metrics-server', 'runtimes'];

/** `--disable a,b --disable c` (or a config-file list) → checked component names. */
function components(v: unknown, flag: string): string[] {
  if (v === undefined) return [];
  const list = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = list.find((c) => !packagedComponents.includes(c));
  if (unknown) throw new ConfigError(`--${flag}: unknown component ${JSON.stringify(unknown)} (valid items: ${packagedComponents.join(', ')})`);
  return list;
}

/** `fromFlags` are options the user typed; `fromFile` come from --config; the flag wins. */
export function buildServerConfig(fromFlags: RawOptions, fromFile: RawOptions = {}): ServerConfig {
  const o: RawOptions = { ...fromFile, ...fromFlags };
  const ephemeral = Boolean(o.ephemeral);
  const dataDir = resolve(String(o.dataDir ?? defaultDataDir()));
  const mode = o.writeKubeconfigMode === undefined ? 0o600 : parseInt(String(o.writeKubeconfigMode), 8);
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) throw new ConfigError(`--write-kubeconfig-mode: invalid mode ${String(o.writeKubeconfigMode)}`);
  return {
    dataDir,
    ephemeral,
    httpsListenPort: port(o.httpsListenPort ?? 6443, 'https-listen-port'),
    bindAddress: ip(o.bindAddress ?? '0.0.0.0', 'bind-address'),
    nodeName: String(o.nodeName ?? hostname()).toLowerCase(),
    writeKubeconfig: o.writeKubeconfig ? resolve(String(o.writeKubeconfig)) : ephemeral ? join(dataDir, 'skiff.yaml') : defaultKubeconfigPath(),
    writeKubeconfigMode: mode,
    datastoreEndpoint: o.datastoreEndpoint === undefined ? undefined : String(o.datastoreEndpoint),
    token: o.token === undefined ? undefined : String(o.token),
    disableAgent: Boolean(o.disableAgent),
    disable: components(o.disable, 'disable'),
    serviceCidr: cidr(o.serviceCidr ?? '10.43.0.0/16', 'service-cidr'),
    serviceNodePortRange: portRange(o.serviceNodePortRange ?? '30000-32767', 'service-node-port-range'),
    clusterCidr: cidr(o.clusterCidr ?? '10.42.0.0/16', 'cluster-cidr'),
    clusterDns: ip(o.clusterDns ?? '10.43.0.10', 'cluster-dns'),
    minRequestTimeout: positive(o.minRequestTimeout ?? 1800, 'min-request-timeout'),
    simulateNodes: o.simulateNodes === undefined ? 0 : count(o.simulateNodes, 'simulate-nodes'),
    simulateNodeCapacity: capacity(o.simulateNodeCapacity, 'simulate-node-capacity'),
    datastoreCompactIntervalMs: o.datastoreCompactInterval === undefined ? undefined : positive(o.datastoreCompactInterval, 'datastore-compact-interval'),
    datastoreCompactKeep: o.datastoreCompactKeep === undefined ? undefined : positive(o.datastoreCompactKeep, 'datastore-compact-keep'),
  };
}
