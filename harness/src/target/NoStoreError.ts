/**
 * Thrown by `readStore()` of a target configured with `store: { kind: 'none' }`:
 * the check then rests on what the clients received.
 */
export class NoStoreError extends Error {
  override readonly name = 'NoStoreError';
  constructor() {
    super('this target has no store to read (store kind none)');
  }
}
