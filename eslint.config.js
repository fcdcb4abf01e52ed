// @ts-check
// ESLint flat config. The rules are those of Hardhat's own monorepo
// (NomicFoundation/hardhat, packages/config/eslint.config.js), minus the ones
// listed under "Not taken from Hardhat" below, each with its reason.

import assert from "node:assert";
import { builtinModules } from "node:module";

import eslintCommentsPlugin from "@eslint-community/eslint-plugin-eslint-comments";
import * as importPlugin from "eslint-plugin-import";
import noOnlyTestsPlugin from "eslint-plugin-no-only-tests";
import globals from "globals";
import tseslint from "typescript-eslint";

/** @type {import("eslint").Linter.RuleEntry} */
const noRestrictedSyntax = [
  "error",
  {
    selector: "CatchClause[param] > Identifier[typeAnnotation]",
    message: "Narrow the caught value instead of annotating its type",
  },
  {
    selector:
      "CallExpression[callee.object.name='assert'][callee.property.name=/strict/i]",
    message: "Use non-strict methods when importing from 'node:assert/strict'",
  },
  // assert() without a message hides what failed: https://github.com/nodejs/node/issues/52962
  {
    selector: "CallExpression[callee.name='assert'][arguments.length<2]",
    message: "assert should provide an error message as the second argument",
  },
  {
    selector:
      "CallExpression[callee.object.name='assert'][callee.property.name='ok'][arguments.length<2]",
    message: "assert.ok should provide an error message as the second argument",
  },
];

/** @type {import("eslint").Linter.RulesRecord} */
const rules = {
  "@eslint-community/eslint-comments/require-description": [
    "error",
    { ignore: ["eslint-enable"] },
  ],
  "@typescript-eslint/adjacent-overload-signatures": "error",
  "@typescript-eslint/array-type": ["error", { default: "array-simple" }],
  "@typescript-eslint/await-thenable": "error",
  "@typescript-eslint/no-wrapper-object-types": "error",
  "@typescript-eslint/ban-ts-comment": [
    "error",
    {
      "ts-expect-error": "allow-with-description",
      "ts-ignore": true,
      "ts-nocheck": true,
      "ts-check": false,
      minimumDescriptionLength: 3,
    },
  ],
  "@typescript-eslint/consistent-type-definitions": "error",
  "@typescript-eslint/consistent-type-imports": [
    "error",
    { prefer: "type-imports", disallowTypeAnnotations: true },
  ],
  "@typescript-eslint/dot-notation": "error",
  "@typescript-eslint/naming-convention": [
    "error",
    {
      selector: "default",
      format: ["camelCase"],
      leadingUnderscore: "allow",
      trailingUnderscore: "allow",
    },
    { selector: ["import"], format: ["camelCase", "PascalCase"] },
    {
      selector: ["variable", "parameter"],
      format: ["camelCase", "UPPER_CASE", "PascalCase"],
      leadingUnderscore: "allow",
      trailingUnderscore: "allow",
    },
    {
      selector: ["classProperty"],
      format: ["camelCase", "UPPER_CASE"],
      leadingUnderscore: "allow",
    },
    {
      selector: ["classProperty"],
      modifiers: ["private"],
      format: ["camelCase", "UPPER_CASE"],
      leadingUnderscore: "allow",
    },
    { selector: "enumMember", format: ["UPPER_CASE"] },
    {
      selector: "memberLike",
      modifiers: ["private"],
      format: ["camelCase"],
      leadingUnderscore: "allow",
    },
    { selector: ["objectLiteralProperty"], format: null },
    {
      selector: ["objectLiteralMethod"],
      format: ["camelCase", "PascalCase", "snake_case", "UPPER_CASE"],
      leadingUnderscore: "allow",
    },
    {
      selector: "typeProperty",
      format: ["camelCase", "PascalCase"],
      leadingUnderscore: "allow",
    },
    { selector: "typeLike", format: ["PascalCase"] },
  ],
  "@typescript-eslint/no-empty-interface": "error",
  "@typescript-eslint/no-floating-promises": "error",
  "@typescript-eslint/no-misused-new": "error",
  "@typescript-eslint/no-namespace": "error",
  "@typescript-eslint/no-redeclare": "error",
  "@typescript-eslint/no-this-alias": "error",
  "@typescript-eslint/no-unused-expressions": "error",
  "@typescript-eslint/no-unused-vars": [
    "error",
    {
      argsIgnorePattern: "^_",
      varsIgnorePattern: "^_",
      caughtErrorsIgnorePattern: "^_",
    },
  ],
  "@typescript-eslint/prefer-for-of": "error",
  "@typescript-eslint/prefer-function-type": "error",
  "@typescript-eslint/prefer-namespace-keyword": "error",
  "@typescript-eslint/prefer-readonly": "error",
  "no-restricted-syntax": noRestrictedSyntax,
  "@typescript-eslint/restrict-plus-operands": "error",
  "@typescript-eslint/restrict-template-expressions": [
    "error",
    { allowAny: true },
  ],
  "@typescript-eslint/switch-exhaustiveness-check": [
    "error",
    {
      allowDefaultCaseForExhaustiveSwitch: false,
      requireDefaultForNonUnion: true,
    },
  ],
  "@typescript-eslint/triple-slash-reference": [
    "error",
    { path: "always", types: "prefer-import", lib: "always" },
  ],
  "@typescript-eslint/unified-signatures": "error",
  "@typescript-eslint/use-unknown-in-catch-callback-variable": "error",
  "constructor-super": "error",
  eqeqeq: ["error", "always"],
  "guard-for-in": "error",
  "id-denylist": "error",
  "id-match": "error",
  "import/no-extraneous-dependencies": ["error", { devDependencies: false }],
  "import/order": [
    "error",
    {
      groups: [
        "type",
        "builtin",
        "external",
        "internal",
        "parent",
        "sibling",
        "index",
        "object",
      ],
      "newlines-between": "always",
      alphabetize: { order: "asc" },
    },
  ],
  "import/no-duplicates": "error",
  "import/no-relative-packages": "error",
  "no-caller": "error",
  "no-cond-assign": "error",
  "no-debugger": "error",
  "no-duplicate-case": "error",
  "no-eval": "error",
  "no-extra-bind": "error",
  "no-new-func": "error",
  "no-new-wrappers": "error",
  "no-only-tests/no-only-tests": "error",
  "no-return-await": "off",
  "@typescript-eslint/return-await": ["error", "always"],
  "no-sequences": "error",
  "no-sparse-arrays": "error",
  "no-template-curly-in-string": "error",
  "no-throw-literal": "error",
  "no-undef-init": "error",
  "no-unsafe-finally": "error",
  "no-unused-labels": "error",
  "no-unused-vars": "off",
  "no-var": "error",
  "object-shorthand": "error",
  "one-var": ["error", "never"],
  "prefer-const": "error",
  "prefer-object-spread": "error",
  radix: "error",
  "spaced-comment": ["error", "always", { markers: ["/"] }],
  "use-isnan": "error",
  "no-restricted-globals": [
    "error",
    {
      name: "performance",
      message:
        "Import from 'node:perf_hooks' explicitly e.g. `import { performance } from \"node:perf_hooks\";`",
    },
  ],
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: ["/hardhat/src", "/@nomicfoundation/*/src"],
          message:
            "Don't import from the src folder, use the package entry point instead.",
        },
        {
          group: builtinModules
            .filter((m) => !m.startsWith("node:"))
            .map((m) => `/${m}`),
          message: "Use the 'node:' prefix to import built-in Node.js modules.",
        },
      ],
      paths: [
        {
          name: "node:assert/strict",
          importNames: ["AssertionError"],
          message: "AssertionError must be imported from node:assert.",
        },
        {
          name: "node:assert",
          importNames: [
            "default",
            ...Object.keys(assert).filter((k) => k !== "AssertionError"),
          ],
          message: "Use node:assert/strict instead.",
        },
      ],
    },
  ],
};

// Not taken from Hardhat, one reason each. Besides these, Hardhat's rules
// about its own packages are left out (HardhatError-only throws, hardhat-utils'
// request/deepClone, its node:test helpers, zod union helpers, the top-level
// await ban: this repository's demo and bench scripts are ES modules run by
// `hardhat run`, and await at top level there on purpose), and so is the
// "Use #private instead" syntax ban (TypeScript `private` fields are used
// throughout; converting them is a refactor, not a lint fix).
/** @type {import("eslint").Linter.RulesRecord} */
const notTaken = {
  // Contract-call results, decoded logs and JSON-RPC replies are typed with `as` by design.
  "@typescript-eslint/consistent-type-assertions": "off",
  // Class members are public unless marked; spelling out `public` on each adds nothing.
  "@typescript-eslint/explicit-member-accessibility": "off",
  // Map lookups right after a `has`/set and array indexes known in range use `!`.
  "@typescript-eslint/no-non-null-assertion": "off",
  // Bit operations are the protocols' wire encodings (src/protocols/*/encoding.ts, the withdraw trie).
  "no-bitwise": "off",
  // `a || "none"` and `x - y || z` fallbacks on strings and numbers are deliberate.
  "@typescript-eslint/strict-boolean-expressions": "off",
  // Nested callbacks reuse protocol names (id, reason, hre) of the enclosing scope on purpose.
  "@typescript-eslint/no-shadow": "off",
};

// TypeScript sources: everything tsconfig.json includes.
const typeScriptFiles = [
  "src/**/*.ts",
  "tasks/**/*.ts",
  "test/**/*.ts",
  "scripts/**/*.ts",
  "bench/**/*.ts",
  "hardhat.config.ts",
];

export default tseslint.config(
  {
    // Build output, generated code and compiler caches; JavaScript files are only formatted by Prettier.
    ignores: [
      "artifacts/**",
      "cache/**",
      "dist/**",
      "types/**",
      "system-artifacts/**",
      "coverage/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  {
    files: typeScriptFiles,
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.node },
      parser: tseslint.parser,
      parserOptions: {
        tsconfigRootDir: import.meta.dirname,
        projectService: true,
      },
    },
    settings: {
      "import/resolver": { typescript: true, node: true },
    },
    plugins: {
      import: importPlugin,
      "no-only-tests": noOnlyTestsPlugin,
      "@typescript-eslint": tseslint.plugin,
      "@eslint-community/eslint-comments": eslintCommentsPlugin,
    },
    rules: { ...rules, ...notTaken },
  },
  {
    // Tests, demos and benchmarks may import the dev dependencies.
    files: [
      "test/**/*.ts",
      "scripts/**/*.ts",
      "bench/**/*.ts",
      "hardhat.config.ts",
    ],
    rules: {
      "import/no-extraneous-dependencies": ["error", { devDependencies: true }],
    },
  },
);
