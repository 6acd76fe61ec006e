// Validate a GLB with the Khronos glTF-Validator and print its report as JSON (used by tests/gltf.py).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [, , validatorDir, file] = process.argv;
const require = createRequire(validatorDir + "/");
const validator = require("gltf-validator");
const report = await validator.validateBytes(new Uint8Array(readFileSync(file)), {
  maxIssues: 100,
  externalResourceFunction: () => Promise.reject(new Error("no external resources")),
});
console.log(JSON.stringify(report));
