/** An entity's typed facts as a list, each saying whether the text states it or it rests on a reading. */
import { ENTITY_PROP_KEYS } from '../../core/schema.js';
import type { EntityRecord } from '../../repositories/records.js';
import { builder } from '../builder.js';

export interface FactView {
  key: string;
  value: string | number;
  inference: string | null;
}

/** The facts the entity has, in the ontology's order of keys. */
export const factsOf = (entity: EntityRecord): FactView[] =>
  ENTITY_PROP_KEYS.flatMap((key) => {
    const value = entity.props[key];
    return value === undefined ? [] : [{ key, value, inference: entity.inferred[key] ?? null }];
  });

export const FactRef = builder.objectRef<FactView>('Fact').implement({
  description: 'One typed fact of an entity (foundedOn, fundSizeCny…), also readable as its own field, and how it is known.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The field name: foundedOn, registeredCapitalCny, areaSqm…' }),
    value: t.string({ description: 'The value as text: an ISO date, a number, a word.', resolve: (f) => String(f.value) }),
    stated: t.boolean({
      description: 'True when a document states it plainly; false when it rests on a reading (see `inference`).',
      resolve: (f) => f.inference === null,
    }),
    inference: t.string({ nullable: true, description: 'Why the fact is inferred; null when stated.', resolve: (f) => f.inference }),
  }),
});
