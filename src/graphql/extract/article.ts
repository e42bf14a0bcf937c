/** An article as the API takes it: bounded before any work, checked by the extractor's rule, and named by its content. */
import { createHash } from 'node:crypto';
import { MAX_ARTICLE_CHARS } from '../../core/limits.js';
import { articleFile } from '../../core/proposals.js';
import { ArticleError, checkArticle } from '../../extract/text.js';
import { UnreadableArticleError } from '../errors.js';

export interface Article {
  text: string;
  /** The document it is stored under: the same text is always the same document. */
  file: string;
}

/** The text without a byte-order mark; throws UnreadableArticleError saying what is wrong. */
export function readArticle(given: string): Article {
  // The bound first: nothing else is done with a text past it.
  if (given.length > MAX_ARTICLE_CHARS)
    throw new UnreadableArticleError(
      'huge',
      `text: the article has ${given.length} characters, more than the ${MAX_ARTICLE_CHARS} an article may have`,
    );
  const text = given.replace(/^\uFEFF/, '');
  try {
    checkArticle(text);
  } catch (error) {
    if (error instanceof ArticleError) throw new UnreadableArticleError(error.problem, `text: ${error.message}`);
    throw error;
  }
  return { text, file: articleFile(createHash('sha256').update(text).digest('hex')) };
}
