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
  {
    // Storage answers promises (PostgreSQL's do): one not awaited is a write outside its transaction, or a
    // rejection that would end the process. Type-aware, so only where storage is reached.
    files: ['server/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json' } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A promise returned from inside try without await escapes its catch and finally (a refusal unaudited).
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  // A feature reaches another only through its index.ts; shared plumbing never reaches into a feature.
  {
    files: ['server/features/*/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/client/**', '**/test/**'], message: 'The server never imports the client or tests.' },
            { group: ['better-sqlite3'], message: 'Only server/db/ opens SQLite.' },
            { group: ['socket.io', 'ws', '**/realtime/socket/**'], message: 'Features announce on the bus (server/bus.ts); they never call a transport.' },
            { regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$)', message: "Another feature is reached through its index.ts, never its internals." },
          ],
        },
      ],
    },
  },
  // The storage seam (issue 11, item 6): in the features that have a repository, services, routes and
  // commands reach storage through it (repo.ts, queries.ts), never through drizzle or the database handle.
  {
    files: [
      'server/features/{meetings,challenges,notifications,plans}/{service,agenda,guard,commands,routes,recommendations,detail}.ts',
      'server/features/risks/{service,commands,routes}.ts',
      'server/features/admin/{service,people,partnerships,routes}.ts',
      'server/features/auth/{service,routes,cookie-session}.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/client/**', '**/test/**'], message: 'The server never imports the client or tests.' },
            { group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', '**/db/schema*.js', '**/core/audit.js'], message: 'Storage is the feature repository’s (repo.ts, queries.ts).' },
            { group: ['socket.io', 'ws', '**/realtime/socket/**'], message: 'Features announce on the bus (server/bus.ts); they never call a transport.' },
            { regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$)', message: "Another feature is reached through its index.ts, never its internals." },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name=/^(db|database)$/][object.property.name='ctx']", message: 'Storage is the feature repository’s (repo.ts, queries.ts).' },
        { selector: "MemberExpression[property.name=/^(db|database)$/][object.name='ctx']", message: 'Storage is the feature repository’s (repo.ts, queries.ts).' },
      ],
    },
  },
  // Admin and auth services also keep off the synchronous storage steps (the account and session
  // helpers run inside a repository's transaction or on the hot path; core/references.js reads rows).
  // A second rule name, so that it adds to the seam's no-restricted-imports above instead of replacing it.
  {
    files: ['server/features/admin/{service,people,partnerships,routes}.ts', 'server/features/auth/{service,routes}.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '../auth/index.js',
              importNames: ['accountByEmail', 'accountOf', 'addPersonRow', 'assertOnlyIn', 'createSession', 'endSessionsOf', 'landingPerson', 'partnershipsOf', 'personRowsOf', 'setPassword', 'sharedBeyond', 'voidLinksOf', 'resolveSession', 'useSession', 'endExpiredSessions'],
              message: 'A storage step: the feature repository calls it inside its transaction (admin/people-repo.ts, auth/repo.ts).',
            },
          ],
          patterns: [
            { group: ['**/core/references.js'], message: 'The repository checks references (it reads rows).' },
            { group: ['./accounts.js', './sessions.js'], allowTypeImports: true, message: 'Storage steps of auth: reached through AuthRepository (repo.ts).' },
          ],
        },
      ],
    },
  },
  // core/ holds what every feature shares (actors, audit, references, the dispatcher): it may read the database.
  boundary(['server/core/**', 'server/bus.ts'], [
    [['**/features/**'], 'Plumbing never reaches into a feature: features plug into it (server/features/registry.ts).'],
    [['**/http/**', '**/realtime/**', 'express', 'socket.io', 'ws'], 'core/ is below the transports.'],
    [['better-sqlite3'], 'Only server/db/ opens SQLite.'],
  ]),
  boundary(['server/realtime/**'], [
    [['**/features/**'], 'Plumbing never reaches into a feature: features plug into it (server/features/registry.ts).'],
    [['**/http/**'], 'realtime/ and http/ do not import each other.'],
    [['**/db/**', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], 'realtime/ reaches storage through the interfaces it declares (yjs/doc-kind.ts).'],
  ]),
  boundary(['server/http/**'], [
    [['**/features/**'], 'Plumbing never reaches into a feature: features plug into it (server/features/registry.ts).'],
    [['**/realtime/**'], 'realtime/ and http/ do not import each other.'],
    [['**/db/**', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], 'http/ reaches the database through the features.'],
  ]),
  boundary(['server/db/**'], [[['**/features/**', '**/core/**', '**/http/**', '**/realtime/**'], 'db/ is the bottom layer.']]),
);
