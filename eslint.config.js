import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import { featureBoundaries } from './eslint-rules/feature-boundaries.js';

/** The import rules of ARCHITECTURE.md, enforced: each entry forbids a layer from reaching another. */
const boundary = (files, patterns) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: patterns.map(([group, message]) => ({ group, message })) },
    ],
  },
});

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'drizzle/', 'data/', 'test-results/', 'playwright-report/', 'bench/results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  boundary(['shared/**'], [
    [['**/server/**', '**/client/**', '**/test/**'], 'shared/ is imported by both sides and imports neither.'],
    [['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'express', 'socket.io', 'ws'], 'shared/ runs in the browser too.'],
  ]),
  boundary(['client/**'], [
    [['**/server/**', '**/test/**'], 'The client talks to the server over HTTP, Socket.io and Yjs only.'],
    [['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'express', 'socket.io', 'ws'], 'Server-only package.'],
  ]),
  {
    // The client's features (client/src/features/<feature>/) meet only through each one's index.ts.
    files: ['client/**'],
    plugins: { local: { rules: { 'feature-boundaries': featureBoundaries } } },
    rules: { 'local/feature-boundaries': 'error' },
  },
  boundary(['server/**'], [[['**/client/**', '**/test/**'], 'The server never imports the client or tests.']]),
  boundary(['server/services/**'], [[['**/http/**', '**/realtime/**', 'express', 'socket.io'], 'Services are called by http/ and realtime/, never the reverse.'], [['better-sqlite3'], 'Only server/db/ opens SQLite.']]),
  boundary(['server/http/**', 'server/realtime/**'], [
    [['**/db/**', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], 'http/ and realtime/ go through services/ to reach the database.'],
  ]),
  boundary(['server/db/**'], [[['**/services/**', '**/http/**', '**/realtime/**'], 'db/ is the bottom layer.']]),
);
