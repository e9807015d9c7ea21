import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, folderOf, packageImports, sourceImports, type Import } from './importGraph.js';

const SRC = path.resolve(__dirname, '../../src');
const imports = sourceImports(SRC);

/** A cycle as one line per step, each naming one import that makes it, and what else is in the same tangle. */
function describeCycle({ members, cycle }: { members: string[]; cycle: string[] }, example: (from: string, to: string) => Import): string {
  const steps = cycle.slice(1).map((to, i) => {
    const { from: file, to: target } = example(cycle[i]!, to);
    return `  ${cycle[i]} -> ${to}  (${file} imports ${target})`;
  });
  const tangle = members.length > cycle.length - 1 ? `\n  (one cycle of ${members.length} tangled: ${members.join(', ')})` : '';
  return `${cycle.join(' -> ')}\n${steps.join('\n')}${tangle}`;
}

describe('imports of harness/src', () => {
  it('finds the imports it checks (the scan reads the source)', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports).toContainEqual({ from: 'core/runCampaign.ts', to: 'core/searchScenarios.ts' });
  });

  it('have no cycle between folders', () => {
    const between = imports.filter((i) => folderOf(i.from) !== folderOf(i.to));
    const example = (a: string, b: string) => between.find((i) => folderOf(i.from) === a && folderOf(i.to) === b)!;
    const cycles = findCycles(between.map((i) => [folderOf(i.from), folderOf(i.to)] as const));
    expect(cycles.map((c) => describeCycle(c, example))).toEqual([]);
  });

  it('have no cycle between files', () => {
    const example = (a: string, b: string) => ({ from: a, to: b });
    const cycles = findCycles(imports.map((i) => [i.from, i.to] as const));
    expect(cycles.map((c) => describeCycle(c, example))).toEqual([]);
  });

  it('of model/ are only other model/ files (and zod): the shared model types are a leaf', () => {
    const outward = imports.filter((i) => folderOf(i.from) === 'model' && folderOf(i.to) !== 'model');
    expect(outward).toEqual([]);
    const packages = packageImports(SRC).filter((i) => folderOf(i.from) === 'model' && i.specifier !== 'zod');
    expect(packages).toEqual([]);
  });
});
