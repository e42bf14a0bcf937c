/** The generated graph's shape: each kind's share, its ids and its names. */
import type { Kind } from '../../src/core/schema.js';
import { hash } from './random.js';

// The ontology's share of the graph. Persons and agencies are left out: the mix is
// companies, funds, parks, universities, institutes, regions, products and industries.

export const MIX: [Kind, number][] = [
  ['Company', 0.745],
  ['Product', 0.14],
  ['Fund', 0.04],
  ['ResearchInstitute', 0.03],
  ['Park', 0.02],
  ['University', 0.01],
  ['Region', 0.01],
  ['Industry', 0.005],
];
export const PREFIX: Record<string, string> = {
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
export const BRAND = [
  ...'华芯微创源达晶光电信通联恒泰盛新宏博睿思锐智航海星云瀚辰明安康瑞祥鑫磊峰嘉诚德立凯越鸿正和众合中润金银元亿宇卓远',
  ...'捷迅科汇丰益昌隆兴旺腾飞骏驰朗清翔宁昊天晟煜烨炜琪璟瑾琨珑珩瑜璞玮甄晖晓昕昭曜暄雅蓝青松柏桐楠枫柯林森',
];
export const INDUSTRY_WORDS = ['微电子', '半导体', '光电', '芯片', '新能源', '生物', '医疗', '材料', '智能', '电子', '精密', '储能'];
export const COMPANY_SUFFIX = ['科技有限公司', '股份有限公司', '有限公司', '电子有限公司', '集团有限公司'];
export const PARK_SUFFIX = ['集成电路产业园', '科创园', '高新区', '创业园', '基金小镇', '软件园', '智造园', '经济开发区'];
export const FUND_SUFFIX = ['产业投资基金', '创业投资基金', '股权投资基金', '天使基金'];
export const UNIVERSITY_SUFFIX = ['大学', '理工大学', '科技大学', '学院'];
export const INSTITUTE_SUFFIX = ['研究院', '研究所', '实验室', '创新中心'];
export const PRODUCT_WORDS = [
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
export const BASE_INDUSTRIES = [
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
export const ROUNDS = ['天使轮', 'Pre-A轮', 'A轮', 'B轮', 'C轮', '战略投资'];
export const PARTNER_KINDS = ['校企合作', '战略合作', '共建实验室', '产学研合作', '签约合作'];

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

export function layout(n: number, seed: number): GeneratedGraph {
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

export const kindOf = (g: GeneratedGraph, i: number) => (MIX[g.kinds[i] as number] as [Kind, number])[0];
export const idOf = (g: GeneratedGraph, i: number) => `${PREFIX[kindOf(g, i)]}-${i.toString(36)}`;

/** A bijection of 0..B^L-1 (an affine map with a multiplier coprime to the base), spelled in BRAND. */
export function brandOf(g: GeneratedGraph, i: number): string {
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

export interface Naming {
  name: string;
  alias: string;
}

export function naming(g: GeneratedGraph, i: number): Naming {
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

export const regionLevel = (g: GeneratedGraph, i: number) => {
  const r = (g.rank[i] as number) / Math.max(1, (g.byKind.get('Region') as Int32Array).length);
  return r < 0.02 ? 'province' : r < 0.15 ? 'city' : r < 0.5 ? 'district' : 'town';
};
