#!/usr/bin/env node
import { ExitError } from "./exit-error.js";

/** The `luoshi` command: parses flags and hands off to one lazily loaded command module. */
const USAGE = `用法 / usage:
  luoshi parse FILE [--json]   解析政策文件，输出提纲、任务、责任单位、指标和诊断信息
  luoshi demo                  演示：解析示例语料并汇总结果
  luoshi --version             显示版本`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "parse": {
      const { runParse } = await import("./commands/parse.js");
      return runParse(rest, process.stdout);
    }
    case "demo": {
      const { runDemo } = await import("./commands/demo.js");
      return runDemo(rest, process.stdout);
    }
    case "--version":
    case "-v": {
      const { PARSER_VERSION } = await import("../parse/index.js");
      process.stdout.write(`luoshi ${PARSER_VERSION}\n`);
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`未知命令 / unknown command: ${command}\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ExitError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.code;
      return;
    }
    process.stderr.write(
      `内部错误 / internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
