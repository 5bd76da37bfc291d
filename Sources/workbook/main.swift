import Foundation
import WorkbookCLI

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

// `swift run workbook [command]` — see `swift run workbook help`.
// Line-buffered output, so `check` and `watch` show progress as it happens even through a pipe.
setvbuf(stdout, nil, _IOLBF, 0)
exit(await CLI.run(Array(CommandLine.arguments.dropFirst())))
