import { IConstruct } from 'constructs';
import { Issue } from '../core/errors';
import { creationSite, missingPropsIssues, userFrame } from '../core/props-check';

const DUPLICATE = /^There is already a Construct with name '(.*)' in (\S+)(?: \[(.*)\])?$/;

/** True when `error` is constructs' "There is already a Construct with name …". */
export function isDuplicateId(error: unknown): boolean {
  return error instanceof Error && DUPLICATE.test(error.message);
}

/**
 * The issue for a construct id used twice in one scope (constructs throws "There is already a
 * Construct with name …" from the second constructor): it names both constructs, their types and
 * where each was created. Undefined when `error` is something else.
 */
export function duplicateIdIssue(root: IConstruct, error: unknown): Issue | undefined {
  const m = error instanceof Error ? DUPLICATE.exec(error.message) : null;
  if (!m) return undefined;
  const [, id, scopeType, scopeId = ''] = m;
  const scope = root.node
    .findAll()
    .find((c) => c.node.id === scopeId && c.constructor.name === scopeType && c.node.tryFindChild(id) !== undefined);
  const existing = scope?.node.tryFindChild(id);
  const { site, newType } = creationOf(error);
  const where = (s: string | undefined) => (s ? ` (${s})` : '');
  const a = (type: string) => `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
  const first = existing ? `${a(existing.constructor.name)}${where(creationSite(existing))}` : 'an earlier construct';
  const scopeName = scope && scope !== root ? `"${scope.node.path}"` : 'the app';
  return {
    path: existing?.node.path || id,
    field: 'id',
    value: id,
    message:
      `two constructs are named "${id}" in ${scopeName}: ${first} and ${a(newType)}${where(site)}. ` +
      'A construct id names its namespace, output folder and Argo CD Application, so it must be unique in its scope.',
    fix: `rename one of them (e.g. "${id}-2"); if the first is deployed already, keep its id: renaming a deployed course moves it (see lib/argocd/README.md).`,
    rule: 'unique-construct-id',
  };
}

/** Where the caller created the construct whose constructor threw, and its type (the outermost `new` before the caller's code). */
function creationOf(error: unknown): { site?: string; newType: string } {
  const stack = (error as Error)?.stack ?? '';
  const site = userFrame(stack);
  const frames = stack.split('\n').slice(1);
  const callerAt = site ? frames.findIndex((l) => l.includes(site.replace(/:\d+$/, ''))) : frames.length;
  const news = frames.slice(0, callerAt < 0 ? frames.length : callerAt).map((l) => /at new (\w+)/.exec(l)?.[1]).filter((n): n is string => !!n);
  return { site, newType: news[news.length - 1] ?? 'construct' };
}

const EMPTY_ID = /^Only root constructs may have an empty ID$/;

/**
 * What to report when building the stack threw something other than a duplicate id: an empty
 * construct id (rule `construct-id`), required props that are missing or null (`props-required`,
 * found in the props declared so far, also those of the constructor that failed on them), or else
 * the failure itself with the construct type and the caller's line (`construct-failed`) instead
 * of a stack trace.
 */
export function buildFailureIssues(root: IConstruct, error: unknown): Issue[] {
  const { site, newType } = creationOf(error);
  const where = site ? ` (${site})` : '';
  const message = error instanceof Error ? error.message : String(error);
  if (EMPTY_ID.test(message)) {
    return [
      {
        path: site ?? newType,
        field: 'id',
        value: '',
        message: `${/^[AEIOU]/.test(newType) ? 'an' : 'a'} ${newType}${where} has an empty id. A construct id names its folder, namespace and Argo CD Application.`,
        fix: 'give it a lowercase DNS-1123 label as id, e.g. new CourseJupyterHub(app, "intro-programming", { … }).',
        rule: 'construct-id',
      },
    ];
  }
  const missing = missingPropsIssues(root);
  if (missing.length) return missing.map((i) => ({ ...i, message: `${i.message}${where ? ` The ${newType} is created at${where}.` : ''}` }));
  return [
    {
      path: site ?? newType,
      field: '(constructor)',
      value: undefined,
      message: `${newType}${where} could not be built: ${message}.`,
      fix: `check the props given to ${newType} against its props interface (a value of the wrong type, or an object where a library value such as HubAuth.ldap(…) belongs).`,
      rule: 'construct-failed',
    },
  ];
}
