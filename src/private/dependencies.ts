import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/** `CfnResource.addResourceDependency`, in the aws-cdk-lib versions that have it. */
type WithAddResourceDependency = CfnResource & { addResourceDependency?: (target: CfnResource) => void };

/**
 * Makes `source` depend on `target` (`DependsOn`, or the stack dependency across stacks). aws-cdk-lib 2.262 renamed
 * `CfnResource.addDependency` to `addResourceDependency` and deprecated the old name: calling it prints a deprecation
 * warning in every synthesis of a user's app, and throws under `JSII_DEPRECATED=fail`. The new name where it exists,
 * the old one in the versions before it (our minimum among them).
 */
export function addResourceDependency(source: CfnResource, target: CfnResource): void {
  const addNew = (source as WithAddResourceDependency).addResourceDependency;
  if (addNew) {
    addNew.call(source, target);
  } else {
    source.addDependency(target);
  }
}

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
