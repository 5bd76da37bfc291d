/// The learner's command, `swift run workbook [command]`, as a library the tests can reach.
public enum CLI {
    /// Runs one command line; returns the process's exit status.
    public static func run(_ words: [String]) async -> Int32 {
        let arguments = Arguments(words)
        do {
            switch arguments.command {
            case nil, "list": return try ChapterMap.run(arguments.rest)
            case "check": return try Check.run(arguments.rest)
            case "hint": return try Hint.run(arguments.rest)
            case "watch": return try Watch.run(arguments.rest)
            case "reset": return try Reset.run(arguments.rest)
            case "verify": return try Verify.run(arguments.rest)
            case "demo": return try await DemoCommand.run(arguments.rest)
            case "explore": return try await ExploreCommand.run(arguments.rest)
            case "book": return try Book.run(arguments.rest)
            case "help": print(Usage.text); return 0
            case let other?:
                print("workbook: there is no command '\(other)'.\n\n\(Usage.text)")
                return 2
            }
        } catch {
            print("workbook: \(error)")
            return 1
        }
    }
}
