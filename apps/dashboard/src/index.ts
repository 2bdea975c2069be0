/**
 * @inbox-hub/dashboard: the operator dashboard and customer connect links for Inbox Hub. The server holds
 * the API key; browsers get HTML, server-sent events and QR images, never a credential.
 */
export { ConfigError, type DashboardConfig, DEFAULTS, ENV, readConfig } from './config.js';
export { createDashboard, type Dashboard, type DashboardOptions } from './create-dashboard.js';
export { type Locale, pickLocale } from './i18n/index.js';
export type { ConnectLink, LinkCheck, LinkRefusal } from './links/connect-links.js';
export { SessionPoller } from './live/poller.js';
export type { PollError, QrView, SessionView, Snapshot } from './live/snapshot.js';
export { type Logger, silentLogger, stderrLogger } from './logger.js';
export { type RunningDashboard, type StartOptions, startDashboard } from './start-dashboard.js';
export { isPostgresUrl, openStore } from './store/open-store.js';
export { type PostgresStoreOptions, postgresStore } from './store/postgres-store.js';
export { sqliteStore } from './store/sqlite-store.js';
export type { DashboardStore, StoredLink, StoredSnapshot } from './store/store.js';
