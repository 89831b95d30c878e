import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { promtool, tempDir } from './promtool';

/**
 * A real Prometheus (Debian's /usr/bin/prometheus) on loopback, its TSDB filled with blocks that
 * `promtool tsdb create-blocks-from openmetrics` made from series of the shape the exporters write.
 * One start per test file: `startPrometheus` in beforeAll, `stop` in afterAll.
 */
export const PROMETHEUS = process.env.PROMETHEUS ?? '/usr/bin/prometheus';

/** A free loopback port: bind port 0, read the port, close (Prometheus cannot listen on port 0 and tell us). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  readonly url: string;
  readonly dir: string;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${log()}`);
    try {
      const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus did not become ready: ${log()}`);
}

/** Make TSDB blocks from OpenMetrics text and start Prometheus on them. */
export async function startPrometheus(openMetrics: string): Promise<RunningPrometheus> {
  if (!fs.existsSync(PROMETHEUS)) throw new Error(`${PROMETHEUS} is missing: install Debian's prometheus package (apt-get install prometheus), as .ci/run does`);
  const dir = tempDir('prometheus');
  const data = path.join(dir, 'data');
  fs.writeFileSync(path.join(dir, 'series.om'), openMetrics);
  const made = promtool(['tsdb', 'create-blocks-from', 'openmetrics', 'series.om', data], dir);
  if (made.status !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed: ${made.output}`);
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), 'global:\n  evaluation_interval: 1m\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(
    PROMETHEUS,
    [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (b) => (log += b));
  child.stderr!.on('data', (b) => (log += b));
  await waitReady(url, child, () => log);
  return {
    url,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A range query (what Grafana runs for a panel): the series it returns. */
export async function rangeQuery(url: string, query: string, startS: number, endS: number, stepS: number): Promise<Array<{ metric: Record<string, string>; values: Array<[number, string]> }>> {
  const body = new URLSearchParams({ query, start: String(startS), end: String(endS), step: String(stepS) });
  const r = await fetch(`${url}/api/v1/query_range`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(30000) });
  const doc: any = await r.json();
  if (doc.status !== 'success') throw new Error(`${doc.errorType}: ${doc.error} in ${query}`);
  return doc.data.result;
}
