import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes a bench's result as `bench/results/<name>-<start time>.json` and says where. */
export async function writeResult(resultsDir, name, started, result) {
  const file = path.join(resultsDir, `${name}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nresult: ${path.relative(process.cwd(), file)}`);
}

/** Runs a bench's main and exits with its code: 130 when interrupted, 1 with the reason when it failed. */
export function runBench(name, main, isInterrupted, { stack = false } = {}) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      if (isInterrupted()) process.exit(130);
      console.error(
        `\nbench ${name} could not run: ${stack ? (error.stack ?? error.message) : error.message}`,
      );
      process.exit(1);
    },
  );
}
