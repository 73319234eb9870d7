/**
 * Prints what `npx projen example` synthesized: per stack, the rooms, logging configurations, the shared
 * provider, the token vendor and review handler, the grants and the chat alarms.
 * Usage: ts-node examples/summary.ts <cdk.out>
 */
import * as fs from 'fs';
import * as path from 'path';

interface Resource {
  readonly Type: string;
  readonly Properties?: any;
}

const PROVIDER_PREFIX = 'cdkivschatIvsChatProvider';

function main(outdir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = Object.entries<any>(manifest.artifacts).filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack');
  console.log(`Synthesized ${stacks.length} stack(s) into ${outdir}/`);
  for (const [name, artifact] of stacks) {
    const template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8'));
    const resources = Object.entries<Resource>(template.Resources);
    console.log(`\n${name}: ${resources.length} resources`);
    for (const [id, resource] of resources.filter(([, r]) => r.Type === 'Custom::IvsChatRoom')) {
      const p = resource.Properties;
      const details = [
        `name=${p.Name ?? '(none)'}`,
        `maxLength=${p.MaximumMessageLength ?? 500}`,
        `rate=${p.MaximumMessageRatePerSecond ?? 10}/s`,
        `review=${p.MessageReviewHandler ? p.MessageReviewHandler.FallbackResult : 'none'}`,
        `logging=${(p.LoggingConfigurationIdentifiers ?? []).length}`,
        `tags=${(p.Tags ?? []).map((t: any) => `${t.Key}=${t.Value}`).join(',') || 'none'}`,
      ];
      console.log(`  room     ${id}: ${details.join(' ')}`);
    }
    for (const [id, resource] of resources.filter(([, r]) => r.Type === 'Custom::IvsChatLoggingConfiguration')) {
      const [type] = Object.keys(resource.Properties.DestinationConfiguration);
      console.log(`  logging  ${id}: name=${resource.Properties.Name ?? '(none)'} destination=${type}`);
    }
    const provider = resources.filter(([id]) => id.startsWith(PROVIDER_PREFIX));
    console.log(`  provider ${provider.length} resources shared by all rooms: ${provider.map(([, r]) => r.Type).join(', ')}`);
    const functions = resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    for (const [id, resource] of functions.filter(([, r]) => r.Properties.Environment?.Variables?.USER_ID_SOURCE)) {
      const env = resource.Properties.Environment.Variables;
      const [, url] = resources.find(([, r]) => r.Type === 'AWS::Lambda::Url' && show(r.Properties.TargetFunctionArn) === `${id}.Arn`) ?? [];
      const details = [
        `url=${url ? url.Properties.AuthType : 'none'}`,
        `capabilities=${env.CAPABILITIES || '(view only)'}`,
        `session=${env.SESSION_DURATION_MINUTES}min`,
        `userId=${env.USER_ID_SOURCE}`,
        `runtime=${resource.Properties.Runtime}`,
      ];
      console.log(`  vendor   ${id}: ${details.join(' ')}`);
    }
    for (const [id, resource] of functions.filter(([, r]) => r.Properties.Environment?.Variables?.DENY_LIST !== undefined)) {
      const env = resource.Properties.Environment.Variables;
      const code = resource.Properties.Code.ZipFile;
      const details = [
        `deny=${env.DENY_LIST}`,
        `mask=${env.MASK_LIST}`,
        code ? `code=inline ${code.length} bytes` : 'code=asset',
        `timeout=${resource.Properties.Timeout}s`,
      ];
      console.log(`  review   ${id}: ${details.join(' ')}`);
    }
    for (const [id, resource] of resources.filter(([, r]) => r.Type === 'AWS::IAM::Policy')) {
      if (id.startsWith(PROVIDER_PREFIX)) {
        continue;
      }
      for (const statement of resource.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat().filter((action: string) => /^(ivschat:|lambda:Invoke)/.test(action));
        if (actions.length > 0) {
          console.log(`  grant    ${resource.Properties.Roles.map(show).join(',')}: ${actions.join(', ')} on ${[statement.Resource].flat().map(show).join(', ')}`);
        }
      }
    }
    for (const [id, resource] of resources.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Namespace === 'AWS/IVSChat')) {
      const p = resource.Properties;
      const dimensions = (p.Dimensions ?? []).map((d: any) => `${d.Name}=${show(d.Value)}`).join(',') || 'account';
      console.log(`  alarm    ${id}: ${p.MetricName} (${dimensions}) ${p.Statistic}/${p.Period}s ${p.ComparisonOperator} ${p.Threshold}`);
    }
  }
}

/** A value of the template, with references as `Logical.Attribute` / `Logical`. */
function show(value: any): string {
  if (value?.Ref) {
    return value.Ref;
  }
  if (value?.['Fn::GetAtt']) {
    return value['Fn::GetAtt'].join('.');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

main(process.argv[2] ?? 'cdk.out');
