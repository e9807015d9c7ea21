import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Test folders whose files leave nothing behind in the modules they import
 * (env changes and spies are undone after each test; processes, proxies and
 * sockets are theirs and stopped): they share one module graph per worker
 * (`isolate: false`), which spares each file a fresh fork that imports the
 * harness again. Measured on 2 cores at load 15-20: the 32 pure unit files
 * took 21-22 s of CPU isolated, 10-11 s shared; reporters, clients,
 * toxiproxy, process and provision (28 files) 33 s, 23 s; core, browser,
 * faults and target (35 files) pass shared too. So do the folders that spawn
 * the CLI or run long campaigns (e2e, examples, zoo, merge, vitest, ci: 36
 * files), alone on 2 AMD EPYC cores: 338 s and 9.1 min of CPU isolated
 * (59.6 s of it importing), 300 s and 8.0 min shared. The reference
 * server's tests stay isolated: lazyImports.test checks what a fresh module
 * graph loads.
 */
const SHARED_MODULES = [
  'harness/test/{architecture,checkers,config,generate,history,model,protocol,schema,stores,view}/**/*.test.ts',
  'harness/test/{reporters,clients,toxiproxy,process,provision}/**/*.test.ts',
  'harness/test/{core,browser,faults,target}/**/*.test.ts',
  'harness/test/{e2e,examples,zoo,merge,vitest,ci}/**/*.test.ts',
  'reference-server/test/units.test.ts',
];

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources, the package's own names included (its `exports` point at dist/).
    alias: [
      { find: /^siochaos$/, replacement: source('./harness/src/index.ts') },
      { find: /^siochaos\/vitest$/, replacement: source('./harness/src/vitest/index.ts') },
    ],
  },
  test: {
    // dist/ built from the sources as they are: the CLI the e2e tests spawn runs it. Every project
    // inherits it and vitest calls it for each; it does its work once (see globalSetup.ts).
    globalSetup: ['harness/test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests start real processes; two workers fit the two cores of our machines.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'shared-modules', include: SHARED_MODULES, isolate: false } },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['harness/test/**/*.test.ts', 'reference-server/test/**/*.test.ts', 'scenarios/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SHARED_MODULES],
        },
      },
    ],
  },
});
