/** Interface text in Chinese (the default) and English. Entity names are data and stay as they are. */

import { KINDS, type Kind, RELATION_TYPES, type RelationType } from '../core/ontology.js';
import type { Lang } from './state.js';
import { store } from './store.js';

export { KINDS, type Kind, RELATION_TYPES, type RelationType };

type Text = Record<Lang, string>;

const KIND_TEXT: Record<Kind, Text> = {
  Company: { zh: '企业', en: 'Company' },
  Fund: { zh: '基金', en: 'Fund' },
  Park: { zh: '园区', en: 'Park' },
  University: { zh: '高校', en: 'University' },
  ResearchInstitute: { zh: '研究机构', en: 'Institute' },
  GovernmentAgency: { zh: '政府机构', en: 'Agency' },
  Region: { zh: '地区', en: 'Region' },
  Person: { zh: '人物', en: 'Person' },
  Product: { zh: '产品', en: 'Product' },
  Industry: { zh: '产业', en: 'Industry' },
};

/** Edge labels. */
const TYPE_TEXT: Record<RelationType, Text> = {
  INVESTS_IN: { zh: '投资', en: 'invests in' },
  LOCATED_IN: { zh: '位于', en: 'located in' },
  PARTNERS_WITH: { zh: '合作', en: 'partners' },
  SUBSIDIARY_OF: { zh: '子公司', en: 'subsidiary of' },
  PART_OF: { zh: '隶属', en: 'part of' },
  FOUNDED_BY: { zh: '创办人', en: 'founded by' },
  LEADS: { zh: '任职', en: 'leads' },
  PRODUCES: { zh: '生产', en: 'produces' },
  SUPPLIES: { zh: '供应', en: 'supplies' },
  IN_INDUSTRY: { zh: '所属产业', en: 'in industry' },
  COMPETES_WITH: { zh: '竞争', en: 'competes with' },
  MANAGES: { zh: '管理', en: 'manages' },
};

/** Card sections: a relationship seen from the entity, outgoing and incoming. */
const GROUP_TEXT: Record<RelationType, { out: Text; in: Text }> = {
  INVESTS_IN: { out: { zh: '对外投资', en: 'Invests in' }, in: { zh: '投资方', en: 'Investors' } },
  LOCATED_IN: { out: { zh: '所在园区 / 地区', en: 'Located in' }, in: { zh: '入驻 / 所辖', en: 'Hosts' } },
  PARTNERS_WITH: { out: { zh: '合作方', en: 'Partners' }, in: { zh: '合作方', en: 'Partners' } },
  SUBSIDIARY_OF: { out: { zh: '母公司', en: 'Parent company' }, in: { zh: '子公司', en: 'Subsidiaries' } },
  PART_OF: { out: { zh: '隶属于', en: 'Part of' }, in: { zh: '下属单位', en: 'Units' } },
  FOUNDED_BY: { out: { zh: '创办方', en: 'Founded by' }, in: { zh: '创办了', en: 'Founded' } },
  LEADS: { out: { zh: '任职于', en: 'Leads' }, in: { zh: '负责人', en: 'Led by' } },
  PRODUCES: { out: { zh: '产品', en: 'Products' }, in: { zh: '生产方', en: 'Producers' } },
  SUPPLIES: { out: { zh: '客户', en: 'Customers' }, in: { zh: '供应商', en: 'Suppliers' } },
  IN_INDUSTRY: { out: { zh: '所属产业', en: 'Industries' }, in: { zh: '产业成员', en: 'Members' } },
  COMPETES_WITH: { out: { zh: '竞争对手', en: 'Competitors' }, in: { zh: '被视为竞争对手', en: 'Competitor of' } },
  MANAGES: { out: { zh: '管理', en: 'Manages' }, in: { zh: '管理方', en: 'Managed by' } },
};

const SEGMENT_TEXT: Record<string, Text> = {
  MATERIALS: { zh: '材料', en: 'Materials' },
  EQUIPMENT_AND_PARTS: { zh: '装备与零部件', en: 'Equipment & parts' },
  DESIGN: { zh: '设计', en: 'Design' },
  MANUFACTURING: { zh: '制造', en: 'Manufacturing' },
  PACKAGING_AND_TESTING: { zh: '封测', en: 'Packaging & testing' },
  APPLICATION: { zh: '应用', en: 'Application' },
};

const FACT_TEXT: Record<string, Text> = {
  foundedOn: { zh: '成立', en: 'Founded' },
  registeredCapitalCny: { zh: '注册资本', en: 'Registered capital' },
  fundSizeCny: { zh: '基金规模', en: 'Fund size' },
  investmentTotalCny: { zh: '总投资', en: 'Total investment' },
  outputValueCny: { zh: '产值', en: 'Output value' },
  outputValueYear: { zh: '产值年份', en: 'Output year' },
  projectCount: { zh: '项目数', en: 'Projects' },
  projectInvestmentCny: { zh: '项目总投资', en: 'Projects’ investment' },
  projectsSince: { zh: '项目统计起始', en: 'Projects since' },
  areaSqm: { zh: '面积', en: 'Area' },
  employees: { zh: '员工', en: 'Employees' },
  website: { zh: '网站', en: 'Website' },
  country: { zh: '国家', en: 'Country' },
  level: { zh: '级别', en: 'Level' },
  segment: { zh: '产业链环节', en: 'Chain segment' },
  amountCny: { zh: '金额', en: 'Amount' },
  round: { zh: '轮次', en: 'Round' },
  since: { zh: '入驻时间', en: 'Since' },
  date: { zh: '日期', en: 'Date' },
  kind: { zh: '类型', en: 'Kind' },
  role: { zh: '职务', en: 'Role' },
  product: { zh: '产品', en: 'Product' },
  note: { zh: '备注', en: 'Note' },
};

const UI: Record<string, Text> = {
  title: { zh: '产业链知识图谱', en: 'Industrial-chain knowledge graph' },
  graphiql: { zh: 'GraphiQL', en: 'GraphiQL' },
  'tab.explore': { zh: '实体', en: 'Entity' },
  'tab.paths': { zh: '关联路径', en: 'Connections' },
  'tab.chain': { zh: '供应链', en: 'Supply chain' },
  'tab.browse': { zh: '分类浏览', en: 'Browse' },
  'tab.import': { zh: '导入文章', en: 'Import article' },
  'import.title': { zh: '从文章导入事实', en: 'Facts from an article' },
  'import.hint': {
    zh: '粘贴或上传一篇中文文章，逐条审阅抽取出的关系：接受、拒绝或修改，再用 API 密钥一次写入图谱。',
    en: 'Paste or upload a Chinese article, review each relation found in it (accept, reject or edit), then write them to the graph at once with the API key.',
  },
  'import.text': { zh: '文章正文', en: 'Article text' },
  'import.file': { zh: '上传文本文件', en: 'Upload a text file' },
  'import.articleTitle': { zh: '标题', en: 'Title' },
  'import.date': { zh: '日期（如 2025-03）', en: 'Date (e.g. 2025-03)' },
  'import.extract': { zh: '抽取', en: 'Extract' },
  'import.none': { zh: '没有找到可提议的关系。', en: 'No relation was found to propose.' },
  'import.count': { zh: '{n} 条提议：已接受 {a}，已拒绝 {r}', en: '{n} proposals: {a} accepted, {r} rejected' },
  'import.stored': {
    zh: '这篇文章已导入过；之前拒绝的提议已标出。',
    en: 'This article was imported before; proposals rejected then are marked.',
  },
  'import.accept': { zh: '接受', en: 'Accept' },
  'import.reject': { zh: '拒绝', en: 'Reject' },
  'import.show': { zh: '在原文中定位', en: 'Show in the text' },
  'import.edit': { zh: '修改', en: 'Edit' },
  'import.type': { zh: '关系类型', en: 'Relation type' },
  'import.from': { zh: '起点', en: 'From' },
  'import.to': { zh: '终点', en: 'To' },
  'import.new': { zh: '新', en: 'new' },
  'import.confidence': { zh: '置信度 {n}', en: 'confidence {n}' },
  'import.rejectedBefore': { zh: '曾被拒绝', en: 'rejected before' },
  'import.key': { zh: 'API 密钥（只保存在本页内存中）', en: 'API key (kept in this page’s memory only)' },
  'import.write': { zh: '写入图谱', en: 'Write to the graph' },
  'import.written': { zh: '已写入 {n} 条关系。新的事实：', en: '{n} relations written. The new facts:' },
  'import.refused': { zh: '未写入任何内容：', en: 'Nothing was written: ' },
  'import.needKey': { zh: '请输入 API 密钥。', en: 'Enter the API key.' },
  'import.article': { zh: '原文', en: 'The article' },
  'search.placeholder': {
    zh: '搜索企业、园区、高校、基金…（名称、简称、别名）',
    en: 'Search companies, parks, universities, funds… (names, short names, aliases)',
  },
  'search.none': { zh: '没有找到匹配的实体', en: 'No matching entity' },
  'search.hint': { zh: '输入名称、简称或别名', en: 'Type a name, short name or alias' },
  'welcome.title': { zh: '从一个问题开始', en: 'Start from a question' },
  'welcome.text': {
    zh: '在上方搜索框输入企业、园区、高校或基金的名称，或点击下面的常见问题。图中双击节点可展开其关联。',
    en: 'Type the name of a company, park, university or fund above, or pick one of these questions. Double-click a node in the graph to expand it.',
  },
  'q.parks': { zh: '哪些园区有哪些企业入驻？', en: 'Which parks host which companies?' },
  'q.investors': { zh: '谁投资了新生纪元？', en: 'Who invests in 新生纪元?' },
  'q.path': { zh: '晋江安芯基金与福州大学如何关联？', en: 'How is 晋江安芯基金 connected to 福州大学?' },
  'q.chain': { zh: '毫束科技的上下游', en: 'Up- and downstream of 毫束科技' },
  aliases: { zh: '别名', en: 'Also known as' },
  facts: { zh: '基本信息', en: 'Facts' },
  inferred: { zh: '推断', en: 'inferred' },
  evidence: { zh: '出处', en: 'Evidence' },
  relations: { zh: '关系', en: 'Relationships' },
  'relations.none': { zh: '没有记录的关系', en: 'No recorded relationship' },
  truncated: { zh: '结果较多，已截断', en: 'Many results: truncated' },
  'card.expand': { zh: '在图中展开', en: 'Expand in graph' },
  'card.from': { zh: '设为起点', en: 'Set as start' },
  'card.to': { zh: '设为终点', en: 'Set as end' },
  'card.chain': { zh: '查看供应链', en: 'Supply chain' },
  'card.focus': { zh: '以此为中心', en: 'Centre on it' },
  'sel.card': { zh: '详情', en: 'Details' },
  'sel.expand': { zh: '展开', en: 'Expand' },
  'sel.remove': { zh: '移除', en: 'Remove' },
  'tool.fit': { zh: '适配', en: 'Fit' },
  'tool.reset': { zh: '重置', en: 'Reset' },
  'tool.png': { zh: '导出 PNG', en: 'Export PNG' },
  'tool.json': { zh: '导出 JSON', en: 'Export JSON' },
  'tool.copy': { zh: '复制链接', en: 'Copy link' },
  'tool.types': { zh: '关系类型', en: 'Relationships' },
  'tool.kinds': { zh: '实体类型', en: 'Kinds' },
  'tool.all': { zh: '全选', en: 'All' },
  'tool.none': { zh: '全不选', en: 'None' },
  'status.nodes': { zh: '节点', en: 'nodes' },
  'status.edges': { zh: '关系', en: 'relationships' },
  'status.hidden': { zh: '已隐藏', en: 'hidden' },
  'status.added': { zh: '新增 {n} 个节点', en: '{n} new nodes' },
  'status.copied': { zh: '链接已复制', en: 'Link copied' },
  'status.loading': { zh: '加载中…', en: 'Loading…' },
  'status.error': { zh: '出错了：', en: 'Error: ' },
  'status.notfound': { zh: '未找到：', en: 'Not found: ' },
  'empty.graph': { zh: '搜索一个实体，或选择一个常见问题', en: 'Search for an entity, or pick a question' },
  'paths.title': { zh: '两者如何关联', en: 'How are two players connected' },
  'paths.from': { zh: '起点', en: 'Start' },
  'paths.to': { zh: '终点', en: 'End' },
  'paths.swap': { zh: '交换', en: 'Swap' },
  'paths.hops': { zh: '最多跳数', en: 'Max hops' },
  'paths.k': { zh: '路径条数', en: 'Paths' },
  'paths.via': { zh: '允许经过的类型', en: 'May pass through' },
  'paths.go': { zh: '查找路径', en: 'Find paths' },
  'paths.none': {
    zh: '在 {n} 跳以内没有找到路径。可以增加跳数，或允许经过更多类型（如地区、产业）。',
    en: 'No path within {n} hops. Allow more hops or more kinds (such as regions or industries).',
  },
  'paths.found': { zh: '找到 {n} 条路径，最短的在前', en: '{n} paths, shortest first' },
  'paths.path': { zh: '路径 {i}', en: 'Path {i}' },
  'paths.len': { zh: '{n} 跳', en: '{n} hops' },
  'paths.didYouMean': { zh: '您是不是要找：', en: 'Did you mean:' },
  'paths.pick': { zh: '请选择起点和终点', en: 'Pick a start and an end' },
  'paths.all': { zh: '显示全部路径', en: 'Show all paths' },
  'chain.title': { zh: '供应链上下游', en: 'Up- and downstream' },
  'chain.of': { zh: '企业 / 产品', en: 'Company / product' },
  'chain.depth': { zh: '层数', en: 'Tiers' },
  'chain.go': { zh: '查看', en: 'Show' },
  'chain.up': { zh: '上游', en: 'Upstream' },
  'chain.down': { zh: '下游', en: 'Downstream' },
  'chain.tier': { zh: '第 {n} 层', en: 'Tier {n}' },
  'chain.tiers': { zh: '供应 / 生产关系', en: 'Supplies / produces' },
  'chain.segments': { zh: '产业链环节', en: 'Chain segments' },
  'chain.none': { zh: '没有记录', en: 'Nothing recorded' },
  'chain.root': { zh: '本体', en: 'Itself' },
  'browse.title': { zh: '按类型浏览', en: 'Browse by kind' },
  'browse.all': { zh: '全部加入图中', en: 'Show all in the graph' },
  'browse.count': { zh: '共 {n} 个', en: '{n} in all' },
  'browse.hint': { zh: '选一个类型，列出全部实体（关联最多的在前）。', en: 'Pick a kind to list all its entities, best connected first.' },
  'explore.hint': { zh: '点击图中节点查看详情，双击展开。', en: 'Click a node for its details, double-click to expand it.' },
  doc: { zh: '文档', en: 'document' },
};

/** The language the page is in: the store's, so that every text follows a switch. */
const current = () => store.get().lang;

/** UI text by key, with `{name}` placeholders filled. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const text = UI[key]?.[current()] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

export const kindText = (kind: string) => KIND_TEXT[kind as Kind]?.[current()] ?? kind;
export const typeText = (type: string) => TYPE_TEXT[type as RelationType]?.[current()] ?? type;
export const groupText = (type: string, out: boolean) => GROUP_TEXT[type as RelationType]?.[out ? 'out' : 'in'][current()] ?? type;
export const segmentText = (segment: string) => SEGMENT_TEXT[segment]?.[current()] ?? segment;
export const factText = (field: string) => FACT_TEXT[field]?.[current()] ?? field;

/** 18000000 → 1800万元 (zh) or CNY 18M (en). */
export function money(value: number): string {
  const trim = (n: number) => String(Number(n.toFixed(2)));
  if (current() === 'zh') {
    if (Math.abs(value) >= 1e8) return `${trim(value / 1e8)}亿元`;
    if (Math.abs(value) >= 1e4) return `${trim(value / 1e4)}万元`;
    return `${trim(value)}元`;
  }
  if (Math.abs(value) >= 1e9) return `CNY ${trim(value / 1e9)}B`;
  if (Math.abs(value) >= 1e6) return `CNY ${trim(value / 1e6)}M`;
  if (Math.abs(value) >= 1e3) return `CNY ${trim(value / 1e3)}K`;
  return `CNY ${trim(value)}`;
}

/** A fact's value as text: money for *Cny fields, m² for areas. */
export function factValue(field: string, value: unknown): string {
  if (typeof value === 'number' && field.endsWith('Cny')) return money(value);
  if (typeof value === 'number' && field === 'areaSqm') {
    return current() === 'zh' && value >= 1e4 ? `${Number((value / 1e4).toFixed(2))}万平方米` : `${value.toLocaleString()} m²`;
  }
  if (field === 'segment' && typeof value === 'string') return segmentText(value);
  return String(value);
}
