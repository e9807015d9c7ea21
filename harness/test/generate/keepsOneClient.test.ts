/**
 * A generated scenario never sends every client away for good: with nobody
 * connected at the end, `missed` cannot be judged and the scenario could only
 * be `unknown`, which would make a campaign against a correct server unknown.
 */
import { describe, expect, it } from 'vitest';
import { EmitDuringFaultCommand } from '../../src/generate/commands/EmitDuringFaultCommand.js';
import { InjectCommand } from '../../src/generate/commands/InjectCommand.js';
import { initialModel, noteInjected, removesEveryClient } from '../../src/generate/Model.js';
import { faultByName } from '../../src/faults/registry.js';

const leave = faultByName('client-leave');

describe('client-leave in generated scenarios', () => {
  it('is refused when it would remove the last clients', () => {
    const model = initialModel(3);
    expect(new InjectCommand('client-leave', {}, [0, 1, 2]).check(model)).toBe(false);
    expect(new InjectCommand('client-leave', {}, [0, 1]).check(model)).toBe(true);
    noteInjected(model, leave, [0, 1]);
    model.activeFaults = 0;
    expect(new InjectCommand('client-leave', {}, [2]).check(model)).toBe(false);
    expect(new InjectCommand('client-leave', {}, [1]).check(model)).toBe(true);
    expect(new EmitDuringFaultCommand(new InjectCommand('client-leave', {}, [2]), 2, 'hi').check(model)).toBe(false);
  });

  it('counts clients gone for good, whatever other faults do', () => {
    const model = initialModel(2);
    noteInjected(model, faultByName('latency'), [0, 1]);
    expect(model.departed.size).toBe(0);
    expect(removesEveryClient(model, [0])).toBe(false);
    noteInjected(model, leave, [0]);
    expect(removesEveryClient(model, [1])).toBe(true);
    expect(model.activeFaults).toBe(2);
  });
});
