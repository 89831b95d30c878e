/**
 * The types of the generated props schema (props-schema.generated.ts), apart from the check that
 * reads it (props-check.ts), so that neither imports the other.
 */

/** The shape of a value: 0 = not checked, a type name, an object, an array or a union. */
export type PropsShape = 0 | string | ObjectShape | { readonly items: PropsShape } | { readonly anyOf: readonly PropsShape[] };

/** The keys of an object type. */
export interface ObjectShape {
  readonly keys: Readonly<Record<string, PropsShape>>;
  /** The value shape of an index signature (`Record<string, X>`): any key is allowed. */
  readonly index?: PropsShape;
  /** Required literal-typed properties (discriminants of a union), with their values. */
  readonly tags?: Readonly<Record<string, readonly (string | number | boolean)[]>>;
  /** Keys that must be present and not null (neither optional nor allowing undefined). */
  readonly required?: readonly string[];
}

/** The generated schema: type name → its keys, and the file that declares it. */
export type PropsSchema = Readonly<Record<string, ObjectShape & { readonly from: string }>>;
