/** The API server: what the wiring needs to start one. */
export { createApiServer, type ApiServer, type ApiServerOptions, maxRequestBytes } from './app';
export { LoopbackError, type Loopback } from './loopback';
export { Registry } from './registry/registry';
export { registerBuiltins } from './registry/builtin';
export { ensureSystemNamespaces } from './bootstrap';
export { StatusError } from './errors';
export { ServiceAccountTokens } from './serviceaccount/tokens';
