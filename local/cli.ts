/**
 * `cdk-ivs-chat-local [cdk.out] [--port N] [--json]`: serves a synthesized app's IVS Chat offline (local/server.ts).
 *
 * Prints what it serves, readable, or with `--json` exactly one JSON line (the ready line) on standard output and
 * everything else on standard error. SIGINT and SIGTERM close every socket and exit 0. A problem before the server is
 * up is one line on standard error and exit code 1.
 */
import { CloudAssemblyError } from './assembly';
import { LocalChatServer, LocalServerError, ReadyLine } from './server';
import { COGNITO_IDENTITY_HEADER, PRINCIPAL_HEADER } from './token-vendors';

/** A port that is rarely taken, so that apps can be configured once. */
export const DEFAULT_PORT = 8790;
/** The oldest Node.js the command supports (the library's own minimum). */
const MINIMUM_NODE_MAJOR = 20;

const USAGE = 'usage: cdk-ivs-chat-local [cdk.out] [--port N] [--json]';

export interface CommandLine {
  readonly assembly: string;
  readonly port: number;
  readonly json: boolean;
}

/** The command line, or a one-line reason it is wrong. */
export function parseArguments(args: readonly string[]): CommandLine | string {
  let assembly: string | undefined;
  let port = DEFAULT_PORT;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') {
      json = true;
    } else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? args[++i] : arg.slice('--port='.length);
      port = Number(value);
      if (value === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
        return `--port takes a port number (0-65535; 0 for any free port), got: ${value ?? 'nothing'}. ${USAGE}`;
      }
    } else if (arg === '--help' || arg === '-h') {
      return USAGE;
    } else if (arg.startsWith('-') || assembly !== undefined) {
      return `unexpected argument: ${arg}. ${USAGE}`;
    } else {
      assembly = arg;
    }
  }
  return { assembly: assembly ?? 'cdk.out', port, json };
}

/** A readable account of what is served. */
export function summary(ready: ReadyLine): string {
  const lines = [
    `cdk-ivs-chat-local: IVS Chat offline, account ${ready.account}, region ${ready.region}`,
    `  control plane  ${ready.controlPlane}   (an SDK client's endpoint; any credentials)`,
    `  messaging      ${ready.messaging}   (the chat client's regionOrUrl)`,
  ];
  for (const room of ready.rooms) {
    lines.push(`  room           ${room.stack}/${room.logicalId}  ${room.arn}${room.name ? `  ${room.name}` : ''}`);
  }
  for (const config of ready.loggingConfigurations) {
    lines.push(`  logging        ${config.stack}/${config.logicalId}  ${config.arn}  (logs are not delivered locally)`);
  }
  for (const vendor of ready.tokenVendors) {
    lines.push(`  token vendor   ${vendor.stack}/${vendor.logicalId}  POST ${vendor.url}${vendor.roomArn ? `  for ${vendor.roomArn}` : ''}`);
  }
  if (ready.tokenVendors.length > 0) {
    lines.push(`  IAM-authenticated vendors take the caller from the ${PRINCIPAL_HEADER} header (an IAM ARN)`,
      `  or ${COGNITO_IDENTITY_HEADER} (a Cognito identity ID): signatures are not checked locally.`);
  }
  lines.push('Ctrl-C stops it.');
  return lines.join('\n');
}

export async function main(args: readonly string[]): Promise<number> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MINIMUM_NODE_MAJOR) {
    process.stderr.write(`cdk-ivs-chat-local: Node.js ${MINIMUM_NODE_MAJOR} or later is required, this is ${process.version}.\n`);
    return 1;
  }
  const command = parseArguments(args);
  if (typeof command === 'string') {
    process.stderr.write(`cdk-ivs-chat-local: ${command}\n`);
    return command === USAGE ? 0 : 1;
  }
  const info = (line: string) => process.stderr.write(`${line}\n`);
  let server: LocalChatServer;
  try {
    server = await LocalChatServer.start({ assembly: command.assembly, port: command.port, log: info });
  } catch (error) {
    if (error instanceof CloudAssemblyError || error instanceof LocalServerError || (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`cdk-ivs-chat-local: ${(error as Error).message.split('\n')[0]}\n`);
      return 1;
    }
    throw error;
  }
  // Listening before the ready line: whoever reads it may stop the server at once.
  const stopped = new Promise<void>(resolve => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const ready = server.readyLine();
  process.stdout.write(command.json ? `${JSON.stringify(ready)}\n` : `${summary(ready)}\n`);
  await stopped;
  await server.close();
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(code => process.exit(code), error => {
    process.stderr.write(`cdk-ivs-chat-local: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
