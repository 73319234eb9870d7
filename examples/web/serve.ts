/**
 * The example app's chat page, offline (`npx projen example:web [--port N]`): synthesizes the example app
 * (../chat-app.ts), serves it with the local chat server, and serves the page (page/) on the same port at /chat/, so
 * that the page calls the token vendors on its own origin. Deploys nothing.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as esbuild from 'esbuild';
import { DEFAULT_PORT } from '../../local/cli';
import { LocalChatServer, ReadyLine } from '../../local/server';
import { PRINCIPAL_HEADER } from '../../local/token-vendors';
import { ChatAppStack } from '../chat-app';
import type { PageConfig, TokenVendorConfig } from './page/config';

const PAGE_SOURCE = path.join(__dirname, 'page');
/** Git-ignored: the bundle holds the official client's code, which is never committed (DEVELOPERS.md). */
export const PAGE_BUILD = path.join(__dirname, 'dist');
const PATH_PREFIX = '/chat/';

/** What the page is made of, as served: dist/ holds nothing else. */
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'chat.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/** Bundles the page's script with the official client into dist/, next to its HTML and CSS. */
export async function buildPage(outdir = PAGE_BUILD): Promise<string> {
  await esbuild.build({
    entryPoints: [path.join(PAGE_SOURCE, 'chat.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(outdir, 'chat.js'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'style.css']) {
    fs.copyFileSync(path.join(PAGE_SOURCE, file), path.join(outdir, file));
  }
  return outdir;
}

export interface ChatPage {
  /** The page: `http://127.0.0.1:<port>/chat/`. */
  readonly url: string;
  readonly server: LocalChatServer;
  /** Stops the local server and removes the synthesized app. */
  close(): Promise<void>;
}

/** Builds the page, serves the example app with the local chat server, and the page on the same port. */
export async function startChatPage(options: { readonly port?: number } = {}): Promise<ChatPage> {
  const build = await buildPage();
  const assembly = synthesizeExample();
  const server = await LocalChatServer.start({ assembly, port: options.port ?? DEFAULT_PORT, functionLog: () => undefined });
  server.serve({ pathPrefix: PATH_PREFIX, handle: pageHandler(build, pageConfig(server.readyLine())) });
  return {
    url: `${server.endpoint}${PATH_PREFIX}`,
    server,
    close: async () => {
      await server.close();
      fs.rmSync(assembly, { recursive: true, force: true });
    },
  };
}

/** The page's configuration: the example's two token vendors, by path, so that the page calls them on its own origin. */
function pageConfig(ready: ReadyLine): PageConfig {
  const vendor = (constructId: string, role: string): TokenVendorConfig => {
    // The vendor's function is `<construct id>Handler<hash>` (ChatTokenVendor).
    const found = ready.tokenVendors.find(candidate => candidate.logicalId.startsWith(`${constructId}Handler`));
    if (!found) {
      throw new Error(`The example app has no token vendor ${constructId}`);
    }
    // The example's users assume these roles with their own name as the session name (chat-app.ts).
    return { url: new URL(found.url).pathname, principalPrefix: `arn:aws:sts::${ready.account}:assumed-role/${role}/` };
  };
  return {
    messagingUrl: ready.messaging,
    principalHeader: PRINCIPAL_HEADER,
    users: vendor('TokenVendor', 'ChatUsers'),
    moderators: vendor('ModeratorTokenVendor', 'Moderators'),
  };
}

/** Serves dist/'s files, read once, and config.json; nothing else, so no path leaves the folder. */
function pageHandler(build: string, config: PageConfig) {
  const files = new Map(Object.entries(FILES).map(([name, type]) => [name, { type, body: fs.readFileSync(path.join(build, name)) }]));
  files.set('config.json', { type: 'application/json', body: Buffer.from(JSON.stringify(config)) });
  return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice(PATH_PREFIX.length) || 'index.html';
    const file = files.get(name);
    if (!['GET', 'HEAD'].includes(request.method ?? '') || file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    // no-store: a rebuilt page is what the next reload gets.
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(request.method === 'GET' ? file.body : undefined);
  };
}

/** The example app, synthesized as `npx projen example` does (with its cdk.json's feature flags), into a temporary folder. */
function synthesizeExample(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ivs-chat-web-'));
  const { context } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8'));
  const app = new App({ outdir, context: { ...context, 'aws:cdk:disable-creation-stack-traces': true } });
  new ChatAppStack(app, 'ExampleChatApp');
  app.synth();
  return outdir;
}

/** `--port N` or `--port=N`; the local server's default port otherwise. */
function portOf(args: readonly string[]): number {
  const i = args.findIndex(arg => arg === '--port' || arg.startsWith('--port='));
  if (i < 0) {
    return DEFAULT_PORT;
  }
  const value = args[i] === '--port' ? args[i + 1] : args[i].slice('--port='.length);
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port takes a port number (0-65535), got: ${value ?? 'nothing'}`);
  }
  return port;
}

async function main(): Promise<void> {
  const page = await startChatPage({ port: portOf(process.argv.slice(2)) });
  process.stdout.write(`The example chat page: ${page.url} (Ctrl-C stops)\n`);
  const stop = () => page.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch(error => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
