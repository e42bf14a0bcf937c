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
import type { Kind, RelationType } from '../src/core/schema.js';
import { SEGMENTS } from '../src/core/schema.js';

/** Bump when the output changes, so that a cached work folder is regenerated. */
const GENERATOR_VERSION = 3;

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

// ---------------------------------------------------------------------------------------------
// Determinism: splitmix32-style hashing of (seed, stream, index) and a small PRNG per entity.

const mix = (x: number) => {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};
const hash = (...parts: number[]) => parts.reduce((h, p) => mix(h ^ mix(p + 0x9e3779b9)), 0x811c9dc5);

/** mulberry32 */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rng = ReturnType<typeof rng>;
const pickOf = <T>(r: Rng, items: readonly T[]) => items[Math.floor(r() * items.length)] as T;

/** Zipf(s) over ranks 0..n-1 by inverse CDF: rank 0 is the biggest hub. */
class Zipf {
  private readonly cdf: Float64Array;
  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += 1 / (k + 1) ** s;
      this.cdf[k] = sum;
    }
    for (let k = 0; k < n; k++) (this.cdf as Float64Array)[k] = (this.cdf[k] as number) / sum;
  }
  sample(r: Rng): number {
    const u = r();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// The ontology's share of the graph. Persons and agencies are left out: the issue's mix is
// companies, funds, parks, universities, institutes, regions, products and industries.

const MIX: [Kind, number][] = [
  ['Company', 0.745],
  ['Product', 0.14],
  ['Fund', 0.04],
  ['ResearchInstitute', 0.03],
  ['Park', 0.02],
  ['University', 0.01],
  ['Region', 0.01],
  ['Industry', 0.005],
];
const PREFIX: Record<string, string> = {
  Company: 'co',
  Product: 'pd',
  Fund: 'fd',
  ResearchInstitute: 'ri',
  Park: 'pk',
  University: 'un',
  Region: 'rg',
  Industry: 'in',
};

// Name material: a brand of a few characters encodes the entity's index (so names are unique),
// decorated by kind.
const BRAND = [
  ...'华芯微创源达晶光电信通联恒泰盛新宏博睿思锐智航海星云瀚辰明安康瑞祥鑫磊峰嘉诚德立凯越鸿正和众合中润金银元亿宇卓远',
  ...'捷迅科汇丰益昌隆兴旺腾飞骏驰朗清翔宁昊天晟煜烨炜琪璟瑾琨珑珩瑜璞玮甄晖晓昕昭曜暄雅蓝青松柏桐楠枫柯林森',
];
const INDUSTRY_WORDS = ['微电子', '半导体', '光电', '芯片', '新能源', '生物', '医疗', '材料', '智能', '电子', '精密', '储能'];
const COMPANY_SUFFIX = ['科技有限公司', '股份有限公司', '有限公司', '电子有限公司', '集团有限公司'];
const PARK_SUFFIX = ['集成电路产业园', '科创园', '高新区', '创业园', '基金小镇', '软件园', '智造园', '经济开发区'];
const FUND_SUFFIX = ['产业投资基金', '创业投资基金', '股权投资基金', '天使基金'];
const UNIVERSITY_SUFFIX = ['大学', '理工大学', '科技大学', '学院'];
const INSTITUTE_SUFFIX = ['研究院', '研究所', '实验室', '创新中心'];
const PRODUCT_WORDS = [
  '射频芯片',
  '光芯片',
  '功率器件',
  '传感器',
  '锂电池',
  '靶材',
  '封装基板',
  '显示面板',
  '检测设备',
  '诊断试剂',
  '放射性药物',
  '光刻胶',
];
const BASE_INDUSTRIES = [
  '集成电路',
  '新能源',
  '生命健康',
  '核医学',
  '新材料',
  '光电显示',
  '高端装备',
  '人工智能',
  '生物医药',
  '储能',
  '汽车电子',
  '通信设备',
  '半导体设备',
  '医疗器械',
  '智能制造',
  '第三代半导体',
];
const ROUNDS = ['天使轮', 'Pre-A轮', 'A轮', 'B轮', 'C轮', '战略投资'];
const PARTNER_KINDS = ['校企合作', '战略合作', '共建实验室', '产学研合作', '签约合作'];

export interface GeneratedGraph {
  n: number;
  kinds: Uint8Array;
  /** Entity indexes of each kind, in rank order: rank 0 is the biggest hub of its kind. */
  byKind: Map<Kind, Int32Array>;
  /** An entity's rank within its kind. */
  rank: Int32Array;
  brandLength: number;
  seed: number;
}

function layout(n: number, seed: number): GeneratedGraph {
  const kinds = new Uint8Array(n);
  const thresholds: number[] = [];
  let acc = 0;
  for (const [, share] of MIX) {
    acc += share;
    thresholds.push(acc);
  }
  for (let i = 0; i < n; i++) {
    // The first entities cover every kind, so even a tiny graph has one of each.
    if (i < MIX.length) {
      kinds[i] = i;
      continue;
    }
    const u = hash(seed, 1, i) / 4294967296;
    let k = thresholds.findIndex((t) => u < t);
    if (k < 0) k = 0;
    kinds[i] = k;
  }
  const counts = new Int32Array(MIX.length);
  for (let i = 0; i < n; i++) (counts[kinds[i] as number] as number)++;
  const byKind = new Map<Kind, Int32Array>();
  const fill = new Int32Array(MIX.length);
  MIX.forEach(([kind], k) => {
    byKind.set(kind, new Int32Array(counts[k] as number));
  });
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = kinds[i] as number;
    const list = byKind.get((MIX[k] as [Kind, number])[0]) as Int32Array;
    const at = fill[k] as number;
    rank[i] = at;
    list[at] = i;
    fill[k] = at + 1;
  }
  let brandLength = 3;
  while (BRAND.length ** brandLength < n) brandLength++;
  return { n, kinds, byKind, rank, brandLength, seed };
}

const kindOf = (g: GeneratedGraph, i: number) => (MIX[g.kinds[i] as number] as [Kind, number])[0];
export const idOf = (g: GeneratedGraph, i: number) => `${PREFIX[kindOf(g, i)]}-${i.toString(36)}`;

/** A bijection of 0..B^L-1 (an affine map with a multiplier coprime to the base), spelled in BRAND. */
function brandOf(g: GeneratedGraph, i: number): string {
  const base = BRAND.length;
  const space = base ** g.brandLength;
  // 7919 is prime and coprime to 100^L; the product stays below 2^53 for any realistic n.
  const x = (i * 7919 + (g.seed % space) + 12345) % space;
  let out = '';
  let v = x;
  for (let d = 0; d < g.brandLength; d++) {
    out += BRAND[v % base];
    v = Math.floor(v / base);
  }
  return out;
}

interface Naming {
  name: string;
  alias: string;
}

function naming(g: GeneratedGraph, i: number): Naming {
  const brand = brandOf(g, i);
  const h = hash(g.seed, 2, i);
  const kind = kindOf(g, i);
  switch (kind) {
    case 'Company': {
      const word = INDUSTRY_WORDS[h % INDUSTRY_WORDS.length] as string;
      return { name: `${brand}${word}${COMPANY_SUFFIX[(h >>> 8) % COMPANY_SUFFIX.length]}`, alias: `${brand}${word}` };
    }
    case 'Park':
      return { name: `${brand}${PARK_SUFFIX[h % PARK_SUFFIX.length]}`, alias: `${brand}园` };
    case 'Fund':
      return { name: `${brand}${FUND_SUFFIX[h % FUND_SUFFIX.length]}`, alias: `${brand}基金` };
    case 'University':
      return { name: `${brand}${UNIVERSITY_SUFFIX[h % UNIVERSITY_SUFFIX.length]}`, alias: `${brand}大` };
    case 'ResearchInstitute':
      return { name: `${brand}${INSTITUTE_SUFFIX[h % INSTITUTE_SUFFIX.length]}`, alias: `${brand}院` };
    case 'Product':
      return { name: `${brand}${PRODUCT_WORDS[h % PRODUCT_WORDS.length]}`, alias: `${brand}牌` };
    case 'Region': {
      const r = (g.rank[i] as number) / Math.max(1, (g.byKind.get('Region') as Int32Array).length);
      const suffix = r < 0.02 ? '省' : r < 0.15 ? '市' : r < 0.5 ? '区' : '镇';
      return { name: `${brand}${suffix}`, alias: brand };
    }
    case 'Industry': {
      const r = g.rank[i] as number;
      const base = BASE_INDUSTRIES[r % BASE_INDUSTRIES.length] as string;
      return r < BASE_INDUSTRIES.length ? { name: base, alias: `${base}产业` } : { name: `${base}·${brand}`, alias: `${brand}${base}` };
    }
    default:
      return { name: brand, alias: brand };
  }
}

const regionLevel = (g: GeneratedGraph, i: number) => {
  const r = (g.rank[i] as number) / Math.max(1, (g.byKind.get('Region') as Int32Array).length);
  return r < 0.02 ? 'province' : r < 0.15 ? 'city' : r < 0.5 ? 'district' : 'town';
};

// ---------------------------------------------------------------------------------------------

interface SeedEntity {
  id: string;
  kind: Kind;
  name: string;
  aliases?: string[];
  description?: string;
  props?: Record<string, unknown>;
  evidence: { quote: string }[];
}
interface SeedRelation {
  type: RelationType;
  from: string;
  to: string;
  props?: Record<string, unknown>;
  evidence: { quote: string }[];
}

/** Target pickers: Zipf over each kind's ranks, with exponents that make hubs of parks, funds and big customers. */
function pickers(g: GeneratedGraph) {
  const zipf = (kind: Kind, s: number) => {
    const list = g.byKind.get(kind) as Int32Array;
    const z = new Zipf(list.length, s);
    return (r: Rng) => list[z.sample(r)] as number;
  };
  const uniform = (kind: Kind) => {
    const list = g.byKind.get(kind) as Int32Array;
    return (r: Rng) => list[Math.floor(r() * list.length)] as number;
  };
  return {
    park: zipf('Park', 0.75),
    fundHome: zipf('Park', 1.1),
    fund: zipf('Fund', 0.9),
    industry: zipf('Industry', 0.6),
    region: zipf('Region', 0.5),
    bigCustomer: zipf('Company', 0.9),
    parent: zipf('Company', 1.0),
    producer: zipf('Company', 0.7),
    company: uniform('Company'),
    university: zipf('University', 0.7),
    institute: zipf('ResearchInstitute', 0.7),
  };
}

class DocumentWriter {
  readonly sentences: string[] = [];
  readonly entities: SeedEntity[] = [];
  readonly relations: SeedRelation[] = [];
  private readonly declared = new Set<string>();
  private readonly relationKeys = new Set<string>();

  /** Adds a sentence to the text and returns it as a quote (≤ 80 characters, no whitespace). */
  say(sentence: string): { quote: string } {
    if (sentence.length > 80 || /\s/.test(sentence)) throw new Error(`bad generated quote: ${sentence}`);
    this.sentences.push(sentence);
    return { quote: sentence };
  }
  entity(e: SeedEntity) {
    if (this.declared.has(e.id)) return;
    this.declared.add(e.id);
    this.entities.push(e);
  }
  relation(r: Omit<SeedRelation, 'evidence'>, sentence: string) {
    if (r.from === r.to) return;
    const key = `${r.from}|${r.type}|${r.to}`;
    if (this.relationKeys.has(key)) return;
    this.relationKeys.add(key);
    this.relations.push({ ...r, evidence: [this.say(sentence)] });
  }
  /** Hubs are restated by some documents that mention them: the importer merges their evidence. */
  restate(id: string, kind: Kind, name: string) {
    if (this.declared.has(id)) return;
    // The name alone is a quote: it is inside the sentence that mentioned the hub.
    this.entity({ id, kind, name, evidence: [{ quote: name }] });
  }
  text(title: string) {
    const lines: string[] = [title, ''];
    for (let i = 0; i < this.sentences.length; i += 6) lines.push(`${this.sentences.slice(i, i + 6).join('。')}。`);
    return `${lines.join('\n')}\n`;
  }
}

/**
 * Writes the corpus and the seed files into `dir` (reusing them when a previous run with the same
 * parameters left them complete) and returns the manifest: counts and the query samples.
 */
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
          rel('LOCATED_IN', i, park, `${self.alias}落户${name(park).name}`, { since: since() });
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
            rel('INVESTS_IN', fund, i, `${name(fund).name}${round}投资${self.alias}${amount}万元`, {
              amountCny: amount * 10_000,
              round,
              date: since(),
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
          rel('LOCATED_IN', i, home, `${self.alias}入驻${name(home).name}`, { since: since() });
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
          rel('LOCATED_IN', i, park, `${self.name}设在${name(park).name}`, { since: since() });
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
