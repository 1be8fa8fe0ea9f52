#!/usr/bin/env node
import { ExitError } from "./exit-error.js";

/** The `luoshi` command: parses flags and hands off to one lazily loaded command module. */
const USAGE = `用法 / usage:
  luoshi parse FILE [--json]   解析政策文件，输出提纲、任务、责任单位、指标和诊断信息
  luoshi demo [--summary]      演示：载入示例语料和各角色演示账户并启动服务；--summary 只汇总解析结果
  luoshi import PATH…          导入文件或目录（递归）到台账：解析、识别责任单位、建立检索索引
  luoshi search 关键词…        中文全文检索任务、指标和文件（--unit、--doc、--year、--kind 筛选）
  luoshi tasks --unit 单位     某单位牵头或配合的全部任务；--doc 文件 显示该文件的责任分工
  luoshi units [--unresolved]  责任单位列表；未识别的单位名称；resolve / registry 子命令
  luoshi db migrate|status     数据库结构迁移与状态；docs 文件列表；graph 文件 引用关系；region 地区设置
  luoshi backup FILE           备份整个台账（可跨 PGlite / PostgreSQL 恢复）
  luoshi restore FILE          从备份恢复（目标非空时需 --replace）
  luoshi serve [--port 3000]   启动 HTTP 服务（默认 127.0.0.1:3000；首次启动打印管理员一次性密码）
  luoshi audit verify|purge    校验审计日志哈希链；删除超过保存期（至少 180 天）的审计记录
  luoshi users list|reset-password  账户列表；重置密码（管理员全部无法登录时使用）
  luoshi periods propose|open|list|close  报送周期：按文件要求建议并开启某年周期（--doc 文件 --year 年份）、关闭、补报例外
  luoshi reports list|accept|return|import  报告：列出、审核通过、退回；导入填写后的工作台账（默认试导入）
  luoshi supervision rates|overdue|…  督查：应报清单、报送率、逾期任务、考核得分、指标状态、督办提醒、导出 Excel
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
    case "import": {
      const { runImport } = await import("./commands/import.js");
      return runImport(rest, process.stdout);
    }
    case "search": {
      const { runSearch } = await import("./commands/search.js");
      return runSearch(rest, process.stdout);
    }
    case "tasks": {
      const { runTasks } = await import("./commands/tasks.js");
      return runTasks(rest, process.stdout);
    }
    case "units": {
      const { runUnits } = await import("./commands/units.js");
      return runUnits(rest, process.stdout);
    }
    case "db": {
      const { runDb } = await import("./commands/db.js");
      return runDb(rest, process.stdout);
    }
    case "backup": {
      const { runBackup } = await import("./commands/backup.js");
      return runBackup(rest, process.stdout);
    }
    case "restore": {
      const { runRestore } = await import("./commands/restore.js");
      return runRestore(rest, process.stdout);
    }
    case "serve": {
      const { runServe } = await import("./commands/serve.js");
      return runServe(rest, process.stdout);
    }
    case "audit": {
      const { runAudit } = await import("./commands/audit.js");
      return runAudit(rest, process.stdout);
    }
    case "users": {
      const { runUsers } = await import("./commands/users.js");
      return runUsers(rest, process.stdout);
    }
    case "periods": {
      const { runPeriods } = await import("./commands/periods.js");
      return runPeriods(rest, process.stdout);
    }
    case "reports": {
      const { runReports } = await import("./commands/reports.js");
      return runReports(rest, process.stdout);
    }
    case "supervision": {
      const { runSupervision } = await import("./commands/supervision.js");
      return runSupervision(rest, process.stdout);
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

// A reader that stops early (`luoshi parse … | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

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
