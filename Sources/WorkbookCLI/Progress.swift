import Foundation

/// Which exercises the learner has passed, kept in `.workbook/progress.json` (git-ignored).
///
/// `workbook check` writes it when an exercise's tests all pass; `workbook list` reads it, so
/// drawing the map never rebuilds anything.
struct Progress: Codable, Equatable {
    /// Ids of exercises whose tests all passed at the last check, sorted.
    var passed: [String] = []

    static func file(in root: URL) -> URL { root.appendingPathComponent(".workbook/progress.json") }

    static func load(from root: URL) -> Progress {
        guard let data = try? Data(contentsOf: file(in: root)),
            let progress = try? JSONDecoder().decode(Progress.self, from: data)
        else { return Progress() }
        return progress
    }

    func save(to root: URL) throws {
        let url = Self.file(in: root)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    func isDone(_ id: String) -> Bool { passed.contains(id) }

    /// Records the outcome of a check.
    mutating func record(_ id: String, passed didPass: Bool) {
        passed.removeAll { $0 == id }
        if didPass { passed.append(id) }
        passed.sort { ExerciseID($0) < ExerciseID($1) }
    }

    /// The first exercise, in book order, not yet passed.
    func next(in chapters: Manifest) -> Manifest.Located? {
        for chapter in chapters {
            if let exercise = chapter.exercises.first(where: { !isDone($0.id) }) { return (chapter, exercise) }
        }
        return nil
    }
}

/// An exercise id such as `1.10`, ordered by chapter then number (so 1.2 < 1.10).
struct ExerciseID: Comparable {
    let parts: [Int]
    init(_ id: String) { parts = id.split(separator: ".").map { Int($0) ?? 0 } }
    static func < (l: ExerciseID, r: ExerciseID) -> Bool { l.parts.lexicographicallyPrecedes(r.parts) }
}
