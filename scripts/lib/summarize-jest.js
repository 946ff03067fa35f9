// Sums the JSON reports of every project's jest run into one closing line, so that the
// outcome of `npm test` reads in one place: "Tests: N passed, N failed, N skipped".
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0, suites = 0;
const failures = [];
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  suites += report.numTotalTestSuites;
  for (const suite of report.testResults) {
    if (suite.status === 'failed') failures.push(path.relative(process.cwd(), suite.name));
  }
}
if (failures.length) console.log(`Failed suites:\n  ${failures.join('\n  ')}`);
console.log(`${suites} suites`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
