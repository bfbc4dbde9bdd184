// The local Messages API server is TypeScript shared with the tests (test/support/messages-api/): benches
// transpile its folder into a temp folder and import it from there.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "../test/support/messages-api");

export async function loadMessagesServer(dir) {
  const walk = async (folder) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith(".ts")) {
        const { outputText } = ts.transpileModule(await readFile(path, "utf8"), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
        const target = join(dir, relative(root, path)).replace(/\.ts$/, ".js");
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, outputText);
      }
    }
  };
  await walk(root);
  return import(pathToFileURL(join(dir, "index.js")).href);
}
