/**
 * Prints what `npx projen example` synthesized: per stack, the rooms, logging configurations,
 * the shared provider and the grants. Usage: ts-node examples/summary.ts <cdk.out>
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
    for (const [id, resource] of resources.filter(([, r]) => r.Type === 'AWS::IAM::Policy')) {
      if (id.startsWith(PROVIDER_PREFIX)) {
        continue;
      }
      for (const statement of resource.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat().filter((action: string) => action.startsWith('ivschat:'));
        if (actions.length > 0) {
          console.log(`  grant    ${resource.Properties.Roles.map((r: any) => r.Ref).join(',')}: ${actions.join(', ')} on ${JSON.stringify(statement.Resource)}`);
        }
      }
    }
  }
}

main(process.argv[2] ?? 'cdk.out');
