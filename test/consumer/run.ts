/**
 * The consumer test: what a user of the published package goes through, outside this repository.
 *
 * 1. Checks the npm tarball that `npx projen package:js` built (the release path): the handler bundles are in it,
 *    the sources, handler code, tests, benchmarks and examples are not.
 * 2. For the minimum aws-cdk-lib (our devDependency) with TypeScript 5.9, and the newest 2.x on the registry with
 *    the TypeScript a new `cdk init` app gets: a fresh app folder in the system's temporary directory, a plain
 *    `npm install` of the tarball next to that aws-cdk-lib, `tsc` over test/consumer/app/app.ts (every public
 *    construct) and every TypeScript snippet of README.md, `cdk synth` with the feature flags of a new app (and
 *    without a deprecation warning from that aws-cdk-lib),
 *    cfn-lint over the templates (no error, no warning on what the library creates), and the package's
 *    `cdk-ivs-chat-local` command serving the synthesized app (its ready line, its exit on SIGTERM).
 * 3. Every Python snippet of README.md parses and defines or imports every name it uses.
 *
 * Writes test-reports/consumer-results.json ({ numPassedTests, numFailedTests, checks }) and exits 1 on any failure,
 * with the failing tool's own message. cfn-lint is a Python tool: when it is missing the lint is skipped with a
 * notice, unless REQUIRE_CFN_LINT=1 (CI), where that is a failure.
 */
import { spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cdkPaths, cfnLintAvailable, lintTemplates } from '../cfn-lint';

const ROOT = path.resolve(__dirname, '..', '..');
const APP_DIR = path.join(__dirname, 'app');
const CDK_CLI = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const REPORT = path.join(ROOT, 'test-reports', 'consumer-results.json');

/** What must be in the tarball, and what must not (paths inside the `package/` folder of the tarball). */
const REQUIRED_FILES = [
  'package.json', '.jsii', 'lib/index.js', 'lib/index.d.ts',
  'assets/ivschat-provider/index.js', 'assets/ivschat-provider.sha256', 'assets/chat-token-vendor/index.js', 'assets/chat-token-vendor.sha256',
  'assets/cdk-ivs-chat-local/cli.js',
];
const FORBIDDEN_FOLDERS = ['src/', 'lambda/', 'test/', 'bench/', 'examples/', 'cdk.out/', '.ci/'];

interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly detail?: string;
  readonly seconds?: number;
}

interface Variant {
  readonly label: string;
  readonly awsCdkLib: string;
  readonly typescript: string;
}

const checks: Check[] = [];

function record(name: string, passed: boolean, detail?: string, seconds?: number): boolean {
  checks.push({ name, passed, detail, seconds });
  const time = seconds === undefined ? '' : ` (${seconds.toFixed(1)} s)`;
  console.log(`${passed ? 'PASS' : 'FAIL'}  ${name}${time}${detail ? `\n      ${detail.split('\n').join('\n      ')}` : ''}`);
  return passed;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> & { seconds: number } {
  const start = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ...result, seconds: (Date.now() - start) / 1000 };
}

/** The last lines of what a failed command printed: npm's ERESOLVE, tsc's errors, the synth error. */
function output(result: SpawnSyncReturns<string>): string {
  const text = `${result.stdout ?? ''}\n${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`.trim();
  return text.split('\n').slice(-40).join('\n');
}

function tarball(): string {
  const dist = path.join(ROOT, 'dist', 'js');
  const files = fs.existsSync(dist) ? fs.readdirSync(dist).filter(file => file.endsWith('.tgz')) : [];
  if (files.length !== 1) {
    throw new Error(`Expected one tarball in dist/js (run \`npx projen package:js\`), found: ${files.join(', ') || 'none'}.`);
  }
  return path.join(dist, files[0]);
}

function checkContents(file: string): void {
  const listing = run('tar', ['-tzf', file], ROOT);
  const entries = listing.stdout.split('\n').filter(line => line !== '').map(line => line.replace(/^package\//, ''));
  const missing = REQUIRED_FILES.filter(required => !entries.includes(required));
  record('tarball holds the compiled library, both handler bundles and the local chat server', missing.length === 0,
    missing.length ? `missing: ${missing.join(', ')}` : undefined);
  const unwanted = entries.filter(entry => FORBIDDEN_FOLDERS.some(folder => entry.startsWith(folder)));
  record(`tarball leaves out ${FORBIDDEN_FOLDERS.join(' ')}`, unwanted.length === 0,
    unwanted.length ? `found: ${unwanted.slice(0, 10).join(', ')}` : undefined);
  const size = fs.statSync(file).size;
  record('tarball size and file count', true, `${(size / 1024).toFixed(1)} KiB, ${entries.length} files: ${path.basename(file)}`);
}

function npmVersion(spec: string): string {
  const result = run('npm', ['view', spec, 'version', '--json'], ROOT);
  if (result.status !== 0) {
    throw new Error(`npm view ${spec} failed:\n${output(result)}`);
  }
  const versions: string | string[] = JSON.parse(result.stdout);
  return Array.isArray(versions) ? versions[versions.length - 1] : versions;
}

/** The code blocks of one language in README.md, in order. */
function readmeSnippets(language: string): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const pattern = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm');
  return [...readme.matchAll(pattern)].map(match => match[1]);
}

async function consume(variant: Variant, file: string, tsSnippets: string[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-ivs-chat-consumer-${variant.label}-`));
  console.log(`\n${variant.label}: aws-cdk-lib ${variant.awsCdkLib}, typescript ${variant.typescript}, in ${dir}`);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'consumer-chat-app',
    version: '0.1.0',
    private: true,
    dependencies: { 'aws-cdk-lib': variant.awsCdkLib, 'constructs': '^10.5.0' },
    // The README's offline snippets use the IVS Chat SDK and the chat client, as an app's backend and front end would.
    devDependencies: {
      'typescript': variant.typescript,
      'tsx': '^4.23.0',
      '@types/node': '^24',
      '@aws-sdk/client-ivschat': '^3.952.0',
      'amazon-ivs-chat-messaging': '1.1.1',
    },
  }, null, 2));
  fs.copyFileSync(path.join(APP_DIR, 'app.ts'), path.join(dir, 'app.ts'));
  fs.copyFileSync(path.join(APP_DIR, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.mkdirSync(path.join(dir, 'readme'));
  // `export {}` keeps each snippet a module of its own, as it would be in a user's file.
  tsSnippets.forEach((snippet, index) => fs.writeFileSync(path.join(dir, 'readme', `snippet-${index + 1}.ts`), `${snippet}\nexport {};\n`));

  // What a user types: plain npm install, no --force or --legacy-peer-deps.
  const install = run('npm', ['install', '--no-audit', '--no-fund', file], dir);
  if (!record(`${variant.label}: npm install of the tarball next to aws-cdk-lib ${variant.awsCdkLib}`, install.status === 0,
    install.status === 0 ? undefined : output(install), install.seconds)) {
    return;
  }
  const installed = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')).version;
  const tsc = run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '--version'], dir);
  record(`${variant.label}: installed aws-cdk-lib ${installed}, ${tsc.stdout.trim()}`, true);

  const typecheck = run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], dir);
  record(`${variant.label}: tsc over app.ts and ${tsSnippets.length} README snippets`, typecheck.status === 0,
    typecheck.status === 0 ? undefined : output(typecheck), typecheck.seconds);

  // A new `cdk init` app's cdk.json: the app command and the recommended feature flags of its aws-cdk-lib.
  const flags = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'aws-cdk-lib', 'recommended-feature-flags.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'npx tsx app.ts', context: flags }, null, 2));
  const synth = run(process.execPath, [CDK_CLI, 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', 'cdk.out'], dir, {
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    // jsii's default, whatever the environment says: deprecated calls are printed, not hidden or thrown.
    JSII_DEPRECATED: 'warn',
  });
  if (!record(`${variant.label}: cdk synth`, synth.status === 0, synth.status === 0 ? undefined : output(synth), synth.seconds)) {
    return;
  }
  // jsii prints `[WARNING] <api> is deprecated` the first time an app calls a deprecated aws-cdk-lib API (and throws
  // under JSII_DEPRECATED=fail): every user of that aws-cdk-lib would see it on every synthesis.
  const deprecations = [...`${synth.stdout}\n${synth.stderr}`.matchAll(/^\[WARNING\] (\S+) is deprecated.*$/gm)].map(match => match[1]);
  record(`${variant.label}: cdk synth uses no API deprecated in aws-cdk-lib ${installed}`, deprecations.length === 0,
    deprecations.length === 0 ? undefined : `deprecated: ${[...new Set(deprecations)].join(', ')}`);
  lint(variant, path.join(dir, 'cdk.out'));
  await serveLocally(variant, dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * `cdk-ivs-chat-local cdk.out --json` in the app, as its README tells users: the installed package's command
 * serves every room of the app, prints one ready line, and exits 0 on SIGTERM.
 */
async function serveLocally(variant: Variant, dir: string): Promise<void> {
  const start = Date.now();
  // The bin npm linked (what `npx cdk-ivs-chat-local` runs), started directly so that the signal reaches it.
  const bin = path.join(dir, 'node_modules', '.bin', 'cdk-ivs-chat-local');
  const child = spawn(bin, ['cdk.out', '--port', '0', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout += chunk.toString('utf8'));
  child.stderr.on('data', (chunk: Buffer) => stderr += chunk.toString('utf8'));
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
  const readyOrExit = await Promise.race([
    new Promise<'ready'>(resolve => child.stdout.on('data', () => stdout.includes('\n') && resolve('ready'))),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>(resolve => setTimeout(() => resolve('timeout'), 60_000).unref()),
  ]);
  const seconds = (Date.now() - start) / 1000;
  if (readyOrExit !== 'ready') {
    child.kill('SIGKILL');
    record(`${variant.label}: cdk-ivs-chat-local cdk.out --json`, false, `${readyOrExit} before its ready line:\n${stderr.trim()}`, seconds);
    return;
  }
  const ready = JSON.parse(stdout.split('\n')[0]);
  const served = `${ready.rooms.length} rooms, ${ready.loggingConfigurations.length} logging configurations, ${ready.tokenVendors.length} token vendors`;
  child.kill('SIGTERM');
  const code = await exited;
  record(`${variant.label}: cdk-ivs-chat-local serves the app (${served}), SIGTERM exits ${code}`,
    ready.rooms.length === 3 && ready.tokenVendors.length === 2 && code === 0, code === 0 ? undefined : stderr.trim(), seconds);
}

/**
 * The construct paths of what the library creates: constructs of its own types (jsii records the fully qualified
 * name `cdk-ivs-chat.Room` in tree.json), the stack's provider and the review handlers' invoke permissions.
 */
function libraryPaths(outdir: string): string[] {
  const tree = JSON.parse(fs.readFileSync(path.join(outdir, 'tree.json'), 'utf8')).tree;
  const paths: string[] = [];
  const visit = (node: { id: string; path?: string; constructInfo?: { fqn?: string }; children?: Record<string, any> }): void => {
    if (node.path && (node.constructInfo?.fqn?.startsWith('cdk-ivs-chat.') || node.id.startsWith('cdk-ivs-chat.') || node.id.startsWith('IvsChatInvoke'))) {
      paths.push(`${node.path}/`);
      return;
    }
    Object.values(node.children ?? {}).forEach(visit);
  };
  visit(tree);
  return paths;
}

function lint(variant: Variant, outdir: string): void {
  if (!cfnLintAvailable()) {
    const required = process.env.REQUIRE_CFN_LINT === '1';
    record(`${variant.label}: cfn-lint`, !required, required
      ? 'cfn-lint is not installed, and REQUIRE_CFN_LINT=1 requires it (pip install cfn-lint).'
      : 'skipped: cfn-lint is not installed (pip install cfn-lint to lint the templates).');
    return;
  }
  const templates = fs.readdirSync(outdir).filter(file => file.endsWith('.template.json')).map(file => path.join(outdir, file));
  const ours = libraryPaths(outdir);
  const paths = new Map(templates.map(template => [template, cdkPaths(template)]));
  try {
    const result = lintTemplates(templates, (template, logicalId) => {
      const cdkPath = `${paths.get(template)?.get(logicalId) ?? ''}/`;
      return ours.some(prefix => cdkPath.startsWith(prefix));
    });
    const notes = result.others.length ? `\nnot counted (the app's own resources, or informational): ${result.others.join('; ')}` : '';
    record(`${variant.label}: cfn-lint over ${templates.length} template(s): no error, no warning on the library's ${ours.length} constructs`,
      result.blocking.length === 0, `${result.blocking.join('\n')}${notes}`.trim() || undefined, result.seconds);
  } catch (error) {
    record(`${variant.label}: cfn-lint`, false, (error as Error).message);
  }
}

function checkPythonSnippets(snippets: string[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ivs-chat-python-'));
  const files = snippets.map((snippet, index) => {
    const file = path.join(dir, `snippet_${index + 1}.py`);
    fs.writeFileSync(file, snippet);
    return file;
  });
  const result = run('python3', [path.join(__dirname, 'python_snippets.py'), ...files], dir);
  if (result.error) {
    record('README Python snippets', true, 'skipped: python3 is not installed.');
  } else {
    record(`README: ${snippets.length} Python snippets parse and define every name they use`, result.status === 0,
      result.status === 0 ? undefined : output(result));
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const file = tarball();
  checkContents(file);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const minimum: string = pkg.devDependencies['aws-cdk-lib'];
  const peer: string = pkg.peerDependencies['aws-cdk-lib'];
  record(`peer aws-cdk-lib ${peer} is a caret on the tested minimum ${minimum}`, peer === `^${minimum}`);
  const newest = npmVersion('aws-cdk-lib@2');
  const tsSnippets = readmeSnippets('ts');
  await consume({ label: 'minimum', awsCdkLib: minimum, typescript: '~5.9.3' }, file, tsSnippets);
  if (newest !== minimum) {
    await consume({ label: 'newest', awsCdkLib: newest, typescript: npmVersion('typescript@latest') }, file, tsSnippets);
  }
  checkPythonSnippets(readmeSnippets('python'));

  const failed = checks.filter(check => !check.passed).length;
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, JSON.stringify({ numPassedTests: checks.length - failed, numFailedTests: failed, checks }, null, 2));
  console.log(`\nconsumer test: ${checks.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
