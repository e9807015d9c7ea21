// The siochaos CLI, started by siochaos.mjs in a process group of its own: loads the TypeScript
// sources through tsx and hands over to the CLI.

// Ctrl-C while the sources load (a few seconds) is kept for the CLI: a campaign still writes its report.
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
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2), earlySignals);
// Sockets of torn-down clients may linger for a moment: exit once stdout is flushed.
process.stdout.write('', () => process.exit(code));
