/**
 * What cannot be read is refused with one line that names the file and says why; the server prints it as is.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stackManifest, writeAssembly } from './support';
import { CloudAssemblyError, readCloudAssembly } from '../../../local/assembly';

const directories: string[] = [];

afterAll(() => directories.forEach(directory => fs.rmSync(directory, { recursive: true, force: true })));

function assembly(files: Record<string, object | string | null>): string {
  const directory = writeAssembly(files);
  directories.push(directory);
  return directory;
}

/** What `JSON.parse` says about the text, which varies with the Node.js version. */
function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

function readError(directory: string): Error {
  try {
    readCloudAssembly(directory);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${directory} was read`);
}

test('a path that does not exist', () => {
  const missing = path.join(assembly({}), 'nope');

  expect(readError(missing)).toEqual(new CloudAssemblyError(`No cloud assembly at ${missing}: it does not exist.`));
});

test('a relative path is reported absolute', () => {
  const error = readError('no-such-cdk.out');

  expect(error.message).toBe(`No cloud assembly at ${path.resolve('no-such-cdk.out')}: it does not exist.`);
});

test('a file', () => {
  const file = path.join(assembly({ 'manifest.json': stackManifest() }), 'manifest.json');

  expect(readError(file).message).toBe(`No cloud assembly at ${file}: it is not a directory.`);
});

test('a directory without manifest.json', () => {
  const directory = assembly({ 'Chat.template.json': {} });

  expect(readError(directory).message).toBe(`No cloud assembly at ${directory}: it has no manifest.json (synthesize the app first, such as with \`cdk synth\`).`);
});

test('a manifest that is not JSON', () => {
  const directory = assembly({ 'manifest.json': '{ "artifacts": ' });

  expect(readError(directory).message)
    .toBe(`Cannot read the cloud assembly manifest, ${directory}/manifest.json: it is not valid JSON (${parseError('{ "artifacts": ')}).`);
});

test('a missing template', () => {
  const directory = assembly({ 'manifest.json': stackManifest(), 'Chat.assets.json': { files: {} } });

  expect(readError(directory).message).toBe(`Cannot read the template of stack Chat, ${directory}/Chat.template.json: the file does not exist.`);
});

test('a template that is not JSON', () => {
  const directory = assembly({ 'manifest.json': stackManifest(), 'Chat.template.json': 'Resources:\n  Lobby: {}\n', 'Chat.assets.json': { files: {} } });

  expect(readError(directory).message).toBe(
    `Cannot read the template of stack Chat, ${directory}/Chat.template.json: it is not valid JSON (${parseError('Resources:\n  Lobby: {}\n')}).`);
});

test('a template that is not a JSON object', () => {
  const directory = assembly({ 'manifest.json': stackManifest(), 'Chat.template.json': '[]', 'Chat.assets.json': { files: {} } });

  expect(readError(directory).message).toBe(`Cannot read the template of stack Chat, ${directory}/Chat.template.json: it is not a JSON object.`);
});

test('a template that cannot be read', () => {
  const directory = assembly({ 'manifest.json': stackManifest(), 'Chat.template.json': null, 'Chat.assets.json': { files: {} } });

  expect(readError(directory).message).toBe(
    `Cannot read the template of stack Chat, ${directory}/Chat.template.json: EISDIR: illegal operation on a directory, read.`);
});

test('a missing asset manifest', () => {
  const directory = assembly({ 'manifest.json': stackManifest(), 'Chat.template.json': {} });

  expect(readError(directory).message).toBe(`Cannot read the assets of stack Chat, ${directory}/Chat.assets.json: the file does not exist.`);
});

test("a stage's missing directory", () => {
  const directory = assembly({ 'manifest.json': { artifacts: { 'assembly-Stage': { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Stage' } } } } });

  expect(readError(directory)).toBeInstanceOf(CloudAssemblyError);
  expect(readError(directory).message).toBe(`No cloud assembly at ${directory}/assembly-Stage: it does not exist.`);
});
