import { describe, expect, it } from 'vitest';
import { toxiproxyLoggedError } from '../../src/toxiproxy/loggedError.js';

describe('toxiproxyLoggedError', () => {
  it('reads the error Toxiproxy 2.12 logs when its API port is taken', () => {
    // The line toxiproxy-server 2.12.0 printed with -port on a port already in use.
    const line =
      '{"level":"error","error":"listen tcp 127.0.0.1:47999: bind: address already in use","caller":"server.go:97","time":"2026-11-25T22:57:30Z","message":"Server finished with error"}';
    expect(toxiproxyLoggedError(line)).toBe('Server finished with error: listen tcp 127.0.0.1:47999: bind: address already in use');
  });

  it('ignores warnings, info and lines that are not JSON', () => {
    expect(toxiproxyLoggedError('{"level":"warn","bytes":0,"error":"read: connection reset by peer","message":"Source terminated"}')).toBeUndefined();
    expect(toxiproxyLoggedError('{"level":"info","version":"2.12.0","message":"Starting Toxiproxy"}')).toBeUndefined();
    expect(toxiproxyLoggedError('{"level":"error"')).toBeUndefined();
    expect(toxiproxyLoggedError('panic: runtime error')).toBeUndefined();
  });
});
