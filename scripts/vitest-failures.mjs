// A vitest reporter that writes what failed to the file named by WHARF_FAILURES_FILE, a few lines per
// failure: failed tests, and the errors of hooks and of files that did not load, which vitest's JSON
// report leaves out (their tests only show as skipped). scripts/summary.mjs prints it above its table.
import fs from 'node:fs';
import { errorLines } from './error-lines.mjs';

const explain = (error) =>
  errorLines(
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
