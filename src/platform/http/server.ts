import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** A listening HTTP server and how to stop it gracefully. */
export interface RunningHttpServer {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes what is left. */
  stop(graceMs: number): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one, for tests). */
export async function listen(app: Express, host: string, port: number): Promise<RunningHttpServer> {
  const server = createServer(app);
  server.keepAliveTimeout = 65_000; // above common load-balancer idle timeouts
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    stop: (graceMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        // A keep-alive connection turns idle when its request ends: close those as they appear.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
