// A TCP forwarder the test can cut and restore: "Janus unreachable" without stopping Janus (which
// would make it forget its tokens and rooms anyway).
import net from "node:net";

export interface TcpGate {
  port: number;
  /** Drops every connection and refuses new ones until open(). */
  cut(): void;
  open(): void;
  close(): Promise<void>;
}

export async function startTcpGate(targetPort: number): Promise<TcpGate> {
  let isOpen = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!isOpen) return void client.destroy();
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      isOpen = false;
      for (const socket of sockets) socket.destroy();
    },
    open() {
      isOpen = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The same URL with its port swapped for the gate's. */
export function throughGate(url: string, gate: TcpGate): string {
  const parsed = new URL(url);
  parsed.port = String(gate.port);
  return parsed.toString().replace(/\/$/, "");
}
