/**
 * Validates custom resources against the upstream CRDs the way the API server would: ajv on the
 * CRD version's openAPIV3Schema, unknown fields rejected wherever the CRD does not preserve them,
 * int-or-string and embedded resources understood.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';

type Schema = Record<string, unknown>;

/**
 * CRD patterns are Go regular expressions; the only Go-only syntax they use is an inline `(?i)`
 * (case-insensitive, after `^` or at the start), which becomes JavaScript's `i` flag.
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    const insensitive = pattern.includes('(?i)');
    return new RegExp(insensitive ? pattern.split('(?i)').join('') : pattern, insensitive ? `${flags}i` : flags);
  },
  { code: 'goRegExp' },
);

interface CrdDoc {
  kind?: string;
  spec?: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema: Schema } }[] };
}

/** Rewrites a structural schema so that ajv enforces what the API server enforces. */
export function strictify(schema: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      const props: Record<string, Schema> = {};
      for (const [pk, pv] of Object.entries(v as Record<string, Schema>)) props[pk] = strictify(pv);
      out[k] = props;
    } else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') {
      out[k] = strictify(v as Schema);
    } else if ((k === 'anyOf' || k === 'allOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = (v as Schema[]).map(strictify);
    } else if (k.startsWith('x-kubernetes-')) {
      // handled below; CEL validations are the API server's and are not evaluated here
    } else {
      out[k] = v;
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    delete out['type'];
    if (!out['anyOf']) out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema['x-kubernetes-embedded-resource'] === true) {
    const props = (out['properties'] as Record<string, Schema> | undefined) ?? {};
    out['properties'] = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...props };
  }
  const preserves = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (out['type'] === 'object' && out['properties'] && out['additionalProperties'] === undefined && !preserves) {
    out['additionalProperties'] = false;
  }
  return out;
}

/** One validation failure. */
export interface CrdViolation {
  readonly object: string;
  readonly errors: string;
}

/** Validates objects against the CRDs found under a folder (recursively). */
export class CrdValidator {
  private readonly schemas = new Map<string, Schema>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;

  private readonly loadedFiles = new Set<string>();

  constructor(private readonly crdDir: string) {
    this.ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: goRegExp } });
    addFormats(this.ajv);
    for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'quantity']) this.ajv.addFormat(f, true);
  }

  /**
   * Loads the CRD of a kind on first use. Files are named `<group>_<plural>.yaml` upstream, so
   * only the few needed are parsed (the folder holds several megabytes of schemas).
   */
  private load(apiVersion: string, kind: string): void {
    const group = apiVersion.split('/')[0]!;
    const lower = kind.toLowerCase();
    const plurals = [`${lower}s`, lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}es`];
    const files = listYaml(this.crdDir).filter((f) => plurals.some((p) => path.basename(f) === `${group}_${p}.yaml`));
    for (const file of files) {
      if (this.loadedFiles.has(file)) continue;
      this.loadedFiles.add(file);
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const crd = doc.toJS() as CrdDoc | null;
        if (!crd || crd.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
        for (const v of crd.spec.versions) {
          if (v.schema) this.schemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
        }
      }
    }
  }

  /** True when a CRD for the object's apiVersion and kind was found. */
  public knows(apiVersion: string, kind: string): boolean {
    this.load(apiVersion, kind);
    return this.schemas.has(`${apiVersion}/${kind}`);
  }

  /** Validation errors of one object, or undefined when it is valid. */
  public validate(obj: { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } }): CrdViolation | undefined {
    const key = `${obj.apiVersion}/${obj.kind}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      this.load(obj.apiVersion, obj.kind);
      const schema = this.schemas.get(key);
      if (!schema) return { object: key, errors: 'no CRD for this apiVersion and kind' };
      fn = this.ajv.compile(strictify(schema));
      this.compiled.set(key, fn);
    }
    const data: unknown = obj;
    if (fn(data)) return undefined;
    const where = `${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
    return { object: where, errors: this.ajv.errorsText(fn.errors, { separator: '\n' }) };
  }
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYaml(p));
    else if (entry.name.endsWith('.yaml')) out.push(p);
  }
  return out;
}
