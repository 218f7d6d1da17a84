// Lint Cypher statements with Neo4j's own parser and semantic analysis.
//
// stdin:  {"statements": [{"name": "...", "query": "...", "parameters": {...}}],
//          "schema": {DbSchema}}
// stdout: {"version": "...", "results": [{"name": "...", "diagnostics": [...]}]}
//
// The schema's `functions` / `procedures` default to the built-in ones the package
// ships (its mock schema, filtered to `isBuiltIn`), so an unknown or misspelled
// function is an error. Each statement is linted with its own parameters (name ->
// a sample value of the type the code passes), so a $parameter it does not declare
// is an error. Run by tests/graph/test_cypher_lint.py.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

// The package does not export its package.json: find it above its entry point.
function packageVersion(name) {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (dir !== dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (manifest.name === name) return manifest.version;
    } catch {
      // no package.json at this level
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
const version = packageVersion('@neo4j-cypher/language-support');

// The mock marks built-in functions only; its procedures of the `db.` namespace
// (full-text search, awaiting an index) ship with every Neo4j server too.
function builtIns(registry, serverNamespace = null) {
  const scoped = {};
  for (const [cypherVersion, entries] of Object.entries(registry ?? {})) {
    scoped[cypherVersion] = Object.fromEntries(
      Object.entries(entries).filter(
        ([name, entry]) =>
          entry.isBuiltIn === true || (serverNamespace !== null && name.startsWith(serverNamespace)),
      ),
    );
  }
  return scoped;
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const schema = {
  functions: builtIns(testData.mockSchema.functions),
  procedures: builtIns(testData.mockSchema.procedures, 'db.'),
  ...input.schema,
};

const severities = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const results = input.statements.map(({ name, query, parameters }) => {
  const { diagnostics } = lintCypherQuery(query, { ...schema, parameters: parameters ?? {} });
  return {
    name,
    diagnostics: diagnostics.map((d) => ({
      severity: severities[d.severity] ?? String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      text: query.slice(d.offsets.start, d.offsets.end),
    })),
  };
});
process.stdout.write(JSON.stringify({ version, results }));
