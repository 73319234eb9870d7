import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * What every IVS Chat resource this library creates (`Room`, `LoggingConfiguration`) takes.
 */
export interface ChatResourceProps {
  /**
   * What happens to the resource when it is removed from the stack or the stack is deleted. `RETAIN` keeps it
   * (CloudFormation's DeletionPolicy): the handler is never asked to delete it. IVS Chat resources have no snapshots.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}
