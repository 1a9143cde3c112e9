// Lint rules: the recommended JavaScript and TypeScript sets, formatting left to Prettier, and
// the architecture's one rule made checkable: dependencies point inward (design §2).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const APPS_SCRIPT_GLOBALS = [
  'SpreadsheetApp',
  'PropertiesService',
  'CacheService',
  'LockService',
  'UrlFetchApp',
  'Utilities',
  'Session',
  'HtmlService',
  'ScriptApp',
  'Logger',
].map((name) => ({ name, message: 'src/core is pure: reach Apps Script through a port (src/core/ports.ts).' }));

const outward = (...folders) => ({
  patterns: folders.map((f) => ({
    group: [`**/${f}/**`, `**/${f}`],
    message: `Dependencies point inward: this code may not import from ${f}/.`,
  })),
});

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', '.test-results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Error's `cause` option is ES2022; the add-on and the sidebar target ES2019, and every
      // message we rethrow already names the file, row or field it is about.
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...APPS_SCRIPT_GLOBALS],
      'no-restricted-imports': ['error', outward('gas', 'local', 'sidebar')],
    },
  },
  { files: ['src/gas/**/*.ts'], rules: { 'no-restricted-imports': ['error', outward('local', 'sidebar')] } },
  {
    files: ['sidebar/**/*.ts'],
    rules: {
      // The sidebar takes only the entry file's types from the server: no server code in the page.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/local/**', '**/src/gas/*', '!**/src/gas/index'],
              message: 'The sidebar reaches the server only through sidebar/server.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'bin/**', 'bench/**', 'test/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
