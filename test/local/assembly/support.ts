import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Writes a hand-made cloud assembly into a new temporary directory, for what `cdk synth` never writes: objects as JSON,
 * strings as they are, `null` as an empty directory. Returns the directory.
 */
export function writeAssembly(files: Record<string, object | string | null>): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-'));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(directory, file);
    if (content === null) {
      fs.mkdirSync(target, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return directory;
}

/** A manifest.json with one stack, `Chat`, that depends on its asset manifest `Chat.assets.json`. */
export function stackManifest(environment = 'aws://unknown-account/unknown-region'): object {
  return {
    version: '53.0.0',
    artifacts: {
      'Chat.assets': { type: 'cdk:asset-manifest', properties: { file: 'Chat.assets.json' } },
      'Chat': {
        type: 'aws:cloudformation:stack',
        environment,
        properties: { templateFile: 'Chat.template.json' },
        dependencies: ['Chat.assets'],
      },
    },
  };
}

/** An asset manifest entry: a source path (or a command) and the S3 object key it is published to. */
export function fileAsset(objectKey: string, source: { path: string } | { executable: string[] }): object {
  return { source, destinations: { 'current_account-current_region': { bucketName: 'cdk-assets', objectKey } } };
}
