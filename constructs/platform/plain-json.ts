/**
 * cdk8s's `ApiObject.toJson` without its per-value resolver walk, for objects whose values are
 * plain JSON.
 *
 * cdk8s 2 (lib/api-object.js, lib/resolve.js, lib/_util.js@2.70.106) renders an object in two
 * walks over every value: `resolve` offers each value to the App's resolvers (a `Lazy`, anything
 * with a `resolve()` method, a number-or-string union class), looking the App up from the object
 * for every value it visits, and `sanitizeValue` then sorts keys and drops `null` and `undefined`.
 * When the App has only the built-in resolvers and a value is a string, number, boolean, `null`,
 * `undefined`, an array or a plain object without a `resolve` method, no resolver changes it, so
 * the two walks reduce to one copy that sorts and drops; a union class of the generated imports
 * (`Quantity`, `IntOrString`) becomes `{ value }` as its resolver makes it. That copy is what this
 * file does; any other value (a `Lazy`, an implicit token, another class instance, a function), a
 * JSON patch, custom resolvers or a subclassed metadata make the object take cdk8s's own
 * `toJson`, so the result is always cdk8s's.
 */
import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/** Thrown inside the copy when a value is one only cdk8s's resolvers may handle. */
class NeedsResolve extends Error {}

/** `sanitizeValue`'s options: `sortKeys` for the object, all three for its metadata (lib/metadata.js@2.70.106). */
interface CopyOptions {
  readonly sortKeys: boolean;
  readonly dropEmpty: boolean;
}

const OBJECT: CopyOptions = { sortKeys: true, dropEmpty: false };
const UNSORTED_OBJECT: CopyOptions = { sortKeys: false, dropEmpty: false };
const METADATA: CopyOptions = { sortKeys: true, dropEmpty: true };

/**
 * The value as cdk8s's `sanitizeValue(resolve(value))` gives it when no resolver applies, or
 * {@link NeedsResolve} when one might.
 */
function copyValue(v: unknown, options: CopyOptions): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object') {
    const type = typeof v;
    if (type === 'string' || type === 'number' || type === 'boolean') return v;
    throw new NeedsResolve();
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype) return copyObject(v as Record<string, unknown>, options);
  if (proto === Array.prototype) return copyArray(v as unknown[], options);
  return unionValue(v);
}

/**
 * A plain object: its keys sorted (unless disabled), `null` and `undefined` values dropped. The
 * keys that make cdk8s treat it otherwise are own keys only, since the prototype is Object's and
 * {@link primitivesLookLikeTokens} found nothing there: a `resolve` method (an implicit token), a
 * `constructor` (cdk8s then does not walk into it) and `__proto__` (assigning it would set the
 * prototype rather than add a key).
 */
function copyObject(o: Record<string, unknown>, options: CopyOptions): Record<string, unknown> | undefined {
  const keys = Object.keys(o);
  if (options.sortKeys) keys.sort();
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const k of keys) {
    const value = o[k];
    if (k === '__proto__' || k === 'constructor' || (k === 'resolve' && typeof value === 'function')) throw new NeedsResolve();
    const x = copyValue(value, options);
    if (x !== null && x !== undefined) {
      out[k] = x;
      n++;
    }
  }
  return options.dropEmpty && n === 0 ? undefined : out;
}

/** An array, item by item (holes stay holes, as with cdk8s's `map`); empty ones dropped from metadata. */
function copyArray(a: unknown[], options: CopyOptions): unknown[] | undefined {
  const props = a as unknown as Record<string, unknown>;
  // an implicit token; an array is not a plain object, so NumberStringUnionResolver looks at its `value`
  const union = typeof props['value'];
  if (typeof props['resolve'] === 'function' || props['constructor'] !== Array || union === 'number' || union === 'string') throw new NeedsResolve();
  if (options.dropEmpty && a.length === 0) return undefined;
  return a.map((x) => copyValue(x, options));
}

/**
 * A class instance as NumberStringUnionResolver resolves it: a union of the generated imports
 * (`Quantity`, `IntOrString`) holding a number or string `value` becomes `{ value }`. A `Lazy`,
 * an implicit token, anything else that is not a plain object (Dates, objects without a
 * prototype: cdk8s does not walk into those) goes through cdk8s.
 */
function unionValue(v: object): { value: number | string } {
  if (v instanceof Lazy) throw new NeedsResolve();
  const o = v as { value?: unknown; resolve?: unknown };
  if (typeof o.resolve === 'function') throw new NeedsResolve();
  const value = o.value;
  if (typeof value !== 'number' && typeof value !== 'string') throw new NeedsResolve();
  return { value };
}

/** Whether an App resolves exactly as cdk8s's built-in resolvers do (no custom resolvers). */
function hasBuiltInResolversOnly(app: App): boolean {
  const r = (app as { resolvers?: unknown }).resolvers;
  if (!Array.isArray(r) || r.length !== 3) return false;
  const kinds = r.map((x: unknown) => (x as object | null)?.constructor);
  return kinds[0] === LazyResolver && kinds[1] === ImplicitTokenResolver && kinds[2] === NumberStringUnionResolver;
}

/**
 * Whether primitives carry a `resolve` or `value` property through their prototypes: then a
 * string or number is a token to cdk8s, and the copy must not skip the resolvers.
 */
function primitivesLookLikeTokens(): boolean {
  for (const proto of [String.prototype, Number.prototype, Boolean.prototype, Array.prototype, Object.prototype]) {
    if ('resolve' in proto || 'value' in proto) return true;
  }
  return false;
}

/** The fields of cdk8s's metadata definition that its `toJson` reads (lib/metadata.js@2.70.106). */
interface MetadataFields {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly _additionalAttributes?: unknown;
}

/** The fields of cdk8s's ApiObject that its `toJson` reads (lib/api-object.js@2.70.106). */
interface ApiObjectFields {
  readonly props: Record<string, unknown>;
  readonly patches: readonly unknown[];
  readonly metadata: ApiObjectMetadataDefinition;
}

/** `ApiObject.toJson` of cdk8s for an object of plain values, or undefined when it must be cdk8s's own. */
function plainToJson(o: ApiObject, sortKeys: boolean, apps: Map<unknown, boolean>): Record<string, unknown> | undefined {
  const fields = o as unknown as ApiObjectFields;
  if (!Array.isArray(fields.patches) || fields.patches.length > 0) return undefined;
  const meta = fields.metadata as unknown as MetadataFields;
  if (Object.getPrototypeOf(meta) !== ApiObjectMetadataDefinition.prototype) return undefined;
  const extra = meta._additionalAttributes;
  if (extra === null || typeof extra !== 'object' || Object.getPrototypeOf(extra) !== Object.prototype) return undefined;
  // the App is looked up once per object rather than once per value
  const app = App.of(o);
  let builtIn = apps.get(app);
  if (builtIn === undefined) {
    builtIn = hasBuiltInResolversOnly(app);
    apps.set(app, builtIn);
  }
  if (!builtIn) return undefined;
  try {
    const metadata = copyValue(
      {
        ...extra,
        name: meta.name,
        namespace: meta.namespace,
        annotations: meta.annotations,
        finalizers: meta.finalizers,
        ownerReferences: meta.ownerReferences,
        labels: meta.labels,
      },
      METADATA,
    );
    const json = copyValue({ ...fields.props, metadata }, sortKeys ? OBJECT : UNSORTED_OBJECT) as Record<string, unknown>;
    // apiVersion, kind and metadata first, then the rest as sorted
    const result: Record<string, unknown> = {};
    for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) if (k in json) result[k] = json[k];
    return result;
  } catch {
    // a token, or a getter that throws: cdk8s's own toJson resolves it or reports the error its way
    return undefined;
  }
}

/**
 * Runs `render` with cdk8s's `ApiObject.toJson` answering from one copy of the object's values
 * wherever they are plain JSON, then puts cdk8s's method back.
 *
 * The generated classes of cdk8s-plus and of `constructs/imports` call `super.toJson()` and map
 * its result to Kubernetes field names, so the faster base keeps their own step; what `render`
 * gets is, object by object, what cdk8s gives. Only for `render`'s synchronous run: nothing
 * outside it (a user's own App) ever sees the replacement.
 */
export function withPlainJson<T>(render: () => T): T {
  const original = Object.getOwnPropertyDescriptor(ApiObject.prototype, 'toJson')!;
  if (primitivesLookLikeTokens()) return render();
  // cdk8s reads this variable for every object; it cannot change during one synchronous render
  const sortKeys = process.env['CDK8S_DISABLE_SORT'] ? false : true;
  const apps = new Map<unknown, boolean>();
  const cdk8sToJson = original.value as (this: ApiObject) => unknown;
  Object.defineProperty(ApiObject.prototype, 'toJson', {
    ...original,
    value: function toJson(this: ApiObject): unknown {
      return plainToJson(this, sortKeys, apps) ?? cdk8sToJson.call(this);
    },
  });
  try {
    return render();
  } finally {
    Object.defineProperty(ApiObject.prototype, 'toJson', original);
  }
}
