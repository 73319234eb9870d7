/**
 * `cdk-ivs-chat-local`, the bundled command users run (assets/cdk-ivs-chat-local/cli.js): its ready line, its
 * shutdown on SIGTERM and SIGINT, and the one-line errors it exits with.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { parseArguments } from '../../local/cli';
import { Room } from '../../src';

const CLI = path.join(__dirname, '..', '..', 'assets', 'cdk-ivs-chat-local', 'cli.js');

function synthesizedApp(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cli-'));
  const app = new App({ outdir });
  new Room(new Stack(app, 'Chat'), 'Lobby', { roomName: 'lobby' });
  app.synth();
  return outdir;
}

/** Starts the command; resolves once standard output holds `until`, with the process and what it printed so far. */
async function started(args: string[], until = '\n'): Promise<{ child: ChildProcess; output: string; line: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = await new Promise<string>((resolve, reject) => {
    let printed = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      if (printed.includes(until)) {
        resolve(printed);
      }
    });
    child.once('exit', code => reject(new Error(`exited ${code} before printing ${JSON.stringify(until)}`)));
  });
  return { child, output, line: output.split('\n')[0] };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise(resolve => child.once('exit', code => resolve(code)));
}

async function portIsClosed(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('cdk-ivs-chat-local', () => {
  const assembly = synthesizedApp();

  test.each(['SIGTERM', 'SIGINT'] as const)('--json prints one ready line; %s closes every socket and exits 0', async signal => {
    const { child, line } = await started([assembly, '--port', '0', '--json']);
    const ready = JSON.parse(line);

    expect(ready).toEqual({
      region: 'us-east-1',
      account: '123456789012',
      controlPlane: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      messaging: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/),
      rooms: [{ stack: 'Chat', logicalId: expect.stringMatching(/^Lobby/), arn: expect.stringMatching(/^arn:aws:ivschat:us-east-1:123456789012:room\/[a-zA-Z0-9]{12}$/), name: 'lobby' }],
      loggingConfigurations: [],
      tokenVendors: [],
    });
    const port = Number(new URL(ready.controlPlane).port);
    const exit = exitOf(child);
    child.kill(signal);

    expect(await exit).toBe(0);
    expect(await portIsClosed(port)).toBe(true);
  });

  test('without --json it prints what it serves, readable', async () => {
    const { child, output } = await started([assembly, '--port=0'], 'Ctrl-C stops it.');
    const exit = exitOf(child);
    child.kill('SIGTERM');
    await exit;

    expect(output).toMatch(/^cdk-ivs-chat-local: IVS Chat offline, account 123456789012, region us-east-1\n/);
    expect(output).toMatch(/\n  room           Chat\/Lobby[0-9A-F]{8}  arn:aws:ivschat:us-east-1:123456789012:room\/[a-zA-Z0-9]{12}  lobby\n/);
  });

  test.each([
    [['/no/such/cdk.out'], /^cdk-ivs-chat-local: .*\/no\/such\/cdk\.out.*\n$/],
    [['--port', 'abc'], /^cdk-ivs-chat-local: --port takes a port number \(0-65535; 0 for any free port\), got: abc\. usage: .*\n$/],
    [['a', 'b'], /^cdk-ivs-chat-local: unexpected argument: b\. usage: .*\n$/],
  ])('%j: one line on standard error, exit code 1', (args, message) => {
    const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});

describe('parseArguments', () => {
  test('defaults: ./cdk.out, port 8790, readable output', () => {
    expect(parseArguments([])).toEqual({ assembly: 'cdk.out', port: 8790, json: false });
  });

  test('every option', () => {
    expect(parseArguments(['out', '--port', '9000', '--json'])).toEqual({ assembly: 'out', port: 9000, json: true });
  });
});
