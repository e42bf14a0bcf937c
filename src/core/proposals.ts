/** How a proposal of an article is named when a review rejects it, so that re-extracting the article finds it again. */
import type { RelationType } from './ontology.js';

/** A relation proposal: its type and ends (what the importer merges on). */
export const relationKey = (r: { type: RelationType | string; from: string; to: string }) => `${r.type}|${r.from}|${r.to}`;

/** An entity proposal: its id. */
export const entityKey = (e: { id: string }) => e.id;

/** The name an article is stored under when it comes through the API: its content, hashed by the caller. */
export const articleFile = (digestHex: string) => `article-${digestHex.slice(0, 16)}.txt`;
