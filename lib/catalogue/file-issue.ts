/**
 * A problem in a catalogue file, with the file, line and column, the field as the file names it,
 * the value, what is wrong and what to do (a "did you mean" where a near name exists). It turns into
 * a hubfleet {@link Issue} whose path is `file:line:col`, so synth and every command print it the same way.
 */
import { Issue } from '../core/errors';
import { checkSchema } from './json-schema';
import { JsonSchema } from './schemas.generated';
import { FieldPath, fieldName, YamlSource } from './yaml-source';

/** One problem in a catalogue file: an {@link Issue} placed by file, line and column instead of a construct path. */
export interface FileIssue extends Omit<Issue, 'path'> {
  /** The file, relative to the working directory (or to the repository when outside it). */
  readonly file: string;
  /** 1-based line and column of the field (line 1 when the problem is the file itself). */
  readonly line: number;
  readonly col: number;
}

/** A FileIssue as a hubfleet Issue (path `file:line:col`). */
export function toIssue(f: FileIssue): Issue {
  return { path: `${f.file}:${f.line}:${f.col}`, field: f.field || '(file)', value: f.value, message: f.message, fix: f.fix, rule: f.rule, ...(f.severity === 'warning' ? { severity: 'warning' as const } : {}) };
}

/** An issue at a field of a parsed file (the key's position, or the nearest existing parent's). */
export function issueAt(src: YamlSource, path: FieldPath, i: { value?: unknown; message: string; fix: string; rule: string; severity?: 'error' | 'warning'; atValue?: boolean }): FileIssue {
  const at = (i.atValue ? src.valueAt(path) : undefined) ?? src.keyAt(path) ?? src.nearest(path);
  return { file: src.file, line: at.line, col: at.col, field: fieldName(path), value: i.value, message: i.message, fix: i.fix, rule: i.rule, ...(i.severity === 'warning' ? { severity: 'warning' as const } : {}) };
}

/** The syntax errors of a file, then (when it parsed) where it breaks its schema. */
export function schemaIssues(src: YamlSource, schema: JsonSchema, rule: string): FileIssue[] {
  if (src.errors.length) {
    return src.errors.map((e) => ({ file: src.file, line: e.at.line, col: e.at.col, field: '', message: `not valid YAML: ${e.message}`, fix: 'correct the YAML syntax at this place (indentation, a missing ":" or quote).', rule: 'catalogue-yaml' }));
  }
  if (src.value === undefined || src.value === null) {
    return [{ file: src.file, line: 1, col: 1, field: '', message: 'the file is empty.', fix: 'write the fields the schema requires.', rule }];
  }
  return checkSchema(schema, src.value).map((f) => {
    // A missing key is reported where its parent is; a wrong one where it is written.
    const missing = f.value === undefined && f.key !== undefined;
    const path = missing ? f.path : f.path;
    const i = issueAt(src, path, { value: f.value, message: f.message, fix: f.fix, rule });
    return missing ? { ...i, field: fieldName([...f.path, f.key!]) } : i;
  });
}
