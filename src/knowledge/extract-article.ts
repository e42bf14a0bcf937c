/** `kg extract`: an article file → a draft in the seed format beside a copy of the article, for review and `kg import`. */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { stringify } from 'yaml';
import type { CompiledRelation } from '../core/graph.js';
import { KINDS, type Kind } from '../core/ontology.js';
import { draftToSeed, summary } from '../extract/draft.js';
import { ArticleError, type Draft, extractDraft, type KnownEntity } from '../extract/extract.js';
import { MAX_ARTICLE_CHARS } from '../extract/text.js';
import { compileSeedPaths } from './seed-paths.js';

export interface ExtractOptions {
  article: string;
  out: string;
  known?: string[];
  title?: string;
  date?: string;
  documentsDir: string;
  /** The graph's entities, when no --known files are given. */
  graphNames: () => Promise<{ id: string; kind: string; name: string; aliases: string[] }[]>;
}

/** The article's bytes as text, or an ArticleError saying what is wrong and where. */
async function readArticle(path: string): Promise<string> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new ArticleError('empty', `cannot read the article (${error.code ?? error.message})`);
  });
  // UTF-8 takes at most 4 bytes a character: more bytes than that is more text than an article may hold.
  if (bytes.length > MAX_ARTICLE_CHARS * 4)
    throw new ArticleError('huge', `the article is ${bytes.length} bytes, more than an article may be (${MAX_ARTICLE_CHARS} characters)`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new ArticleError('binary', `the article is not text: a NUL byte at byte ${nul}`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ArticleError('binary', 'the article is not UTF-8 text');
  }
}

/** The first line, when it reads like a headline: what the draft calls the document without --title. */
const headline = (text: string) => {
  const line = text.split('\n').find((l) => l.trim() !== '');
  const t = line?.trim().replace(/^#+\s*/, '');
  return t && t.length <= 60 && !/[。]$/.test(t) ? t : undefined;
};

/**
 * A proposal that restates a known relation adds its evidence only: it takes the known relation's
 * direction (a partnership written the other way round) and leaves out the props the known one
 * gives differently, so that the draft merges with the known files instead of conflicting.
 */
function agreeWithKnown(draft: Draft, relations: readonly CompiledRelation[]) {
  const byKey = new Map(relations.map((r) => [`${r.from}|${r.type}|${r.to}`, r]));
  for (const r of draft.relations) {
    let known = byKey.get(`${r.from}|${r.type}|${r.to}`);
    const reversed = r.type === 'PARTNERS_WITH' ? byKey.get(`${r.to}|${r.type}|${r.from}`) : undefined;
    if (!known && reversed) {
      [r.from, r.to] = [r.to, r.from];
      known = reversed;
    }
    if (!known) continue;
    const props = r.props as Record<string, unknown>;
    for (const [key, value] of Object.entries(known.props)) if (props[key] !== undefined && props[key] !== value) delete props[key];
  }
}

export async function extractCommand(options: ExtractOptions): Promise<string> {
  let text: string;
  let draftText: string;
  const ext = extname(options.out);
  const articleFile = `${basename(options.out, ext)}.txt`;
  const articleCopy = join(dirname(options.out), articleFile);
  try {
    text = await readArticle(options.article);
    const graph = options.known?.length
      ? await compileSeedPaths([], { documentsDir: options.documentsDir, context: options.known })
      : undefined;
    const known: KnownEntity[] =
      graph?.entities ??
      (await options.graphNames()).filter((e): e is typeof e & { kind: Kind } => (KINDS as readonly string[]).includes(e.kind));
    const draft = await extractDraft({ text, file: articleFile, title: options.title ?? headline(text), date: options.date }, known);
    if (graph) agreeWithKnown(draft, graph.relations);
    const seed = draftToSeed(draft);
    draftText = ext === '.json' ? `${JSON.stringify(seed, null, 2)}\n` : stringify(seed, { lineWidth: 0 });
    // Both files or neither: each is written beside its place and moved in once both are complete.
    const tmpDraft = `${options.out}.tmp-${process.pid}`;
    const tmpArticle = `${articleCopy}.tmp-${process.pid}`;
    try {
      await mkdir(dirname(options.out), { recursive: true });
      await writeFile(tmpDraft, draftText);
      await writeFile(tmpArticle, text);
      await rename(tmpArticle, articleCopy);
      await rename(tmpDraft, options.out);
    } catch (error) {
      await rm(tmpDraft, { force: true });
      await rm(tmpArticle, { force: true });
      throw error;
    }
    return `${options.out}: ${summary(draft)}; the article is in ${articleCopy}\nreview it, then: npm run kg -- import ${options.out}`;
  } catch (error) {
    if (error instanceof ArticleError) throw new ArticleError(error.problem, `${options.article}: ${error.message}; nothing written`);
    throw error;
  }
}
