// The siochaos CLI, started by siochaos.mjs in a process group of its own: loads the CLI module
// (compiled, or the sources in a checkout whose dist/ is stale: loadCli.mjs) and hands over to it.

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
const { loadCli } = await import('./loadCli.mjs');
const cli = await loadCli();
const code = await cli.main(process.argv.slice(2), earlySignals);
// Sockets of torn-down clients may linger for a moment: exit once stdout is flushed.
process.stdout.write('', () => process.exit(code));
