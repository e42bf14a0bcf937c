import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has defaults for every setting', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ HOST: 'localhost', PORT: 4000, NEO4J_USER: 'neo4j', KG_SEED_ON_START: true });
    expect(config.KG_API_KEY).toBeUndefined();
  });

  it('names the variable and what it expects in one line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT="eighty" is invalid: .*number/);
    expect(() => loadConfig({ NEO4J_URI: 'http://x' })).toThrow(
      /^NEO4J_URI="http:\/\/x" is invalid: expected a bolt:\/\/ or neo4j:\/\/ URI$/,
    );
  });

  it('accepts bolt:// and neo4j:// URIs', () => {
    expect(loadConfig({ NEO4J_URI: 'neo4j://db:7687' }).NEO4J_URI).toBe('neo4j://db:7687');
    expect(loadConfig({ NEO4J_URI: 'bolt+s://db:7687' }).NEO4J_URI).toBe('bolt+s://db:7687');
  });
});
