/**
 * The messaging benchmark's baseline: the smallest broadcast server `ws` allows (its README's broadcast example, with
 * rooms by URL path), on the same HTTP + `ws` stack as the local messaging endpoint. Every text frame a connection
 * sends goes, as is, to every open connection of its room, the sender included. What the local server cannot beat.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { WebSocket, WebSocketServer } from 'ws';

export interface RawBroadcastServer {
  readonly port: number;
  connectionCount(): number;
  close(): Promise<void>;
}

export async function startRawBroadcastServer(): Promise<RawBroadcastServer> {
  const server = http.createServer();
  const webSockets = new WebSocketServer({ server });
  const rooms = new Map<string, Set<WebSocket>>();
  webSockets.on('connection', (socket, request) => {
    const room = rooms.get(request.url ?? '/') ?? new Set<WebSocket>();
    rooms.set(request.url ?? '/', room.add(socket));
    socket.on('message', (data, isBinary) => {
      for (const client of room) if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    socket.on('close', () => room.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connectionCount: () => webSockets.clients.size,
    close: () => new Promise((resolve) => {
      webSockets.clients.forEach((socket) => socket.terminate());
      webSockets.close();
      server.close(() => resolve());
    }),
  };
}
