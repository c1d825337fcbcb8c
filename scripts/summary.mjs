#!/usr/bin/env node
// Prints the table of a `scripts/test.sh` run and, as its last line, `N passed, N failed`.
//
//   node scripts/summary.mjs STEPS_FILE
//
// STEPS_FILE has one tab-separated line per step: name, kind (check | vitest | playwright),
// status (pass | fail | skip), seconds, report path (JSON, for vitest and playwright) and a note.
// Test cases are counted from the reports; a failed step that no failed test explains (type check,
// lint, build, a runner that crashed) counts as one failure. Above the table it names what failed, with
// the first lines of each error, so the end of a long log is enough to start on a red run.
import fs from 'node:fs';
import { errorLines } from './error-lines.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/summary.mjs STEPS_FILE');
  process.exit(2);
}

function readJson(path) {
  if (!path || !fs.existsSync(path)) return null;
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Counts from vitest's JSON reporter (the Jest-compatible shape). */
function vitestCounts(report) {
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    failedFiles: report.numFailedTestSuites ?? 0,
  };
}

/** Counts from Playwright's JSON reporter. */
function playwrightCounts(report) {
  const s = report.stats ?? {};
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: s.unexpected ?? 0,
    skipped: s.skipped ?? 0,
    failedFiles: 0,
  };
}

/** What failed in a vitest step, as scripts/vitest-failures.mjs wrote it beside the JSON report. */
function vitestFailures(reportPath) {
  const file = reportPath.replace(/\.json$/, '.failures.txt');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** What failed in a Playwright report. */
function playwrightFailures(report) {
  const out = [];
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const error = test.results?.at(-1)?.error?.message;
        out.push(
          `  ${spec.file}:${spec.line} > ${[...titles, spec.title].join(' > ')}\n${errorLines(error)}`,
        );
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  for (const e of report.errors ?? []) out.push(`  (outside a test)\n${errorLines(e.message)}`);
  return out;
}

const steps = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [name, kind, status, seconds, report, note] = line.split('\t');
    return { name, kind, status, seconds: Number(seconds), report, note: note ?? '' };
  });

const total = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
const failures = [];
for (const step of steps) {
  let counts = { passed: 0, failed: 0, skipped: 0, failedFiles: 0 };
  let tests = '';
  if (step.kind === 'vitest' || step.kind === 'playwright') {
    const report = readJson(step.report);
    if (report) {
      counts = step.kind === 'vitest' ? vitestCounts(report) : playwrightCounts(report);
      const found = step.kind === 'vitest' ? vitestFailures(step.report) : playwrightFailures(report);
      if (found.length) failures.push(`${step.name}:`, ...found);
      tests = `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`;
    } else if (step.status !== 'skip') {
      tests = 'no report';
    }
  }
  // A failed step with no failed test to show for it (no report, a file that did not load, a crash) is one failure.
  if (step.status === 'fail' && counts.failed === 0) counts.failed = 1;
  if (step.status === 'pass' && counts.failed > 0) step.status = 'fail';
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  rows.push([step.name, step.status.toUpperCase(), `${step.seconds.toFixed(1)} s`, tests || step.note]);
}

if (failures.length) {
  console.log('');
  console.log('What failed:');
  for (const f of failures) console.log(f);
}

const header = ['step', 'result', 'time', 'tests / note'];
const totalSeconds = steps.reduce((sum, s) => sum + s.seconds, 0);
const totalRow = ['total', total.failed ? 'FAIL' : 'PASS', `${totalSeconds.toFixed(1)} s`, ''];
const widths = header.map((h, i) => Math.max(h.length, ...[...rows, totalRow].map((r) => r[i].length)));
const line = (cells) =>
  cells
    .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
    .join('  ')
    .trimEnd();
console.log('');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
console.log(line(totalRow));
console.log('');
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(total.failed ? 1 : 0);
