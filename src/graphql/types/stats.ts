import { type Count, type GraphStats, graphStats } from '../../repositories/stats.js';
import { builder } from '../builder.js';

const CountRef = builder.objectRef<Count>('Count').implement({
  fields: (t) => ({ key: t.exposeString('key'), count: t.exposeInt('count') }),
});

const StatsRef = builder.objectRef<GraphStats>('Stats').implement({
  description: 'Counts by label and by relationship type.',
  fields: (t) => ({
    entities: t.exposeInt('entities'),
    relations: t.exposeInt('relations'),
    byLabel: t.field({ type: [CountRef], resolve: (s) => s.byLabel }),
    byRelationType: t.field({ type: [CountRef], resolve: (s) => s.byRelationType }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: StatsRef,
    description: 'How many entities of each kind and relationships of each type the graph holds.',
    resolve: (_root, _args, { db }) => graphStats(db),
  }),
);
