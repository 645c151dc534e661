// @ts-nocheck
import { createServer } from 'node:net';

/**
 * Checks a port before a child process is started on it: DynamoDB Local and the SES emulator report a
 * taken port as a stack trace in their own output, which says nothing about which variable to change.
 */
export class PortInUseError extends Error {
  constructor(port: number, service: string, variable: string) {
    super(`Port ${port} (${service}) is already in use. Stop whatever uses it, or choose another port: ${variable}=<port> npm start`);
  }
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    // No host: the probe binds every address, so a listener on any of them counts as taken.
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export async function assertPortFree(port: number, service: string, variable: string): Promise<void> {
  if (!(await isPortFree(port))) throw new PortInUseError(port, service, variable);
}
