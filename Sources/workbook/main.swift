import Foundation

// `swift run workbook [command]` — the learner's command.
let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
let status: Int32
switch arguments.command {
case nil, "tour":
    status = try await Tour.run(arguments.rest)
case "hint":
    status = try Hint.run(arguments.rest)
case "verify":
    status = try Verify.run(arguments.rest)
case "help", "--help", "-h":
    print(Usage.text)
    status = 0
case let other?:
    print("workbook: unknown command '\(other)'.\n")
    print(Usage.text)
    status = 2
}
exit(status)
