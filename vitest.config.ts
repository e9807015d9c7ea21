import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources, the package's own names included (its `exports` point at dist/).
    alias: [
      { find: /^siochaos$/, replacement: source('./harness/src/index.ts') },
      { find: /^siochaos\/vitest$/, replacement: source('./harness/src/vitest/index.ts') },
    ],
  },
  test: {
    include: ['harness/test/**/*.test.ts', 'reference-server/test/**/*.test.ts', 'scenarios/**/*.test.ts'],
    // dist/ built from the sources as they are: the CLI the e2e tests spawn runs it.
    globalSetup: ['harness/test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests start real processes; two workers fit the two cores of our machines.
    maxWorkers: 2,
  },
});
