// Prints vitest's JSON results as one plain line: "N passed, N failed[, N skipped]";
// a test file that failed to load counts as one failed test, and so do no results at
// all (setup or the type check failed, and vitest never ran).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`[ci] no test results in ${file} (${err.code ?? err.message}): setup or the type check failed before vitest ran, see above`);
  console.log('0 passed, 1 failed');
  process.exit(0);
}
const passed = results.numPassedTests ?? 0;
const failed = results.numFailedTests ?? 0;
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
const suiteErrors = (results.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
console.log(`${passed} passed, ${failed + suiteErrors} failed${skipped ? `, ${skipped} skipped` : ''}`);
