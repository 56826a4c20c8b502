/** The CLI's version: `cutover --version` and the SARIF tool version. Kept equal to package.json's (tested). */
export const VERSION = "0.1.0";
