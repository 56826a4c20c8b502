#!/usr/bin/env node
// The AWS SDK prints a 7-line NodeVersionSupportWarning on Node 20 in the middle of a run, where a user can
// do nothing about it; the README states the Node policy instead. A value the user set is kept.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { main } = await import("../dist/cli/main.js");

main(process.argv).then((code) => {
  process.exitCode = code;
});
