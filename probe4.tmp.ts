import { CreateTableCommand, DynamoDBClient, UpdateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDb } from '/work/h-stream/infra/local/emulators.ts';
import { createTableInput } from '/work/h-stream/shared/data/table.ts';
const ddb = await startDynamoDb({ port: 0, dbPath: null });
const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const doc = DynamoDBDocumentClient.from(client);
async function writes(name: string, n = 600) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await doc.send(new TransactWriteCommand({ TransactItems: [
    { Put: { TableName: name, Item: { pk: `E#${i % 10}`, sk: `G#${i}`, data: 'x'.repeat(300) } } },
    { Put: { TableName: name, Item: { pk: `E#${i % 10}`, sk: `A#${i}`, data: 'y'.repeat(300) } } }] }));
  return Math.round(performance.now() - t0);
}
async function table(name: string, stream: boolean) { const input: any = createTableInput(name); if (stream) input.StreamSpecification = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' }; await client.send(new CreateTableCommand(input)); }
await table('warm', false); await writes('warm', 800);
await table('plain0', false); console.log('plain, no stream tables', await writes('plain0'));
for (let k = 0; k < 6; k++) { await table(`str${k}`, true); await writes(`str${k}`, 300); }
await table('plain1', false); console.log('plain, 6 stream tables', await writes('plain1'));
for (let k = 0; k < 6; k++) await client.send(new UpdateTableCommand({ TableName: `str${k}`, StreamSpecification: { StreamEnabled: false } }));
await table('plain2', false); console.log('plain, 6 disabled streams', await writes('plain2'));
for (let k = 0; k < 6; k++) await client.send(new DeleteTableCommand({ TableName: `str${k}` }));
await table('plain3', false); console.log('plain, stream tables deleted', await writes('plain3'));
await ddb.stop(); process.exit(0);
