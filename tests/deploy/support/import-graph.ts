import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { fromRoot } from './paths';

/** Module specifiers a file loads at run time: value imports, re-exports, require(), import(). */
export function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      // Erased by the transpiler: `import type …`, or only `type`-marked names.
      const typeOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) {
        found.push(node.arguments[0].text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveFile(base: string): string | undefined {
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const aliases = (JSON.parse(readFileSync(fromRoot('tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
const builtins = new Set(builtinModules);

/** The npm package a bare specifier names: `@scope/name/sub` → `@scope/name`. */
export const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Follows run-time imports from `entries` through the repository's own files (relative paths
 * and the @qtable/* aliases) and returns the npm packages reached, each with one importing file.
 */
export function packagesReachedFrom(entries: string[]): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      let target: string | undefined;
      if (specifier.startsWith('.')) target = resolveFile(join(dirname(file), specifier));
      else if (aliases[specifier]) target = fromRoot(aliases[specifier][0]);
      else if (specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(packageOf(specifier))) continue;
      else {
        if (!packages.has(packageOf(specifier))) packages.set(packageOf(specifier), relative(fromRoot(), file));
        continue;
      }
      if (!target) throw new Error(`${relative(fromRoot(), file)}: cannot resolve ${specifier}`);
      queue.push(target);
    }
  }
  return packages;
}
