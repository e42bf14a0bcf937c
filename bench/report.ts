/** The benchmark's outputs: the JSON record, a Markdown table and an SVG chart (hand-drawn, no library). */
import { formatPhases } from '../src/knowledge/bulk/admin.js';
import type { ImportResult } from './import.js';
import type { ServerName } from './mix.js';

export interface Cell {
  shape: string;
  title: string;
  server: ServerName;
  /** Why the server cannot run this shape. */
  unsupported?: string;
  requestsPerSecond?: number;
  p50?: number;
  p99?: number;
  requests?: number;
  /** Non-2xx responses, GraphQL errors in 200 responses, and socket errors or timeouts. */
  failures?: number;
  /** RSS of the server process while this cell ran (MB): peak. */
  rssPeakMB?: number;
}

export interface ServerInfo {
  server: ServerName;
  command: string;
  startupSeconds: number;
  idleRssMB: number;
  peakRssMB: number;
}

export interface BenchResult {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; platform: string };
  neo4j: { source: string; heap: string; pagecache: string };
  options: {
    entities: number;
    seed: number;
    durationSeconds: number;
    warmupSeconds: number;
    connections: number;
    /** How the graph was loaded; absent in results written before the bulk import existed (batched). */
    import?: 'bulk' | 'batched';
  };
  graph: { entities: number; relations: number; documents: number; quotes: number };
  import?: ImportResult;
  servers: ServerInfo[];
  cells: Cell[];
}

const SERVER_LABEL: Record<ServerName, string> = {
  ours: 'ours (yoga + Pothos)',
  'neo4j-graphql': '@neo4j/graphql 7',
  raw: 'raw Cypher',
};
const f0 = (n: number | undefined) => (n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));
const f1 = (n: number | undefined) => (n === undefined ? '–' : n < 10 ? n.toFixed(1) : Math.round(n).toString());
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;

export function cellOf(result: BenchResult, shape: string, server: ServerName) {
  return result.cells.find((c) => c.shape === shape && c.server === server);
}

/** Our server's targets against the other two, evaluated on the measured numbers. */
export function targets(result: BenchResult) {
  const lines: { target: string; met: boolean | undefined; detail: string }[] = [];
  const shapes = [...new Set(result.cells.map((c) => c.shape))];
  for (const shape of shapes) {
    const ours = cellOf(result, shape, 'ours');
    const lib = cellOf(result, shape, 'neo4j-graphql');
    const raw = cellOf(result, shape, 'raw');
    if (ours?.requestsPerSecond === undefined) continue;
    if (lib?.requestsPerSecond !== undefined) {
      const r = ours.requestsPerSecond / lib.requestsPerSecond;
      lines.push({ target: `${shape}: req/s ≥ 1.5× @neo4j/graphql`, met: r >= 1.5, detail: `${r.toFixed(2)}×` });
      lines.push({
        target: `${shape}: p99 ≤ @neo4j/graphql's`,
        met: (ours.p99 ?? 0) <= (lib.p99 ?? 0),
        detail: `${f1(ours.p99)} ms vs ${f1(lib.p99)} ms`,
      });
    }
    if (raw?.p50 !== undefined && ours.p50 !== undefined) {
      const r = ours.p50 / raw.p50;
      lines.push({
        target: `${shape}: p50 ≤ 1.3× raw Cypher`,
        met: r <= 1.3,
        detail: `${f1(ours.p50)} ms vs ${f1(raw.p50)} ms (${r.toFixed(2)}×)`,
      });
    }
  }
  const paths = cellOf(result, 'paths', 'ours');
  if (paths?.p99 !== undefined) {
    lines.push({
      target: `paths p99 < 100 ms (at ${result.graph.entities.toLocaleString('en-US')} entities)`,
      met: paths.p99 < 100,
      detail: `${f1(paths.p99)} ms`,
    });
  }
  const i = result.import;
  if (i?.method === 'bulk') {
    lines.push({
      target: 'import ≥ 50 000 entities/s',
      met: i.wholeEntitiesPerSecond >= 50_000,
      detail:
        `${f0(i.wholeEntitiesPerSecond)} entities/s, ${f0(i.wholeRelationsPerSecond)} relationships/s over the whole bulk write ` +
        `(CSV, neo4j-admin, server start, indexes online); neo4j-admin alone ${f0(i.adminEntitiesPerSecond)} entities/s`,
    });
  } else if (i) {
    lines.push({
      target: 'import ≥ 50 000 entities/s',
      met: i.entitiesPerSecond >= 50_000,
      detail: `${f0(i.entitiesPerSecond)} entities/s (write), ${f0(i.relationsPerSecond)} relationships/s`,
    });
  }
  const ours = result.servers.find((s) => s.server === 'ours');
  if (ours) {
    lines.push({
      target: 'API RSS ≤ 150 MB under load',
      met: ours.peakRssMB <= 150,
      detail: `${f0(ours.peakRssMB)} MB peak, ${f0(ours.idleRssMB)} MB idle (\`${ours.command}\`)`,
    });
  }
  return lines;
}

export function markdown(result: BenchResult, chartFile?: string): string {
  const out: string[] = [];
  const g = result.graph;
  out.push(
    `${g.entities.toLocaleString('en-US')} entities, ${g.relations.toLocaleString('en-US')} relationships, ${g.documents.toLocaleString('en-US')} documents ` +
      `(seed ${result.options.seed}); ${result.options.connections} connections, ${result.options.warmupSeconds} s warm-up then ${result.options.durationSeconds} s per cell; ` +
      `${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, Neo4j ${result.neo4j.source} (heap ${result.neo4j.heap}, page cache ${result.neo4j.pagecache}).`,
    '',
  );
  if (chartFile) out.push(`![req/s and p99 per query and server](${chartFile})`, '');
  out.push(
    '| query | server | req/s | p50 ms | p99 ms | req/s vs @neo4j/graphql | req/s vs raw | p50 vs raw | failures |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const shapes = [...new Map(result.cells.map((c) => [c.shape, c.title])).entries()];
  for (const [shape, title] of shapes) {
    const lib = cellOf(result, shape, 'neo4j-graphql');
    const raw = cellOf(result, shape, 'raw');
    for (const cell of result.cells.filter((c) => c.shape === shape)) {
      if (cell.unsupported) {
        out.push(`| ${title} | ${SERVER_LABEL[cell.server]} | n/a | | | | | | ${cell.unsupported} |`);
        continue;
      }
      out.push(
        `| ${title} | ${SERVER_LABEL[cell.server]} | ${f0(cell.requestsPerSecond)} | ${f1(cell.p50)} | ${f1(cell.p99)} | ` +
          `${cell.server === 'neo4j-graphql' ? '' : ratio(cell.requestsPerSecond, lib?.requestsPerSecond)} | ` +
          `${cell.server === 'raw' ? '' : ratio(cell.requestsPerSecond, raw?.requestsPerSecond)} | ` +
          `${cell.server === 'raw' ? '' : ratio(cell.p50, raw?.p50)} | ${cell.failures ?? 0} |`,
      );
    }
  }
  out.push('', '| API process | started by | startup s | idle RSS MB | peak RSS MB under load |', '| --- | --- | ---: | ---: | ---: |');
  for (const s of result.servers) {
    out.push(`| ${SERVER_LABEL[s.server]} | \`${s.command}\` | ${s.startupSeconds.toFixed(1)} | ${f0(s.idleRssMB)} | ${f0(s.peakRssMB)} |`);
  }
  const i = result.import;
  if (i?.method === 'bulk') {
    const phases = formatPhases(i.adminPhases);
    out.push(
      '',
      `Import (\`kg import --bulk\`'s path: offline with neo4j-admin, then the server builds the indexes): compile (validation, merge, quote check) ` +
        `${i.compileSeconds.toFixed(1)} s; CSV write ${i.csvSeconds.toFixed(1)} s (${i.csvFiles} files); neo4j-admin ${i.adminSeconds.toFixed(1)} s` +
        `${phases ? ` (${phases})` : ''}; server start ${i.serverStartSeconds.toFixed(1)} s; schema and index population ${i.indexSeconds.toFixed(1)} s` +
        `${i.pendingProperties > 0 ? `; ${f0(i.pendingProperties)} empty lists set over Bolt ${i.pendingSeconds.toFixed(1)} s` : ''}. ` +
        `Whole bulk write (CSV to indexes online, ${i.wholeSeconds.toFixed(1)} s): **${f0(i.wholeEntitiesPerSecond)} entities/s**, ` +
        `**${f0(i.wholeRelationsPerSecond)} relationships/s**; neo4j-admin alone: ${f0(i.adminEntitiesPerSecond)} entities/s, ` +
        `${f0(i.adminRelationsPerSecond)} relationships/s; peak heap ${f0(i.peakHeapMB)} MB.`,
    );
  } else if (i) {
    out.push(
      '',
      `Import (\`kg import --batched\`'s path, ${i.batchSize.toLocaleString('en-US')} rows per transaction): compile (validation, merge, quote check) ` +
        `${i.compileSeconds.toFixed(1)} s; write ${i.writeSeconds.toFixed(1)} s: **${f0(i.entitiesPerSecond)} entities/s**, ` +
        `**${f0(i.relationsPerSecond)} relationships/s**; end to end ${f0(i.endToEndEntitiesPerSecond)} entities/s; peak heap ${f0(i.peakHeapMB)} MB.`,
    );
  }
  out.push('', '| target (ours) | met | measured |', '| --- | :---: | --- |');
  for (const t of targets(result)) out.push(`| ${t.target} | ${t.met === undefined ? '–' : t.met ? 'yes' : '**no**'} | ${t.detail} |`);
  return `${out.join('\n')}\n`;
}

const COLORS: Record<ServerName, string> = { ours: '#2f6fdf', 'neo4j-graphql': '#e07b39', raw: '#7a8b99' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Two panels of grouped horizontal bars per query: req/s (linear, higher is better) and p99 latency
 * (log scale, lower is better, so that 5 ms and 2 s both read).
 */
export function svg(result: BenchResult): string {
  const shapes = [...new Map(result.cells.map((c) => [c.shape, c.title])).entries()];
  const servers = (['ours', 'neo4j-graphql', 'raw'] as ServerName[]).filter((s) => result.cells.some((c) => c.server === s));
  const bar = 13;
  const gap = 3;
  const groupGap = 18;
  const labelWidth = 265;
  const panelWidth = 340;
  const top = 70;
  const groupHeight = servers.length * (bar + gap) + groupGap;
  const legendY = top + shapes.length * groupHeight + 8;
  const height = legendY + 30;
  const width = labelWidth + panelWidth * 2 + 70;
  const maxRps = Math.max(1, ...result.cells.map((c) => c.requestsPerSecond ?? 0));
  const maxP99 = Math.max(10, ...result.cells.map((c) => c.p99 ?? 0));
  const logMax = Math.log10(maxP99 * 1.2);
  const x2 = labelWidth + panelWidth + 30;
  const span = panelWidth - 60;
  const p99Width = (ms: number) => Math.max(1, (Math.max(0, Math.log10(Math.max(ms, 1))) / logMax) * span);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="14" font-weight="600">${esc(`Query mix at ${result.graph.entities.toLocaleString('en-US')} entities, ${result.graph.relations.toLocaleString('en-US')} relationships`)}</text>`,
    `<text x="12" y="40" fill="#555">${esc(`${result.options.connections} connections, ${result.options.durationSeconds} s per cell after ${result.options.warmupSeconds} s warm-up, ${result.machine.cpus} cores shared by Neo4j, the API and the load generator`)}</text>`,
    `<text x="${labelWidth}" y="${top - 10}" font-weight="600">requests/s (higher is better)</text>`,
    `<text x="${x2}" y="${top - 10}" font-weight="600">p99 latency, ms, log scale (lower is better)</text>`,
  );
  for (const tick of [1, 10, 100, 1000, 10000].filter((t) => t <= maxP99 * 1.2)) {
    const x = x2 + (tick === 1 ? 0 : p99Width(tick));
    parts.push(`<line x1="${x.toFixed(1)}" y1="${top - 4}" x2="${x.toFixed(1)}" y2="${legendY - 12}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${x.toFixed(1)}" y="${legendY - 2}" fill="#888" font-size="10" text-anchor="middle">${tick}</text>`);
  }
  servers.forEach((s, i) => {
    const x = 12 + i * 190;
    parts.push(`<rect x="${x}" y="${legendY + 8}" width="12" height="12" fill="${COLORS[s]}"/>`);
    parts.push(`<text x="${x + 17}" y="${legendY + 18}">${esc(SERVER_LABEL[s])}</text>`);
  });
  shapes.forEach(([shape, title], gi) => {
    const y0 = top + gi * groupHeight;
    parts.push(`<text x="12" y="${y0 + 11}" font-weight="600">${esc(title)}</text>`);
    servers.forEach((server, si) => {
      const cell = cellOf(result, shape, server);
      const y = y0 + si * (bar + gap);
      if (!cell || cell.unsupported || cell.requestsPerSecond === undefined) {
        parts.push(`<text x="${labelWidth + 4}" y="${y + bar - 3}" fill="#999" font-size="11">n/a (${esc(SERVER_LABEL[server])})</text>`);
        return;
      }
      const w1 = Math.max(1, (cell.requestsPerSecond / maxRps) * span);
      const w2 = p99Width(cell.p99 ?? 0);
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${w1.toFixed(1)}" height="${bar}" fill="${COLORS[server]}"/>`);
      parts.push(`<text x="${(labelWidth + w1 + 4).toFixed(1)}" y="${y + bar - 3}" font-size="11">${f0(cell.requestsPerSecond)}</text>`);
      parts.push(`<rect x="${x2}" y="${y}" width="${w2.toFixed(1)}" height="${bar}" fill="${COLORS[server]}"/>`);
      parts.push(`<text x="${(x2 + w2 + 4).toFixed(1)}" y="${y + bar - 3}" font-size="11">${f1(cell.p99)}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
