/**
 * Runs only the messaging benchmark and prints its rows and its Markdown section:
 * `TS_NODE_TRANSPILE_ONLY=true npx ts-node --project bench/tsconfig.json bench/messaging-main.ts [--markdown FILE]`.
 */
import * as fs from 'fs';
import { messagingBenchmark, messagingDetails, messagingRows } from './messaging';
import { fixed } from './stats';

async function main(): Promise<void> {
  const markdown = process.argv.indexOf('--markdown');
  const result = await messagingBenchmark({ log: (line) => console.log(`  ${line}`) });
  console.log('');
  for (const row of messagingRows(result)) {
    console.log(`${row.status.padEnd(4)}  ${row.measure}: ${row.result}${row.target === '-' ? '' : ` (target ${row.target})`}`);
  }
  const details = messagingDetails(result).join('\n');
  if (markdown > 0) fs.writeFileSync(process.argv[markdown + 1], details + '\n');
  else console.log(`\n${details}`);
  console.log(`\nMessaging benchmark: ${fixed(result.durationMs / 1000)} s.`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
