// Validate .pptx files with the Open XML SDK (WebAssembly): prints {"<path>": [errors...]} as JSON.
// Exit status: 0 every file valid, 1 errors found, 2 usage error or unreadable file.
// The package's own CLI exits 0 whatever it finds and takes one file per run; this loads the SDK once for all.
import { readFile } from "node:fs/promises";
import validate, { getFileFormatFromName, OFFICE_VERSIONS, ready } from "@ooxml-tools/validate";

const args = process.argv.slice(2);
let version = "Microsoft365";
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--office-version") version = args[++i];
  else files.push(args[i]);
}
if (!files.length || !OFFICE_VERSIONS.includes(version)) {
  console.error(`usage: node validate.mjs [--office-version ${OFFICE_VERSIONS.join("|")}] FILE.pptx...`);
  process.exit(2);
}
try {
  await ready();
  const results = {};
  for (const file of files) {
    const data = await readFile(file);
    try {
      results[file] = await validate(data, getFileFormatFromName(file) ?? "pptx", version);
    } catch (error) {
      // The SDK could not open the package at all (a part without a content type, a broken zip, ...).
      const description = `the SDK cannot open the package: ${error?.message ?? error}`;
      results[file] = [{ description, path: { xpath: "", partUri: "" }, id: "PackageOpen", errorType: -1 }];
    }
  }
  console.log(JSON.stringify(results, null, 2));
  process.exit(Object.values(results).some((errors) => errors.length) ? 1 : 0);
} catch (error) {
  console.error(`validate.mjs: ${error?.message ?? error}`);
  process.exit(2);
}
