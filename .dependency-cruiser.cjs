/**
 * The layers of `shared/` point one way: core ← domain ← data ← services ← http/runtime, and
 * no module of `shared/` or of the portal (`web/src`) imports itself back through others.
 * Checked by test/unit/layers.test.ts; `npx depcruise shared web/src` shows every violation.
 */
const ours = '^(shared|web|functions|infra|test|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-nothing-of-ours',
      comment: 'The kernel (errors, actor, audit entry, Language, ChallengePurpose, logger) stands alone.',
      severity: 'error',
      from: { path: '^shared/core/' },
      to: { path: ours, pathNot: '^shared/core/' },
    },
    {
      name: 'domain-imports-only-core',
      comment: 'Business rules know nothing of storage, HTTP or the services that use them.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { path: ours, pathNot: '^shared/(core|domain)/' },
    },
    {
      name: 'data-never-imports-upper-layers',
      comment: 'Stores are used by services and the runtime, never the other way.',
      severity: 'error',
      from: { path: '^shared/data/' },
      to: { path: '^shared/(http|services|runtime)/' },
    },
    {
      name: 'services-never-import-http',
      comment: 'Use cases answer with kernel errors; the HTTP layer turns them into problems.',
      severity: 'error',
      from: { path: '^shared/services/' },
      to: { path: '^shared/(http|runtime)/' },
    },
    {
      name: 'no-circles',
      comment: 'A module never imports itself back through others (dynamic imports included).',
      severity: 'error',
      from: { path: '^(shared|web/src)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
