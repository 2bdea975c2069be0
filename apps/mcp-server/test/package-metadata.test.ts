import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV } from '../src/config.js';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));

describe('registry metadata', () => {
  it('server.json matches package.json (the MCP registry checks mcpName against it)', () => {
    const pkg = read('package.json');
    const server = read('server.json');
    expect(server.name).toBe(pkg.mcpName);
    expect(server.version).toBe(pkg.version);
    expect(server.description.length).toBeLessThanOrEqual(100);
    expect(server.packages[0]).toMatchObject({
      identifier: pkg.name,
      version: pkg.version,
      transport: { type: 'stdio' },
    });
    expect(pkg.bin['inbox-hub-mcp']).toBe('./bin/inbox-hub-mcp.js');
  });

  it('declares the required variables, and the secrets as secrets', () => {
    const vars = read('server.json').packages[0].environmentVariables as Array<{
      name: string;
      isRequired?: boolean;
      isSecret?: boolean;
    }>;
    const byName = new Map(vars.map((v) => [v.name, v]));
    expect(byName.get(ENV.baseUrl)?.isRequired).toBe(true);
    expect(byName.get(ENV.apiKey)).toMatchObject({ isRequired: true, isSecret: true });
    expect(byName.get(ENV.password)?.isSecret).toBe(true);
  });
});
