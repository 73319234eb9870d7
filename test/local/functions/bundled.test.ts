/**
 * The local server ships as one esbuild bundle (assets/cdk-ivs-chat-local/cli.js): the runner's workers must start
 * from that one file, with no worker script of their own on disk.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import * as esbuild from 'esbuild';

const RUNNER = path.join(__dirname, '..', '..', '..', 'local', 'functions', 'runner');

/** Runs a function in an isolated environment and prints its answer, as the bundled server would. */
const ENTRY = `
import { FunctionRunner } from ${JSON.stringify(RUNNER)};
const runner = new FunctionRunner();
const fn = runner.function({
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:bundled',
  runtime: 'nodejs24.x',
  handler: 'index.handler',
  code: { inline: 'exports.handler = async (event, context) => ({ event, name: context.functionName, only: process.env.ONLY });' },
  environment: { ONLY: 'mine' },
});
fn.invoke({ hello: 'world' }, 5000).then(answer => console.log(JSON.stringify(answer))).finally(() => runner.close());
`;

let workDir: string;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-bundle-'));
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

// The options of the `bundle` task for local/cli.ts, and the same minified.
test.each([false, true])('a function runs from a single bundled file (minify: %s)', async minify => {
  const outfile = path.join(workDir, `cli-${minify}.js`);
  await esbuild.build({
    stdin: { contents: ENTRY, loader: 'ts', resolveDir: workDir },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify,
    logLevel: 'silent',
    outfile,
  });

  const { stdout } = await promisify(execFile)(process.execPath, [outfile], { cwd: workDir, timeout: 10_000 });

  expect(JSON.parse(stdout)).toEqual({ event: { hello: 'world' }, name: 'bundled', only: 'mine' });
});
