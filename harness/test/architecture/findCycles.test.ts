import { describe, expect, it } from 'vitest';
import { findCycles, folderOf } from './importGraph.js';

describe('findCycles', () => {
  it('names the cycle of two nodes, and none in a chain', () => {
    expect(findCycles([['a', 'b'], ['b', 'a'], ['b', 'c']])).toEqual([{ members: ['a', 'b'], cycle: ['a', 'b', 'a'] }]);
    expect(findCycles([['a', 'b'], ['b', 'c']])).toEqual([]);
  });

  it('gives the shortest path of a longer cycle, and one per component', () => {
    const cycles = findCycles([['x', 'y'], ['y', 'z'], ['z', 'x'], ['p', 'q'], ['q', 'p'], ['z', 'p']]).map((c) => c.cycle);
    expect(cycles).toHaveLength(2);
    expect(cycles).toContainEqual(['p', 'q', 'p']);
    expect(cycles).toContainEqual(['x', 'y', 'z', 'x']);
  });

  it('counts a node importing itself', () => {
    expect(findCycles([['a', 'a']])).toEqual([{ members: ['a'], cycle: ['a', 'a'] }]);
  });
});

describe('folderOf', () => {
  it('is the first segment, or the file at the top', () => {
    expect(folderOf('core/runCampaign.ts')).toBe('core');
    expect(folderOf('reporters/html/renderHtml.ts')).toBe('reporters');
    expect(folderOf('index.ts')).toBe('index.ts');
  });
});
