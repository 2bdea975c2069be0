import { describe, expect, it } from 'vitest';
import { ConnectLinkApi } from '../src/connect-links.js';
import { ALL_TOOLS, selectTools, TOOL_NAMES } from '../src/tools/index.js';
import { connect } from './helpers.js';

const ANNOTATIONS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

describe('the tool registry', () => {
  it('names every tool once, in snake_case verb_noun, matching the names list', () => {
    const names = ALL_TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(_[a-z]+)+$/);
    expect([...names].sort()).toEqual([...TOOL_NAMES].sort());
  });

  it('gives every tool a title, a description, input and output schemas and all four annotations, as clients see them', async () => {
    // The dashboard is configured (never called here), so create_connect_link is listed too.
    const harness = await connect({
      connectLinks: new ConnectLinkApi({ url: 'https://wa.example.com', token: 'x'.repeat(32) }),
    });
    try {
      const { tools } = await harness.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
      for (const tool of tools) {
        expect(tool.title, tool.name).toBeTruthy();
        expect(tool.description?.length ?? 0, tool.name).toBeGreaterThan(80);
        expect(tool.inputSchema.type, tool.name).toBe('object');
        expect(tool.outputSchema?.type, tool.name).toBe('object');
        expect(Object.keys(tool.outputSchema?.properties ?? {}).length, tool.name).toBeGreaterThan(0);
        for (const hint of ANNOTATIONS)
          expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe('boolean');
        // Every input field is described for the model.
        for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
          expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
        }
      }
    } finally {
      await harness.close();
    }
  });

  it('constrains sessionId with the spec pattern and length in the published schema', async () => {
    const harness = await connect();
    try {
      const { tools } = await harness.client.listTools();
      const create = tools.find((t) => t.name === 'create_session');
      const sessionId = create?.inputSchema.properties?.sessionId as Record<string, unknown>;
      expect(sessionId).toMatchObject({
        type: 'string',
        minLength: 1,
        maxLength: 100,
        pattern: '^[A-Za-z0-9_-]{1,100}$',
      });
      expect(create?.inputSchema.required).toEqual(['sessionId']);
      expect(create?.inputSchema.properties?.phoneNumber).toMatchObject({
        type: 'string',
        pattern: '^[1-9][0-9]{7,14}$',
      });
    } finally {
      await harness.close();
    }
  });

  it('marks exactly the listing, status and QR tools read-only, and only disconnect destructive', () => {
    const readOnly = ALL_TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name);
    expect(readOnly.sort()).toEqual(['get_qr_code', 'get_session_status', 'list_sessions']);
    const destructive = ALL_TOOLS.filter((t) => t.annotations.destructiveHint).map((t) => t.name);
    expect(destructive).toEqual(['disconnect_session']);
    for (const tool of ALL_TOOLS) expect(tool.annotations.openWorldHint).toBe(true);
  });
});

describe('safety: read-only mode and the allow-list', () => {
  it('read-only mode offers only list, status and QR, and no onboarding prompt', async () => {
    const harness = await connect({ readOnly: true });
    try {
      const { tools } = await harness.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['get_qr_code', 'get_session_status', 'list_sessions']);
      const refused = await harness.client.callTool({
        name: 'disconnect_session',
        arguments: { sessionId: 'x' },
      });
      expect(refused.isError).toBe(true);
      expect(harness.client.getServerCapabilities()?.prompts).toBeUndefined();
    } finally {
      await harness.close();
    }
  });

  it('the allow-list offers only its tools, intersected with read-only mode', async () => {
    expect(
      selectTools({ readOnly: false, allowedTools: ['list_sessions', 'setup_session'] }).map((t) => t.name),
    ).toEqual(['setup_session', 'list_sessions']);
    expect(
      selectTools({ readOnly: true, allowedTools: ['list_sessions', 'setup_session'] }).map((t) => t.name),
    ).toEqual(['list_sessions']);
    const harness = await connect({ allowedTools: ['get_qr_code'] });
    try {
      expect((await harness.client.listTools()).tools.map((t) => t.name)).toEqual(['get_qr_code']);
    } finally {
      await harness.close();
    }
  });
});
