import * as fs from 'fs';
import * as path from 'path';
import { FunctionCode } from './model';

/** A file asset in an asset manifest (`<stack>.assets.json`), the members the local server reads. */
export interface FileAsset {
  readonly source: {
    /** Relative to the asset manifest's directory. */
    readonly path?: string;
    /** A command that builds the asset at publish time, instead of a path. */
    readonly executable?: readonly string[];
  };
  readonly destinations: Readonly<Record<string, { readonly objectKey: string }>>;
}

export interface AssetManifest {
  readonly files?: Readonly<Record<string, FileAsset>>;
}

/** A stack's file assets by the S3 object key they are published to (`<hash>.zip`), with the directory they are in. */
export type AssetIndex = ReadonlyMap<string, { readonly asset: FileAsset; readonly directory: string }>;

export function indexAssets(manifest: AssetManifest, directory: string): AssetIndex {
  const index = new Map<string, { asset: FileAsset; directory: string }>();
  for (const asset of Object.values(manifest.files ?? {})) {
    for (const destination of Object.values(asset.destinations)) {
      index.set(destination.objectKey, { asset, directory });
    }
  }
  return index;
}

/**
 * Where the code of an `AWS::Lambda::Function` is. The CDK publishes a directory asset to the key its asset manifest
 * names: that key, not the hash, is what the template's `Code.S3Key` holds (a synthesizer may add a prefix).
 */
export function functionCode(code: unknown, assets: AssetIndex): FunctionCode {
  const properties = (code ?? {}) as Readonly<Record<string, unknown>>;
  if (typeof properties.ZipFile === 'string') {
    return { inline: properties.ZipFile };
  }
  if (properties.ImageUri !== undefined) {
    return { unavailable: 'a container image does not run locally' };
  }
  if (typeof properties.S3Key !== 'string') {
    return { unavailable: `Code.S3Key is not a literal object key (the legacy synthesizer?), got: ${JSON.stringify(properties.S3Key)}` };
  }
  const found = assets.get(properties.S3Key);
  if (found === undefined) {
    return { unavailable: `S3 object ${properties.S3Key} is not an asset of the cloud assembly` };
  }
  return assetCode(properties.S3Key, found.asset, found.directory);
}

function assetCode(objectKey: string, asset: FileAsset, directory: string): FunctionCode {
  if (asset.source.path === undefined) {
    return { unavailable: `asset ${objectKey} is built by a command at publish time` };
  }
  const source = path.resolve(directory, asset.source.path);
  if (!fs.statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
    return { unavailable: `asset ${objectKey} is ${asset.source.path}, not a directory: only directory assets run locally` };
  }
  return { directory: source };
}
