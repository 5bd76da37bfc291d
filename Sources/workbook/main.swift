import Foundation
import WorkbookCLI

// `swift run workbook [command]` — see `swift run workbook help`.
exit(await CLI.run(Array(CommandLine.arguments.dropFirst())))
