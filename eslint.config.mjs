// Lint rules of the project: typed TypeScript rules, and a pure planner.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'constructs/imports/**', 'coverage/**', '**/*.js', '**/*.mjs', 'bench/calibration/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The planner is pure: no cdk8s, no Pulumi, no file system, no processes, no network.
    files: ['planner/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'child_process',
            'node:child_process',
            'http',
            'node:http',
            'https',
            'node:https',
            'net',
            'node:net',
            'cdk8s',
            'cdk8s-plus-28',
            'constructs',
          ],
          patterns: ['@pulumi/*', '../constructs/*', '../components/*', '../../constructs/*', '../../components/*'],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
