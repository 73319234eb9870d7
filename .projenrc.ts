import { awscdk, javascript } from 'projen';

const cliEnv = {
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
};

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-ivs-chat',
  description: 'AWS CDK L2 constructs for Amazon IVS Chat: rooms, logging configurations, least-privilege grants and metrics.',
  author: 'cdk-ivs-chat developers',
  authorAddress: 'cdk-ivs-chat@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-ivs-chat/cdk-ivs-chat.git',
  license: 'Apache-2.0',
  stability: 'experimental',
  keywords: ['awscdk', 'aws-cdk', 'cdk', 'ivs', 'ivschat', 'chat', 'amazon-ivs'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,

  jsiiVersion: '~6.0',
  // The minimum aws-cdk-lib we support: projen writes the peer `^<minimum>` and pins the devDependency to it, so the
  // tests prove the minimum (never `cdkVersionPinning`: an exact peer makes `npm install` fail in every app on another 2.x).
  cdkVersion: '2.252.0',
  constructsVersion: '10.5.1',
  experimentalIntegRunner: true,

  publishToPypi: { distName: 'cdk-ivs-chat', module: 'cdk_ivs_chat' },
  publishToMaven: {
    javaPackage: 'io.github.cdkivschat',
    mavenGroupId: 'io.github.cdk-ivs-chat',
    mavenArtifactId: 'cdk-ivs-chat',
  },
  publishToNuget: { dotNetNamespace: 'CdkIvsChat', packageId: 'CdkIvsChat' },
  publishToGo: { moduleName: 'github.com/cdk-ivs-chat/cdk-ivs-chat-go' },

  devDeps: [
    '@aws-sdk/client-ivschat@^3.952.0',
    // The client's own retry strategy and its types (dependencies of the client), for the capped backoff.
    '@smithy/types@^4',
    '@smithy/util-retry@^4',
    '@types/aws-lambda@^8.10.164',
    'aws-cdk@^2.1148.1',
    'cdk-nag@^3.0.2',
    'esbuild@^0.28.2',
    'tinybench@^6.2.5',
    // The local chat server's WebSocket endpoint: bundled into assets/, so the package gains no dependency.
    'ws@^8.18.0',
    '@types/ws@^8',
    // The official chat client, to test the local server the way apps use it. Licensed as AWS Content: tests only,
    // never committed or shipped (DEVELOPERS.md).
    'amazon-ivs-chat-messaging@1.1.1',
    // Drives the system's Chromium in the chat page's browser test (test/browser): the library only, no browser download.
    'playwright-core@^1.65.1',
  ],

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'lambda', 'local', 'examples', 'bench'],
  },
  jestOptions: {
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  gitignore: ['/assets/', '/cdk.out/', '*.d.ts.map'],
});

// cdk-nag 3 declares a peer aws-cdk-lib ^2.257.0, above our minimum: in this repository's own dev install it uses
// the aws-cdk-lib the tests run on (overrides apply to the root project only, never to the package's users).
project.package.addField('overrides', { 'cdk-nag': { 'aws-cdk-lib': '$aws-cdk-lib' } });

// projen adds the integ tools as `latest`; pin the versions whose cloud-assembly schema matches aws-cdk-lib.
project.deps.removeDependency('@aws-cdk/integ-runner');
project.deps.removeDependency('@aws-cdk/integ-tests-alpha');
project.addDevDeps('@aws-cdk/integ-runner@2.197.10', '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0');

project.tasks.addEnvironment('CDK_DISABLE_CLI_TELEMETRY', cliEnv.CDK_DISABLE_CLI_TELEMETRY);
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', cliEnv.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION);

// Lambda handlers (lambda/<name>/index.ts) are bundled, SDK included, into assets/<name>/index.js, shipped in the npm package.
const HANDLERS = ['ivschat-provider', 'chat-token-vendor'];
const bundle = project.addTask('bundle', {
  description: 'Bundle the Lambda handlers with esbuild into assets/',
});
for (const name of HANDLERS) {
  bundle.exec([
    `esbuild lambda/${name}/index.ts`,
    '--bundle --minify --platform=node --target=node22 --format=cjs',
    '--legal-comments=none --log-level=warning',
    `--outfile=assets/${name}/index.js`,
  ].join(' '), { condition: `test -f lambda/${name}/index.ts` });
  // The bundle's SHA-256 next to it: the constructs use it as the asset hash, so that no synth has to fingerprint it.
  bundle.exec(`node -e "const c = require('crypto'), f = require('fs'); f.writeFileSync('assets/${name}.sha256', `
    + `c.createHash('sha256').update(f.readFileSync('assets/${name}/index.js')).digest('hex'))"`, { condition: `test -f lambda/${name}/index.ts` });
}
// The local chat server (local/cli.ts): the npm package's `cdk-ivs-chat-local` command, bundled with ws for the Node.js
// that runs it (20 or later), not minified, so that its stack traces stay readable. ws's optional native add-ons stay
// out, and so does the IVS Chat SDK, which only the emulator's test helper `client()` loads.
bundle.exec([
  'esbuild local/cli.ts',
  '--bundle --platform=node --target=node20 --format=cjs',
  '--external:bufferutil --external:utf-8-validate --external:@aws-sdk/client-ivschat',
  '--legal-comments=none --log-level=warning',
  '"--banner:js=#!/usr/bin/env node"',
  '--outfile=assets/cdk-ivs-chat-local/cli.js',
].join(' '), { condition: 'test -f local/cli.ts' });
project.addBins({ 'cdk-ivs-chat-local': 'assets/cdk-ivs-chat-local/cli.js' });

// Compiling bundles the handlers first, so no task path (`npx projen compile && npx projen package:js` included)
// can produce a package without them; packaging checks they are there.
project.compileTask.prependSpawn(bundle);
const packageJs = project.tasks.tryFind('package:js')!;
packageJs.prependExec([
  'node -e "',
  `for (const f of [${[...HANDLERS.flatMap(name => [`${name}/index.js`, `${name}.sha256`]), 'cdk-ivs-chat-local/cli.js'].map(file => `'${file}'`).join(', ')}])`,
  " if (!require('fs').existsSync('assets/' + f)) { console.error('assets/' + f + ' is missing: run npx projen compile (it bundles the handlers and the local server) before packaging.'); process.exit(1); }",
  '"',
].join(''));

const typecheck = project.addTask('typecheck', {
  description: 'Type-check the code ts-jest only transpiles (tests, handlers, the local server, examples)',
  steps: [
    { exec: 'tsc --noEmit -p test/tsconfig.json' },
    { exec: 'tsc --noEmit -p lambda/tsconfig.json' },
    { exec: 'tsc --noEmit -p local/tsconfig.json' },
    { exec: 'tsc --noEmit -p examples/tsconfig.json' },
    // The chat page runs in a browser: DOM types, no Node.js ones.
    { exec: 'tsc --noEmit -p examples/web/page/tsconfig.json' },
    { exec: 'tsc --noEmit -p bench/tsconfig.json', condition: 'test -f bench/tsconfig.json' },
  ],
});
// Tests load the bundled handler (what users deploy), so bundle first.
project.testTask.prependSpawn(bundle);
project.testTask.spawn(typecheck);

const example = project.addTask('example', {
  description: 'Synthesize the example chat app (examples/chat-app.ts) into cdk.out/ and summarize it',
  steps: [
    { spawn: bundle.name },
    // From examples/, so that the CLI reads examples/cdk.json: the feature flags a new `cdk init` app has.
    { exec: 'cdk synth --output ../cdk.out --quiet --no-notices --no-version-reporting', cwd: 'examples' },
    { exec: 'ts-node --project examples/tsconfig.json examples/summary.ts cdk.out' },
  ],
});
example.description = 'Synthesize the example chat app and print what it made';

// ts-node type-checks by default; typecheck covers test/integ, so the snapshot runs only transpile.
for (const name of ['integ', 'integ:update']) {
  project.tasks.tryFind(name)?.env('TS_NODE_TRANSPILE_ONLY', 'true');
}

// integ snapshots are checked on their templates; the copied assets (MBs of bundles) are not needed.
project.gitignore.exclude('/test/integ/*.snapshot/asset.*');

/** A task that runs a TypeScript script (transpiled only) once the bundles are built. */
function scriptTask(name: string, description: string, script: string, options: { tsconfig: string; receiveArgs?: boolean }): void {
  project.addTask(name, {
    description,
    env: { TS_NODE_TRANSPILE_ONLY: 'true' },
    steps: [
      { spawn: bundle.name },
      { exec: `ts-node --project ${options.tsconfig} ${script}`, receiveArgs: options.receiveArgs },
    ],
  });
}

scriptTask('bench',
  'Benchmarks (bench/): synth cost, provider overhead, API calls, throughput, the local server\'s messaging; writes bench/RESULTS.md',
  'bench/run.ts', { tsconfig: 'bench/tsconfig.json' });

// The package as users get it: the tarball a release builds, installed into fresh apps outside the repository.
project.addTask('test:consumer', {
  description: 'Builds the npm tarball as a release does, installs it with plain npm install into fresh apps (minimum and newest aws-cdk-lib), type-checks the README snippets, synthesizes and lints',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  steps: [
    { exec: 'rm -rf dist/js' },
    { spawn: project.compileTask.name },
    { spawn: packageJs.name },
    { exec: 'ts-node --project test/tsconfig.json test/consumer/run.ts' },
  ],
});
// The consumer app imports the published package by name: it is type-checked and linted where it is installed.
project.eslint?.addIgnorePattern('test/consumer/app/');
project.tryFindObjectFile('test/tsconfig.json')?.addToArray('exclude', 'consumer/app');

scriptTask('demo',
  'Serves the example app with the local chat server and chats on it with the official client, printing what the clients received (deploys nothing)',
  'examples/demo.ts', { tsconfig: 'examples/tsconfig.json' });

// The example chat page's bundle holds the official client's code, which is never committed (DEVELOPERS.md).
project.gitignore.exclude('/examples/web/dist/');

scriptTask('example:web',
  'Serves the example app\'s chat page with the local chat server at http://127.0.0.1:8790/chat/ (deploys nothing; --port N)',
  'examples/web/serve.ts', { tsconfig: 'examples/tsconfig.json', receiveArgs: true });

// Part of `test` too; without /usr/bin/chromium they are skipped with a notice, or fail when REQUIRE_CHROMIUM=1 (CI).
project.addTask('test:browser', {
  description: 'The example chat page in Chromium (test/browser): users chat, the review handler and the rate limit refuse, a moderator deletes and disconnects',
  steps: [
    { spawn: bundle.name },
    { exec: 'jest test/browser --coverage=false', receiveArgs: true },
  ],
});

project.addPackageIgnore('/examples/');
project.addPackageIgnore('/docs/');
project.addPackageIgnore('/lambda/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/cdk.out/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('DEVELOPERS.md');
project.addPackageIgnore('!/assets/');

project.synth();
