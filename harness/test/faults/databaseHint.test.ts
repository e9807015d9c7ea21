import { describe, expect, it } from 'vitest';
import { postgresUnavailable, sqliteUnavailable } from '../../src/faults/db/targetDatabaseOf.js';

// A command target whose config has a store but no `database`: `everything`
// skips every database fault, and the reason must say how to get them.
const noDatabase = { name: 'command node', database: undefined };

describe('why a database fault skips a target that names no database', () => {
  it('sqlite faults name the config field that makes them run', () => {
    expect(sqliteUnavailable('sqlite-stall', noDatabase)).toMatch(/name its database in the config \(`database: \{ kind: 'sqlite', file: '\{db\}' \}`/);
  });

  it('database-proxy faults name it too, in a sentence that reads', () => {
    const reason = postgresUnavailable('db-down', noDatabase);
    expect(reason).toMatch(/`\{ kind: 'postgres', url, env: 'DATABASE_URL' \}`/);
    expect(reason).not.toMatch(/: or /);
  });

  it('a target that names its database is not refused', () => {
    expect(sqliteUnavailable('sqlite-stall', { name: 'command node', database: { kind: 'sqlite', file: '/tmp/db.sqlite', busyTimeoutMs: 2000 } })).toBeUndefined();
  });
});
