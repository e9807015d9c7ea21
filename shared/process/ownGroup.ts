import { spawnSync } from 'node:child_process';
import { parentDeathCommand, SETPRIV, type ParentDeathSignal } from './parentDeath.js';

/** Where Debian's perl-base (an essential package) installs Perl: it calls setpgrp before exec. */
export const PERL = '/usr/bin/perl';

/** Puts the process in a process group of its own (same session), then execs the command: the PID stays. */
const SETPGRP_THEN_EXEC = 'setpgrp(0, 0) or die "setpgrp: $!\\n"; exec { $ARGV[0] } @ARGV or die "cannot run $ARGV[0]: $!\\n"';

let perlWorks: boolean | undefined;

/** Whether Perl is there and can setpgrp (asked once). */
function perlCanSetpgrp(): boolean {
  perlWorks ??= spawnSync(PERL, ['-e', SETPGRP_THEN_EXEC, '--', process.execPath, '--version'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  return perlWorks;
}

/** How to spawn a command in a process group of its own (see {@link ownGroupSpawn}). */
export interface OwnGroupSpawn {
  /** The command line to spawn, maybe wrapped by setpriv and perl (both exec: the PID is the command's). */
  readonly command: string[];
  /** The `detached` option for `child_process.spawn`: true when the group comes with a session of its own. */
  readonly detached: boolean;
  /** Whether the kernel sends it a signal when siochaos dies (even by SIGKILL). */
  readonly guarded: boolean;
}

/** Options of {@link ownGroupSpawn}. */
export interface OwnGroupOptions {
  /** A session of its own too (`detached`), not only a process group (default false). */
  session?: boolean;
  /** What siochaos's death sends it: `KILL` for a process a fault may have stopped (SIGSTOP), else `TERM` (the default). */
  deathSignal?: ParentDeathSignal;
}

/**
 * How to spawn a process siochaos starts so that the terminal's Ctrl-C
 * (SIGINT to the foreground process group) does not reach it, and it still
 * ends with siochaos: in a process group of its own, with a parent-death
 * signal. siochaos stops it itself.
 *
 * Without `session`, the group stays in siochaos's session (Perl's setpgrp,
 * then exec), because Linux gives each session its own scheduling group and
 * a process alone in one gets less CPU when the cores are busy; without Perl,
 * it falls back to a session of its own. The parent-death signal is
 * `setpriv --pdeathsig` (see {@link parentDeathCommand}).
 *
 * @example
 * const how = ownGroupSpawn(['toxiproxy-server', '-port', '8474']);
 * const child = spawn(how.command[0]!, how.command.slice(1), { detached: how.detached, stdio: 'pipe' });
 */
export function ownGroupSpawn(command: readonly string[], options: OwnGroupOptions = {}): OwnGroupSpawn {
  const ownSession = options.session === true || !perlCanSetpgrp();
  const inGroup = ownSession ? [...command] : [PERL, '-e', SETPGRP_THEN_EXEC, '--', ...command];
  const { command: wrapped, guarded } = parentDeathCommand(inGroup, SETPRIV, options.deathSignal ?? 'TERM');
  return { command: wrapped, detached: ownSession, guarded };
}
