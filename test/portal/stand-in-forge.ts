/**
 * A stand-in forge on loopback for the portal's merge-request calls: GitHub's pulls/create and
 * pulls/list, GitLab's postApiV4ProjectsIdMergeRequests and getApiV4ProjectsIdMergeRequests. Every
 * request is validated against the operation's schema in fixtures/forge-api/ (path and query
 * parameters, unknown query parameters refused, the JSON body with ajv), and so is every answer it
 * gives. Problems are answered 422 and recorded in `violations`.
 */
import Ajv from 'ajv';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required?: boolean;
  readonly schema: Record<string, unknown>;
}
interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly requestBody?: Record<string, unknown>;
  readonly response: { readonly status: number; readonly schema: Record<string, unknown> };
}
interface Description {
  readonly operations: Record<string, Operation>;
  readonly definitions?: Record<string, unknown>;
}

export const GITHUB_API: Description = require(path.join(__dirname, 'fixtures', 'forge-api', 'github-pulls.json'));
export const GITLAB_API: Description = require(path.join(__dirname, 'fixtures', 'forge-api', 'gitlab-merge-requests.json'));

/** A merge request the stand-in holds. */
export interface HeldRequest {
  number: number;
  sourceBranch: string;
  targetBranch: string;
  title: string;
  description: string;
  state: 'open' | 'closed' | 'merged';
}

export interface StandInForge {
  readonly url: string;
  readonly requests: HeldRequest[];
  /** Every call: operation id, method, path and query. */
  readonly calls: Array<{ operation: string; method: string; url: string; body?: unknown }>;
  readonly violations: string[];
  close(): Promise<void>;
}

/** Coerce a query value to its schema's type (as a server framework would) for validation. */
function coerce(v: string, schema: Record<string, unknown>): unknown {
  if (schema.type === 'integer' && /^-?\d+$/.test(v)) return Number(v);
  if (schema.type === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
  return v;
}

/** Start the stand-in for `kind` with the token it accepts. */
export async function startStandInForge(kind: 'github' | 'gitlab', token: string): Promise<StandInForge> {
  const api = kind === 'github' ? GITHUB_API : GITLAB_API;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  if (api.definitions) ajv.addSchema({ $id: 'defs', definitions: api.definitions });
  const fix = (s: unknown): unknown => JSON.parse(JSON.stringify(s).replace(/"#\/definitions\//g, '"defs#/definitions/'));
  const prefix = kind === 'gitlab' ? '/api/v4' : '';
  const requests: HeldRequest[] = [];
  const calls: StandInForge['calls'] = [];
  const violations: string[] = [];

  const ops = Object.entries(api.operations).map(([id, op]) => {
    const names: string[] = [];
    const re = new RegExp(`^${prefix}${op.path.replace(/\{([^}]+)\}/g, (_m, n) => (names.push(n), '([^/]+)'))}$`);
    return { id, op, re, names };
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const found = ops.find((o) => o.op.method === req.method && o.re.test(url.pathname));
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const problems: string[] = [];
      if (!found) {
        violations.push(`${req.method} ${url.pathname}: no such operation in the description`);
        return answer(404, { message: 'Not Found' });
      }
      const { id, op, re, names } = found;
      const authorized = kind === 'github' ? req.headers.authorization === `Bearer ${token}` : req.headers['private-token'] === token;
      if (!authorized) return answer(401, { message: '401 Unauthorized' });
      const pathValues = re.exec(url.pathname)!.slice(1).map(decodeURIComponent);
      for (const p of op.parameters) {
        const raw = p.in === 'path' ? pathValues[names.indexOf(p.name)] : url.searchParams.get(p.name) ?? undefined;
        if (raw === undefined) {
          if (p.required) problems.push(`${p.in} parameter ${p.name} is required`);
          continue;
        }
        const validate = ajv.compile(p.schema);
        if (!validate(coerce(raw, p.schema))) problems.push(`${p.in} parameter ${p.name}=${raw}: ${ajv.errorsText(validate.errors)}`);
      }
      for (const key of url.searchParams.keys()) if (!op.parameters.some((p) => p.in === 'query' && p.name === key)) problems.push(`query parameter ${key} is not in the description`);
      let body: any;
      if (op.requestBody) {
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) problems.push('the body is not application/json');
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          const validate = ajv.compile(op.requestBody);
          if (!validate(body)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
        } catch {
          problems.push('the body is not JSON');
        }
      }
      calls.push({ operation: id, method: req.method!, url: `${url.pathname}${url.search}`, ...(body !== undefined ? { body } : {}) });
      if (problems.length) {
        violations.push(...problems.map((p) => `${id}: ${p}`));
        return answer(422, { message: problems });
      }
      const project = kind === 'github' ? `https://github.example.org/${pathValues[0]}/${pathValues[1]}` : `https://gitlab.example.org/${pathValues[0]}`;
      const shape = (r: HeldRequest) =>
        kind === 'github'
          ? { number: r.number, html_url: `${project}/pull/${r.number}`, state: r.state === 'open' ? 'open' : 'closed', merged_at: r.state === 'merged' ? '2026-03-02T10:00:00Z' : null, title: r.title, head: { ref: r.sourceBranch }, base: { ref: r.targetBranch } }
          : { id: 1000 + r.number, iid: r.number, title: r.title, description: r.description, state: r.state === 'open' ? 'opened' : r.state, web_url: `${project}/-/merge_requests/${r.number}`, source_branch: r.sourceBranch, target_branch: r.targetBranch, merged_at: r.state === 'merged' ? '2026-03-02T10:00:00Z' : null };
      let status: number;
      let out: unknown;
      if (req.method === 'POST') {
        const r: HeldRequest = {
          number: requests.length + 1,
          sourceBranch: kind === 'github' ? body.head : body.source_branch,
          targetBranch: kind === 'github' ? body.base : body.target_branch,
          title: body.title,
          description: (kind === 'github' ? body.body : body.description) ?? '',
          state: 'open',
        };
        requests.push(r);
        status = op.response.status;
        out = shape(r);
      } else {
        const branch = kind === 'github' ? (url.searchParams.get('head') ?? '').replace(/^[^:]*:/, '') : url.searchParams.get('source_branch');
        status = op.response.status;
        out = requests.filter((r) => r.sourceBranch === branch).reverse().slice(0, Number(url.searchParams.get('per_page') ?? 30)).map(shape);
      }
      const check = ajv.compile(fix(op.response.schema) as object);
      if (!check(out)) violations.push(`${id}: the stand-in's own answer: ${ajv.errorsText(check.errors)}`);
      answer(status, out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    calls,
    violations,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
