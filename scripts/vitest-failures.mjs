// A vitest reporter that writes what failed to the file named by WHARF_FAILURES_FILE, a few lines per
// failure: failed tests, and the errors of hooks and of files that did not load, which vitest's JSON
// report leaves out (their tests only show as skipped). scripts/summary.mjs prints it above its table.
import fs from 'node:fs';

const clip = (text, lines = 6) =>
  String(text ?? '')
    .split('\n')
    .filter((l) => l.trim() && !l.includes('node_modules/'))
    .slice(0, lines)
    .map((l) => `      ${l.slice(0, 300)}`)
    .join('\n');

const explain = (error) =>
  clip(
    [
      error.name && error.message ? `${error.name}: ${error.message}` : error.message,
      error.stack?.split('\n').slice(1).join('\n'),
    ].join('\n'),
  );

export default class FailuresReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const out = [];
    for (const module of testModules) {
      const file = module.relativeModuleId;
      for (const error of module.errors())
        out.push(`  ${file} (the file, or a hook outside any describe)\n${explain(error)}`);
      for (const suite of module.children.allSuites())
        for (const error of suite.errors())
          out.push(`  ${file} > ${suite.fullName} (a hook)\n${explain(error)}`);
      for (const test of module.children.allTests('failed'))
        for (const error of test.result().errors ?? [])
          out.push(`  ${file} > ${test.fullName}\n${explain(error)}`);
    }
    for (const error of unhandledErrors) out.push(`  (an error outside any test)\n${explain(error)}`);
    const target = process.env.WHARF_FAILURES_FILE;
    if (target) fs.writeFileSync(target, out.length ? `${out.join('\n')}\n` : '');
  }
}
