// Loopback stand-ins for unreachable databases, shared by the unit and integration tests: a server
// that accepts connections and never says a word, and a port that was just free (nothing listens).
import { type Server, type Socket, createServer } from 'node:net';

export interface LoopbackServers {
  silentPort: number;
  closedPort: number;
  /** Connections the silent server accepted. */
  sockets: Socket[];
  close(): void;
}

export async function startLoopbackServers(): Promise<LoopbackServers> {
  const sockets: Socket[] = [];
  const silent: Server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const silentPort = (silent.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return {
    silentPort,
    closedPort,
    sockets,
    close() {
      for (const s of sockets) s.destroy();
      silent.close();
    },
  };
}
