/**
 * The published JSON Schema of the platform file, generated from the zod schema so the two
 * never disagree. Editors use it for completion (`# yaml-language-server: $schema=...`).
 */
import { z } from 'zod';
import { FIELD_DESCRIPTIONS } from './json-schema-docs';
import { PlatformSchema } from './schema';

/** `$id` of the published schema. */
export const PLATFORM_SCHEMA_ID = 'https://cnai.dev/schemas/platform.schema.json';

/** Where the generated schema is committed, relative to the repository root. */
export const PLATFORM_SCHEMA_PATH = 'schema/platform.schema.json';

type JsonNode = Record<string, unknown>;

const isNode = (v: unknown): v is JsonNode => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Adds `description` to every property the docs know, so editors explain fields on hover. */
function describe(node: JsonNode, parent: string): void {
  const props = isNode(node.properties) ? node.properties : {};
  const type = isNode(props.type) && typeof props.type.const === 'string' ? props.type.const : undefined;
  for (const [key, child] of Object.entries(props)) {
    if (!isNode(child)) continue;
    const text = (type !== undefined ? FIELD_DESCRIPTIONS[`${type}.${key}`] : undefined) ?? FIELD_DESCRIPTIONS[`${parent}.${key}`];
    if (text !== undefined && child.description === undefined) child.description = text;
    describe(child, key);
  }
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const list = node[k];
    if (Array.isArray(list)) for (const c of list) if (isNode(c)) describe(c, parent);
  }
  if (isNode(node.items)) describe(node.items, parent);
}

/** The JSON Schema (draft 2020-12) of a platform file, as a plain object. */
export function platformJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(PlatformSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  describe(generated, '');
  const { $schema, ...rest } = generated;
  // identity first so a reader of the file sees what it is before the body
  return {
    $schema,
    $id: PLATFORM_SCHEMA_ID,
    title: 'cnai Platform (cnai.dev/v1alpha1)',
    description: 'A platform file: the target cluster, policy, teams and AI workloads that cnai plans.',
    ...rest,
  };
}

/** The schema file's exact text: two-space JSON with a final newline. */
export function renderPlatformJsonSchema(): string {
  return `${JSON.stringify(platformJsonSchema(), null, 2)}\n`;
}
