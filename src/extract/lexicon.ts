/**
 * The extractor's word lists: the shape of names (suffixes, titles), the trigger words of each
 * relation type, and the words for industries, segments and products. Generic Chinese only: no
 * entity's name is written here, known entities come from the caller.
 */
import type { Kind, Segment } from '../core/ontology.js';

/** Organisation and site suffixes, longest first, with the kind a name ending so is. */
export const ORG_SUFFIXES: readonly (readonly [string, Kind])[] = (
  [
    ['集团股份有限公司', 'Company'],
    ['股份有限公司', 'Company'],
    ['有限责任公司', 'Company'],
    ['有限公司', 'Company'],
    ['集团', 'Company'],
    ['公司', 'Company'],
    ['产业基金', 'Fund'],
    ['创投基金', 'Fund'],
    ['投资基金', 'Fund'],
    ['资本', 'Fund'],
    ['基金', 'Fund'],
    ['产业园区', 'Park'],
    ['产业园', 'Park'],
    ['工业园', 'Park'],
    ['科技园', 'Park'],
    ['创业园', 'Park'],
    ['高新区', 'Park'],
    ['开发区', 'Park'],
    ['分园区', 'Park'],
    ['园区', 'Park'],
    ['基金小镇', 'Park'],
    ['创新港', 'Park'],
    ['核心区', 'Park'],
    ['区域', 'Park'],
    ['生产基地', 'Park'],
    ['产业基地', 'Park'],
    ['大学', 'University'],
    ['学院', 'University'],
    ['校区', 'University'],
    ['研究院', 'ResearchInstitute'],
    ['研究所', 'ResearchInstitute'],
    ['实验室', 'ResearchInstitute'],
    ['研发中心', 'ResearchInstitute'],
    ['研究中心', 'ResearchInstitute'],
    ['创新中心', 'ResearchInstitute'],
    ['管理委员会', 'GovernmentAgency'],
    ['管委会', 'GovernmentAgency'],
    ['人民政府', 'GovernmentAgency'],
    ['市委', 'GovernmentAgency'],
    ['区委', 'GovernmentAgency'],
    ['县委', 'GovernmentAgency'],
    ['省委', 'GovernmentAgency'],
    ['委员会', 'GovernmentAgency'],
    ['保护中心', 'GovernmentAgency'],
    ['服务中心', 'GovernmentAgency'],
    ['分中心', 'GovernmentAgency'],
    ['事务局', 'GovernmentAgency'],
    ['气象局', 'GovernmentAgency'],
    ['联社', 'GovernmentAgency'],
    ['办事处', 'GovernmentAgency'],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

/**
 * Company names with no legal form: a brand and one of these words (…科技, …制药), the brand being
 * a word of its own. Taken only where the segmenter makes the whole a name or the brand unknown.
 */
export const BRAND_SUFFIXES = ['科技', '制药', '光电', '生物', '医疗', '微电子', '电子', '药业', '化工'];

/** Region suffixes for names the segmenter tags as places. */
export const REGION_SUFFIXES = ['省', '市', '县', '区', '镇', '乡', '街道'];

/** Words before a name that are not part of it: where a name's left edge stops. */
export const NAME_STOP_WORDS = [
  ...[
    '与',
    '和',
    '及',
    '同',
    '跟',
    '在',
    '于',
    '由',
    '从',
    '到',
    '对',
    '向',
    '为',
    '被',
    '把',
    '将',
    '让',
    '给',
    '是',
    '有',
    '的',
    '了',
    '等',
  ],
  ...[
    '已',
    '也',
    '并',
    '还',
    '又',
    '再',
    '即',
    '其',
    '该',
    '这',
    '那',
    '此',
    '每',
    '各',
    '首家',
    '一家',
    '一批',
    '多家',
    '我',
    '记者',
    '深入',
  ],
  ...[
    '联合',
    '依托',
    '引进',
    '引入',
    '推动',
    '促成',
    '落地',
    '落户',
    '入驻',
    '签约',
    '签订',
    '签署',
    '成立',
    '设立',
    '创办',
    '创立',
    '建设',
    '建成',
  ],
  ...[
    '走进',
    '来到',
    '位于',
    '选择',
    '携手',
    '会同',
    '通过',
    '围绕',
    '打造',
    '加快',
    '正式',
    '全面',
    '目前',
    '今年',
    '去年',
    '近日',
    '日前',
    '昨日',
  ],
];

/** Leading words that mean "this one" rather than a name: 该公司, 园区. */
export const COREFERENCE = {
  company: ['该公司', '该企业', '公司', '企业'],
  park: ['该园区', '园区', '这里', '该区域'],
  region: ['我市', '全市', '本市', '我区', '全区', '我县', '全县', '在泉', '来泉', '落泉'],
} as const;

/** Titles that make the name next to them a person, and the role they give. Longest first. */
export const TITLES = [
  ...[
    '常务副主任',
    '执行总裁',
    '总经理',
    '副总经理',
    '董事长',
    '副董事长',
    '总裁',
    '副总裁',
    '首席执行官',
    '创始人',
    '联合创始人',
    '总工程师',
  ],
  ...[
    '副院长',
    '院长',
    '副所长',
    '所长',
    '副校长',
    '校长',
    '主任',
    '副主任',
    '书记',
    '副书记',
    '市长',
    '副市长',
    '局长',
    '副局长',
    '区长',
    '镇长',
  ],
  ...['主席', '副主席', '秘书长', '会长', '理事长', '负责人', '首席科学家', '教授', '博士', '院士', '专家'],
].sort((a, b) => b.length - a.length);

/** Titles that found rather than lead. */
export const FOUNDER_TITLES = ['创始人', '联合创始人'];
/** Titles that describe a person, not a post at an organisation. */
export const PERSONAL_TITLES = ['教授', '博士', '院士', '专家'];

/** Common surnames (single characters, then double): a person's name starts with one. */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤古柯庄施洪俞文易兰涂翁鲍倪温阮';
export const DOUBLE_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '令狐', '慕容', '尉迟', '长孙'];

/** Verbs after a person's name in reported speech: where a name stops on the right. */
export const SPEECH_VERBS = [
  ...['发布', '参加', '出席', '主持', '调研', '宣布', '会见', '带队', '作', '到'],
  '说',
  '表示',
  '指出',
  '强调',
  '介绍',
  '直言',
  '坦言',
  '透露',
  '认为',
  '称',
  '告诉',
  '带领',
  '领衔',
  '创建',
  '创办',
  '创立',
];

/** Trigger words, by relation type. */
export const TRIGGERS = {
  invest: ['领投', '跟投', '投资了', '投资', '出资', '注资', '增资', '入股', '参投', '战略投资'],
  financed: ['融资', '获投', '获得投资'],
  locate: ['落户', '入驻', '落地', '位于', '选址', '坐落', '迁至', '南迁至', '扎根', '租用', '租赁', '纳入'],
  partner: ['签订', '签署', '签约', '共建', '合作', '携手', '联合', '依托', '会同', '战略合作'],
  produce: [
    '研发生产',
    '研发出',
    '研制出',
    '研发',
    '研制',
    '生产',
    '量产',
    '主营',
    '推出',
    '制造',
    '开发',
    '从事',
    '专注于',
    '致力于',
    '致力解决',
  ],
  found: ['创办', '创立', '创建', '设立', '成立', '组建', '发起设立', '共同设立', '联合设立'],
  subsidiary: ['旗下', '子公司', '全资子公司', '控股子公司', '分公司'],
  compete: ['比肩', '媲美', '替代进口', '进口替代', '打破国外垄断', '打破国际垄断', '对标'],
  supply: ['供应', '供货', '提供给', '配套供应'],
  manage: ['管理', '运营', '托管'],
} as const;

/** Words that put the industry named before them in view: X产业, X赛道. */
export const INDUSTRY_HEADS = ['产业链', '产业集群', '产业', '赛道', '行业', '领域', '板块'];

/** Chain segments and the words that name them. */
export const SEGMENT_WORDS: readonly (readonly [string, Segment])[] = [
  ['材料', '材料'],
  ['装备', '装备与零部件'],
  ['设备', '装备与零部件'],
  ['零部件', '装备与零部件'],
  ['设计', '设计'],
  ['制造', '制造'],
  ['封测', '封测'],
  ['封装测试', '封测'],
  ['应用', '应用'],
];

/** A product's name ends with one of these. */
export const PRODUCT_HEADS = [
  ...['芯片', '设备', '装备', '电池', '材料', '探针', '连接器', '镜头', '模组', '模块', '器件', '传感器', '放大器', '加速器'],
  ...[
    '机器人',
    '系统',
    '平台',
    '软件',
    '仪器',
    '仪',
    '泵',
    '研磨头',
    '化学品',
    '光刻胶',
    '基质',
    '药物',
    '疫苗',
    '试剂',
    '部件',
    '组件',
    '晶圆',
  ],
];

/** Round names of an investment, as typed props. */
export const ROUND = /(天使轮|种子轮|Pre-?A\+?轮|[A-F]\+?轮|战略轮|IPO前轮|Pre-IPO轮)/i;

/** Money in the text: 1800万元, 1.5亿元, 20亿, 3000万. */
export const AMOUNT = /(\d+(?:\.\d+)?)\s*(亿|万)\s*元?/;
export const UNIT = { 亿: 100_000_000, 万: 10_000 } as const;

/** Words for the kind a known or new entity is talked about as. */
export const KIND_NOUNS: Partial<Record<Kind, readonly string[]>> = {
  Company: ['企业', '公司', '项目', '厂商'],
  Park: ['园区', '园'],
};

/** Words before a product's name that praise or count it, not name it. */
export const PRODUCT_QUALIFIERS = [
  ...[
    '国内首款',
    '全球首款',
    '首款',
    '首台',
    '首个',
    '国内',
    '商业化',
    '纯国产',
    '国产',
    '新型',
    '新一代',
    '高端',
    '先进',
    '自主',
    '核心',
    '关键',
  ],
  ...['一批', '多款', '系列', '各类', '高性能', '高品质'],
].sort((a, b) => b.length - a.length);
