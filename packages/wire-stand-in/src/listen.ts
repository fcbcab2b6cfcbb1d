import type { AddressInfo, Server, Socket } from "node:net";

export interface Listening {
  /** Base URL for an SDK's `endpoint`, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  port: number;
  /** Closes the server and the connections clients keep alive, which close() alone would wait for. */
  stop(): Promise<void>;
}

/**
 * Listens on `host` (default 127.0.0.1: a stand-in is for this machine only) and `port` (0 or
 * none: a free one). `onStop` ends what the server tracks beyond its sockets (HTTP/2 sessions).
 */
export async function listen(
  server: Server,
  options: { port?: number; host?: string; onStop?: () => void } = {},
): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        options.onStop?.();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
