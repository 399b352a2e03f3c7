/**
 * The TypeScript shown in the README, docs/ and the example READMEs: every import names an entry
 * the package exports and a binding that entry has, and a block that builds a cdk8s chart runs
 * and renders objects that refer only to objects that exist.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transformSync } from '@swc/core';
import * as cdk8s from 'cdk8s';
import { DOC_PAGES, ROOT } from '../helpers/doc-pages';

const PACKAGE = 'cnai-platform';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { default: string }>;
};

const PAGES = DOC_PAGES;

interface Block {
  readonly page: string;
  readonly line: number;
  readonly code: string;
}

/** The fenced ```ts blocks of a page. */
function blocksOf(page: string): Block[] {
  const lines = fs.readFileSync(path.join(ROOT, page), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    blocks.push({ page, line: i + 1, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** `import { a, b } from 'spec'` of a block: the specifier and the value bindings it names. */
function importsOf(code: string): { spec: string; names: string[] }[] {
  return [...code.matchAll(/^import\s+(?:type\s+)?(?:\{([^}]*)\}|\*\s+as\s+\w+)\s+from\s+'([^']+)';/gm)].map((m) => ({
    spec: m[2]!,
    names: (m[1] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '' && !n.startsWith('type ') && !m[0].startsWith('import type')),
  }));
}

/**
 * The source file behind an import of the package, as its `exports` map resolves it
 * (`cnai-platform/planner` to planner/index.ts), or undefined when the package does not export
 * that path, so an installed package would refuse it (ERR_PACKAGE_PATH_NOT_EXPORTED).
 */
function packageSource(spec: string): string | undefined {
  const sub = spec === PACKAGE ? '.' : `.${spec.slice(PACKAGE.length)}`;
  const target = pkg.exports[sub];
  if (target === undefined) return undefined;
  const built = typeof target === 'string' ? target : target.default;
  return path.join(ROOT, built.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
}

/* eslint-disable @typescript-eslint/no-require-imports -- the modules a page imports are known only at run time */
/** Requires a specifier of a block: the package through its exports, anything else as is. */
function requireFor(spec: string): unknown {
  if (spec !== PACKAGE && !spec.startsWith(`${PACKAGE}/`)) return require(spec);
  const source = packageSource(spec);
  if (source === undefined) throw new Error(`${spec} is not an entry the package exports`);
  return require(source);
}
/* eslint-enable @typescript-eslint/no-require-imports */

const blocks = PAGES.flatMap(blocksOf);

describe('TypeScript shown in the docs', () => {
  it('finds the blocks of the README and the docs', () => {
    expect(blocks.map((b) => b.page)).toEqual(expect.arrayContaining(['README.md', 'docs/constructs.md', 'docs/sizing.md', 'docs/deploying.md']));
  });

  it.each(blocks.map((b) => [`${b.page}:${b.line}`, b] as const))('%s imports only what the package exports', (_name, b) => {
    for (const { spec, names } of importsOf(b.code)) {
      if (spec !== PACKAGE && !spec.startsWith(`${PACKAGE}/`)) {
        expect(() => require.resolve(spec, { paths: [ROOT] })).not.toThrow();
        continue;
      }
      expect({ spec, exported: packageSource(spec) !== undefined }).toEqual({ spec, exported: true });
      const entry = requireFor(spec) as Record<string, unknown>;
      expect({ spec, missing: names.filter((n) => entry[n] === undefined) }).toEqual({ spec, missing: [] });
    }
  });

  const charts = blocks.filter((b) => /new Chart\(/.test(b.code));
  it('runs at least one block that builds a chart', () => expect(charts.length).toBeGreaterThan(0));

  it.each(charts.map((b) => [`${b.page}:${b.line}`, b] as const))('%s runs, and each InferenceService names a runtime it creates', (_name, b) => {
    const apps: cdk8s.App[] = [];
    class RecordedApp extends cdk8s.App {
      constructor(props?: cdk8s.AppProps) {
        super(props);
        apps.push(this);
      }
    }
    const { code } = transformSync(b.code, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
    const module = { exports: {} };
    const load = (spec: string): unknown => (spec === 'cdk8s' ? { ...cdk8s, App: RecordedApp } : requireFor(spec));
    new Function('require', 'module', 'exports', code)(load, module, module.exports);
    const objects = apps.flatMap((a) => a.charts.flatMap((c) => c.toJson())) as {
      kind: string;
      metadata: { name: string; namespace?: string };
      spec?: { predictor?: { model?: { runtime?: string } } };
    }[];
    const services = objects.filter((o) => o.kind === 'InferenceService');
    expect(services.length).toBeGreaterThan(0);
    // kserve pkg/controller/v1beta1/inferenceservice/utils/utils.go@v0.20.0 (GetServingRuntime): the
    // runtime is a ServingRuntime of the InferenceService's namespace, else a ClusterServingRuntime
    for (const s of services) {
      const runtime = s.spec?.predictor?.model?.runtime;
      const found = objects.some(
        (o) =>
          (o.kind === 'ServingRuntime' && o.metadata.name === runtime && o.metadata.namespace === s.metadata.namespace) ||
          (o.kind === 'ClusterServingRuntime' && o.metadata.name === runtime),
      );
      expect({ inferenceService: s.metadata.name, runtime, found }).toEqual({ inferenceService: s.metadata.name, runtime, found: true });
    }
  });
});
