import { describe, expect, it } from 'vitest';
import { faultByName, faults } from '../../src/faults/registry.js';
import { validateParams } from '../../src/faults/validateParams.js';

const NEW_FAULTS = {
  crash: ['process', 'target'],
  restart: ['process', 'target'],
  pause: ['process', 'target'],
  'crash-at': ['process', 'target'],
  'sqlite-stall': ['database', 'target'],
  'sqlite-unavailable': ['database', 'target'],
  'db-latency': ['database', 'target'],
  'db-timeout': ['database', 'target'],
  'db-reset-peer': ['database', 'target'],
  'db-down': ['database', 'target'],
  'client-reconnect': ['client', 'clients'],
  'client-leave': ['client', 'clients'],
  'node-crash': ['node', 'target'],
  'node-restart': ['node', 'target'],
  'node-pause': ['node', 'target'],
  'node-db-down': ['node', 'target'],
  'adapter-partition': ['adapter', 'target'],
  'adapter-latency': ['adapter', 'target'],
  'adapter-down': ['adapter', 'target'],
} as const;

describe('the fault registry', () => {
  it('has every process, database, client, node and adapter fault, with its kind and scope', () => {
    for (const [name, [kind, scope]] of Object.entries(NEW_FAULTS)) {
      const fault = faultByName(name);
      expect(fault.name).toBe(name);
      expect([fault.kind, fault.scope]).toEqual([kind, scope]);
      expect(fault.summary.length).toBeGreaterThan(10);
    }
  });

  it('an unknown fault is an error that lists the valid ones', () => {
    expect(() => faultByName('explode')).toThrow(/unknown fault "explode": use one of .*crash, restart, pause, crash-at, sqlite-stall/);
  });

  it('defaults are valid, generate ranges lie within the valid ranges, and describe says something', () => {
    for (const fault of Object.values(faults)) {
      const params = validateParams(fault.name, fault.params, {});
      expect(fault.describe(params, ['c0']).length).toBeGreaterThan(10);
      for (const [name, spec] of Object.entries(fault.params)) {
        if (spec.kind === 'number') {
          expect(spec.default, `${fault.name}.${name}`).toBeGreaterThanOrEqual(spec.min);
          if (!spec.generate) continue;
          expect(spec.generate[0], `${fault.name}.${name}`).toBeGreaterThanOrEqual(spec.min);
          expect(spec.generate[1], `${fault.name}.${name}`).toBeLessThanOrEqual(spec.max);
          expect(spec.generate[0]).toBeLessThanOrEqual(spec.generate[1]);
        } else {
          for (const value of spec.generate ?? []) expect(spec.values, `${fault.name}.${name}`).toContain(value);
        }
      }
    }
  });

  it('generated durations of the new faults stay short', () => {
    for (const name of Object.keys(NEW_FAULTS)) {
      for (const spec of Object.values(faultByName(name).params)) {
        if (spec.kind === 'number' && spec.unit === 'ms') expect(spec.generate?.[1], name).toBeLessThanOrEqual(4000);
      }
    }
  });
});

describe('validateParams on the new faults', () => {
  it('fills in defaults', () => {
    expect(validateParams('crash-at', faults['crash-at'].params, {})).toEqual({ point: 'after-insert-before-ack', delay: 500 });
    expect(validateParams('db-timeout', faults['db-timeout'].params, {})).toEqual({ stream: 'downstream', timeout: 0 });
  });

  it('an unknown parameter is an error that lists the valid ones', () => {
    expect(() => validateParams('crash', faults.crash.params, { wait: 5 })).toThrow(
      'fault crash has no parameter "wait": its parameters are delay (0..600000 ms)',
    );
    expect(() => validateParams('client-leave', faults['client-leave'].params, { duration: 5 })).toThrow(
      'fault client-leave has no parameter "duration": its parameters are none',
    );
  });

  it('a bad value is an error that says the valid range or choices', () => {
    expect(() => validateParams('pause', faults.pause.params, { duration: -1 })).toThrow(
      'fault pause: duration must be a number from 0 to 600000, got -1',
    );
    expect(() => validateParams('crash-at', faults['crash-at'].params, { point: 'nowhere' })).toThrow(
      'fault crash-at: point must be one of before-insert, after-insert-before-ack, after-broadcast-before-ack, after-ack-before-broadcast, got "nowhere"',
    );
    expect(() => validateParams('sqlite-stall', faults['sqlite-stall'].params, { duration: 'long' })).toThrow(
      /sqlite-stall: duration must be a number from 0 to 600000, got "long"/,
    );
  });
});
