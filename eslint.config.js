// ESLint flat config: `npm run lint` (bash scripts/task.sh lint → `npx eslint . --max-warnings 0`).
// Typed typescript-eslint rules over every .ts/.js/.mjs file, eslint-plugin-astro over .astro files,
// and a purity fence around models/. Formatting is not linted here.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Globals of a browser page that Node does not have (document, window, HTMLElement, …), plus Node's
// own I/O and module globals, plus the storage, network, events and timers that both have. A model may
// use none of them: it is a pure function of its inputs, run the same way at build, in the browser and
// in tests.
const nodeGlobals = new Set(Object.keys(globals.node));
const modelMessage =
  'models/ must stay pure (no DOM, no site code, no I/O): a model is a function of its inputs that ' +
  'runs unchanged at build time, in the browser and in tests. Do this in src/ or scripts/ instead.';
const forbiddenInModels = new Set([
  ...Object.keys(globals.browser).filter((name) => !nodeGlobals.has(name)),
  ...['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global'],
  // Shared by both runtimes, so not in the difference above, but still a page's state or I/O, or
  // (timers, performance) a clock that would make a model's answer depend on when it ran.
  ...['navigator', 'Navigator', 'localStorage', 'sessionStorage', 'Storage', 'performance'],
  ...['fetch', 'Request', 'Response', 'Headers', 'FormData', 'XMLHttpRequest', 'WebSocket', 'EventSource'],
  ...['BroadcastChannel', 'MessageChannel', 'Event', 'CustomEvent', 'EventTarget'],
  ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask'],
]);

// astro-eslint-parser, as the plugin's base config sets it for .astro files.
const astroParser = astro.configs.base.find((c) => c.name === 'astro/base')?.languageOptions?.parser;

// The typed rules added to recommendedTypeChecked, for .ts/.js files and .astro frontmatter alike.
const bugRules = {
  // Already in recommendedTypeChecked; named here because they are the reason for typed linting.
  // A promise nobody awaits loses its rejection (an unhandled error in a build step or a test).
  '@typescript-eslint/no-floating-promises': 'error',
  // An async function passed where a void callback is expected (event listener, forEach):
  // its rejection is lost and its ordering is not what the call site assumes.
  '@typescript-eslint/no-misused-promises': 'error',
  // A switch over a union (model ids, chart names, units, formats) must handle every member, so
  // adding a member makes every switch that forgot it fail here instead of falling through.
  '@typescript-eslint/switch-exhaustiveness-check': [
    'error',
    { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
  ],
  // Array#sort without a comparator sorts numbers as strings ([10, 9].sort() is [10, 9]): a
  // quiet wrong number in a site made of numbers. String arrays may still sort by default.
  '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
  // `return promise` inside try/catch skips the catch when the promise rejects.
  '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
  // APIs marked @deprecated in their types (Node, Astro, zod, Plot) are on their way out.
  '@typescript-eslint/no-deprecated': 'error',
  // == coerces ('' == 0); `== null` (null or undefined) stays allowed.
  eqeqeq: ['error', 'smart'],
  // Unused bindings (tsc errors too, under the strictest preset): a `_` prefix marks one as
  // deliberate, as tsc already accepts for parameters (a test fake's `_fn`).
  '@typescript-eslint/no-unused-vars': [
    'error',
    { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
  ],
  // consistent-type-imports is not enabled: it would be redundant, since tsconfig's
  // verbatimModuleSyntax already makes tsc reject a type imported without `type`.
};

export default defineConfig(
  {
    // What .gitignore leaves out (lib/: the models npm pack compiles), plus the pinned Node that
    // scripts/env.sh installs.
    ignores: ['dist/', '.astro/', '.cache/', '.tmp/', 'test-results/', 'lib/', 'scripts/node/', 'public/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Every JavaScript and TypeScript file, type-aware (the project service reads tsconfig.json,
  // whose allowJs takes in the .js/.mjs files too).
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    // Not the virtual files of .astro <script> blocks (below): no tsconfig project holds them.
    ignores: ['**/*.astro/*'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: bugRules,
  },

  // The purity fence: models/ imports nothing from the site, Astro, Node or the DOM.
  {
    files: ['models/**/*.{ts,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: modelMessage })),
          patterns: [
            { regex: '^(\\.\\./)+src(/|$)', message: modelMessage },
            { regex: '^/?src/', message: modelMessage },
            { regex: '^astro', message: modelMessage },
            { regex: '^@astrojs/', message: modelMessage },
            { regex: '^node:', message: modelMessage },
            { regex: '^@observablehq/plot$', message: modelMessage },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...[...forbiddenInModels].map((name) => ({ name, message: modelMessage }))],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: `No dynamic import() in models/. ${modelMessage}` },
      ],
    },
  },

  // .astro components: the plugin's parser and recommended rules. The components' <script> blocks are
  // extracted by the plugin's processor into virtual *.astro/*.ts files.
  ...astro.configs.recommended,
  {
    files: ['**/*.astro'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // recommendedTypeChecked sets typescript-eslint's parser; .astro files need the plugin's, which
      // hands the frontmatter and template expressions to typescript-eslint's.
      parser: astroParser,
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.astro'],
        // astro-eslint-parser does not support projectService; `project: true` is what it does instead.
        project: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      ...bugRules,
      // Off in .astro only: Astro types a template's JSX element as `any` (astroHTML.JSX.Element), so
      // every `{xs.map((x) => <li>{x}</li>)}` is reported as an unsafe return. This is the false positive
      // eslint-plugin-astro's README documents; the frontmatter's types are still checked by astro check.
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The components' <script> blocks, which the plugin's processor extracts as virtual
    // Component.astro/N.ts files. Not type-aware: a virtual file is in no tsconfig project, so typed
    // rules cannot run on it (the project service refuses it); astro check type-checks these blocks.
    files: ['**/*.astro/*.{js,ts}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
  },
);
