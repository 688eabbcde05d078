// The layout's rules (docs/architecture.md, "Layout"), checked by `npm test` through `npm run depcruise`.
// Capabilities: ci, incidents, diagnosis, escalation, fix-tasks, talk, settings, report. Below them core/
// (ports, store helpers, shared data); beside them platform/ (Slack, GitHub, store, HTTP, log,
// schedule adapters); above all the composition root (the files directly in src/).
const CAPABILITIES = '(ci|incidents|diagnosis|escalation|fix-tasks|talk|settings|report)';
const USE_CASES = `^src/(core|${CAPABILITIES.slice(1, -1)})/`;
// Node built-ins that do I/O (or reach the process and its clock): never in pure domain code.
const IO_BUILTINS = '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster|readline|process|timers|timers/promises|os|perf_hooks)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Files that import each other in a loop cannot be read (or loaded) one at a time: cut the loop by moving the shared type or inverting through a port.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'Code under a domain/ folder is pure: it imports only other domain code (of any capability), never use cases, adapters or I/O.',
      severity: 'error',
      from: { path: '^src/[^/]+/domain/' },
      to: { pathNot: '^src/[^/]+/domain/', dependencyTypesNot: ['core', 'npm'] },
    },
    {
      name: 'domain-does-no-io',
      comment: 'Pure domain code takes time and data as arguments: no Node built-in that does I/O.',
      severity: 'error',
      from: { path: '^src/[^/]+/domain/' },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'use-cases-not-adapters',
      comment: 'Use cases (and core) reach Slack, GitHub and the store through the ports in src/core/ports.ts, never through platform/ adapters.',
      severity: 'error',
      from: { path: USE_CASES },
      to: { path: '^src/platform/' },
    },
    {
      name: 'composition-root-on-top',
      comment: 'Only the composition root (the files directly in src/: main.ts, create-overseer.ts and the wiring beside them) imports everything; nothing below it imports it.',
      severity: 'error',
      from: { path: '^src/.+/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'core-is-the-floor',
      comment: 'core/ is shared by every capability, so it imports none of their use cases. (Its ports speak the capabilities\' data types, which live in their pure domain/ folders: those it may import.)',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: `^src/${CAPABILITIES}/`, pathNot: `^src/${CAPABILITIES}/domain/` },
    },
    {
      name: 'capabilities-through-entry-points',
      // No exceptions: the check pipeline names no capability (they plug in as CheckStages), and
      // what a capability shares goes through its index.ts. A reach that cannot go through an
      // entry point without closing a loop wants a CheckStage hook or a move into domain/.
      comment: 'A capability reaches another only through its public entry point (<capability>/index.ts) or its pure domain/ (the data and rules it shares), never into its use-case files.',
      severity: 'error',
      from: { path: `^src/${CAPABILITIES}/` },
      to: {
        path: `^src/${CAPABILITIES}/`,
        pathNot: ['^src/$1/', `^src/${CAPABILITIES}/(index\\.ts$|domain/)`],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
