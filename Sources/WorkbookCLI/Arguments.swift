/// The command line, parsed by hand (the workbook has no dependencies, so no ArgumentParser).
struct Arguments {
    let words: [String]

    init(_ words: [String]) { self.words = words }

    /// The command: the first word, if it is not a flag; `--help` and `-h` are the `help` command.
    var command: String? {
        guard let first = words.first else { return nil }
        if first == "--help" || first == "-h" { return "help" }
        return first.hasPrefix("-") ? nil : first
    }

    /// The words after the command.
    var rest: Arguments { Arguments(command == nil ? words : Array(words.dropFirst())) }

    func has(_ flag: String) -> Bool { words.contains(flag) }

    /// The word after `flag`, if any.
    func value(after flag: String) -> String? {
        guard let index = words.firstIndex(of: flag), index + 1 < words.count else { return nil }
        return words[index + 1]
    }

    /// The first word that is neither a flag nor a flag's value.
    var firstOperand: String? {
        var skip = false
        for word in words {
            if skip { skip = false; continue }
            if word.hasPrefix("--") { skip = Self.flagsWithValues.contains(word); continue }
            return word
        }
        return nil
    }

    /// Every command's flags that take a value, from the command table.
    static let flagsWithValues = Set(CommandTable.all.flatMap(\.valueFlags))
}
