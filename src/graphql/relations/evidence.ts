import type { Evidence } from '../../core/evidence.js';
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
  }),
});
