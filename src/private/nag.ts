import { Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on a construct of the library's own, each with its reason.
 *
 * `Validations.acknowledge` reserves `::` in rule ids, yet cdk-nag's finding ids hold it whenever the
 * finding quotes a pseudo parameter (`Resource::arn:<AWS::Partition>:...`). Such ids are recorded in the
 * same acknowledged-rules metadata that `Validations` writes and cdk-nag reads.
 */
export function acknowledgeFindings(scope: IConstruct, findings: Record<string, string>): void {
  const recordable: Record<string, string> = {};
  for (const [id, reason] of Object.entries(findings)) {
    if (id.split('::').length > 2) {
      recordable[id] = reason;
    } else {
      Validations.of(scope).acknowledge({ id, reason });
    }
  }
  if (Object.keys(recordable).length > 0) {
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, recordable);
  }
}

/** An ARN of the stack's IVS Chat resources, spelled as cdk-nag prints it in a finding id. */
export function nagIvsChatArn(scope: IConstruct, resource: string): string {
  const stack = Stack.of(scope);
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  return `arn:<AWS::Partition>:ivschat:${region}:${account}:${resource}`;
}
