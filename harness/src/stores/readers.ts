import pg from 'pg';
import type { StoreConfig } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';
import type { StoredRow } from '../model/storedRow.js';
import { mapFields } from './mapFields.js';
import { readSqliteRows } from './readSqlite.js';
import type { StoreReader } from './StoreReader.js';
import sqlite3 from 'sqlite3';

/** Values for the `{name}` placeholders of a config. */
export type Placeholders = Record<string, string>;

/**
 * Replaces `{name}` placeholders in a string.
 *
 * @example
 * fill('{dataDir}/db.sqlite', { dataDir: '/tmp/s1' }); // '/tmp/s1/db.sqlite'
 */
export function fill(text: string, values: Placeholders): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function byOffset(rows: StoredRow[]): StoredRow[] {
  return rows.sort((a, b) => a.offset - b.offset);
}

function runSqlite(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(new Error(`cannot open SQLite store ${file}: ${err.message}`));
      db.exec(sql, (execError) => {
        db.close();
        if (execError) reject(new Error(`resetting SQLite store ${file} failed: ${execError.message}`));
        else resolve();
      });
    });
  });
}

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, statement_timeout: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot connect to the PostgreSQL store ${url}: ${(err as Error).message}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Makes the reader of a store config, with placeholders filled in.
 * Returns undefined for `kind: 'none'` (the check then rests on what clients received).
 *
 * @example
 * const reader = storeReader({ kind: 'http', url: 'http://127.0.0.1:{port}/messages' }, { port: '3000' });
 */
export function storeReader(config: StoreConfig, values: Placeholders): StoreReader | undefined {
  switch (config.kind) {
    case 'sqlite': {
      const file = fill(config.file, values);
      return {
        description: `sqlite ${file}`,
        read: async () => {
          const rows = await readSqliteRows(file, config.query, (row) => mapFields(row, config.fields));
          return byOffset(rows);
        },
        ...(config.reset ? { reset: () => runSqlite(file, config.reset!) } : {}),
      };
    }
    case 'postgres': {
      const url = fill(config.url, values);
      return {
        description: `postgres ${url}`,
        read: () =>
          withPg(url, async (client) => {
            const result = await client.query(config.query);
            return byOffset(result.rows.map((row: Record<string, unknown>) => mapFields(row, config.fields)));
          }),
        ...(config.reset ? { reset: () => withPg(url, async (client) => void (await client.query(config.reset!))) } : {}),
      };
    }
    case 'http': {
      const url = fill(config.url, values);
      const unfilled = /\{(\w+)\}/.exec(url);
      if (unfilled) {
        throw new SetupError(
          `store.url ${config.url}: no value for {${unfilled[1]}} with this target: use ${Object.keys(values).map((name) => `{${name}}`).join(', ') || 'a literal URL'}`,
        );
      }
      return {
        description: `http ${url}`,
        async read() {
          let response: Response;
          try {
            response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
          } catch (err) {
            throw new Error(`cannot read the store at ${url}: ${(err as Error).message}`);
          }
          if (!response.ok) throw new Error(`reading the store at ${url} failed: HTTP ${response.status}`);
          const body: unknown = await response.json();
          const rows = Array.isArray(body) ? body : (body as { messages?: unknown })?.messages;
          if (!Array.isArray(rows)) throw new Error(`the store at ${url} must answer a JSON array of messages (or { messages: [...] })`);
          return byOffset(rows.map((row) => mapFields(row as Record<string, unknown>, config.fields)));
        },
      };
    }
    case 'none':
      return undefined;
    default:
      throw new SetupError(`unknown store kind: use sqlite, postgres, http or none`);
  }
}
