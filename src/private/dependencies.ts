import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * aws-cdk-lib makes a Lambda function depend on its whole role construct: the role and the policies under it. The
 * function already refers to the role (`Role: Fn::GetAtt`), which orders them, so the DependsOn on the role is
 * redundant (cfn-lint W3005). This keeps the function's other dependencies, its role's policies among them, so that
 * it still runs only once its permissions exist. `role`: the role resource behind the function's role, when that is
 * an immutable view of it.
 */
export function withoutRedundantRoleDependency(fn: lambda.Function, role: IConstruct | undefined = fn.role): void {
  const cfnFunction = fn.node.defaultChild as lambda.CfnFunction;
  const cfnRole = role?.node.defaultChild;
  if (!CfnResource.isCfnResource(cfnRole)) {
    return;
  }
  const stack = Stack.of(cfnFunction);
  // Rendered at synthesis, once aws-cdk-lib has turned construct dependencies into resource dependencies.
  // `obtainDependencies`, not `obtainResourceDependencies`: aws-cdk-lib 2.276 no longer has the latter.
  cfnFunction.addOverride('DependsOn', Lazy.list({
    produce: () => cfnFunction.obtainDependencies()
      .filter((dependency): dependency is CfnResource => CfnResource.isCfnResource(dependency) && Stack.of(dependency) === stack)
      .filter(dependency => dependency !== cfnRole)
      .sort((a, b) => a.node.path.localeCompare(b.node.path))
      .map(dependency => dependency.logicalId),
  }, { omitEmpty: true }));
}
