import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';

// server.json is what the MCP registry lists. Its schema site cannot be reached from here (and a test
// should not depend on the network), so the schema is vendored: test/mcp-registry-server.schema.json is
// the registry's own copy of https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json,
// internal/validators/schemas/2025-12-11.json in modelcontextprotocol/registry (added in fc88cf0, #636),
// which the registry validates published entries against. Its SHA-256 is pinned below; moving to a newer
// schema is a deliberate change: replace the file, its $schema URL in server.json and the pin together.
const SCHEMA_SHA256 = '3fba09590c99f61735d234822279f4223fab9e300c0a81e81c91ab62a4114de0';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url));
const schemaBytes = read('test/mcp-registry-server.schema.json');
const schema = JSON.parse(schemaBytes.toString('utf8')) as { $id: string };
const serverJson = JSON.parse(read('server.json').toString('utf8')) as Record<string, unknown> & {
  packages: Array<Record<string, unknown> & { environmentVariables: Array<Record<string, unknown>> }>;
};

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule.default;
// Strict mode, so a keyword the validator does not understand fails loudly instead of being skipped; the
// schema's `example` is a documentation annotation (OpenAPI's), declared as such. strictRequired is a
// style rule (it wants every name in an `anyOf` branch's `required` declared in that branch); the
// registry's schema declares them one level up, which is valid JSON Schema.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
ajv.addKeyword({ keyword: 'example', schemaType: ['string', 'number', 'boolean', 'object', 'array'] });
addFormats(ajv);
const validate = ajv.compile(schema);

function problems(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`);
}

/** server.json with one change applied, to show the validator rejects what the registry would. */
function withChange(change: (copy: typeof serverJson) => void): typeof serverJson {
  const copy = structuredClone(serverJson);
  change(copy);
  return copy;
}

describe('server.json against the MCP registry schema', () => {
  it('is the pinned copy of the schema its $schema names', () => {
    expect(createHash('sha256').update(schemaBytes).digest('hex')).toBe(SCHEMA_SHA256);
    expect(serverJson.$schema).toBe(schema.$id);
  });

  it('validates', () => {
    expect(problems(serverJson)).toEqual([]);
  });

  it.each([
    [
      'a missing version',
      (s: typeof serverJson) => delete s.version,
      /must have required property 'version'/,
    ],
    [
      'a description over 100 characters',
      (s: typeof serverJson) => (s.description = 'x'.repeat(101)),
      /description/,
    ],
    [
      'a name without a namespace',
      (s: typeof serverJson) => (s.name = 'mcp-server'),
      /\/name must match pattern/,
    ],
    [
      'a package version of "latest"',
      (s: typeof serverJson) => ((s.packages[0] as Record<string, unknown>).version = 'latest'),
      /\/packages\/0\/version/,
    ],
    [
      'an environment variable without a name',
      (s: typeof serverJson) => delete s.packages[0]?.environmentVariables[0]?.name,
      /\/packages\/0\/environmentVariables\/0 must have required property 'name'/,
    ],
    [
      'an unknown input format',
      (s: typeof serverJson) =>
        ((s.packages[0]?.environmentVariables[0] as Record<string, unknown>).format = 'url'),
      /\/packages\/0\/environmentVariables\/0\/format must be equal to one of the allowed values/,
    ],
  ])('rejects %s', (_name, change, expected) => {
    const found = problems(withChange(change));
    expect(found.join('\n')).toMatch(expected);
  });
});

describe('server.json and the Claude Desktop bundle', () => {
  it('ask for the same settings, keeping the same ones secret', () => {
    const manifest = JSON.parse(read('mcpb/manifest.json').toString('utf8')) as {
      server: { mcp_config: { env: Record<string, string> } };
      user_config: Record<string, { required?: boolean; sensitive?: boolean }>;
    };
    const declared = new Map(serverJson.packages[0]?.environmentVariables.map((v) => [v.name as string, v]));
    for (const [variable, value] of Object.entries(manifest.server.mcp_config.env)) {
      const key = /^\$\{user_config\.([a-z_]+)\}$/.exec(value)?.[1];
      const option = key ? manifest.user_config[key] : undefined;
      expect(option, `${variable} maps to a user_config field`).toBeDefined();
      const entry = declared.get(variable);
      expect(entry, `${variable} is declared in server.json`).toBeDefined();
      expect(Boolean(entry?.isSecret), `${variable}: isSecret vs sensitive`).toBe(Boolean(option?.sensitive));
      expect(Boolean(entry?.isRequired), `${variable}: isRequired vs required`).toBe(
        Boolean(option?.required),
      );
    }
  });
});
