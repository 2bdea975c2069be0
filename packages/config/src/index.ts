/**
 * @inbox-hub/config: the one configuration dialect of the toolkit's apps. Declare the settings,
 * read them from flags and the environment, get typed values or a {@link ConfigError} that names the flag
 * or variable and the fix.
 *
 * @example
 * const spec = {
 *   baseUrl: url({ env: 'INBOX_HUB_BASE_URL', example: 'https://api.inbox-hub.com', required: 'set it to the API URL.', help: 'the API URL' }),
 *   port: port({ env: 'INBOX_HUB_MCP_PORT', flag: '--port', default: 3333, help: 'port to listen on' }),
 *   readOnly: boolean({ env: 'INBOX_HUB_MCP_READ_ONLY', flag: '--read-only', help: 'offer only reading tools' }),
 * };
 * const { values } = readSettings(spec, { argv: process.argv.slice(2), env: process.env, command: 'inbox-hub-mcp' });
 */
export { describeSettings, type Read, readSettings, type Source, type Spec, type Values } from './read.js';
export {
  boolean,
  ConfigError,
  integer,
  list,
  number,
  oneOf,
  port,
  type Setting,
  type SettingOptions,
  secret,
  text,
  type UrlOptions,
  url,
} from './settings.js';
