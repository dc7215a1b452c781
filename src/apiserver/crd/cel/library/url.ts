/**
 * The Kubernetes URL library (k8s.io/apiserver/pkg/cel/library/urls.go): url(), isURL() and the
 * getters. Parsed as Go's url.ParseRequestURI does: an absolute URI or an absolute path, kept as
 * written (no normalisation of default ports or case).
 */
import type { CelEnvironment } from '../env-types';

export class CelURL {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly rawQuery: string,
  ) {}
}

const absolute = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/;
const pathOnly = /^(\/[^?#]*)(?:\?([^#]*))?$/;

export function parseURL(s: string): CelURL | undefined {
  if (/[\x00-\x1f\x7f]/.test(s) || s === '') return undefined;
  const p = pathOnly.exec(s);
  if (p) return new CelURL('', '', p[1]!, p[2] ?? '');
  const m = absolute.exec(s);
  if (!m) return undefined;
  const host = m[2] ?? '';
  if (/^\[/.test(host) ? !/^\[[0-9a-fA-F:.%a-zA-Z]+\](:\d*)?$/.test(host) : /[[\]]/.test(host)) return undefined;
  if (!/^(?:[^@]*@)?(?:\[[^\]]*\]|[^:]*)(?::\d*)?$/.test(host)) return undefined;
  return new CelURL(m[1]!, host.replace(/^[^@]*@/, ''), m[3] ?? '', m[4] ?? '');
}

export function url(s: string): CelURL {
  const u = parseURL(s);
  if (!u) throw new Error(`URL parse error during conversion from string: parse "${s}": invalid URI for request`);
  return u;
}

export const isURL = (s: string): boolean => parseURL(s) !== undefined;

export function hostname(u: CelURL): string {
  const m = /^\[([^\]]*)\]/.exec(u.host);
  if (m) return m[1]!;
  return u.host.replace(/:\d*$/, '');
}

export function port(u: CelURL): string {
  const m = /(?:^|\]|[^:\]]):(\d*)$/.exec(u.host.startsWith('[') ? u.host.replace(/^\[[^\]]*\]/, ']') : u.host);
  return m ? m[1]! : '';
}

/** The path with characters escaped as Go's EscapedPath does (already-escaped input is kept). */
export const escapedPath = (u: CelURL): string => u.path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));

export function query(u: CelURL): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of u.rawQuery.split(/[&]/)) {
    if (part === '') continue;
    const [k, v = ''] = part.split(/=(.*)/s);
    const key = decodeURIComponent(k!.replace(/\+/g, ' '));
    (out[key] ??= []).push(decodeURIComponent(v.replace(/\+/g, ' ')));
  }
  return out;
}

export function registerURL(env: CelEnvironment): void {
  env.registerType('kubernetes.URL', { ctor: CelURL, fields: {} });
  env.registerFunction('url(string): kubernetes.URL', url);
  env.registerFunction('isURL(string): bool', isURL);
  env.registerFunction('kubernetes.URL.getScheme(): string', (u: CelURL) => u.scheme);
  env.registerFunction('kubernetes.URL.getHost(): string', (u: CelURL) => u.host);
  env.registerFunction('kubernetes.URL.getHostname(): string', hostname);
  env.registerFunction('kubernetes.URL.getPort(): string', port);
  env.registerFunction('kubernetes.URL.getEscapedPath(): string', escapedPath);
  env.registerFunction('kubernetes.URL.getQuery(): map<string, list<string>>', query);
}
