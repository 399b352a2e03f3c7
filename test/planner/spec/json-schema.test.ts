/**
 * The committed JSON Schema is exactly what the zod schema generates, and it accepts and
 * rejects what the platform parser does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { PLATFORM_SCHEMA_ID, PLATFORM_SCHEMA_PATH, renderPlatformJsonSchema } from '../../../planner/spec/json-schema';
import { generateJsonSchema } from '../../../scripts/gen-json-schema';
import { baseDoc, patched } from './builders';

const committed = fs.readFileSync(path.resolve(__dirname, '../../..', PLATFORM_SCHEMA_PATH), 'utf8');

describe('schema/platform.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx ts-node --swc scripts/gen-json-schema.ts)', () => {
    expect(renderPlatformJsonSchema()).toBe(committed);
  });

  it('has an $id and a title', () => {
    const schema = JSON.parse(committed) as Record<string, unknown>;
    expect(schema.$id).toBe(PLATFORM_SCHEMA_ID);
    expect(schema.title).toBe('cnai Platform (cnai.dev/v1alpha1)');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('describes every field, so editors can explain it (add new fields to json-schema-docs.ts)', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((n.properties as Record<string, Record<string, unknown>> | undefined) ?? {})) {
        if (typeof child.description !== 'string') undocumented.push(`${at}.${key}`);
        walk(child, `${at}.${key}`);
      }
      for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(n[k])) (n[k] as unknown[]).forEach((c) => walk(c, at));
      walk(n.items, `${at}[]`);
    };
    walk(JSON.parse(committed), '');
    expect(undocumented).toEqual([]);
  });

  it('accepts a valid file and rejects structural mistakes, as editors will', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(committed) as object);
    expect(validate(baseDoc())).toBe(true);
    expect(validate(patched(baseDoc(), [['spec.workloads.0.model', 'llama-3.1-8']]))).toBe(false);
    expect(validate(patched(baseDoc(), [['spec.workloads.2.replica', 3]]))).toBe(false);
    expect(validate(patched(baseDoc(), [['spec.target.provider', 'aws']]))).toBe(false);
  });
});

describe('scripts/gen-json-schema.ts', () => {
  it('writes the schema, then reports it up to date, and notices a stale file', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-schema-'));
    try {
      expect(generateJsonSchema(root, true)).toBe(false);
      expect(generateJsonSchema(root, false)).toBe(true);
      expect(fs.readFileSync(path.join(root, PLATFORM_SCHEMA_PATH), 'utf8')).toBe(committed);
      expect(generateJsonSchema(root, true)).toBe(true);
      fs.appendFileSync(path.join(root, PLATFORM_SCHEMA_PATH), ' ');
      expect(generateJsonSchema(root, true)).toBe(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
