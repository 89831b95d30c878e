import { IConstruct } from 'constructs';
import { Issue } from '../core/errors';
import { creationSite, userFrame } from '../core/props-check';

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
  const stack = (error as Error).stack ?? '';
  const site = userFrame(stack);
  // The outermost constructor on the stack before the caller's code is the type being created.
  const frames = stack.split('\n').slice(1);
  const callerAt = site ? frames.findIndex((l) => l.includes(site.replace(/:\d+$/, ''))) : frames.length;
  const news = frames.slice(0, callerAt < 0 ? frames.length : callerAt).map((l) => /at new (\w+)/.exec(l)?.[1]).filter((n): n is string => !!n);
  const newType = news[news.length - 1] ?? 'construct';
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
