import { describe, expect, it } from 'vitest';
import { mapFields } from '../../src/stores/mapFields.js';
import { fill } from '../../src/stores/readers.js';

describe('mapping stored rows', () => {
  it('reads the tutorial columns without a mapping', () => {
    expect(mapFields({ id: 2, client_offset: 'c0-1', content: 'hi' })).toEqual({ offset: 2, msg: 'c0-1', content: 'hi' });
  });
  it('joins client id and sequence into the client offset', () => {
    expect(mapFields({ id: '5', who: 'c1', n: 3, text: 'x' }, { offset: 'id', client: 'who', seq: 'n', content: 'text' })).toEqual({
      offset: 5,
      msg: 'c1-3',
      content: 'x',
    });
  });
  it('says which column is wrong', () => {
    expect(() => mapFields({ nope: 1 }, { offset: 'id' })).toThrow(/no integer "offset" column/);
    expect(() => mapFields({ id: 1, client_offset: 42 })).toThrow(/"msg" column is not text/);
  });
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('{dataDir}/db.sqlite on {port}, {other}', { dataDir: '/tmp/a', port: '3000' })).toBe('/tmp/a/db.sqlite on 3000, {other}');
  });
});
