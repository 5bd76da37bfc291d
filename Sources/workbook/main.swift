import CClusterRuntime
import Foundation
import WorkbookCLI

// `swift run workbook [command]` — see `swift run workbook help`.
// Line-buffered output, so `check` and `watch` show progress as it happens even through a pipe.
cclusterLineBufferStandardOutput()
exit(await CLI.run(Array(CommandLine.arguments.dropFirst())))
