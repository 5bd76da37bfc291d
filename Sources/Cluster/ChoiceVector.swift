/// A run of the explorer, written down: the option taken at every choice point.
///
/// Most choices are 0 — the oldest message first — so a vector is written as its deviations
/// only: `4:1,9:2` means "at choice point 4 take option 1, at choice point 9 option 2, everywhere
/// else option 0"; the empty vector, written `-`, is the oldest-first run. That is the form the
/// replay command takes (`swift run workbook explore a4 --replay 4:1`).
public struct ChoiceVector: Sendable, Hashable, CustomStringConvertible {
    /// The option taken at each choice point, from the first; points past the end take option 0.
    public let choices: [Int]

    /// A vector of explicit choices (trailing zeros are dropped: they are the default). O(choices).
    public init(_ choices: [Int]) {
        var trimmed = choices
        while trimmed.last == 0 { trimmed.removeLast() }
        self.choices = trimmed
    }

    /// The vector written as `step:option` deviations, e.g. `4:1,9:2`. Nil if `text` is not one.
    /// O(last step).
    public init?(_ text: String) {
        guard text != "-" else {
            self.init([])
            return
        }
        var choices: [Int] = []
        for part in text.split(separator: ",") {
            let pair = part.split(separator: ":")
            guard pair.count == 2, let step = Int(pair[0]), let option = Int(pair[1]), step >= choices.count,
                option > 0
            else { return nil }
            choices += Array(repeating: 0, count: step - choices.count) + [option]
        }
        self.init(choices)
    }

    /// How many choices are not the oldest-first one. O(choices).
    public var deviations: Int { choices.count { $0 != 0 } }

    /// The choice points where the run deviates, with the option taken, in order. O(choices).
    public var deviationSteps: [(step: Int, option: Int)] {
        choices.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) }
    }

    /// `4:1,9:2`, or `-` for the oldest-first run. O(choices).
    public var description: String {
        deviationSteps.isEmpty ? "-" : deviationSteps.map { "\($0.step):\($0.option)" }.joined(separator: ",")
    }
}

/// What can go wrong when exploring.
public enum ExplorerError: Error, CustomStringConvertible {
    /// A replay was offered other choices than the run it replays: something outside the
    /// simulation (a global variable, the wall clock, a hashed collection's order) changed the run.
    case nondeterminism(scenario: String, step: Int, expected: String, offered: String)
    /// A choice vector asks for an option that is not offered.
    case noSuchOption(scenario: String, step: Int, option: Int, offered: Int)

    public var description: String {
        switch self {
        case .nondeterminism(let scenario, let step, let expected, let offered):
            "hidden nondeterminism in \(scenario): at choice point \(step) the replay was offered \(offered), "
                + "but the run it replays was offered \(expected) — something outside the simulation changed the run"
        case .noSuchOption(let scenario, let step, let option, let offered):
            "\(scenario): choice point \(step) offers \(offered) options (0…\(offered - 1)); "
                + "the vector asks for \(option)"
        }
    }
}
