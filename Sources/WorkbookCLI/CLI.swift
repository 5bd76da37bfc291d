/// The learner's command, `swift run workbook [command]`, as a library the tests can reach.
///
/// It finds the command in ``CommandTable/all``, runs it, and is the one place an error is
/// printed (see ``WorkbookError``).
public enum CLI {
    /// Runs one command line; returns the process's exit status. Costs what the command does:
    /// from a map drawn from saved progress (no build) to builds and test runs (`check`, `verify`).
    public static func run(_ words: [String]) async -> Int32 {
        await run(words, commands: CommandTable.all)
    }

    /// Runs one command line against `commands`; prints any error and returns its exit status.
    static func run(_ words: [String], commands: [Command]) async -> Int32 {
        let arguments = Arguments(words)
        do {
            return try await dispatch(arguments, commands: commands)
        } catch {
            let failure = WorkbookError.from(error)
            // An unknown command is the command line's fault, not a command's: no command to name.
            let known = arguments.command.flatMap { name in commands.first { $0.name == name } }
            print(failure.report(command: known?.name))
            return failure.exitStatus
        }
    }

    /// Runs the command the first word names (``CommandTable/defaultCommand`` if none) on the
    /// words after it.
    static func dispatch(_ arguments: Arguments, commands: [Command]) async throws -> Int32 {
        let name = arguments.command ?? CommandTable.defaultCommand
        guard let command = commands.first(where: { $0.name == name }) else {
            throw WorkbookError.usage("there is no command '\(name)'.\n\n\(Usage.text(for: commands))")
        }
        return try await command.run(arguments.rest)
    }
}
