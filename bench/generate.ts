/**
 * A deterministic, realistic industrial-chain graph at any scale, in the seeds' own format: one
 * JSON seed file per generated source document, and the document itself, so that every evidence
 * quote is really found in its document (the importer checks it).
 *
 * Shape: companies (most of the graph), products, funds, parks, research institutes, universities,
 * regions and industries; about five relationships per entity on average (mean degree ≈ 5, i.e.
 * ≈ 2.5 relationships per entity counted once), with skewed degrees: targets are picked by Zipf
 * laws, so a few hub parks, funds and big customers collect thousands of links while most companies
 * have two or three. The same (entities, seed) always gives the same files, byte for byte.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RelationType } from '../src/core/schema.js';
import { SEGMENTS } from '../src/core/schema.js';
import { DocumentWriter, pickers, type SeedEntity } from './graph/document.js';
import { hash, pickOf, rng } from './graph/random.js';
import {
  BASE_INDUSTRIES,
  brandOf,
  idOf,
  kindOf,
  layout,
  MIX,
  naming,
  PARTNER_KINDS,
  PRODUCT_WORDS,
  ROUNDS,
  regionLevel,
} from './graph/shape.js';

/** Bump when the output changes, so that a cached work folder is regenerated. */
const GENERATOR_VERSION = 4;

export interface GenerateOptions {
  entities: number;
  seed: number;
  /** The work folder: `<dir>/corpus/*.txt` and `<dir>/seeds/*.json` are written there. */
  dir: string;
  /** Entities introduced per document. */
  perDocument?: number;
  progress?: (line: string) => void;
}

export interface Samples {
  /** Ids for look-ups (any kind). */
  lookup: string[];
  /** Company ids for the nested list (companies → parks, investors). */
  companies: string[];
  /** Short names typed into search. */
  searchTexts: string[];
  /** Roots for the neighbourhood (any kind but Region and Industry). */
  neighborhood: string[];
  /** Pairs for k shortest paths (any kind but Region and Industry). */
  pairs: [string, string][];
  /** Companies with suppliers, customers or products, for supply-chain tiers. */
  supplyRoots: string[];
}

export interface Manifest {
  version: number;
  entities: number;
  seed: number;
  documents: number;
  relations: number;
  quotes: number;
  byKind: Record<string, number>;
  byType: Record<string, number>;
  corpusDir: string;
  seedsDir: string;
  samples: Samples;
}

export async function generate(options: GenerateOptions): Promise<Manifest> {
  const { entities: n, seed, dir, perDocument = 200, progress = () => {} } = options;
  const manifestFile = join(dir, 'manifest.json');
  const previous = await readFile(manifestFile, 'utf8')
    .then((t) => JSON.parse(t) as Manifest)
    .catch(() => undefined);
  if (previous && previous.version === GENERATOR_VERSION && previous.entities === n && previous.seed === seed) {
    progress(`generator: reusing ${dir} (${previous.entities} entities, ${previous.relations} relations)`);
    return previous;
  }
  if (n < MIX.length * 4) throw new RangeError(`--entities must be at least ${MIX.length * 4}`);
  await rm(dir, { recursive: true, force: true });
  const corpusDir = join(dir, 'corpus');
  const seedsDir = join(dir, 'seeds');
  await mkdir(corpusDir, { recursive: true });
  await mkdir(seedsDir, { recursive: true });

  const started = performance.now();
  const g = layout(n, seed);
  const pick = pickers(g);
  const name = (i: number) => naming(g, i);
  const documents = Math.ceil(n / perDocument);
  const byType: Record<string, number> = {};
  let relationCount = 0;
  let quotes = 0;
  const supplyRoots: string[] = [];
  const hubEvery = 97;

  for (let d = 0; d < documents; d++) {
    const doc = new DocumentWriter();
    const dr = rng(hash(seed, 3, d));
    const year = 2018 + Math.floor(dr() * 8);
    const file = `bench-${String(d).padStart(6, '0')}.txt`;
    const title = `${brandOf(g, d % n)}产业链动态(${year}年第${(d % 12) + 1}期)`;
    const end = Math.min(n, (d + 1) * perDocument);
    const restateHub = (target: number) => {
      const own = target >= d * perDocument && target < end;
      if (!own && (target + d) % hubEvery === 0) doc.restate(idOf(g, target), kindOf(g, target), name(target).name);
    };
    for (let i = d * perDocument; i < end; i++) {
      const r = rng(hash(seed, 4, i));
      const kind = kindOf(g, i);
      const self = name(i);
      const id = idOf(g, i);
      const founded = 1990 + Math.floor(r() * 35);
      const entity: SeedEntity = { id, kind, name: self.name, aliases: [self.alias], evidence: [] };
      const props: Record<string, unknown> = {};
      switch (kind) {
        case 'Company': {
          const capital = (1 + Math.floor(r() * 500)) * 100;
          props.foundedOn = String(founded);
          props.registeredCapitalCny = capital * 10_000;
          if (r() < 0.5) props.employees = 5 + Math.floor(r() * 2000);
          entity.evidence.push(doc.say(`${self.name}成立于${founded}年,注册资本${capital}万元`));
          if (r() < 0.3) entity.description = doc.say(`${self.alias}是一家专注于${self.alias.slice(g.brandLength)}领域的企业`).quote;
          break;
        }
        case 'Fund': {
          const size = (1 + Math.floor(r() * 100)) * 1000;
          props.fundSizeCny = size * 10_000;
          entity.evidence.push(doc.say(`${self.name}总规模${size}万元`));
          break;
        }
        case 'Park': {
          const mu = 100 + Math.floor(r() * 5000);
          props.areaSqm = Math.round(mu * 666.67);
          props.foundedOn = String(founded);
          entity.evidence.push(doc.say(`${self.name}占地${mu}亩,始建于${founded}年`));
          break;
        }
        case 'University':
          entity.evidence.push(doc.say(`${self.name}创办于${founded}年`));
          break;
        case 'ResearchInstitute':
          props.foundedOn = String(founded);
          entity.evidence.push(doc.say(`${self.name}成立于${founded}年`));
          break;
        case 'Product':
          props.segment = SEGMENTS[Math.floor(r() * SEGMENTS.length)];
          entity.evidence.push(doc.say(`${self.name}属于${props.segment}环节`));
          break;
        case 'Region':
          props.regionLevel = regionLevel(g, i);
          entity.evidence.push(doc.say(`${self.name}是重要的产业集聚地`));
          break;
        case 'Industry':
          entity.evidence.push(doc.say(`${self.name}产业链加快发展`));
          break;
      }
      entity.props = props;
      doc.entity(entity);

      // The relations this entity's document states.
      const rel = (type: RelationType, from: number, to: number, sentence: string, relProps?: Record<string, unknown>) => {
        doc.relation({ type, from: idOf(g, from), to: idOf(g, to), ...(relProps ? { props: relProps } : {}) }, sentence);
      };
      const since = () => String(Math.max(founded, 2000) + Math.floor(r() * 5));
      switch (kind) {
        case 'Company': {
          const park = pick.park(r);
          // A dated relation's quote writes its year: the loader refuses a date its evidence does not state.
          const arrived = since();
          rel('LOCATED_IN', i, park, `${arrived}年${self.alias}落户${name(park).name}`, { since: arrived });
          restateHub(park);
          const industry = pick.industry(r);
          const segment = SEGMENTS[Math.floor(r() * SEGMENTS.length)];
          rel('IN_INDUSTRY', i, industry, `${self.alias}布局${name(industry).name}产业${segment}环节`, { segment });
          let chain = false;
          if (r() < 0.3) {
            const customer = pick.bigCustomer(r);
            const product = pickOf(r, PRODUCT_WORDS);
            rel('SUPPLIES', i, customer, `${self.alias}向${name(customer).alias}供应${product}`, { product });
            chain = true;
          }
          for (let k = 0; k < (r() < 0.25 ? 1 : 0) + (r() < 0.05 ? 1 : 0); k++) {
            const fund = pick.fund(r);
            const amount = (1 + Math.floor(r() * 200)) * 100;
            const round = pickOf(r, ROUNDS);
            const date = since();
            rel('INVESTS_IN', fund, i, `${date}年${name(fund).name}${round}投资${self.alias}${amount}万元`, {
              amountCny: amount * 10_000,
              round,
              date,
            });
            restateHub(fund);
          }
          if (r() < 0.1) {
            const partner = r() < 0.5 ? pick.university(r) : pick.institute(r);
            const kindOfPartnership = pickOf(r, PARTNER_KINDS);
            rel('PARTNERS_WITH', i, partner, `${self.alias}与${name(partner).name}开展${kindOfPartnership}`, { kind: kindOfPartnership });
          }
          if (r() < 0.05) {
            const parent = pick.parent(r);
            rel('SUBSIDIARY_OF', i, parent, `${self.alias}是${name(parent).name}的子公司`);
          }
          if (r() < 0.03) {
            const rival = pick.company(r);
            rel('COMPETES_WITH', i, rival, `${self.alias}与${name(rival).alias}形成竞争`, { kind: '同业竞争' });
          }
          if (chain && supplyRoots.length < 5000 && r() < 0.2) supplyRoots.push(id);
          break;
        }
        case 'Product': {
          const producer = pick.producer(r);
          rel('PRODUCES', producer, i, `${name(producer).alias}生产${self.name}`);
          const industry = pick.industry(r);
          rel('IN_INDUSTRY', i, industry, `${self.name}应用于${name(industry).name}产业`, { segment: props.segment });
          break;
        }
        case 'Fund': {
          const home = pick.fundHome(r);
          const arrived = since();
          rel('LOCATED_IN', i, home, `${arrived}年${self.alias}入驻${name(home).name}`, { since: arrived });
          restateHub(home);
          if (r() < 0.2) {
            const parentFund = pick.fund(r);
            rel('INVESTS_IN', parentFund, i, `${name(parentFund).name}出资设立${self.alias}`, { round: '母基金出资' });
          }
          if (r() < 0.5) {
            const industry = pick.industry(r);
            rel('IN_INDUSTRY', i, industry, `${self.alias}重点投向${name(industry).name}产业`);
          }
          break;
        }
        case 'Park': {
          const region = pick.region(r);
          rel('LOCATED_IN', i, region, `${self.name}位于${name(region).name}`);
          if (r() < 0.1) {
            const parent = pick.park(r);
            rel('PART_OF', i, parent, `${self.name}是${name(parent).name}的分园`);
          }
          if (r() < 0.3) {
            const industry = pick.industry(r);
            rel('IN_INDUSTRY', i, industry, `${self.name}聚焦${name(industry).name}产业`);
          }
          break;
        }
        case 'University': {
          const region = pick.region(r);
          rel('LOCATED_IN', i, region, `${self.name}坐落于${name(region).name}`);
          break;
        }
        case 'ResearchInstitute': {
          const park = pick.park(r);
          const arrived = since();
          rel('LOCATED_IN', i, park, `${arrived}年${self.name}设在${name(park).name}`, { since: arrived });
          if (r() < 0.3) {
            const university = pick.university(r);
            rel('PART_OF', i, university, `${self.name}隶属于${name(university).name}`);
          }
          if (r() < 0.5) {
            const industry = pick.industry(r);
            rel('IN_INDUSTRY', i, industry, `${self.name}服务${name(industry).name}产业`);
          }
          break;
        }
        case 'Region': {
          const rank = g.rank[i] as number;
          if (rank > 0) {
            const parent = (g.byKind.get('Region') as Int32Array)[Math.floor((rank - 1) / 8)] as number;
            rel('PART_OF', i, parent, `${self.name}隶属${name(parent).name}`);
          }
          break;
        }
        case 'Industry': {
          const rank = g.rank[i] as number;
          if (rank >= BASE_INDUSTRIES.length) {
            const parent = (g.byKind.get('Industry') as Int32Array)[rank % BASE_INDUSTRIES.length] as number;
            rel('PART_OF', i, parent, `${self.name}是${name(parent).name}的细分领域`);
          }
          break;
        }
      }
    }
    for (const r of doc.relations) byType[r.type] = (byType[r.type] ?? 0) + 1;
    relationCount += doc.relations.length;
    quotes += doc.sentences.length;
    const seedFile = {
      document: { file, title, date: `${year}-${String(1 + (d % 12)).padStart(2, '0')}` },
      entities: doc.entities,
      relations: doc.relations,
    };
    await writeFile(join(corpusDir, file), doc.text(title));
    await writeFile(join(seedsDir, file.replace(/\.txt$/, '.json')), JSON.stringify(seedFile));
    if (d % Math.max(1, Math.floor(documents / 10)) === 0 && d > 0) {
      progress(`generator: ${Math.round((d / documents) * 100)}% (${d}/${documents} documents)`);
    }
  }

  // Query samples, drawn with their own stream so they do not depend on the files' layout.
  const sr = rng(hash(seed, 5, n));
  const notHub = (i: number) => kindOf(g, i) !== 'Region' && kindOf(g, i) !== 'Industry';
  const anyOf = (filter: (i: number) => boolean, count: number) => {
    const out: number[] = [];
    for (let tries = 0; out.length < count && tries < count * 50; tries++) {
      const i = Math.floor(sr() * n);
      if (filter(i)) out.push(i);
    }
    return out;
  };
  const companies = g.byKind.get('Company') as Int32Array;
  const randomCompanies = () => anyOf((i) => kindOf(g, i) === 'Company', 2000);
  const samples: Samples = {
    lookup: anyOf(() => true, 2000).map((i) => idOf(g, i)),
    companies: randomCompanies().map((i) => idOf(g, i)),
    searchTexts: randomCompanies().map((i) => name(i).alias),
    neighborhood: anyOf(notHub, 2000).map((i) => idOf(g, i)),
    pairs: anyOf(notHub, 2000).map((i, k, all) => [idOf(g, i), idOf(g, all[(k + 1) % all.length] as number)] as [string, string]),
    supplyRoots: supplyRoots.length > 0 ? supplyRoots.slice(0, 2000) : [idOf(g, companies[0] as number)],
  };

  const manifest: Manifest = {
    version: GENERATOR_VERSION,
    entities: n,
    seed,
    documents,
    relations: relationCount,
    quotes,
    byKind: Object.fromEntries(MIX.map(([kind]) => [kind, (g.byKind.get(kind) as Int32Array).length])),
    byType,
    corpusDir,
    seedsDir,
    samples,
  };
  await writeFile(manifestFile, JSON.stringify(manifest, null, 1));
  progress(
    `generator: ${n} entities, ${relationCount} relations, ${documents} documents, ${quotes} quotes in ${((performance.now() - started) / 1000).toFixed(1)}s`,
  );
  return manifest;
}

// `tsx bench/generate.ts --entities N --seed S --out DIR`: the generator on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: { entities: { type: 'string', default: '10000' }, seed: { type: 'string', default: '42' }, out: { type: 'string' } },
  });
  const entities = Number(values.entities);
  const seed = Number(values.seed);
  const dir = values.out ?? join('bench', 'work', `graph-${entities}-${seed}`);
  await generate({ entities, seed, dir, progress: (l) => console.error(l) });
}
