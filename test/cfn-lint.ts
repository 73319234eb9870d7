/**
 * cfn-lint (the CloudFormation linter, a Python tool) over synthesized templates, for the lint test in `npx projen
 * test` and the consumer test. The rule: no error anywhere, and no warning on a resource the library creates.
 * aws-cdk-lib's own constructs in an app (a Lambda function it makes depend on its role: W3005) are reported, not
 * counted against the library.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';

export interface LintFinding {
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path?: Array<string | number> };
  readonly Filename: string;
}

export interface LintResult {
  /** Errors anywhere, and warnings on the library's resources. */
  readonly blocking: string[];
  /** Everything else cfn-lint said. */
  readonly others: string[];
  readonly seconds: number;
}

/** Whether cfn-lint can run here; CI sets REQUIRE_CFN_LINT=1 so that a machine without it fails instead of skipping. */
export function cfnLintAvailable(): boolean {
  return !spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).error;
}

/**
 * Lints the templates. `isLibraryResource(template, logicalId)` tells which resources the library created.
 * Throws when cfn-lint fails to run or answers something other than its JSON report.
 */
export function lintTemplates(templates: string[], isLibraryResource: (template: string, logicalId: string) => boolean): LintResult {
  const start = Date.now();
  const result = spawnSync('cfn-lint', ['--format', 'json', '--', ...templates], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw result.error;
  }
  let findings: LintFinding[];
  try {
    findings = JSON.parse(result.stdout);
  } catch {
    throw new Error(`cfn-lint exited ${result.status}: ${result.stderr || result.stdout}`);
  }
  const fromLibrary = (finding: LintFinding): boolean => {
    const [section, logicalId] = finding.Location.Path ?? [];
    return section === 'Resources' && isLibraryResource(finding.Filename, String(logicalId));
  };
  const describe = (finding: LintFinding): string =>
    `${finding.Level} ${finding.Rule.Id} ${(finding.Location.Path ?? []).slice(0, 2).join('/')}: ${finding.Message}`;
  const isBlocking = (finding: LintFinding): boolean => finding.Level === 'Error' || (finding.Level === 'Warning' && fromLibrary(finding));
  return {
    blocking: findings.filter(isBlocking).map(describe),
    others: findings.filter(finding => !isBlocking(finding)).map(describe),
    seconds: (Date.now() - start) / 1000,
  };
}

/** The `aws:cdk:path` of each resource of a synthesized template, by logical id. */
export function cdkPaths(template: string): Map<string, string> {
  const resources = JSON.parse(fs.readFileSync(template, 'utf8')).Resources ?? {};
  return new Map(Object.entries<any>(resources).map(([logicalId, resource]) => [logicalId, resource.Metadata?.['aws:cdk:path'] ?? '']));
}
