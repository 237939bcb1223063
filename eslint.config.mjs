// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.stack/**',
      'data/**',
      'logs/**',
      'eslint.config.mjs',
      '.mocharc.cjs',
      '.dependency-cruiser.cjs',
      'bin/**',
      'scripts/dev/*.cjs',
      'scripts/schemathesis/.venv/**',
      'scripts/ml/.venv/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      'no-console': 'off',
      // Stylistic, and at odds with concise event handlers.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // False positives for winston transports and driver option objects.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    // Tests and their helpers start child processes, which inherit the environment.
    ignores: ['src/config/**', 'src/**/*.test.ts', 'src/testing/**', 'src/web/e2e/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config reads the environment; inject Config.' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'src/testing/**', 'src/web/e2e/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      // Fake ports and handlers implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
