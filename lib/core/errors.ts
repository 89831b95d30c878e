/**
 * One thing wrong with the input, as hubfleet reports it: where (construct path), which field,
 * the value it had, what is wrong and how to fix it.
 */
export interface Issue {
  /** Construct path (or cluster name for ClusterSpec issues), e.g. `eth-teaching/courses/intro-programming`. */
  readonly path: string;
  /** The prop or object field, e.g. `memoryLimitGiB` or `spec.template.spec.containers[0].image`. */
  readonly field: string;
  /** The offending value (rendered with JSON.stringify when printed). */
  readonly value?: unknown;
  /** What is wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** The id of the rule that found it (a row of a rule table). */
  readonly rule: string;
  /**
   * `error` fails synth; `warning` is printed and fails only with `--strict`.
   * @default 'error'
   */
  readonly severity?: 'error' | 'warning';
}

/** True when the issue fails synth without `--strict`. */
export function isError(i: Issue): boolean {
  return i.severity !== 'warning';
}

/** Render a value short enough for one error line. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** Format one issue as the single line the CLI prints. */
export function formatIssue(i: Issue): string {
  return `${i.path}: ${i.field} = ${showValue(i.value)}: ${i.message} Fix: ${i.fix} [${i.rule}${i.severity === 'warning' ? ', warning' : ''}]`;
}

/** Thrown by synth when validation found issues; nothing has been written. */
export class ValidationError extends Error {
  /**
   * @param issues the errors (they failed synth)
   * @param warnings findings that alone would not have failed it
   */
  constructor(
    public readonly issues: readonly Issue[],
    public readonly warnings: readonly Issue[] = [],
  ) {
    super(
      `${issues.length} validation error${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join('\n'),
    );
    this.name = 'ValidationError';
  }
}

/**
 * A row of a validation table for props: a test that returns true when the props are fine.
 * Each row has an id, the field it checks, a message, and a fix.
 */
export interface PropRule<P> {
  readonly id: string;
  readonly field: string | ((p: P) => string);
  readonly value: (p: P) => unknown;
  readonly ok: (p: P) => boolean;
  readonly message: string | ((p: P) => string);
  readonly fix: string | ((p: P) => string);
  /**
   * `warning` where hubfleet cannot act (a fact of a cluster it does not manage), `error` where the
   * output would not work.
   * @default 'error'
   */
  readonly severity?: 'error' | 'warning' | ((p: P) => 'error' | 'warning');
}

/** Evaluate a table of prop rules and return the issues found. A rule that throws counts as failed. */
export function checkRules<P>(path: string, props: P, rules: readonly PropRule<P>[]): Issue[] {
  const out: Issue[] = [];
  for (const r of rules) {
    let ok: boolean;
    try {
      ok = r.ok(props);
    } catch {
      ok = false;
    }
    if (ok) continue;
    const field = typeof r.field === 'function' ? r.field(props) : r.field;
    let value: unknown;
    try {
      value = r.value(props);
    } catch {
      value = undefined;
    }
    out.push({
      path,
      field,
      value,
      message: typeof r.message === 'function' ? r.message(props) : r.message,
      fix: typeof r.fix === 'function' ? r.fix(props) : r.fix,
      rule: r.id,
      ...((typeof r.severity === 'function' ? r.severity(props) : r.severity) === 'warning' ? { severity: 'warning' as const } : {}),
    });
  }
  return out;
}
