/**
 * Makes the texts a scenario's clients send unique within the scenario, for a
 * store that keeps no client identity: its rows are matched to messages by
 * content, so two messages with one text could not be told apart. Shared by
 * every client of the scenario. A drawn text is sent as is (after the prefix)
 * the first time, and with ` #2`, ` #3`, ... after it when it was sent before,
 * so texts keep their markup, quotes and non-ASCII. The prefix keeps the
 * scenario's rows apart in a store shared between scenarios.
 *
 * @example
 * const texts = new UniqueTexts();
 * texts.next('hi'); // 'hi'
 * texts.next('hi'); // 'hi #2'
 * new UniqueTexts('s42.k3x9qa.3.').next('hi'); // 's42.k3x9qa.3.hi'
 */
export class UniqueTexts {
  private readonly used = new Set<string>();

  constructor(private readonly prefix = '') {}

  /** The text to send for a drawn one: never one sent before in this scenario. */
  next(text: string): string {
    let candidate = this.prefix + text;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${this.prefix}${text} #${n}`;
    this.used.add(candidate);
    return candidate;
  }
}
