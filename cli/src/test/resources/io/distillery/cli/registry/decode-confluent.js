// An independent reader of the Confluent wire format: KafkaJS's schema registry client (magic byte,
// schema id, registry lookup) with avsc (Avro). Reads a JSON array of base64 values from the file named
// by argv[3], fetches writer schemas from the registry at argv[2], prints one JSON line per value, with
// bytes fields shown as their length.
const fs = require('fs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

async function main() {
  const [url, file] = process.argv.slice(2);
  const registry = new SchemaRegistry({ host: url });
  const values = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const encoded of values) {
    const decoded = await registry.decode(Buffer.from(encoded, 'base64'));
    const line = JSON.stringify(decoded, (key, value) => {
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) {
        return { bytes: value.data.length };
      }
      return typeof value === 'bigint' ? Number(value) : value;
    });
    process.stdout.write(line + '\n');
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
