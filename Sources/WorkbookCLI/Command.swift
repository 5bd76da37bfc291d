/// One command of `swift run workbook`: its name, the forms it takes (arguments and flags, each
/// with its help), the flags that take a value, and the handler that runs it.
///
/// ``CommandTable/all`` lists every command once; the usage text (``Usage``), the dispatch
/// (``CLI``) and the flags ``Arguments`` skips over all come from it.
struct Command: Sendable {
    /// One line of the usage text: the arguments and flags after the command's name, and what
    /// that does — its first line the one-line help, any further lines continuing it.
    struct Form: Sendable {
        let arguments: String
        let help: [String]

        init(_ arguments: String = "", _ help: String...) {
            self.arguments = arguments
            self.help = help
        }
    }

    let name: String
    let forms: [Form]
    /// The flags that take the next word as their value, e.g. `--seed`.
    let valueFlags: [String]
    /// Runs the command on the words after its name; returns the exit status. A thrown error is
    /// printed by ``CLI`` (see ``WorkbookError``).
    let run: @Sendable (Arguments) async throws -> Int32

    init(
        _ name: String, _ forms: [Form], valueFlags: [String] = [],
        run: @escaping @Sendable (Arguments) async throws -> Int32
    ) {
        self.name = name
        self.forms = forms
        self.valueFlags = valueFlags
        self.run = run
    }

    /// The same command with another handler (the tests' way to watch the dispatch).
    func handled(by run: @escaping @Sendable (Arguments) async throws -> Int32) -> Command {
        Command(name, forms, valueFlags: valueFlags, run: run)
    }
}

/// Every command of `swift run workbook`, in the order `help` lists them.
enum CommandTable {
    /// What runs when the command line names no command.
    static let defaultCommand = "list"

    static let all: [Command] = [
        Command(
            "list",
            [
                .init(
                    "", "the chapter map: exercises done and pending, what to do next",
                    "(also what plain `swift run workbook` shows)")
            ]
        ) { try ChapterMap.run($0) },
        Command(
            "check",
            [
                .init("[exercise]", "build and run one exercise's tests (default: the next one)"),
                .init("--all", "build once, run every exercise's tests, and show where you stand"),
            ]
        ) { try Check.run($0) },
        Command(
            "hint",
            [
                .init("<exercise> [--level N|--all]", "the exercise's hints, gentlest first")
            ], valueFlags: ["--level"]
        ) { try Hint.run($0) },
        Command(
            "watch",
            [
                .init("", "re-check the current exercise whenever a .swift file under", "Exercises/ is saved")
            ]
        ) { try Watch.run($0) },
        Command(
            "reset",
            [
                .init("<exercise>", "put the exercise's original stub back (yours goes to .workbook/backup)")
            ]
        ) { try Reset.run($0) },
        Command(
            "demo",
            [
                .init(
                    "[name] [--seed S] [--trace-dir DIR] [--print-trace]",
                    "run a scenario in the simulator and write its trace as",
                    "text, a Mermaid diagram and an HTML page")
            ], valueFlags: ["--seed", "--trace-dir"]
        ) { try await DemoCommand.run($0) },
        Command(
            "explore",
            [
                .init(
                    "[name] [--bound N] [--replay V --check C]",
                    "search a scenario's delivery orders for the shortest run that",
                    "breaks its invariant; print it, write its trace, and how to replay it")
            ], valueFlags: ["--bound", "--replay", "--check", "--trace-dir"]
        ) { try await ExploreCommand.run($0) },
        Command(
            "book",
            [
                .init("[--output DIR]", "the chapters as a static site built by docc (default: book/)")
            ], valueFlags: ["--output"]
        ) { try Book.run($0) },
        Command(
            "verify",
            [
                .init("", "the exercises' contract, both ways (what CI runs)")
            ]
        ) { try Verify.run($0) },
        Command("help", [.init("", "this text")]) { _ in
            print(Usage.text)
            return 0
        },
    ]
}
