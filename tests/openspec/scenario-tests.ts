import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Every scenario of openspec/specs/<capability>/spec.md names the tests that prove it, one line each:
 *
 *   - **Test:** `tests/pipeline/idempotency.test.ts` › "processes one object version once, however often its event arrives"
 *
 * More than one quoted name (`› "describe" › "it"`) means each must be a test or suite of that file.
 * A name is found when the file calls it/test/describe (also `.each(...)`, `.only`, `.concurrent`)
 * with exactly that string; a skipped or todo test proves nothing and does not count.
 */
export interface TestReference {
  spec: string;
  scenario: string;
  file: string;
  names: string[];
  line: number;
}

export interface Problem {
  spec: string;
  line: number;
  message: string;
}

const SCENARIO = /^#### Scenario:\s*(.+)$/;
const TEST_LINE = /^\s*- \*\*Test:\*\*\s*(.*)$/;
const REFERENCE = /^`([^`]+)`((?:\s*›\s*"(?:[^"\\]|\\.)*")+)\s*$/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/** The scenarios of one spec and the test references under each. */
export function readSpec(
  spec: string,
  text: string,
): { scenarios: { name: string; line: number; tests: TestReference[] }[]; problems: Problem[] } {
  const scenarios: { name: string; line: number; tests: TestReference[] }[] = [];
  const problems: Problem[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const heading = SCENARIO.exec(raw);
    if (heading?.[1]) {
      scenarios.push({ name: heading[1].trim(), line, tests: [] });
      return;
    }
    if (/^#{1,3} /.test(raw)) return;
    const test = TEST_LINE.exec(raw);
    if (!test) return;
    const current = scenarios.at(-1);
    const reference = REFERENCE.exec((test[1] ?? "").trim());
    if (!current) {
      problems.push({ spec, line, message: "a **Test:** line outside any scenario" });
    } else if (!reference?.[1] || !reference[2]) {
      problems.push({ spec, line, message: 'not of the form **Test:** `path` › "test name"' });
    } else {
      const names = [...reference[2].matchAll(QUOTED)].map((m) => JSON.parse(`"${m[1]}"`) as string);
      current.tests.push({ spec, scenario: current.name, file: reference[1], names, line });
    }
  });
  for (const scenario of scenarios) {
    if (scenario.tests.length === 0) {
      problems.push({ spec, line: scenario.line, message: `scenario "${scenario.name}" names no test` });
    }
  }
  return { scenarios, problems };
}

/** The names a test file gives to it/test/describe calls that run (skip and todo excluded). */
export function declaredTestNames(source: string): Set<string> {
  const names = new Set<string>();
  const literal = /(["'`])((?:(?!\1)[^\\\n]|\\.)*)\1/g;
  for (const match of source.matchAll(literal)) {
    const before = source.slice(Math.max(0, (match.index ?? 0) - 4000), match.index).trimEnd();
    if (isTestCallOpening(before)) names.add(unescapeLiteral(match[2] ?? ""));
  }
  return names;
}

const CALLEE = /(?:^|[^\w.$])(?:it|test|describe)((?:\.(?:only|concurrent|sequential|skip|todo|fails))*)$/;

function isTestCallOpening(before: string): boolean {
  if (!before.endsWith("(")) return false;
  const callee = before.slice(0, -1).trimEnd();
  const direct = CALLEE.exec(callee);
  if (direct) return runs(direct[1] ?? "");
  // it.each([...])("name %s", ...): find the `.each(` whose argument list this `)` closes.
  if (!callee.endsWith(")")) return false;
  let depth = 0;
  for (let i = callee.length - 1; i >= 0; i--) {
    const c = callee[i];
    if (c === ")" || c === "]" || c === "}") depth++;
    else if (c === "(" || c === "[" || c === "{") {
      depth--;
      if (depth === 0) {
        const head = callee.slice(0, i).trimEnd();
        if (!head.endsWith(".each")) return false;
        const each = CALLEE.exec(head.slice(0, -".each".length));
        return each !== null && runs(each[1] ?? "");
      }
    }
  }
  return false;
}

function runs(modifiers: string): boolean {
  return !/\.(skip|todo)\b/.test(modifiers);
}

function unescapeLiteral(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

/** Problems with the specs under `root`/openspec/specs: empty when every scenario names tests that exist. */
export function checkScenarioTests(root: string): Problem[] {
  const specsDir = join(root, "openspec", "specs");
  const problems: Problem[] = [];
  const namesByFile = new Map<string, Set<string> | undefined>();
  for (const capability of readdirSync(specsDir).sort()) {
    const spec = `openspec/specs/${capability}/spec.md`;
    const path = join(root, spec);
    if (!existsSync(path)) continue;
    const parsed = readSpec(spec, readFileSync(path, "utf8"));
    problems.push(...parsed.problems);
    if (parsed.scenarios.length === 0) problems.push({ spec, line: 1, message: "no scenarios" });
    for (const test of parsed.scenarios.flatMap((s) => s.tests)) {
      if (!namesByFile.has(test.file)) {
        const file = join(root, test.file);
        namesByFile.set(test.file, existsSync(file) ? declaredTestNames(readFileSync(file, "utf8")) : undefined);
      }
      const declared = namesByFile.get(test.file);
      if (declared === undefined) {
        problems.push({ spec, line: test.line, message: `${test.file} does not exist` });
        continue;
      }
      for (const name of test.names) {
        if (!declared.has(name))
          problems.push({ spec, line: test.line, message: `${test.file} has no test "${name}"` });
      }
    }
  }
  return problems;
}
