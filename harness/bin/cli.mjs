// The siochaos CLI, started by siochaos.mjs in a process group of its own: runs the compiled CLI
// (dist/, built by `npm run build`, which `npm install` runs through `prepare`) and hands over to it.
// In a checkout of the repository, when dist/ is missing or older than the TypeScript sources, it
// says so on stderr and runs the sources through tsx instead. An installed package has no sources:
// it always runs dist/.

// Ctrl-C while the CLI loads is kept for it: a campaign still writes its report.
// Listening comes first, before any import; it is never removed: with no listener left for a moment,
// Node would drop a signal not yet dispatched.
const earlySignals = [];
const keep = (signal) => earlySignals.push(signal);
process.on('SIGINT', keep);
process.on('SIGTERM', keep);
// Tell the launcher it may pass signals on now (before this, one would end Node while it boots).
if (process.send) {
  process.send('listening');
  process.channel?.unref();
}
const { compiledIsCurrent } = await import('./buildState.mjs');
let cli;
if (compiledIsCurrent()) {
  cli = await import('../../dist/harness/src/cli.js');
} else {
  console.error('siochaos: dist/ is missing or older than the sources: running the sources through tsx (npm run build compiles them)');
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
const code = await cli.main(process.argv.slice(2), earlySignals);
// Sockets of torn-down clients may linger for a moment: exit once stdout is flushed.
process.stdout.write('', () => process.exit(code));
