import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { awsClientOptions } from '../../shared/aws/client-options.ts';
import { egressAllowed } from '../../shared/aws/egress.ts';
import { config } from '../../shared/config.ts';

/** ASVS 13.2.5: the SDK's clients connect only to the region's AWS services and the configured emulators. */
describe('the egress allowlist', () => {
  it('allows the AWS services of the stack\'s region and the configured emulators, nothing else', () => {
    expect(config().AWS_REGION).toBe('us-east-1');
    expect(egressAllowed('dynamodb.us-east-1.amazonaws.com')).toBe(true);
    expect(egressAllowed('my-bucket.s3.us-east-1.amazonaws.com')).toBe(true);
    expect(egressAllowed('abc123.execute-api.us-east-1.amazonaws.com')).toBe(true);
    expect(egressAllowed('EMAIL.US-EAST-1.AMAZONAWS.COM.')).toBe(true);
    expect(egressAllowed(new URL(config().DYNAMODB_ENDPOINT as string).hostname)).toBe(true);

    expect(egressAllowed('dynamodb.eu-west-1.amazonaws.com')).toBe(false);
    expect(egressAllowed('us-east-1.amazonaws.com.attacker.example')).toBe(false);
    expect(egressAllowed('attacker.example')).toBe(false);
    expect(egressAllowed('169.254.169.254')).toBe(false);
    expect(egressAllowed('')).toBe(false);
  });

  it('makes a client pointed at another host fail before connecting, with the host named', async () => {
    const dynamodb = new DynamoDBClient({ ...awsClientOptions('dynamodb'), endpoint: 'https://attacker.example:8443', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const secrets = new SecretsManagerClient({ ...awsClientOptions('secretsmanager'), endpoint: 'http://169.254.169.254', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    // AWS itself only over TLS: plain http reaches the local emulators alone.
    const plainAws = new DynamoDBClient({ ...awsClientOptions('dynamodb'), endpoint: 'http://dynamodb.us-east-1.amazonaws.com', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

    await expect(dynamodb.send(new ListTablesCommand({}))).rejects.toMatchObject({ name: 'EgressRefusedError', host: 'attacker.example' });
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'a' }))).rejects.toMatchObject({ name: 'EgressRefusedError', host: '169.254.169.254' });
    await expect(plainAws.send(new ListTablesCommand({}))).rejects.toMatchObject({ name: 'EgressRefusedError', host: 'dynamodb.us-east-1.amazonaws.com' });
  });

  it('lets a client reach its configured emulator', async () => {
    const dynamodb = new DynamoDBClient({ ...awsClientOptions('dynamodb'), endpoint: config().DYNAMODB_ENDPOINT });

    await expect(dynamodb.send(new ListTablesCommand({ Limit: 1 }))).resolves.toHaveProperty('TableNames');
  });
});
