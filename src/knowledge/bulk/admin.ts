/** neo4j-admin, run as a plain JVM on the managed server's classpath, and what it reports. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { neo4jAdminArgs } from '../../neo4j/managed.js';
import { ARRAY_DELIMITER, type CsvFiles } from './csv.js';

/** `neo4j-admin database import full` of `database` from the files `writeCsv` wrote. */
export function importArguments(classpath: string, database: string, files: Omit<CsvFiles, 'pending'>, reportFile: string) {
  const args = neo4jAdminArgs(
    classpath,
    'database',
    'import',
    'full',
    database,
    ...files.arguments,
    `--array-delimiter=U+${ARRAY_DELIMITER.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    '--overwrite-destination=true',
    `--report-file=${reportFile}`,
  );
  if (files.multiline.length > 0) {
    // v2 names the files whose values hold line breaks, so the others are read at full speed.
    if (files.multiline.some((p) => p.includes(','))) args.push('--multiline-fields=true');
    else args.push('--multiline-fields-format=v2', `--multiline-fields=${files.multiline.join(',')}`);
  }
  return args;
}

export interface AdminOutcome {
  code: number | null;
  /** The last lines of its output, progress dots left out. */
  tail: string[];
  /** Its phases ("Node import", "Relationship import", …) in seconds, as it reports them. */
  phases: Record<string, number>;
}

/** `1m 2s 433ms`, `9s 900ms`, `157ms` → seconds. */
function parseDuration(text: string): number | undefined {
  let seconds = 0;
  let matched = false;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|h|m|s)\b/g)) {
    matched = true;
    seconds += Number(n) * (unit === 'ms' ? 0.001 : unit === 's' ? 1 : unit === 'm' ? 60 : 3600);
  }
  return matched ? seconds : undefined;
}

/** Runs neo4j-admin, keeping the tail of its output and the phase times it reports. */
export async function runAdmin(args: string[], home: string, progress: (line: string) => void): Promise<AdminOutcome> {
  const child = spawn('java', args, {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const phases: Record<string, number> = {};
  const onLine = (line: string) => {
    // The progress dots are many and say little.
    if (/^[.\-\s]*\d+%/.test(line) || /^[.-]{5,}/.test(line)) return;
    tail.push(line);
    if (tail.length > 60) tail.shift();
    const phase = /^(.*?)\s+COMPLETED in (.+)$/.exec(line.trim());
    const seconds = phase ? parseDuration(phase[2] as string) : undefined;
    if (phase && seconds !== undefined) {
      phases[(phase[1] as string).trim()] = seconds;
      progress(`  ${line.trim()}`);
    }
    if (/^IMPORT (DONE|FAILED)/.test(line.trim())) progress(`  ${line.trim()}`);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, tail, phases };
}

/** `node import 3.5 s, relationship import 1.4 s, …`: the phases `runAdmin` collected, for people. */
export const formatPhases = (phases: Record<string, number>) =>
  Object.entries(phases)
    .map(([name, seconds]) => `${name.toLowerCase()} ${seconds.toFixed(1)} s`)
    .join(', ');
