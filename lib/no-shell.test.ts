/**
 * No shell, anywhere in the repository: a command is a program and an argument list, never a string a
 * shell would parse (names of containers, volumes and images reach commands). Reads every source file's
 * syntax tree, so a new call cannot slip past.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const DIRS = ['app', 'lib', 'components', 'scripts', 'bench', 'tests', 'e2e'];
const TOP = ['proxy.ts', 'instrumentation.ts', 'next.config.ts', 'playwright.config.ts', 'vitest.config.ts'];
const SHELL_CALLS = new Set(['exec', 'execSync']);
const PROCESS_CALLS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', '/bin/sh', '/bin/bash', 'cmd', 'cmd.exe', 'powershell']);

function sourceFiles(): string[] {
  const out: string[] = TOP.map((f) => path.join(ROOT, f)).filter((f) => fs.existsSync(f));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs|cjs|js)$/.test(entry.name)) out.push(full);
    }
  };
  for (const d of DIRS) if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return out;
}

/** The child_process functions a file imports, by their local names. */
function childProcessNames(file: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  file.forEachChild((node) => {
    if (!ts.isImportDeclaration(node) || !ts.isStringLiteral(node.moduleSpecifier)) return;
    if (!/^(node:)?child_process$/.test(node.moduleSpecifier.text)) return;
    const bindings = node.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings))
      for (const el of bindings.elements) names.set(el.name.text, (el.propertyName ?? el.name).text);
    if (bindings && ts.isNamespaceImport(bindings)) names.set(`${bindings.name.text}.*`, '*');
  });
  return names;
}

const isBuiltString = (node: ts.Expression) =>
  (ts.isTemplateExpression(node) && node.templateSpans.length > 0) ||
  (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken);

/** Every problem in one file, as `file:line: what`. */
function shellProblems(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const names = childProcessNames(file);
  const problems: string[] = [];
  const at = (node: ts.Node, what: string) =>
    problems.push(
      `${path.relative(ROOT, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`,
    );
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      let fn: string | undefined;
      if (ts.isIdentifier(callee)) fn = names.get(callee.text);
      else if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        names.has(`${callee.expression.text}.*`)
      )
        fn = callee.name.text;
      if (fn && SHELL_CALLS.has(fn)) at(node, `${fn}() runs its command through a shell`);
      if (fn && PROCESS_CALLS.has(fn)) {
        const [command, args] = node.arguments;
        if (command && isBuiltString(command)) at(node, `${fn}() is given a command built as a string`);
        if (
          command &&
          ts.isStringLiteralLike(command) &&
          SHELLS.has(command.text) &&
          args &&
          ts.isArrayLiteralExpression(args)
        ) {
          const first = args.elements[0];
          if (first && ts.isStringLiteralLike(first) && first.text === '-c')
            at(node, `${fn}('${command.text}', ['-c', …]) hands a string to a shell`);
        }
        for (const arg of node.arguments)
          if (ts.isObjectLiteralExpression(arg))
            for (const prop of arg.properties)
              if (
                ts.isPropertyAssignment(prop) &&
                ts.isIdentifier(prop.name) &&
                prop.name.text === 'shell' &&
                prop.initializer.kind !== ts.SyntaxKind.FalseKeyword
              )
                at(prop, `${fn}() with a shell option`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
}

describe('no shell', () => {
  it('finds a shell call, a built command string, sh -c and a shell option', () => {
    const sample = [
      "import { exec, execFile, spawn } from 'node:child_process';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      'exec(`docker rm ${name}`);',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      'execFile(`docker rm ${name}`, []);',
      "spawn('sh', ['-c', 'docker ps']);",
      "spawn('docker', ['ps'], { shell: true });",
      "spawn('docker', ['rm', name]);",
    ].join('\n');
    expect(shellProblems(path.join(ROOT, 'sample.ts'), sample)).toEqual([
      'sample.ts:2: exec() runs its command through a shell',
      'sample.ts:3: execFile() is given a command built as a string',
      "sample.ts:4: spawn('sh', ['-c', …]) hands a string to a shell",
      'sample.ts:5: spawn() with a shell option',
    ]);
  });

  it('holds for every source file of the repository', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((f) => shellProblems(f, fs.readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('the server never starts a process at all', () => {
    const server = sourceFiles().filter(
      (f) => /^(app|lib|components)\//.test(path.relative(ROOT, f)) && !/\.test\.tsx?$/.test(f),
    );
    const importing = server.filter((f) =>
      /from ['"](node:)?child_process['"]/.test(fs.readFileSync(f, 'utf8')),
    );
    expect(importing.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
