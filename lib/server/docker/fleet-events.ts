import 'server-only';
import { allConnections } from '../hosts/store';
import { sseResponse } from '../http/sse';
import { subscribeHostEvents } from './events';

/** Docker events of every host as Server-Sent Events: `docker` for events, `host` for stream status. */
export async function streamFleetEvents(signal: AbortSignal): Promise<Response> {
  const hosts = await allConnections();
  return sseResponse(signal, (writer) => {
    const unsubscribe = hosts.map((conn) =>
      subscribeHostEvents(conn, {
        onEvent: (event) => writer.send('docker', event),
        onStatus: (status) => writer.send('host', status),
      }),
    );
    return () => {
      for (const u of unsubscribe) u();
    };
  });
}
