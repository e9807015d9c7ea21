#!/usr/bin/env node
// The siochaos command. It runs the CLI (cli.mjs) as a child in a process group of its own, so that a
// terminal's Ctrl-C (SIGINT to the whole foreground group) reaches only this launcher, which passes it
// on: during a campaign (run, replay) to the CLI process alone, which stops what it started (esbuild's
// service, Toxiproxy, targets, browsers) and still writes its report; for the other commands to the CLI's
// whole group, as a terminal would. The CLI gets SIGTERM if this launcher dies (setpriv --pdeathsig).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const PERL = '/usr/bin/perl';
// How long a child killed by a signal before it listened waits for the launcher's own handler of that signal.
const SIGNAL_GRACE_MS = 100;
const SETPRIV = '/usr/bin/setpriv';
// A process group of its own in this session (Linux schedules each session as a group), then exec.
const SETPGRP = 'setpgrp(0, 0) or die "setpgrp: $!\\n"; exec { $ARGV[0] } @ARGV or die "cannot run $ARGV[0]: $!\\n"';

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const args = process.argv.slice(2);

// Help starts nothing that Ctrl-C must stop: it is answered here, without a second Node process
// (half the time `siochaos --help` took).
const HELP = new Set(['help', '--help', '-h']);
if (args.length === 0 || HELP.has(args[0]) || args.includes('--help') || args.includes('-h')) {
  const { loadCli } = await import('./loadCli.mjs');
  const cli = await loadCli();
  process.exitCode = await cli.main(args, []);
} else {
  launch();
}

/**
 * Runs the CLI as a child in a process group of its own and passes signals on to it.
 *
 * Until perl's setpgrp the child (setpriv, perl) is still in this launcher's group, so a terminal's
 * Ctrl-C in that instant (a few ms; longer on a loaded machine) kills it before Node starts: nothing
 * was started yet. The signal is meant for the CLI, so the launcher starts the CLI again and hands the
 * held signal over once it listens: a campaign still reports, interrupted, with exit 2.
 */
function launch() {
  let command = [process.execPath, fileURLToPath(new URL('./cli.mjs', import.meta.url)), ...args];
  let detached = true;
  if (process.platform === 'linux' && executable(PERL)) {
    command = [PERL, '-e', SETPGRP, '--', ...command];
    detached = false;
  }
  if (process.platform === 'linux' && executable(SETPRIV)) command = [SETPRIV, '--pdeathsig', 'TERM', '--', ...command];

  const campaign = args[0] === 'run' || args[0] === 'replay';
  let child;
  let listening = false;
  const held = [];
  const pass = (signal) => {
    if (!listening) return void held.push(signal);
    try {
      if (campaign) child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const start = () => {
    child = spawn(command[0], command.slice(1), { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], detached });
    child.on('message', (message) => {
      if (message !== 'listening') return;
      listening = true;
      child.channel?.unref();
      for (const signal of held.splice(0)) pass(signal);
    });
    child.on('error', (err) => {
      console.error(`siochaos: cannot start its CLI (${err.message}): check the installation`);
      process.exit(2);
    });
    child.on('exit', (code, signal) => {
      const end = () => {
        if (!listening && signal !== null && held.includes(signal)) return void start();
        process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
      };
      // The group's signal that killed the child reaches this launcher too, but its handler may run after
      // this exit is heard: it gets a moment to hold the signal before the death is taken as the child's own.
      if (!listening && signal !== null) setTimeout(end, SIGNAL_GRACE_MS);
      else end();
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => pass(signal));
  start();
}
