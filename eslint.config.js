import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'reports/', 'test-results/', 'playwright-report/', 'blob-report/', '.attesta/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // With noUncheckedIndexedAccess, `!` is how an index known to exist is said; tsc checks the rest.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter: `{}` declares none.
    files: ['fixtures/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
