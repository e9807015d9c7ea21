/**
 * ExitMonitor's freeze: a death seen at once whose status comes later is
 * judged by the mark it had when it was seen, not by a mark cleared meanwhile
 * (a crash-at heal clearing its SIGKILL mark while a worker's status is awaited).
 */
import { expect, it } from 'vitest';
import { ExitMonitor, type TargetExit } from '../../src/target/exitMonitor.js';

const killed: TargetExit = { code: null, signal: 'SIGKILL', stderr: '' };

it('a frozen mark outlives a later expect(false); an unfrozen one does not', () => {
  const told: TargetExit[] = [];
  const exits = new ExitMonitor();
  exits.listen((exit) => told.push(exit));

  const frozen = exits.started();
  exits.expect('SIGKILL');
  frozen.freeze();
  exits.expect(false);
  expect(frozen(killed)).toBe(false);

  const open = exits.started();
  exits.expect('SIGKILL');
  exits.expect(false);
  expect(open(killed)).toBe(true);
  expect(told).toEqual([killed]);
});

it('an unknown status under a signal mark is siochaos\'s (its waiter gave up on a late line); unmarked, it is told', () => {
  const unknown: TargetExit = { code: null, signal: null, stderr: '' };
  const told: TargetExit[] = [];
  const exits = new ExitMonitor();
  exits.listen((exit) => told.push(exit));

  const armed = exits.started();
  exits.expect('SIGKILL');
  armed.freeze();
  exits.expect(false);
  expect(armed.mark()).toBe('SIGKILL');
  expect(armed(unknown)).toBe(false);
  // A status that is known and not the armed signal is still the server's.
  const ownCrash = exits.started();
  exits.expect('SIGKILL');
  expect(ownCrash({ code: 1, signal: null, stderr: '' })).toBe(true);

  const unmarked = exits.started();
  expect(unmarked(unknown)).toBe(true);
  expect(told).toEqual([{ code: 1, signal: null, stderr: '' }, unknown]);
});
