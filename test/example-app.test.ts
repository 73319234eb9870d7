import * as fs from 'fs';
import * as path from 'path';

describe('the example app', () => {
  test('its cdk.json holds the feature flags a new `cdk init` app gets from the aws-cdk-lib the tests run on', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', 'cdk.json'), 'utf8'));
    // The flags `cdk init` writes into a new app's cdk.json: aws-cdk-lib's recommended ones.
    const recommended = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8'));

    expect(cdkJson.context).toEqual(recommended);
  });
});
