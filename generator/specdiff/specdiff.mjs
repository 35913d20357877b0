// The OpenAPI diff of the change report (generator/changes.py): api-smart-diff compares two specs,
// follows their $refs and classifies each difference. Usage: node specdiff.mjs OLD.json NEW.json
// Prints one JSON array of {path, action, type, description, before, after}.
import { readFileSync } from "node:fs";
import { apiDiff } from "api-smart-diff";

const [before, after] = process.argv.slice(2, 4).map((file) => JSON.parse(readFileSync(file, "utf8")));
const diffs = apiDiff(before, after).map(({ path, action, type, description, before: was, after: now }) => ({
  path,
  action,
  type,
  description: description ?? null,
  before: was ?? null,
  after: now ?? null,
}));
process.stdout.write(JSON.stringify(diffs));
