// Lint rules for the whole repository, run by `npm run lint` (part of `npm test`). Layout is prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', '.vscode-test/', 'node_modules/', 'test-results/', '.cache/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // TypeScript checks names itself; plain .mjs/.js scripts run in Node or a browser page with their globals.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Errors are rewritten for the person reading them, with the original message inside the new one.
      'preserve-caught-error': 'off',
      // The terminal-safety code matches control characters on purpose.
      'no-control-regex': 'off',
      // A server or handler assigned after the closure that reads it is made.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // The engine, CLI, server and webview never import vscode: only the extension host has it.
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'only src/extension and its tests may import vscode' }] }],
    },
  },
  {
    files: ['src/extension/**', 'test/extension/**', 'bench/extension/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Prettier wraps code at 140 columns but never a string, a template, a regex or a comment: those are wrapped by hand.
    files: ['src/**', 'test/**'],
    rules: {
      'max-len': [
        'error',
        {
          code: 160,
          ignoreStrings: false,
          ignoreTemplateLiterals: false,
          ignoreRegExpLiterals: false,
          ignoreUrls: false,
          ignoreComments: false,
        },
      ],
    },
  },
);
