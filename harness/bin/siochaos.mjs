#!/usr/bin/env node
// The siochaos command: loads the TypeScript sources through tsx and hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
// Sockets of torn-down clients may linger for a moment: exit once stdout is flushed.
process.stdout.write('', () => process.exit(code));
