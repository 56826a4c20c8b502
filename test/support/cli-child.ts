// The CLI as a child process for tests that must kill it (kill -9, SIGINT) or run two drivers at once:
//   node --import tsx test/support/cli-child.ts migrate start SPEC --store FILE
// Same entry as bin/cutover.js, from the TypeScript sources, so no build is needed.
import { main } from "../../src/cli/main.js";

main(process.argv).then((code) => {
  process.exitCode = code;
});
