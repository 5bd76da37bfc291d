import Foundation
import Testing

@testable import WorkbookCLI

/// The command table: usage, help and dispatch all come from it, and an unknown command gets the
/// one error convention.
@Suite struct CommandTableTests {
    /// The table with each handler replaced by one that records the command's name and the words
    /// it was given.
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var calls: [(String, [String])] = []
        func append(_ name: String, _ words: [String]) { lock.withLock { calls.append((name, words)) } }
        var all: [(String, [String])] { lock.withLock { calls } }
    }

    static func recording(_ calls: Calls) -> [Command] {
        CommandTable.all.map { command in
            command.handled { arguments in
                calls.append(command.name, arguments.words)
                return 0
            }
        }
    }

    @Test("Every command in the table appears in the usage text, each form on its own line")
    func everyCommandAppearsInUsage() {
        let lines = Usage.text.split(separator: "\n").map(String.init)
        for command in CommandTable.all {
            for form in command.forms {
                let synopsis = "  " + ([command.name, form.arguments].filter { !$0.isEmpty }.joined(separator: " "))
                #expect(lines.contains { $0 == synopsis || $0.hasPrefix(synopsis + " ") }, "\(synopsis)")
                #expect(Usage.text.contains(form.help[0]))
            }
        }
        #expect(lines.first == "usage: swift run workbook [command]")
    }

    @Test("The usage text is the one the README documents")
    func usageTextIsUnchanged() {
        let lines = Usage.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines[2] == "  list                         the chapter map: exercises done and pending, what to do next")
        #expect(lines[3] == "                               (also what plain `swift run workbook` shows)")
        #expect(lines.contains("  hint <exercise> [--level N|--all]"))
        #expect(
            lines.contains(
                "  book [--output DIR]          the chapters as a static site built by docc (default: book/)"))
        #expect(lines.contains("  help                         this text"))
        #expect(
            lines.last == "Examples: swift run workbook check 0.1 · swift run workbook demo partition-heal --seed 7")
    }

    @Test("Command names are unique, and the default command is in the table")
    func namesAreUnique() {
        let names = CommandTable.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.contains(CommandTable.defaultCommand))
    }

    @Test("Dispatch reaches each command's handler with the words after its name")
    func dispatchReachesEachHandler() async {
        for command in CommandTable.all {
            let calls = Calls()
            let status = await CLI.run([command.name, "x", "--flag"], commands: Self.recording(calls))
            #expect(status == 0)
            #expect(calls.all.map(\.0) == [command.name])
            #expect(calls.all.first?.1 == ["x", "--flag"])
        }
    }

    @Test("No command, or only flags, runs the default command")
    func noCommandRunsTheDefault() async {
        let calls = Calls()
        #expect(await CLI.run([], commands: Self.recording(calls)) == 0)
        #expect(await CLI.run(["--seed", "3"], commands: Self.recording(calls)) == 0)
        #expect(calls.all.map(\.0) == [CommandTable.defaultCommand, CommandTable.defaultCommand])
        #expect(calls.all.last?.1 == ["--seed", "3"])
    }

    @Test("An unknown command is a usage error: exit 2, the usage text, no handler runs")
    func unknownCommandIsAUsageError() async throws {
        let calls = Calls()
        #expect(await CLI.run(["nonesuch"], commands: Self.recording(calls)) == WorkbookError.usageStatus)
        #expect(calls.all.isEmpty)
        do {
            _ = try await CLI.dispatch(Arguments(["nonesuch"]), commands: CommandTable.all)
            Issue.record("an unknown command must throw")
        } catch let error as WorkbookError {
            #expect(error.exitStatus == 2)
            #expect(error.report(command: nil) == "workbook: there is no command 'nonesuch'.\n\n\(Usage.text)")
        }
        #expect(await CLI.run(["nonesuch"]) == 2)
    }

    @Test("A handler's error is reported once: usage errors exit 2, failures and other errors 1")
    func handlerErrorsFollowTheConvention() async {
        struct Other: Error {}
        let table = [
            Command("usage", []) { _ in throw WorkbookError.usage("which exercise?") },
            Command("fails", []) { _ in throw WorkbookError("it broke") },
            Command("other", []) { _ in throw Other() },
        ]
        #expect(await CLI.run(["usage"], commands: table) == 2)
        #expect(await CLI.run(["fails"], commands: table) == 1)
        #expect(await CLI.run(["other"], commands: table) == 1)
        #expect(WorkbookError.usage("which exercise?").report(command: "hint") == "workbook hint: which exercise?")
        #expect(WorkbookError("it broke").report(command: nil) == "workbook: it broke")
    }

    @Test("The flags that take a value come from the table")
    func valueFlagsComeFromTheTable() {
        #expect(
            Arguments.flagsWithValues == [
                "--seed", "--trace-dir", "--level", "--output", "--bound", "--replay", "--check",
            ])
    }

    @Test("The real commands' usage errors exit 2")
    func realUsageErrors() async {
        #expect(await CLI.run(["demo", "nonesuch"]) == 2)
        #expect(await CLI.run(["demo", "tour", "--seed", "x"]) == 2)
        #expect(await CLI.run(["explore", "a4", "--bound", "x"]) == 2)
    }
}
