/// The text of `swift run workbook help`, drawn from the command table: one line per form of
/// each command, its help starting in one column (on the next line when the form is too long).
enum Usage {
    static var text: String { text(for: CommandTable.all) }

    /// The column each help text starts in, after two spaces of indent.
    static let helpColumn = 31

    static func text(for commands: [Command]) -> String {
        var lines = ["usage: swift run workbook [command]", ""]
        let indent = String(repeating: " ", count: helpColumn)
        for command in commands {
            for form in command.forms {
                let synopsis = "  " + command.name + (form.arguments.isEmpty ? "" : " " + form.arguments)
                var help = form.help
                if synopsis.count < helpColumn, !help.isEmpty {
                    let first = help.removeFirst()
                    lines.append(synopsis + String(repeating: " ", count: helpColumn - synopsis.count) + first)
                } else {
                    lines.append(synopsis)
                }
                lines += help.map { indent + $0 }
            }
        }
        lines += ["", "Examples: swift run workbook check 0.1 · swift run workbook demo partition-heal --seed 7"]
        return lines.joined(separator: "\n")
    }
}
