/**
 * Reading platform files: YAML and JSON, syntax errors with positions, every problem at once,
 * and the real catalogue behind the semantic checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { formatIssue, InvalidSpecError } from '../../../planner/errors';
import { parsePlatform, validatePlatform } from '../../../planner/spec/parse';
import { baseDoc, patched } from './builders';
import { testCatalogue } from './test-catalogue';

const fixture = (name: string): string => fs.readFileSync(path.resolve(__dirname, '../../fixtures/invalid', name), 'utf8');

describe('parsePlatform', () => {
  it('reads YAML and JSON of the same document into the same spec', () => {
    const fromYaml = parsePlatform(stringify(baseDoc()), 'platform.yaml');
    const fromJson = parsePlatform(JSON.stringify(baseDoc(), null, 2), 'platform.json');
    expect(fromJson).toEqual(fromYaml);
    expect(fromYaml.metadata.name).toBe('acme-ml');
    expect(fromYaml.spec.workloads.map((w) => w.name)).toEqual(['chat', 'finetune', 'notebooks', 'etl']);
  });

  it('throws InvalidSpecError whose message lists every issue', () => {
    const text = stringify(
      patched(baseDoc(), [
        ['spec.workloads.0.model', 'llama-3.1-8'],
        ['spec.workloads.0.team', 'prodcut'],
      ]),
    );
    let error: unknown;
    try {
      parsePlatform(text, 'platform.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidSpecError);
    const e = error as InvalidSpecError;
    expect(e.issues.map((i) => i.path)).toEqual(['spec.workloads[0].model', 'spec.workloads[0].team']);
    expect(e.message).toContain('2 problems in the platform file');
    expect(e.message).toContain('spec.workloads[0].model: unknown model "llama-3.1-8"');
    expect(e.message).toContain('fix: did you mean "llama-3.1-8b"?');
  });

  it('validates against the real catalogue: its regions, zones and GPUs', () => {
    expect(() => parsePlatform(stringify(baseDoc()), 'platform.yaml')).not.toThrow();
    const gke = patched(baseDoc(), [['spec.target', { provider: 'gke', region: 'us-central1', zones: ['us-central1-a', 'us-east1-b'] }]]);
    const issues = validatePlatform(stringify(gke), 'platform.yaml').issues;
    expect(issues.map((i) => i.path)).toEqual(['spec.target.zones[1]']);
    expect(issues[0]!.message).toContain('zone "us-east1-b" is not in region us-central1');
  });
});

describe('validatePlatform', () => {
  it('reports a YAML syntax error with its line and column, and nothing else', () => {
    const { spec, issues } = validatePlatform(fixture('syntax-error.yaml'), 'syntax-error.yaml', testCatalogue);
    expect(spec).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('');
    expect(issues[0]!.message).toMatch(
      /^YAML syntax error at line 7, column 3 of syntax-error\.yaml: Flow map in block collection must be sufficiently indented/,
    );
    expect(issues[0]!.fix).toBe('indent the entry like its siblings, and close every bracket');
    expect(formatIssue(issues[0]!)).toMatch(/^\(file\): YAML syntax error at line 7/);
  });

  it('rejects a repeated key instead of keeping the last one', () => {
    const { issues } = validatePlatform(fixture('duplicate-key.yaml'), 'duplicate-key.yaml', testCatalogue);
    expect(issues.map((i) => i.message)).toEqual(['YAML syntax error at line 11, column 3 of duplicate-key.yaml: Map keys must be unique']);
    expect(issues[0]!.fix).toBe('remove or rename the repeated key');
  });

  it('rejects a JSON syntax error with its line', () => {
    const { issues } = validatePlatform('{\n  "apiVersion": "cnai.dev/v1alpha1",\n  "kind": "Platform"\n  "metadata": {}\n}\n', 'p.json', testCatalogue);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.message).toMatch(/^YAML syntax error at line 4, column \d+ of p\.json/);
  });

  it('rejects two documents in one file', () => {
    const text = `${stringify(baseDoc())}---\n${stringify(baseDoc())}`;
    const { issues } = validatePlatform(text, 'p.yaml', testCatalogue);
    expect(issues[0]!.message).toContain('Source contains multiple documents');
    expect(issues[0]!.fix).toContain('keep one document per platform file');
  });

  it('explains an empty file', () => {
    const { issues } = validatePlatform('# nothing yet\n', 'empty.yaml', testCatalogue);
    expect(issues).toEqual([
      {
        path: '',
        message: 'empty.yaml is empty',
        fix: 'write a platform document: apiVersion: cnai.dev/v1alpha1, kind: Platform, metadata.name, spec.target, spec.teams, spec.workloads',
      },
    ]);
  });

  it('reports every problem of a YAML file at once: structural and semantic, sorted by path', () => {
    const { spec, issues } = validatePlatform(fixture('many-problems.yaml'), 'many-problems.yaml', testCatalogue);
    expect(spec).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual([
      'metadata.name',
      'spec.target.zones[1]',
      'spec.teams[1].name',
      'spec.workloads[0].maxReplicas',
      'spec.workloads[0].model',
      'spec.workloads[0].team',
      'spec.workloads[1].gpu.fraction',
      'spec.workloads[1].replica',
      'spec.workloads[2].precision',
    ]);
    // each message points at the line where the value is written
    expect(issues.find((i) => i.path === 'spec.workloads[0].model')!.message).toContain('(at many-problems.yaml:18:7)');
    expect(issues.find((i) => i.path === 'spec.workloads[1].replica')!.message).toContain('(at many-problems.yaml:24:7)');
  });

  it('reports every problem of a JSON file at once, with JSON line numbers', () => {
    const { issues } = validatePlatform(fixture('many-problems.json'), 'many-problems.json', testCatalogue);
    expect(issues.map((i) => i.path)).toEqual(['spec.target.region', 'spec.workloads[0].model', 'spec.workloads[0].team', 'spec.workloads[1].gpu.count']);
    expect(issues[0]!.message).toContain('unknown gke region "us-central2" (at many-problems.json:6:');
    expect(issues[1]!.fix).toBe('did you mean "mistral-7b"?');
  });

  it('rejects GPU workloads on kind unless they fall back to CPU', () => {
    const { issues } = validatePlatform(fixture('kind-gpu.yaml'), 'kind-gpu.yaml', testCatalogue);
    expect(issues.map((i) => i.path)).toEqual(['spec.workloads[0]']);
    expect(issues[0]!.message).toContain('provider kind has no GPUs');
  });

  it('names the keys a Platform has when given another kind of object', () => {
    const { issues } = validatePlatform(fixture('not-a-platform.yaml'), 'cm.yaml', testCatalogue);
    expect(issues.map((i) => formatIssue(i))).toEqual([
      'apiVersion: must be "cnai.dev/v1alpha1", got "v1" (at cm.yaml:1:1); allowed: "cnai.dev/v1alpha1"; fix: set apiVersion: cnai.dev/v1alpha1',
      'data: unknown key "data" (value {"key":"value"}) (at cm.yaml:5:1); allowed: keys of the top level: apiVersion, kind, metadata, spec; fix: remove it or rename it to one of the allowed keys',
      'kind: must be "Platform", got "ConfigMap" (at cm.yaml:2:1); allowed: "Platform"; fix: set kind: Platform',
      'spec: spec is required but missing (at cm.yaml:1:1); allowed: a mapping (key: value pairs); fix: add spec: { ... }',
    ]);
  });

  it('gives the same issues whatever the order of keys in the file', () => {
    const broken = patched(baseDoc(), [
      ['spec.workloads.0.model', 'llama-3.1-8'],
      ['spec.teams.0.name', 'Research'],
    ]);
    const reordered = Object.fromEntries(Object.entries(broken).reverse());
    const a = validatePlatform(stringify(broken), 'p.yaml', testCatalogue).issues.map((i) => [i.path, i.fix]);
    const b = validatePlatform(stringify(reordered), 'p.yaml', testCatalogue).issues.map((i) => [i.path, i.fix]);
    expect(b).toEqual(a);
  });
});
