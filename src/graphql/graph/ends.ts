import type { Context } from '../context.js';
import { resolveEntity, slugOf } from '../entities/entity.js';

/**
 * The id of a traversal's end. An id (slug or global id) that the topology index holds is taken as
 * it is, with no round trip: the traversal's hydration brings its entity, or the loader when a field
 * asks. Anything else is resolved as a name, or answered with a NotFoundError (resolveEntity).
 */
export async function endId(ctx: Context, ref: string, argument?: string): Promise<string> {
  const slug = slugOf(ref);
  if (ctx.traversals.holds(slug)) return slug;
  return (await resolveEntity(ctx, ref, argument)).id;
}
