/** The explorer's only way to the data: the public GraphQL API at /graphql. */
import type { Kind, RelationType } from '../core/ontology.js';

export interface EntityRef {
  slug: string;
  name: string;
  kind: Kind;
  aliases?: string[];
}

export interface Evidence {
  quote: string;
  document: string;
  title?: string | null;
  /** The quote's sentence, when the document's text is stored (an imported article). */
  context?: string | null;
}

export interface Edge {
  type: RelationType;
  source: { slug: string };
  target: { slug: string };
  amountCny?: number | null;
  round?: string | null;
  since?: string | null;
  date?: string | null;
  kind?: string | null;
  role?: string | null;
  product?: string | null;
  note?: string | null;
  /** Why the relationship is inferred rather than stated; null or absent: stated. */
  inference?: string | null;
  evidence: Evidence[];
}

export interface Graph {
  root: EntityRef;
  nodes: EntityRef[];
  edges: Edge[];
  truncated: boolean;
}

export interface EntityCard extends EntityRef {
  aliases: string[];
  description: string | null;
  evidence: Evidence[];
  /** The reasons of its inferred facts (the stated ones have none). */
  facts: { key: string; inference: string | null }[];
  [fact: string]: unknown;
}

export interface Hop {
  from: { slug: string };
  to: { slug: string };
  type: RelationType;
  direction: 'FORWARD' | 'BACKWARD';
  relation: Omit<Edge, 'type' | 'source' | 'target'>;
}

export interface Path {
  length: number;
  nodes: EntityRef[];
  hops: Hop[];
}

export interface PathsResult {
  from: EntityRef;
  to: EntityRef;
  via: Kind[];
  paths: Path[];
}

export interface SupplyChain {
  root: EntityRef;
  tiers: { level: number; entities: EntityRef[]; links: Edge[] }[];
  segments: { industry: EntityRef; segment: string; order: number; members: EntityRef[] }[];
}

export class NotFound extends Error {
  /** What the name could mean, when it fits several entities or is too broad (did you mean). */
  constructor(
    message: string,
    readonly candidates: EntityRef[] = [],
  ) {
    super(message);
  }
}

export class ApiError extends Error {}

async function send<T>(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : String(error));
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (!body) throw new ApiError(`HTTP ${response.status}`);
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '));
  if (!body.data) throw new ApiError(`HTTP ${response.status}`);
  return body.data;
}

/** A union answer: the payload, or NotFound. */
function unwrap<T>(value: ({ __typename: string; message?: string; candidates?: EntityRef[] } & T) | null | undefined): T {
  if (!value) throw new NotFound('');
  if (value.__typename === 'NotFoundError') throw new NotFound(value.message ?? '', value.candidates ?? []);
  return value;
}

const REF = 'slug name kind';
const EDGE =
  'type source { slug } target { slug } amountCny round since date kind role product note inference evidence { quote document title context }';
const FACTS = `
  ... on Company { foundedOn registeredCapitalCny employees website country investmentTotalCny outputValueCny outputValueYear areaSqm }
  ... on Fund { foundedOn fundSizeCny }
  ... on Park { foundedOn areaSqm investmentTotalCny outputValueCny outputValueYear projectCount projectInvestmentCny projectsSince }
  ... on University { foundedOn areaSqm investmentTotalCny }
  ... on ResearchInstitute { foundedOn }
  ... on Region { level country areaSqm outputValueCny outputValueYear }
  ... on Industry { outputValueCny outputValueYear }
  ... on Product { segment }`;

const CHAIN = `query Chain($id: String!, $direction: ChainDirection!, $depth: Int) {
  supplyChain(id: $id, direction: $direction, depth: $depth) {
    __typename
    ... on SupplyChain {
      root { ${REF} }
      tiers { level entities { ${REF} } links { type source { slug } target { slug } product evidence { quote document title } } }
      segments { industry { ${REF} } segment order members { ${REF} } }
    }
    ... on NotFoundError { message candidates { ${REF} } }
  }
}`;

/** The operations the explorer uses; it counts the requests under way for the page's busy flag. */
export class Api {
  private inflight = 0;

  /** `onActivity` is called with the number of requests under way whenever it changes. */
  constructor(private readonly onActivity: (inflight: number) => void = () => {}) {}

  private async request<T>(query: string, variables: Record<string, unknown>, headers?: Record<string, string>): Promise<T> {
    this.onActivity(++this.inflight);
    try {
      return await send<T>(query, variables, headers);
    } finally {
      this.onActivity(--this.inflight);
    }
  }

  async search(text: string, kinds: Kind[] | null, first = 8): Promise<(EntityRef & { score: number })[]> {
    const data = await this.request<{ search: { edges: { score: number; node: EntityRef }[] } }>(
      `query Search($text: String!, $kinds: [EntityKind!], $first: Int) {
        search(text: $text, kinds: $kinds, first: $first) { edges { score node { ${REF} aliases } } }
      }`,
      { text, kinds, first },
    );
    return data.search.edges.map((e) => ({ ...e.node, score: e.score }));
  }

  /** By id (a slug or a global id), else by name or alias: links may carry either. */
  async entityCard(id: string): Promise<EntityCard> {
    const data = await this.request<{ byId: EntityCard | null; byName: EntityCard | null }>(
      `query Card($id: String!) {
        byId: entity(id: $id) { ...Card }
        byName: entity(name: $id) { ...Card }
      }
      fragment Card on Entity { ${REF} aliases description evidence { quote document title context } facts { key inference } ${FACTS} }`,
      { id },
    );
    const entity = data.byId ?? data.byName;
    if (!entity) throw new NotFound(id);
    return entity;
  }

  /** One hop around an entity: its card's relationships and the graph's growth. */
  async neighborhood(id: string, limit = 150): Promise<Graph> {
    const data = await this.request<{ neighborhood: { __typename: string } & Graph }>(
      `query Neighborhood($id: String!, $limit: Int) {
        neighborhood(id: $id, depth: 1, limit: $limit) {
          __typename
          ... on Graph { root { ${REF} } nodes { ${REF} aliases } edges { ${EDGE} } truncated }
          ... on NotFoundError { message candidates { ${REF} } }
        }
      }`,
      { id, limit },
    );
    return unwrap(data.neighborhood);
  }

  async paths(args: { from: string; to: string; maxHops: number; k: number; via: Kind[] | null }): Promise<PathsResult> {
    const data = await this.request<{ paths: { __typename: string } & PathsResult }>(
      `query Paths($from: String!, $to: String!, $maxHops: Int, $k: Int, $via: [EntityKind!]) {
        paths(from: $from, to: $to, maxHops: $maxHops, k: $k, via: $via) {
          __typename
          ... on PathsResult {
            from { ${REF} } to { ${REF} } via
            paths { length nodes { ${REF} } hops { from { slug } to { slug } type direction
              relation { amountCny round since date kind role product note inference evidence { quote document title } } } }
          }
          ... on NotFoundError { message candidates { ${REF} } }
        }
      }`,
      args,
    );
    return unwrap(data.paths);
  }

  /** Both directions (two requests: each alone stays within the API's complexity budget). */
  async supplyChain(id: string, depth: number): Promise<{ up: SupplyChain; down: SupplyChain }> {
    const one = async (direction: 'UPSTREAM' | 'DOWNSTREAM') =>
      unwrap((await this.request<{ supplyChain: { __typename: string } & SupplyChain }>(CHAIN, { id, direction, depth })).supplyChain);
    const [up, down] = await Promise.all([one('UPSTREAM'), one('DOWNSTREAM')]);
    return { up, down };
  }

  async entitiesOfKind(kind: Kind): Promise<{ total: number; entities: EntityRef[] }> {
    const data = await this.request<{ entities: { totalCount: number; edges: { node: EntityRef }[] } }>(
      `query Browse($kind: EntityKind!) {
        entities(kind: $kind, first: 60, orderBy: { field: DEGREE, direction: DESC }) { totalCount edges { node { ${REF} } } }
      }`,
      { kind },
    );
    return { total: data.entities.totalCount, entities: data.entities.edges.map((e) => e.node) };
  }

  /** An article's proposals (writes nothing). */
  async extract(args: { text: string; title: string | null; date: string | null }): Promise<ArticleDraft> {
    const data = await this.request<{ extract: { __typename: string; message?: string } & ArticleDraft }>(EXTRACT, args);
    return failed(data.extract);
  }

  /** Writes the reviewed article in one transaction, with the API key. */
  async acceptArticle(input: AcceptInput, key: string): Promise<{ document: { file: string }; entities: EntityRef[]; relations: number }> {
    const data = await this.request<{
      acceptArticle: { __typename: string; message?: string; issues?: ReviewIssue[] } & {
        document: { file: string };
        entities: EntityRef[];
        relations: number;
      };
    }>(ACCEPT, { input }, { 'x-api-key': key });
    return failed(data.acceptArticle);
  }
}

export interface ProposedEntity {
  key: string;
  id: string;
  kind: Kind;
  name: string;
  aliases: string[];
  known: boolean;
  confidence: number;
  quotes: string[];
  span: { start: number; end: number };
  rejected: boolean;
}

export type ProposalProps = Partial<
  Record<'amountCny', number | null> & Record<'round' | 'date' | 'since' | 'kind' | 'role' | 'product' | 'segment' | 'note', string | null>
>;

export interface ProposedRelation {
  key: string;
  type: RelationType;
  from: string;
  to: string;
  props: ProposalProps;
  confidence: number;
  quotes: string[];
  span: { start: number; end: number };
  rejected: boolean;
}

export interface ArticleDraft {
  document: { file: string; title: string | null; date: string | null; stored: boolean };
  entities: ProposedEntity[];
  relations: ProposedRelation[];
}

export interface AcceptInput {
  text: string;
  title: string | null;
  date: string | null;
  entities: { id: string; kind: Kind; name: string; aliases: string[]; quotes: string[] }[];
  relations: { type: RelationType; from: string; to: string; props: ProposalProps; quotes: string[] }[];
  rejected: string[];
}

export interface ReviewIssue {
  path: string;
  message: string;
}

/** A refused review or article: the message and, for a refused review, where each problem is. */
export class ReviewError extends Error {
  constructor(
    message: string,
    readonly issues: ReviewIssue[] = [],
  ) {
    super(message);
  }
}

const PROPS = 'amountCny round date since kind role product segment note';
const EXTRACT = `query Extract($text: String!, $title: String, $date: String) {
  extract(text: $text, title: $title, date: $date) {
    __typename
    ... on ArticleDraft {
      document { file title date stored }
      entities { key id kind name aliases known confidence quotes span { start end } rejected }
      relations { key type from to props { ${PROPS} } confidence quotes span { start end } rejected }
    }
    ... on Error { message }
    ... on ValidationError { issues { path message } }
  }
}`;
const ACCEPT = `mutation Accept($input: AcceptArticleInput!) {
  acceptArticle(input: $input) {
    __typename
    ... on AcceptArticlePayload { document { file } entities { ${REF} } relations }
    ... on Error { message }
    ... on ValidationError { issues { path message } }
  }
}`;

/** A union answer of the article operations: the payload, or a ReviewError. */
function failed<T>(value: { __typename: string; message?: string; issues?: ReviewIssue[] } & T): T {
  if (value.__typename.endsWith('Error')) throw new ReviewError(value.message ?? value.__typename, value.issues ?? []);
  return value;
}
