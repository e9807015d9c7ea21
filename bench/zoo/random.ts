/**
 * A small seeded random source (mulberry32), so that a baseline round with a
 * given seed makes the same choices (its timing still varies).
 */

/** Random draws from one seed. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A random source seeded with `seed`.
 *
 * @example
 * const random = seededRandom(42);
 * random.int(1, 6); // the same number for the same seed
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick needs a non-empty list');
      return items[Math.floor(next() * items.length)]!;
    },
  };
}
