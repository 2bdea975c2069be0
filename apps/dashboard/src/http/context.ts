import type { InboxHub } from '@inbox-hub/client';
import type { LoginLimiter } from '../auth/login-limiter.js';
import type { OperatorSession, OperatorSessions } from '../auth/operator-session.js';
import type { Messages } from '../i18n/index.js';
import type { ConnectLinks } from '../links/connect-links.js';
import type { SessionPoller } from '../live/poller.js';
import type { Logger } from '../logger.js';

/** Everything the routes share, built once by `createDashboard`. */
export interface Deps {
  hub: InboxHub;
  poller: SessionPoller;
  links: ConnectLinks;
  sessions: OperatorSessions;
  limiter: LoginLimiter;
  logger: Logger;
  now: () => number;
  operator: { user: string; password: string };
  publicUrl: string;
  secureCookies: boolean;
  apiToken: string | undefined;
  trustProxy: boolean;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: {
    /** The reader's language, from `Accept-Language`. */
    t: Messages;
    /** The signed-in operator, on operator routes. */
    operator: OperatorSession;
  };
}
