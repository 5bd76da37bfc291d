import Foundation

/// The error every exercise stub throws until the reader writes the real thing.
///
/// A stub must compile and must fail *cleanly*: a `fatalError` would abort the whole test run
/// (every chapter's results lost with it), a syntax error would stop every target from building.
/// Throwing `TODO` fails only the tests of that exercise, with a message that says which
/// exercise it is, which file to edit, and how to get a hint:
///
/// ```
/// TODO(1.1) is not done yet: write the scenario — edit Exercises/01-LocalTable/BrokenTable.swift
/// (hint: swift run workbook hint 1.1)
/// ```
public struct TODO: Error, CustomStringConvertible, Equatable, Sendable {
    /// The exercise's number, e.g. `1.1`.
    public let exercise: String
    /// What is left to do.
    public let task: String
    /// The file to edit, relative to the repository root.
    public let file: String

    /// `text` reads `"<exercise>: <task>"`, e.g. `"1.1: count the join"`. O(the length of `text`
    /// and of `file`).
    public init(_ text: String, file: StaticString = #filePath) {
        let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingSpaces() }
        exercise = parts.count == 2 ? parts[0] : "?"
        task = parts.count == 2 ? parts[1] : text
        self.file = Self.relative("\(file)")
    }

    public var description: String {
        "TODO(\(exercise)) is not done yet: \(task) — edit \(file) (hint: swift run workbook hint \(exercise))"
    }

    /// The path from the repository's `Exercises/` (or `Solutions/`) folder on.
    static func relative(_ path: String) -> String {
        for root in ["/Exercises/", "/Solutions/"] {
            if let range = path.range(of: root, options: .backwards) {
                return String(path[path.index(after: range.lowerBound)...])
            }
        }
        return path
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
