/**
 * Reads a cloud assembly (cdk.out) as `cdk synth` writes it: manifest.json lists the artifacts; each stack has its
 * template, its environment and an asset manifest; a stage is a nested assembly in a subdirectory.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AssetIndex, AssetManifest, indexAssets } from './assets';
import { CloudAssembly, CloudFormationTemplate, StackDescription, StackEnvironment } from './model';
import { describeResources } from './resources';

/** A cloud assembly the local server cannot read: the message says which file and why, in one line. */
export class CloudAssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudAssemblyError';
  }
}

/** The members of manifest.json the local server reads. */
interface AssemblyManifest {
  readonly artifacts?: Readonly<Record<string, ArtifactManifest>>;
}

interface ArtifactManifest {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly dependencies?: readonly string[];
  readonly properties?: {
    /** Stacks. */
    readonly templateFile?: string;
    readonly stackName?: string;
    /** Asset manifests. */
    readonly file?: string;
    /** Nested assemblies (stages). */
    readonly directoryName?: string;
  };
}

const STACK = 'aws:cloudformation:stack';
const ASSET_MANIFEST = 'cdk:asset-manifest';
const NESTED_ASSEMBLY = 'cdk:cloud-assembly';

export function readCloudAssembly(directory: string): CloudAssembly {
  const absolute = path.resolve(directory);
  return { directory: absolute, stacks: readStacks(absolute) };
}

function readStacks(directory: string): StackDescription[] {
  const stat = fs.statSync(directory, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    throw new CloudAssemblyError(`No cloud assembly at ${directory}: ${stat === undefined ? 'it does not exist' : 'it is not a directory'}.`);
  }
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new CloudAssemblyError(`No cloud assembly at ${directory}: it has no manifest.json (synthesize the app first, such as with \`cdk synth\`).`);
  }
  const manifest = readJson<AssemblyManifest>(manifestFile, 'the cloud assembly manifest');
  const artifacts = manifest.artifacts ?? {};
  return Object.entries(artifacts).flatMap(([artifactId, artifact]) => {
    if (artifact.type === STACK) {
      return [readStack(directory, artifactId, artifact, artifacts)];
    }
    if (artifact.type === NESTED_ASSEMBLY && artifact.properties?.directoryName !== undefined) {
      return readStacks(path.join(directory, artifact.properties.directoryName));
    }
    return [];
  });
}

function readStack(
  directory: string, artifactId: string, artifact: ArtifactManifest, artifacts: Readonly<Record<string, ArtifactManifest>>,
): StackDescription {
  const templateFile = path.join(directory, artifact.properties?.templateFile ?? `${artifactId}.template.json`);
  const template = readJson<CloudFormationTemplate>(templateFile, `the template of stack ${artifactId}`);
  return {
    artifactId,
    stackName: artifact.properties?.stackName ?? artifactId,
    displayName: artifact.displayName ?? artifactId,
    environment: parseEnvironment(artifact.environment),
    templateFile,
    template,
    ...describeResources(template, readAssets(directory, artifactId, artifact, artifacts)),
  };
}

/** The stack's file assets, from the asset manifests it depends on (none with the legacy synthesizer). */
function readAssets(
  directory: string, artifactId: string, artifact: ArtifactManifest, artifacts: Readonly<Record<string, ArtifactManifest>>,
): AssetIndex {
  const files = (artifact.dependencies ?? []).flatMap(dependency => {
    const manifest = artifacts[dependency];
    const file = manifest?.type === ASSET_MANIFEST ? manifest.properties?.file : undefined;
    return file === undefined ? [] : [path.join(directory, file)];
  });
  return new Map(files.flatMap(file => [...indexAssets(readJson<AssetManifest>(file, `the assets of stack ${artifactId}`), path.dirname(file))]));
}

/** `aws://<account>/<region>`, where `unknown-account` and `unknown-region` leave the stack environment-agnostic. */
function parseEnvironment(environment: string | undefined): StackEnvironment {
  const [, account, region] = /^aws:\/\/([^/]*)\/([^/]*)$/.exec(environment ?? '') ?? [];
  return {
    ...account !== undefined && account !== 'unknown-account' && { account },
    ...region !== undefined && region !== 'unknown-region' && { region },
  };
}

function readJson<T>(file: string, what: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new CloudAssemblyError(`Cannot read ${what}, ${file}: ${reason}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CloudAssemblyError(`Cannot read ${what}, ${file}: it is not valid JSON (${(error as Error).message}).`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CloudAssemblyError(`Cannot read ${what}, ${file}: it is not a JSON object.`);
  }
  return parsed as T;
}
