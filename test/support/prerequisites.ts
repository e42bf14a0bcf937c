/**
 * One rule for the files that start a managed Neo4j of their own (beside the run's one, which may be a
 * container): they need java, and Maven unless the jars are already cached. Missing outside CI, the
 * file is skipped and says why; missing in CI (`CI` set), it fails: CI never passes by skipping.
 */
import { spawnSync } from 'node:child_process';
import { describe } from 'vitest';
import { resolveClasspath } from '../../src/neo4j/managed.js';

const answers = (command: string, args: string[]) => !spawnSync(command, args, { stdio: 'ignore' }).error;

/** What is missing to start a managed Neo4j here, as one sentence; undefined when nothing is. */
export async function missingForManagedNeo4j(): Promise<string | undefined> {
  if (!answers('java', ['-version'])) return 'java not found (a Java 17+ runtime)';
  if (answers('mvn', ['-v'])) return undefined;
  // Without Maven, only the jars already cached will do: resolveClasspath needs no Maven for them.
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await resolveClasspath();
    return undefined;
  } catch {
    return 'mvn not found and the Neo4j jars are not cached (Apache Maven 3.8+)';
  } finally {
    process.env.PATH = path;
  }
}

/**
 * `describe`, for a file that needs a managed Neo4j: skipped with the reason on the console when a
 * prerequisite is missing, and failing instead when `CI` is set.
 */
export async function describeManagedNeo4j(name: string, body: () => void) {
  const missing = await missingForManagedNeo4j();
  if (missing && process.env.CI) {
    throw new Error(`${name}: needs a managed Neo4j, but ${missing}; CI must not skip it`);
  }
  if (missing) console.warn(`[skipped] ${name}: needs a managed Neo4j, but ${missing}`);
  describe.skipIf(Boolean(missing))(missing ? `${name} (skipped: ${missing})` : name, body);
}
