#!/usr/bin/env node
// Validate an OpenAPI 3.1 document (docs/openapi.yaml):
//
//   node tests/openapi/validate.mjs docs/openapi.yaml
//
// 1. the YAML parses cleanly (no duplicate keys, no YAML warnings);
// 2. it is valid against the official OpenAPI 3.1 JSON schema and every
//    internal $ref resolves (@seriousme/openapi-schema-validator);
// 3. checks that schema does not make: every Schema Object is valid JSON
//    Schema 2020-12 and uses no OpenAPI 3.0 `nullable`; every example
//    (media types, parameters, headers, schema `examples`) is valid against
//    its schema; path templates and path parameters agree; operationIds
//    are unique.
//
// Prints "openapi: valid (3.1.0, N paths)" and exits 0, or prints every
// problem found to stderr and exits 1 (2 for a usage error).
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parseDocument } from "yaml";

const addFormats = addFormatsModule.default ?? addFormatsModule;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const DOC_ID = "urn:dndn:openapi-under-test";

function fail(problems) {
  console.error(`openapi: INVALID (${problems.length} problem(s))`);
  for (const p of problems) console.error("  - " + p);
  process.exit(1);
}

// "#/a/b~1c" for ["a", "b/c"], readable in messages.
const pointer = (segs) => "#/" + segs.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

function loadYaml(file) {
  let text;
  try {
    text = readFileSync(file, "utf-8");
  } catch (e) {
    console.error(`openapi: cannot read ${file}: ${e.message}`);
    process.exit(2);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `YAML: ${e.message}`);
  if (problems.length) fail(problems);
  return doc.toJS({ maxAliasCount: -1 });
}

function formatAjvErrors(errors, where = "") {
  return (errors || []).map((e) => {
    const params = e.params && Object.keys(e.params).length ? " " + JSON.stringify(e.params) : "";
    return `${where}${e.instancePath || "/"}: ${e.message}${params}`;
  });
}

// Every Schema Object of the document, with where it is, following the
// OpenAPI structure (not a blind search for "schema" keys).
function* schemaObjects(spec) {
  const comps = spec.components || {};
  for (const [name, s] of Object.entries(comps.schemas || {})) yield [["components", "schemas", name], s];
  const inParamsOrHeaders = function* (base, obj) {
    if (obj && obj.schema) yield [[...base, "schema"], obj.schema];
    yield* inContent([...base, "content"], obj && obj.content);
  };
  const inContent = function* (base, content) {
    for (const [type, mt] of Object.entries(content || {})) {
      if (mt && mt.schema) yield [[...base, type, "schema"], mt.schema];
    }
  };
  const inResponse = function* (base, r) {
    for (const [h, obj] of Object.entries((r && r.headers) || {})) yield* inParamsOrHeaders([...base, "headers", h], obj);
    yield* inContent([...base, "content"], r && r.content);
  };
  for (const [n, p] of Object.entries(comps.parameters || {})) yield* inParamsOrHeaders(["components", "parameters", n], p);
  for (const [n, h] of Object.entries(comps.headers || {})) yield* inParamsOrHeaders(["components", "headers", n], h);
  for (const [n, r] of Object.entries(comps.responses || {})) yield* inResponse(["components", "responses", n], r);
  for (const [n, b] of Object.entries(comps.requestBodies || {})) yield* inContent(["components", "requestBodies", n, "content"], b && b.content);
  for (const [path, item] of Object.entries(spec.paths || {})) {
    const base = ["paths", path];
    for (const [i, p] of (item.parameters || []).entries()) yield* inParamsOrHeaders([...base, "parameters", i], p);
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      for (const [i, p] of (op.parameters || []).entries()) yield* inParamsOrHeaders([...base, m, "parameters", i], p);
      if (op.requestBody) yield* inContent([...base, m, "requestBody", "content"], op.requestBody.content);
      for (const [code, r] of Object.entries(op.responses || {})) yield* inResponse([...base, m, "responses", code], r);
    }
  }
}

// Sub-schemas of a schema, for `nullable` and `examples` checks.
function* subSchemas(segs, s) {
  if (!s || typeof s !== "object") return;
  yield [segs, s];
  for (const k of ["properties", "patternProperties", "$defs", "dependentSchemas"]) {
    for (const [n, sub] of Object.entries(s[k] || {})) yield* subSchemas([...segs, k, n], sub);
  }
  for (const k of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
    for (const [i, sub] of (s[k] || []).entries()) yield* subSchemas([...segs, k, i], sub);
  }
  for (const k of ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"]) {
    if (s[k] && typeof s[k] === "object") yield* subSchemas([...segs, k], s[k]);
  }
}

// Examples attached to a parameter/header/media type next to its schema.
function attachedExamples(spec, schemaSegs) {
  const owner = schemaSegs.slice(0, -1).reduce((o, k) => o && o[k], spec);
  const out = [];
  if (!owner || schemaSegs[schemaSegs.length - 1] !== "schema") return out;
  if ("example" in owner) out.push(["example", owner.example]);
  for (const [name, ex] of Object.entries(owner.examples || {})) {
    if (ex && "value" in ex) out.push([`examples/${name}`, ex.value]);
  }
  return out;
}

function extraChecks(spec) {
  const problems = [];
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(spec, DOC_ID);
  const compileAt = (segs) =>
    ajv.compile({ $ref: DOC_ID + "#/" + segs.map((s) => encodeURIComponent(String(s).replace(/~/g, "~0").replace(/\//g, "~1"))).join("/") });

  for (const [segs, schema] of schemaObjects(spec)) {
    const where = pointer(segs);
    if (!ajv.validateSchema(schema)) {
      problems.push(...formatAjvErrors(ajv.errors, `${where} is not JSON Schema 2020-12: `));
      continue;
    }
    let validate;
    try {
      validate = compileAt(segs);
    } catch (e) {
      problems.push(`${where}: cannot compile: ${e.message}`);
      continue;
    }
    for (const [name, value] of attachedExamples(spec, segs)) {
      if (!validate(value)) problems.push(...formatAjvErrors(validate.errors, `${pointer(segs.slice(0, -1))}/${name} does not match its schema: `));
    }
    for (const [sub, s] of subSchemas(segs, schema)) {
      if ("nullable" in s) problems.push(`${pointer(sub)}: \`nullable\` is OpenAPI 3.0; write type: [..., "null"]`);
      if (Array.isArray(s.examples) && s.examples.length) {
        const v = compileAt(sub);
        s.examples.forEach((ex, i) => {
          if (!v(ex)) problems.push(...formatAjvErrors(v.errors, `${pointer(sub)}/examples/${i} does not match its schema: `));
        });
      }
    }
  }

  const seenIds = new Map();
  for (const [path, item] of Object.entries(spec.paths || {})) {
    const templ = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const where = `${m.toUpperCase()} ${path}`;
      if (op.operationId) {
        if (seenIds.has(op.operationId)) problems.push(`${where}: operationId ${op.operationId} also used by ${seenIds.get(op.operationId)}`);
        seenIds.set(op.operationId, where);
      }
      const resolve = (p) => (p && p.$ref ? p.$ref.slice(2).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).reduce((o, k) => o && o[k], spec) : p);
      const declared = [...(item.parameters || []), ...(op.parameters || [])].map(resolve).filter((p) => p && p.in === "path").map((p) => p.name);
      for (const name of templ) if (!declared.includes(name)) problems.push(`${where}: path parameter {${name}} is not declared`);
      for (const name of declared) if (!templ.includes(name)) problems.push(`${where}: parameter ${name} (in: path) is not in the path`);
    }
  }
  return problems;
}

async function main() {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("usage: node tests/openapi/validate.mjs docs/openapi.yaml");
    process.exit(2);
  }
  const spec = loadYaml(file);
  if (!spec || typeof spec !== "object" || !/^3\.1\.\d+$/.test(String(spec.openapi))) {
    fail([`"openapi" must be a 3.1.x version, found ${JSON.stringify(spec && spec.openapi)}`]);
  }
  const validator = new Validator({ allErrors: true });
  // structuredClone: the validator may annotate what it is given.
  const res = await validator.validate(structuredClone(spec));
  if (!res.valid) {
    fail(typeof res.errors === "string" ? [res.errors] : formatAjvErrors(res.errors, "schema: "));
  }
  const problems = extraChecks(spec);
  if (problems.length) fail(problems);
  console.log(`openapi: valid (${spec.openapi}, ${Object.keys(spec.paths || {}).length} paths)`);
}

main().catch((e) => {
  console.error(`openapi: validator crashed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
