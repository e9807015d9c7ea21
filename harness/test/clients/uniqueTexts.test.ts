import { expect, it } from 'vitest';
import { UniqueTexts } from '../../src/clients/uniqueTexts.js';

it('keeps a drawn text as is the first time and numbers it after, across every caller sharing it', () => {
  const texts = new UniqueTexts();
  const sent = ['hi', '<b>x</b>', 'hi', 'hi', 'hi #2', ''].map((t) => texts.next(t));
  expect(sent).toEqual(['hi', '<b>x</b>', 'hi #2', 'hi #3', 'hi #2 #2', '']);
  expect(new Set(sent).size).toBe(sent.length);
});

it('puts the prefix of a shared store before every text', () => {
  const texts = new UniqueTexts('s7.2.');
  expect([texts.next('a'), texts.next('a')]).toEqual(['s7.2.a', 's7.2.a #2']);
});
