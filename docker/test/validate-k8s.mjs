// Validates every object of a rendered manifest stream (the output of `kubectl kustomize`) against its schema:
// Kubernetes kinds with npm kubernetes-models, KEDA's with @kubernetes-models/keda. A kind neither package
// knows fails too, so nothing passes unvalidated. Usage: node validate-k8s.mjs FILE
// Prints one line per object ("ok Kind/name") and exits 1 on the first invalid or unknown one.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-k8s.mjs FILE");
  process.exit(2);
}

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh") {
    return `@kubernetes-models/keda/keda.sh/${version}/${kind}`;
  }
  return group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

let failed = false;
let count = 0;
for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
  if (doc.errors.length > 0) {
    console.error(`invalid YAML: ${doc.errors[0].message}`);
    process.exit(1);
  }
  const object = doc.toJS();
  if (object === null) {
    continue;
  }
  const name = `${object.kind}/${object.metadata?.name}`;
  if (object.kind === "Secret" && object.data) {
    // kustomize wraps long base64 values in lines; the API server's decoder (Go's base64) skips \r and \n, the
    // schema's "byte" format does not.
    for (const key of Object.keys(object.data)) {
      object.data[key] = String(object.data[key]).replace(/[\r\n]/g, "");
    }
  }
  let Model;
  try {
    Model = (await import(modulePath(object.apiVersion, object.kind)))[object.kind];
  } catch (e) {
    console.error(`unknown kind ${object.apiVersion} ${object.kind} (${name}): no schema to validate it against`);
    failed = true;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok ${object.apiVersion} ${name}`);
    count++;
  } catch (e) {
    console.error(`invalid ${object.apiVersion} ${name}: ${e.message}`);
    failed = true;
  }
}
if (count === 0 && !failed) {
  console.error("no objects in " + file);
  process.exit(1);
}
process.exit(failed ? 1 : 0);
