import { type Evidence, quoteContext } from '../../core/evidence.js';
import { builder } from '../builder.js';

export const EvidenceRef = builder.objectRef<Evidence>('Evidence').implement({
  description: 'Where a fact is stated: a source document and a short quote found in it.',
  fields: (t) => ({
    document: t.exposeString('document', { description: 'the source file' }),
    quote: t.exposeString('quote'),
    title: t.string({ nullable: true, resolve: async (e, _, { loaders }) => (await loaders.document.load(e.document))?.title ?? null }),
    publication: t.string({
      nullable: true,
      resolve: async (e, _, { loaders }) => (await loaders.document.load(e.document))?.publication ?? null,
    }),
    date: t.string({ nullable: true, resolve: async (e, _, { loaders }) => (await loaders.document.load(e.document))?.date ?? null }),
    context: t.string({
      nullable: true,
      description:
        "The quote's sentence in the document's stored text (an article accepted through the API); null for the corpus's documents.",
      resolve: async (e, _, { loaders }) => {
        const text = await loaders.documentText.load(e.document);
        return text === null ? null : (quoteContext(text, e.quote) ?? null);
      },
    }),
  }),
});
