// The dependency rule of ARCHITECTURE.md, checked by `npm run depcheck` (part of `npm test`).
//
// Each component folder may import only the folders listed for it, plus itself. Only the wiring
// (src/main.ts, src/server.ts, src/agent.ts, src/index.ts, src/cli/) may import everything. Type-only
// imports count too: a type from another layer is still a dependency on it.
//
// dependency-cruiser parses TypeScript with the `typescript` library, which is why package.json pins
// typescript ~5.9 (7.x has no JavaScript API); see build/README.md.

/** A rule: modules under `src/<from>/` may import from `src/` only the folders in `allowed` and their own folder. */
function onlyImports(name, from, allowed, comment) {
  const own = '$1';
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src/(${from.join('|')})/` },
    to: {
      path: '^src/',
      pathNot: [`^src/${own}/`, ...allowed.map((dir) => `^src/${dir}/`), '^src/version\\.ts$'],
    },
  };
}

const nodeComponents = ['controllers', 'scheduler', 'kubelet', 'proxy', 'dns', 'ingress'];

module.exports = {
  forbidden: [
    onlyImports('api-imports-nothing', ['api'], [], 'src/api is types, defaults and validation: it imports nothing of ours.'),
    onlyImports('util-imports-nothing', ['util'], [], 'src/util holds small generic pieces: it imports nothing of ours.'),
    onlyImports('storage-pki-only-util', ['storage', 'pki'], ['util'], 'src/storage and src/pki import only src/util.'),
    onlyImports('apiserver-layers', ['apiserver'], ['api', 'storage', 'util'], 'src/apiserver imports only src/api, src/storage and src/util.'),
    onlyImports('client-layers', ['client'], ['api', 'util'], 'src/client imports only src/api and src/util.'),
    onlyImports(
      'node-components-through-the-api',
      nodeComponents,
      ['api', 'client', 'util'],
      'Controllers, scheduler and node components go through the API even in one process: they import only src/api, src/client and src/util.',
    ),
    {
      name: 'version-is-a-leaf',
      comment: 'src/version.ts (constants every layer may show) imports nothing of ours.',
      severity: 'error',
      from: { path: '^src/version\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'only-the-wiring-at-the-top',
      comment:
        'A new file directly under src/ is wiring only if it is main.ts, server.ts, agent.ts or index.ts; anything else belongs in a component folder.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$', pathNot: '^src/(main|server|agent|index|version)\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make start order and testing in isolation impossible. Type-only cycles are harmless and allowed.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing (a missing file or an undeclared package).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json', '.node'],
      conditionNames: ['require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
