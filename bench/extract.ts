/**
 * Leave one document out: each of the corpus's documents extracted with only the other documents'
 * seed files known, its draft's relations compared with its own reviewed seed file. Prints the
 * table (and per-type detail with --detail) and writes bench/results/extract.md.
 *
 *   npm run bench:extract [-- --detail] [-- --no-write]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { foldKey } from '../src/core/name-forms.js';
import type { RelationType } from '../src/core/ontology.js';
import { DOCUMENTS_DIR, PROJECT_ROOT, SEEDS_DIR } from '../src/core/paths.js';
import { type SeedFile, seedFileSchema } from '../src/core/schema.js';
import { type Draft, extractDraft } from '../src/extract/extract.js';
import { compileSeedPaths, seedPaths } from '../src/knowledge/seed-paths.js';

const SYMMETRIC: readonly RelationType[] = ['PARTNERS_WITH'];

export interface Score {
  document: string;
  reviewed: number;
  /** The reviewed relations the text states (not marked `inferred`), and how many of them were found. */
  stated: number;
  statedFound: number;
  proposed: number;
  correct: number;
  /** Reviewed relations found, by type: [found, total]. */
  byType: Map<RelationType, [number, number]>;
  /** Proposals that match nothing, for the detail. */
  wrong: string[];
  missed: string[];
}

/** Compares a draft with the reviewed seed file of the same document. */
export function score(document: string, draft: Draft, reviewed: SeedFile): Score {
  const byFold = new Map<string, string>();
  for (const e of reviewed.entities) for (const n of [e.name, ...e.aliases]) if (!byFold.has(foldKey(n))) byFold.set(foldKey(n), e.id);
  const reviewedIds = new Set(reviewed.entities.map((e) => e.id));
  const map = new Map<string, string | undefined>();
  for (const e of draft.entities) {
    if (reviewedIds.has(e.id) && e.known) map.set(e.id, e.id);
    else
      map.set(
        e.id,
        [e.name, ...e.aliases].map((n) => byFold.get(foldKey(n))).find((x) => x !== undefined),
      );
  }
  const key = (type: RelationType, a: string, b: string) => (SYMMETRIC.includes(type) && b < a ? `${type}|${b}|${a}` : `${type}|${a}|${b}`);
  const truth = new Map(reviewed.relations.map((r) => [key(r.type, r.from, r.to), r]));
  const hit = new Set<string>();
  const names = new Map(reviewed.entities.map((e) => [e.id, e.name]));
  const draftNames = new Map(draft.entities.map((e) => [e.id, e.name]));
  const wrong: string[] = [];
  for (const r of draft.relations) {
    const a = map.get(r.from);
    const b = map.get(r.to);
    const k = a && b ? key(r.type, a, b) : undefined;
    if (k && truth.has(k)) {
      hit.add(k);
    } else wrong.push(`${r.type} ${draftNames.get(r.from)} → ${draftNames.get(r.to)} | ${r.evidence[0]?.quote}`);
  }
  const byType = new Map<RelationType, [number, number]>();
  const missed: string[] = [];
  for (const [k, r] of truth) {
    const t = byType.get(r.type) ?? [0, 0];
    t[1]++;
    if (hit.has(k)) t[0]++;
    else missed.push(`${r.type} ${names.get(r.from) ?? r.from} → ${names.get(r.to) ?? r.to}`);
    byType.set(r.type, t);
  }
  const stated = [...truth].filter(([, r]) => r.inferred === undefined);
  const statedFound = stated.filter(([k]) => hit.has(k)).length;
  return {
    document,
    reviewed: truth.size,
    stated: stated.length,
    statedFound,
    proposed: draft.relations.length,
    correct: hit.size,
    byType,
    wrong,
    missed,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export async function leaveOneOut(): Promise<Score[]> {
  const files = await seedPaths([SEEDS_DIR]);
  const scores: Score[] = [];
  for (const file of files) {
    const reviewed = seedFileSchema.parse(parseYaml(await readFile(file, 'utf8')));
    const others = files.filter((f) => f !== file);
    const known = (await compileSeedPaths([], { context: others })).entities;
    const text = await readFile(join(DOCUMENTS_DIR, reviewed.document.file), 'utf8');
    const draft = await extractDraft({ text, file: reviewed.document.file }, known);
    scores.push(score(basename(file), draft, reviewed));
  }
  return scores;
}

export function table(scores: Score[]): string {
  const rows = scores.map(
    (s) =>
      `| ${s.document} | ${s.reviewed} | ${s.proposed} | ${s.correct} | ${pct(ratio(s.correct, s.reviewed))} | ${pct(ratio(s.statedFound, s.stated))} | ${pct(ratio(s.correct, s.proposed))} |`,
  );
  const sum = (f: (s: Score) => number) => scores.reduce((a, s) => a + f(s), 0);
  const micro = {
    r: ratio(
      sum((s) => s.correct),
      sum((s) => s.reviewed),
    ),
    rs: ratio(
      sum((s) => s.statedFound),
      sum((s) => s.stated),
    ),
    p: ratio(
      sum((s) => s.correct),
      sum((s) => s.proposed),
    ),
  };
  const macro = {
    r: sum((s) => ratio(s.correct, s.reviewed)) / scores.length,
    rs: sum((s) => ratio(s.statedFound, s.stated)) / scores.length,
    p: sum((s) => ratio(s.correct, s.proposed)) / scores.length,
  };
  const types = new Map<RelationType, [number, number]>();
  for (const s of scores)
    for (const [t, [f, n]] of s.byType) {
      const x = types.get(t) ?? [0, 0];
      types.set(t, [x[0] + f, x[1] + n]);
    }
  return [
    '| document | reviewed relations | proposed | correct | recall | recall of the stated | precision |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    `| **micro** (all relations) | ${sum((s) => s.reviewed)} | ${sum((s) => s.proposed)} | ${sum((s) => s.correct)} | ${pct(micro.r)} | ${pct(micro.rs)} | ${pct(micro.p)} |`,
    `| **macro** (mean of documents) | | | | ${pct(macro.r)} | ${pct(macro.rs)} | ${pct(macro.p)} |`,
    '',
    '| type | found / reviewed |',
    '| --- | ---: |',
    ...[...types].sort((a, b) => b[1][1] - a[1][1]).map(([t, [f, n]]) => `| ${t} | ${f} / ${n} (${pct(ratio(f, n))}) |`),
  ].join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: { detail: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } },
  });
  const started = performance.now();
  const scores = await leaveOneOut();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const text = table(scores);
  console.log(text);
  if (values.detail)
    for (const s of scores) {
      console.log(`\n## ${s.document}\nwrong:\n  ${s.wrong.join('\n  ')}\nmissed:\n  ${s.missed.join('\n  ')}`);
    }
  if (!values['no-write']) {
    const out = join(PROJECT_ROOT, 'bench/results/extract.md');
    await writeFile(out, `# Extraction, leave one document out\n\n\`npm run bench:extract\` (${seconds} s)\n\n${text}\n`);
    console.error(`wrote ${out}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) await main();
