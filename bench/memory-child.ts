/**
 * Run in its own process by memory.ts: synthesizes one stack of N rooms of a variant (or nothing, for the
 * baseline of loaded modules) and prints the process's peak resident set size.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { roomsApp, Variant } from './stacks';

const [variant, rooms] = [process.argv[2] as Variant | 'baseline', Number(process.argv[3])];
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ivs-chat-bench-memory-'));
try {
  const heapBefore = process.memoryUsage().heapUsed;
  if (variant !== 'baseline') {
    roomsApp(variant, rooms, outdir).synth();
  }
  const heapAfter = process.memoryUsage().heapUsed;
  // getrusage(2) ru_maxrss, in kilobytes: the kernel's high-water mark of the whole process, nothing sampled.
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ maxRssBytes, heapGrowthBytes: heapAfter - heapBefore }));
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
