/// `workbook hint <exercise> [--all]`: an exercise's hints, one level at a time.
///
/// Without `--all` it shows the first hint and says how many more there are; each further level
/// is nearer the answer (`workbook hint 0.1 --level 2`).
enum Hint {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let chapters = try ChapterManifest.loadAll(root: try repositoryRoot())
        guard let id = arguments.firstOperand else {
            print("workbook hint: which exercise? e.g. swift run workbook hint \(chapters.first?.exercises.first?.id ?? "0.1")")
            return 2
        }
        guard let (chapter, exercise) = find(id, in: chapters) else {
            let known = chapters.flatMap { $0.exercises.map(\.id) }.joined(separator: ", ")
            print("workbook hint: there is no exercise \(id). The exercises are: \(known)")
            return 2
        }
        let level = arguments.has("--all") ? exercise.hints.count : Int(arguments.value(after: "--level") ?? "1") ?? 1
        let shown = max(1, min(level, exercise.hints.count))
        print("Exercise \(exercise.id) — \(exercise.title)   (Exercises/\(chapter.folder)/\(exercise.file))")
        for (index, hint) in exercise.hints.prefix(shown).enumerated() {
            print("\nHint \(index + 1) of \(exercise.hints.count):\n  \(hint)")
        }
        if shown < exercise.hints.count {
            print("\nMore: swift run workbook hint \(exercise.id) --level \(shown + 1)   (or --all)")
        }
        return 0
    }

    static func find(_ id: String, in chapters: [ChapterManifest]) -> (ChapterManifest, ChapterManifest.Exercise)? {
        for chapter in chapters {
            if let exercise = chapter.exercises.first(where: { $0.id == id }) { return (chapter, exercise) }
        }
        return nil
    }
}
