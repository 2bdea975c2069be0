/**
 * Which way the layers point (see the root README):
 * - `apps/` is what users run; `packages/` is what users import; `tooling/` is the repository's own machinery.
 * - A package never imports an app (an app may import packages; tooling may import anything).
 * - Nothing but tooling imports tooling.
 * - No module takes part in an import cycle.
 * Paths are resolved through the workspace's symlinks, so `import '@inbox-hub/dashboard'` counts as an import of
 * `apps/dashboard`, whichever way it is written.
 */
import type { ICruiseOptions, IForbiddenRuleType } from 'dependency-cruiser';

export const rules: IForbiddenRuleType[] = [
  {
    name: 'package-imports-app',
    comment: 'packages/ is what users import and must not depend on apps/, which is what users run.',
    severity: 'error',
    from: { path: '^packages/' },
    to: { path: '^apps/' },
  },
  {
    name: 'imports-tooling',
    comment: "tooling/ is the repository's own machinery: no package or app may depend on it.",
    severity: 'error',
    from: { path: '^(packages|apps)/' },
    to: { path: '^tooling/' },
  },
  {
    name: 'no-cycles',
    comment: 'An import cycle ties modules into one; break it.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
];

/**
 * Cruise options. Workspace packages resolve through their symlinks to their built `dist/` (which is not
 * followed), so an import of `@inbox-hub/dashboard` lands in `apps/dashboard/...` and the rules see it;
 * turbo builds every package before this test runs (each is a dev dependency of this one).
 */
export function options(): ICruiseOptions {
  return {
    validate: true,
    ruleSet: { forbidden: rules },
    exclude: {
      path: '(^|/)(node_modules|\\.turbo|coverage|generated)/|^tooling/architecture/test/fixtures/',
    },
    doNotFollow: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types'],
    },
  };
}
