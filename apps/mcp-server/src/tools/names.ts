/**
 * Every tool name, in one list the config module can validate an allow-list against without loading the
 * tools themselves. The registry test checks that it matches the registry exactly.
 */
export const TOOL_NAMES = [
  'create_session',
  'list_sessions',
  'connect_session',
  'get_qr_code',
  'get_session_status',
  'disconnect_session',
  'setup_session',
  'wait_for_connection',
  'create_connect_link',
] as const;

/** The name of one of the server's tools. */
export type ToolName = (typeof TOOL_NAMES)[number];
