/** Layer and module rules: the architecture, checked on every `npm run check`. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds rules and types only: no drivers, no express, no other layers.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: {
        pathNot: ['^src/modules/[^/]+/domain/', '^src/platform/errors', '^src/platform/validation', 'node_modules/zod'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'application-uses-ports',
      comment: 'use cases depend on domain and ports, never on data-access or entry-points.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/application/' },
      to: { path: ['^src/modules/[^/]+/(data-access|entry-points)/'] },
    },
    {
      name: 'modules-talk-through-index',
      comment: 'another module is reached only through its index.ts (its public surface).',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/.+', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'platform-has-no-business',
      comment: 'platform/ is infrastructure; it never imports a feature module.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'kafkajs-stays-in-platform-kafka',
      comment: 'kafkajs is in maintenance: a swap must touch one folder.',
      severity: 'error',
      from: { pathNot: ['^src/platform/kafka/', '^scripts/stack/'] },
      to: { path: 'node_modules/kafkajs' },
    },
    {
      name: 'only-config-reads-env-files',
      comment: 'src code outside config/ gets configuration injected.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/config/', '^src/main\\.ts$', '^src/testing/'] },
      to: { path: '^environments/' },
    },
    {
      name: 'sdk-stands-alone',
      comment:
        'src/sdk is the client SDK (browsers, integrators): it imports only itself and its own packages, never server code.',
      severity: 'error',
      from: { path: '^src/sdk/', pathNot: '\\.test\\.ts$' },
      to: {
        pathNot: ['^src/sdk/', 'node_modules/(openapi-fetch|mitt)/'],
      },
    },
    {
      name: 'server-does-not-use-the-sdk',
      comment: 'the SDK is a client: only the web client, tests, their helpers and scripts (benchmarks) may import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/sdk/', '^src/web/', '\\.test\\.ts$', '^src/testing/'] },
      to: { path: '^src/sdk/' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '^src/testing/'] },
      to: { path: ['\\.test\\.ts$', '^src/testing/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
