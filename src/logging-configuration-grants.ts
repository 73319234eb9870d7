import { PermissionsOptions } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';

/**
 * Grants on one logging configuration, scoped to its ARN.
 *
 * Built on a reference, it works with `LoggingConfiguration`, `LoggingConfiguration.fromLoggingConfigurationArn` and
 * an L1 `CfnLoggingConfiguration` alike.
 */
export class LoggingConfigurationGrants {
  /** Grants on the given logging configuration. */
  public static fromLoggingConfiguration(loggingConfiguration: ivschat.ILoggingConfigurationRef): LoggingConfigurationGrants {
    return new LoggingConfigurationGrants(loggingConfiguration);
  }

  private constructor(private readonly loggingConfiguration: ivschat.ILoggingConfigurationRef) {}

  /** Grants the given IVS Chat actions on this logging configuration (or on `options.resourceArns`). */
  public actions(grantee: iam.IGrantable, actions: string[], options: PermissionsOptions = {}): iam.Grant {
    const arn = this.loggingConfiguration.loggingConfigurationRef.loggingConfigurationArn;
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: options.resourceArns ?? [arn] });
  }

  /**
   * Reading the configuration, its tags included: `ivschat:GetLoggingConfiguration` (IAM defines
   * `ivschat:ListTagsForResource` on rooms only).
   */
  public read(grantee: iam.IGrantable): iam.Grant {
    return this.actions(grantee, ['ivschat:GetLoggingConfiguration']);
  }
}
