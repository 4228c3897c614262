// Prints the browser tests' totals as one plain line ("e2e: N passed, N failed, N skipped"),
// read from Playwright's JSON report, so a CI log ends with the real count.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
console.log(`e2e: ${expected + flaky} passed, ${unexpected} failed, ${skipped} skipped`);
