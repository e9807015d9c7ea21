/** Small statistics for the benchmark's figures. */

/**
 * The median of some numbers, or null when there are none.
 *
 * @example
 * median([3, 1, 2]); // 2
 * median([1, 2, 3, 4]); // 2.5
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The largest of some numbers, or null when there are none.
 *
 * @example
 * maxOf([3, 1, 2]); // 3
 */
export function maxOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}
