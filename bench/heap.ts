/**
 * aws-cdk-lib keeps every token it creates in a process-wide map (`globalThis.__cdkTokenMap`), and tokens refer to what
 * made them (an element's logical id to the element, hence to its whole app): every app a process synthesizes stays in
 * its heap until it exits. `cdk synth` builds one app per process; a benchmark that builds hundreds in one process would
 * otherwise measure an ever larger heap, whose garbage collections slow every later synthesis (the provider's fixed
 * cost read 21 ms after the rounds of 450-resource apps, against 13-15 ms in a fresh process) and make its noise drift.
 */

interface TokenMap {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
}

/**
 * Notes the tokens that exist now (aws-cdk-lib's own, made as its modules load and by the apps built so far) and
 * returns a function that forgets every token made since, so that the apps built since can be collected. Call it
 * after warm-up runs have built every kind of app once: a token made later on a long-lived object would be forgotten
 * too, and aws-cdk-lib would fail loudly (`Unrecognized token key`) the next time it met it.
 */
export function appReleaser(): () => void {
  const tokenMap = (globalThis as { __cdkTokenMap?: TokenMap }).__cdkTokenMap;
  if (!tokenMap) {
    throw new Error('aws-cdk-lib\'s token map (globalThis.__cdkTokenMap) is not where this benchmark expects it: update bench/heap.ts.');
  }
  const strings = new Set(tokenMap.stringTokenMap.keys());
  const numbers = new Set(tokenMap.numberTokenMap.keys());
  return () => {
    for (const key of tokenMap.stringTokenMap.keys()) {
      if (!strings.has(key)) {
        tokenMap.stringTokenMap.delete(key);
      }
    }
    for (const key of tokenMap.numberTokenMap.keys()) {
      if (!numbers.has(key)) {
        tokenMap.numberTokenMap.delete(key);
      }
    }
  };
}
