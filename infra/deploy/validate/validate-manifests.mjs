// Validates every object of rendered Kubernetes manifests (`kubectl kustomize ... > all.yaml`) against the
// OpenAPI schemas of its kind: Kubernetes' own (npm kubernetes-models) and the custom resources of Strimzi,
// KEDA and the Prometheus Operator (@kubernetes-models/*). An object of a kind none of them knows is an error,
// so nothing rendered goes unchecked.
//
// Usage: node validate-manifests.mjs NODE_MODULES_DIR FILE.yaml...
// Prints one line per object ("ok Kind name" or "INVALID Kind name: reasons"); exit status 1 if any is invalid.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, ...files] = process.argv.slice(2);
if (!modules || files.length === 0) {
  console.error("usage: node validate-manifests.mjs NODE_MODULES_DIR FILE.yaml...");
  process.exit(2);
}
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const YAML = await load("yaml/dist/index.js");

// apiVersion -> the folder of its models: core kinds, Kubernetes' groups, then each operator's groups
const customResources = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "core.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelOf(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  let folder;
  if (slash < 0) {
    folder = join("kubernetes-models", apiVersion);
  } else {
    const group = apiVersion.slice(0, slash);
    folder = join(customResources[group] ?? "kubernetes-models", apiVersion);
  }
  try {
    return (await load(join(folder, kind + ".js")))[kind];
  } catch (e) {
    return undefined;
  }
}

let invalid = 0;
let count = 0;
for (const file of files) {
  for (const doc of YAML.parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`INVALID ${file}: not YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      invalid++;
      continue;
    }
    const object = doc.toJS();
    if (object === null) continue;
    count++;
    const name = `${object.kind} ${object.metadata?.name}`;
    const Model = object.apiVersion && object.kind ? await modelOf(object.apiVersion, object.kind) : undefined;
    if (!Model) {
      console.log(`INVALID ${name}: no schema for ${object.apiVersion} ${object.kind}`);
      invalid++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok ${name} (${object.apiVersion})`);
    } catch (e) {
      const details = (e.errors ?? []).map((err) => `${err.instancePath || "/"} ${err.message}`).join("; ");
      console.log(`INVALID ${name}: ${details || e.message}`);
      invalid++;
    }
  }
}
console.log(`${count} objects, ${invalid} invalid`);
process.exit(invalid === 0 && count > 0 ? 0 : 1);
