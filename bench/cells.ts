/**
 * The measurements: one request of each shape checked against each server before any load, then
 * every (shape, server) cell under autocannon, after a warm-up, with the server's peak RSS sampled.
 */
import autocannon from 'autocannon';
import { endStatus, log, type Options, status } from './context.js';
import type { Manifest } from './generate.js';
import { requestFor, type ServerName, SHAPES, type Shape } from './mix.js';
import type { Cell } from './report.js';
import { type Running, rssMB } from './servers/start.js';

/**
 * An answer that counts as a failure: not a 200, GraphQL errors, or a truncated path search (a tiny
 * work budget must not buy the latency; a neighbourhood's `truncated` is its node limit, and fine).
 */
const failed = (shape: Shape, status: number, body: string) =>
  status !== 200 || body.includes('"errors"') || (shape.name === 'paths' && body.includes('"truncated":true'));

/** One request of each shape, checked for a 200 and no GraphQL errors, before any load. */
export async function sanity(server: Running, manifest: Manifest, shapes: Shape[]) {
  for (const shape of shapes) {
    for (let i = 0; i < 3; i++) {
      const spec = requestFor(server.name, shape, manifest.samples, i);
      if (!spec) continue;
      const res = await fetch(`http://127.0.0.1:${server.port}${spec.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: spec.body,
      });
      const text = await res.text();
      if (failed(shape, res.status, text)) {
        throw new Error(`${server.name} ${shape.name}: HTTP ${res.status}: ${text.slice(0, 500)}`);
      }
    }
  }
}

/** `seconds` of one shape against one server from `connections` clients; every answer is checked. */
async function load(
  server: Running,
  shapeName: string,
  manifest: Manifest,
  seconds: number,
  connections: number,
  onTick?: (s: number) => void,
) {
  const shape = SHAPES.find((s) => s.name === shapeName);
  if (!shape) throw new Error(shapeName);
  let counter = 0;
  let failures = 0;
  const first = requestFor(server.name, shape, manifest.samples, 0);
  if (!first) throw new Error('unsupported');
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: `http://127.0.0.1:${server.port}`,
      connections,
      duration: seconds,
      timeout: 30,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          path: first.path,
          setupRequest: (req) => {
            const spec = requestFor(server.name, shape, manifest.samples, counter++) as { path: string; body: string };
            return { ...req, path: spec.path, body: spec.body };
          },
          onResponse: (status, body) => {
            if (failed(shape, status, body)) failures++;
          },
        },
      ],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  let tick = 0;
  instance.on('tick', () => onTick?.(++tick));
  const result = await finished;
  return { result, failures: failures + result.errors + result.timeouts };
}

/**
 * Every cell of the table, in the order of `options.shapes` and `options.servers`; a server that
 * cannot express a shape gets a cell saying why. Raises each server's `info.peakRssMB` to what it
 * reached under load.
 */
/**
 * `settle` runs after every load (warm-up or measured): a server's statements can outlive its cell
 * (Neo4j's SHORTEST k runs on to its time-out after the client has gone), and must not weigh on the
 * next one.
 */
export async function measureCells(
  running: Running[],
  manifest: Manifest,
  options: Options,
  settle: () => Promise<void> = async () => {},
): Promise<Cell[]> {
  const { shapes, servers, warmup, duration, connections } = options;
  const cells: Cell[] = [];
  const supports = (server: ServerName, shape: Shape) => requestFor(server, shape, manifest.samples, 0) !== undefined;
  const runnable = shapes.flatMap((shape) => servers.filter((server) => supports(server, shape))).length;
  let done = 0;
  for (const [index, shape] of shapes.entries()) {
    const able = servers.filter((server) => supports(server, shape));
    // Every server warms up on this shape first (JIT, Neo4j's page cache and query plans), then they
    // are measured in an order that rotates from shape to shape, so none is always first.
    for (const name of able) {
      status(`${shape.name}: warming up ${name} (${warmup} s)`);
      if (warmup > 0) await load(running.find((r) => r.name === name) as Running, shape.name, manifest, warmup, connections);
      await settle();
    }
    const order = able.map((_, i) => able[(i + index) % able.length] as ServerName);
    for (const name of servers.filter((server) => !supports(server, shape))) {
      const unsupported = typeof shape.neo4jGraphql === 'string' ? 'unsupported' : shape.neo4jGraphql.unsupported;
      cells.push({ shape: shape.name, title: shape.title, server: name, unsupported });
    }
    for (const name of order) {
      const server = running.find((r) => r.name === name) as Running;
      done++;
      const label = `${done}/${runnable} ${shape.name} × ${name}`;
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMB(server.pid));
      }, 200);
      const { result, failures } = await load(server, shape.name, manifest, duration, connections, (s) =>
        status(`${label}: ${s}/${duration} s`),
      );
      clearInterval(sampler);
      peak = Math.max(peak, rssMB(server.pid));
      await settle();
      server.info.peakRssMB = Math.max(server.info.peakRssMB, peak);
      const cell: Cell = {
        shape: shape.name,
        title: shape.title,
        server: name,
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        failures,
        rssPeakMB: Math.round(peak),
      };
      cells.push(cell);
      endStatus();
      log(
        `${label}: ${Math.round(cell.requestsPerSecond ?? 0)} req/s, p50 ${cell.p50} ms, p99 ${cell.p99} ms, ` +
          `${failures} failures, RSS ${cell.rssPeakMB} MB`,
      );
    }
  }
  // Table order: the servers' order, whatever order they ran in.
  cells.sort(
    (a, b) =>
      shapes.findIndex((s) => s.name === a.shape) - shapes.findIndex((s) => s.name === b.shape) ||
      servers.indexOf(a.server) - servers.indexOf(b.server),
  );
  return cells;
}
