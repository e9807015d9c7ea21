import { describe, expect, it } from 'vitest';
import { mapFields } from '../../src/stores/mapFields.js';
import { fill } from '../../src/stores/readers.js';
import { rowIdentity } from '../../src/stores/rowIdentity.js';
import { SetupError } from '../../src/errors/SetupError.js';

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
    expect(() => mapFields({ id: 1, client_offset: { a: 1 } })).toThrow(/"msg" column is neither text nor a number: map store.fields.msg/);
  });
  it('keeps a number stored as client offset as its text, for the robustness checker to judge', () => {
    // A JSON store after an offset-wrong-type probe: the server stored the number the client sent.
    expect(mapFields({ id: 7, client_offset: 7357735, content: 'siochaos probe c0#1' })).toEqual({ offset: 7, msg: '7357735', content: 'siochaos probe c0#1' });
    expect(mapFields({ id: 8, msg: true, content: 'x' }, { offset: 'id', msg: 'msg', content: 'content' })).toMatchObject({ msg: 'true' });
  });
  it('gives rows matched by content when the mapping names no client identity', () => {
    expect(mapFields({ id: 4, text: 'hé' }, { offset: 'id', content: 'text' })).toEqual({ offset: 4, msg: null, content: 'hé', match: 'content' });
    expect(() => mapFields({ id: 4, body: 'x' }, { offset: 'id', content: 'text' })).toThrow(/no "text" field.*map store.fields.content/);
  });
  it('keeps matching by client offset under a partial mapping, or when the row has a client offset column', () => {
    // An older config naming only the text column: the table's client_offset still tells the message.
    expect(mapFields({ id: 4, client_offset: 'c0-1', text: 'hi ' }, { content: 'text' })).toEqual({ offset: 4, msg: 'c0-1', content: 'hi ' });
    expect(mapFields({ offset: 4, msg: 'c0-1', text: 'hi' }, { content: 'text' })).toEqual({ offset: 4, msg: 'c0-1', content: 'hi' });
    expect(mapFields({ id: 4, client_offset: 'c0-1', text: 'hi' }, { offset: 'id', content: 'text' })).toEqual({ offset: 4, msg: 'c0-1', content: 'hi' });
    // A client_offset column left null (the tutorial's step 7) does not tell the message: content does.
    expect(mapFields({ id: 4, client_offset: null, text: 'hi' }, { offset: 'id', content: 'text' })).toEqual({ offset: 4, msg: null, content: 'hi', match: 'content' });
    // A partial mapping on rows without a client offset says what to map, instead of matching by content.
    expect(() => mapFields({ id: 4, text: 'hi' }, { content: 'text' })).toThrow(/no client offset field "client_offset".*map only offset and content/);
    expect(rowIdentity({ kind: 'http', url: 'http://x:1/m', fields: { content: 'text' } })).toBe('client-offset');
    expect(rowIdentity({ kind: 'http', url: 'http://x:1/m', fields: { offset: 'id' } })).toBe('client-offset');
  });
  it('says what to map when a row has no client offset and no mapping', () => {
    expect(() => mapFields({ id: 1, content: 'x' })).toThrow(SetupError);
    expect(() => mapFields({ id: 1, content: 'x' })).toThrow(/no client offset field "client_offset": map store.fields.msg .*or, .* map only offset and content/);
  });
  it('tells how rows are matched from the store config, and refuses half a client identity', () => {
    expect(rowIdentity(undefined)).toBe('client-offset');
    expect(rowIdentity({ kind: 'none' })).toBe('none');
    expect(rowIdentity({ kind: 'http', url: 'http://127.0.0.1:{port}/m' })).toBe('client-offset');
    expect(rowIdentity({ kind: 'http', url: 'http://127.0.0.1:{port}/m', fields: { offset: 'id', content: 'content' } })).toBe('content');
    expect(rowIdentity({ kind: 'http', url: 'http://x:1/m', fields: { offset: 'id', client: 'who', seq: 'n' } })).toBe('client-offset');
    expect(() => rowIdentity({ kind: 'http', url: 'http://x:1/m', fields: { offset: 'id', client: 'who' } })).toThrow(/maps client without seq: map both/);
  });
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('{dataDir}/db.sqlite on {port}, {other}', { dataDir: '/tmp/a', port: '3000' })).toBe('/tmp/a/db.sqlite on 3000, {other}');
  });
});
