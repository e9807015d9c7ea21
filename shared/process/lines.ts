import { StringDecoder } from 'node:string_decoder';

/**
 * Cuts a process's output into lines as it arrives. The bytes go through a
 * streaming UTF-8 decoder, so a character whose bytes two chunks split stays
 * whole (a chunk's `toString()` would turn each half into U+FFFD). A `\r`
 * before the newline is dropped.
 *
 * @example
 * const lines = new LineDecoder();
 * lines.write(Buffer.from([0x63, 0x61, 0x66, 0xc3])); // []: 'caf' and half an 'é' wait for the rest
 * lines.write(Buffer.from([0xa9, 0x0a]));             // ['café']
 */
export class LineDecoder {
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';

  /** The lines `chunk` completes. */
  write(chunk: Buffer | string): string[] {
    const text = this.#partial + (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    return lines.map(withoutCarriageReturn);
  }

  /** What came after the last newline so far. */
  get partial(): string {
    return this.#partial;
  }

  /** The stream ended: its last line, when it did not end with a newline. */
  end(): string[] {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = '';
    return rest === '' ? [] : [withoutCarriageReturn(rest)];
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * The last `max` lines of some output, for error messages.
 *
 * @example
 * const tail = new LineTail(2);
 * for (const line of ['a', 'b', 'c']) tail.push(line);
 * tail.last(5); // ['b', 'c']
 */
export class LineTail {
  readonly #lines: string[] = [];

  constructor(private readonly max: number) {}

  push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.max) this.#lines.shift();
  }

  /** The last `n` lines kept. */
  last(n: number): string[] {
    return this.#lines.slice(-n);
  }
}
