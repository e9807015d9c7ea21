// Loads the siochaos CLI module: the compiled one in dist/ (built by `npm run build`, which
// `npm install` runs through `prepare`). In a checkout of the repository, when dist/ is missing or
// older than the TypeScript sources, it says so on stderr and loads the sources through tsx instead.
// An installed package has no sources: it always loads dist/.
export async function loadCli() {
  const { compiledIsCurrent } = await import('./buildState.mjs');
  if (compiledIsCurrent()) return import('../../dist/harness/src/cli.js');
  console.error('siochaos: dist/ is missing or older than the sources: running the sources through tsx (npm run build compiles them)');
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli.ts');
}
