import * as fs from 'fs';
import * as path from 'path';
import { AssetHashType } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Where `npx projen bundle` writes the handlers (shipped in the npm package). */
const ASSETS = path.join(__dirname, '..', '..', 'assets');

/**
 * The code of one of the library's bundled handlers (`assets/<name>/index.js`), with the SHA-256 the bundle step wrote
 * next to it as the asset hash: the asset is content-addressed as with CDK's own fingerprint, which no synth then has
 * to compute.
 */
export function bundledHandlerCode(name: 'ivschat-provider' | 'chat-token-vendor'): lambda.Code {
  const directory = path.join(ASSETS, name);
  const hashFile = path.join(ASSETS, `${name}.sha256`);
  if (!fs.existsSync(path.join(directory, 'index.js')) || !fs.existsSync(hashFile)) {
    throw new Error(`The cdk-ivs-chat ${name} bundle is missing at ${directory}: run \`npx projen bundle\` (a published package ships it).`);
  }
  return lambda.Code.fromAsset(directory, { assetHash: fs.readFileSync(hashFile, 'utf8').trim(), assetHashType: AssetHashType.CUSTOM });
}
