/** Whether a relationship is stated or inferred: two fields every relationship type carries. */
import type { builder } from '../builder.js';
import type { RelationView } from '../refs.js';

type RelationFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<typeof builder.$inferSchemaTypes, RelationView>;

export const statedFields = (t: RelationFieldBuilder) => ({
  stated: t.boolean({
    description: 'True when a document states this plainly; false when it rests on a reading (see `inference`).',
    resolve: (v) => v.record.inference === null,
  }),
  inference: t.string({
    nullable: true,
    description: 'Why the relationship is inferred rather than stated (a reading of the quotes); null when stated.',
    resolve: (v) => v.record.inference,
  }),
});
