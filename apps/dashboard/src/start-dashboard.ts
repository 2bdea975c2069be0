import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDashboard, type Dashboard, type DashboardOptions } from './create-dashboard.js';

/** Options of {@link startDashboard}: the app's, plus where to listen. */
export interface StartOptions extends DashboardOptions {
  /** Default 127.0.0.1: put a reverse proxy in front for anything else. */
  host?: string | undefined;
  /** 0 picks a free port. */
  port?: number | undefined;
}

/** A listening dashboard. */
export interface RunningDashboard extends Dashboard {
  /** Where it listens, such as `http://127.0.0.1:4020`. */
  url: string;
  port: number;
  /** Stops the poll and the server, dropping open event streams. */
  stop(): Promise<void>;
}

/** Creates the dashboard, opens its store, and listens. Resolves once it accepts connections. */
export async function startDashboard(options: StartOptions): Promise<RunningDashboard> {
  const dashboard = createDashboard(options);
  try {
    await dashboard.open();
  } catch (error) {
    await dashboard.close().catch(() => {});
    throw error;
  }
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: dashboard.app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(s as Server),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    ...dashboard,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => void dashboard.close().then(resolve));
        // Event streams never end by themselves; without this `close` would wait for every open tab.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
